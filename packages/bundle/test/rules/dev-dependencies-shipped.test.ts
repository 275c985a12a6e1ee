import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/dev-dependencies-shipped.js';
import { devPackageKind } from '../../src/rule-helpers.js';
import { inputIdentity, measureBuild } from '../../src/sources/measure.js';
import { check, measureFixture, REPO_ROOT, summary } from './helpers.js';

const FILE = 'fixtures/rules/dev-dependencies-shipped.fail';

describe('dev-dependencies-shipped', () => {
  it('stays quiet on run-time packages that look like tooling (@babel/runtime, tslib, serverless-http)', async () => {
    expect(check(rule, await measureFixture('dev-dependencies-shipped.pass'))).toEqual([]);
  });

  it('reports every development-only package with its kind, size and path, biggest first', async () => {
    expect(check(rule, await measureFixture('dev-dependencies-shipped.fail')).map(summary)).toEqual([
      {
        severity: 'warning',
        message:
          `${FILE}: 3 development-only packages shipped, 4.3 KiB (4,422 bytes): typescript@5.6.2 (TypeScript tooling, 3.1 KiB, node_modules/typescript), ` +
          'jest@29.7.0 (test tool, 1.1 KiB, node_modules/jest), @types/aws-lambda@8.10.145 (TypeScript tooling, 157 B, node_modules/@types/aws-lambda). ' +
          'They never run in Lambda, but every cold start downloads and unpacks them.',
        help:
          'List them under devDependencies and package with `npm ci --omit=dev` (or `npm prune --omit=dev`, `pnpm deploy --prod`), or bundle with esbuild so only imported code ships. ' +
          'If one is really needed at run time, add it to `allow`.',
        file: FILE,
        line: 1,
      },
    ]);
  });

  it('leaves out packages listed in allow', async () => {
    const model = await measureFixture('dev-dependencies-shipped.fail');
    const [finding] = check(rule, model, { allow: ['typescript', 'jest'] });
    expect(finding.message).toBe(
      `${FILE}: 1 development-only package shipped, 157 bytes: @types/aws-lambda@8.10.145 (TypeScript tooling, 157 B, node_modules/@types/aws-lambda). ` +
        'They never run in Lambda, but every cold start downloads and unpacks them.',
    );
    expect(check(rule, model, { allow: ['typescript', 'jest', '@types/aws-lambda'] })).toEqual([]);
  });

  it('knows the documented list, and leaves run-time look-alikes alone', () => {
    const dev = [
      'typescript',
      '@types/node',
      'eslint',
      'eslint-plugin-import',
      '@typescript-eslint/parser',
      'prettier',
      'jest',
      'jest-circus',
      '@jest/core',
      'vitest',
      'mocha',
      'esbuild',
      '@esbuild/linux-x64',
      'webpack',
      'rollup',
      'ts-node',
      '@babel/core',
      '@babel/preset-env',
      'aws-cdk',
      'aws-cdk-lib',
      'serverless',
      'serverless-offline',
      'serverless-plugin-warmup',
    ];
    for (const name of dev) expect(devPackageKind(name), name).toBeDefined();
    const runtime = [
      '@babel/runtime',
      '@babel/parser',
      '@babel/types',
      'tslib',
      'serverless-http',
      'rimraf',
      'puppeteer',
      'playwright-core',
      'jsonwebtoken',
      'eslint-scope-like',
      'typescript-json-schema',
      'esbuild-wasm',
      '@aws-sdk/client-s3',
    ];
    for (const name of runtime) expect(devPackageKind(name), name).toBeUndefined();
  });

  it('says to fix the import when a real esbuild build bundled a dev tool', async () => {
    const workingDir = mkdtempSync(join(tmpdir(), 'lambda-lint-devdeps-'));
    try {
      cpSync(resolve(REPO_ROOT, FILE), workingDir, { recursive: true });
      const entry = join(workingDir, 'handler.js');
      writeFileSync(
        entry,
        "const ts = require('typescript');\nexports.handler = async () => Object.keys(ts).length;\n",
      );
      const model = await measureBuild(
        { entry, workingDir, runtime: 'nodejs20.x' },
        'handler.js',
        inputIdentity('handler.js'),
      );
      const [finding] = check(rule, model);
      expect(finding.message).toMatch(
        /^handler\.js: 1 development-only package bundled, \d+ bytes: typescript@5\.6\.2 \(TypeScript tooling, \d+ B, node_modules\/typescript\)\./,
      );
      expect(finding.help).toBe(
        'Your handler imports them: move that import out of run-time code (type-only imports: `import type`), or mark the package external in esbuild.',
      );
    } finally {
      rmSync(workingDir, { recursive: true, force: true });
    }
  });
});
