import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../src/index.js';
import { cliBin, repoRoot, scratchProject } from './scratch-project.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function emptyDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-init-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function init(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(['init', ...args], {
    cwd,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

const configOf = (dir: string) => readFileSync(path.join(dir, 'lambda-lint.config.yaml'), 'utf8');

describe('lambda-lint init', () => {
  it('SAM + TypeScript: a commented config the CLI accepts, and an eslint.config.js that reports the handler', async () => {
    const project = scratchProject();
    dirs.push(project);
    rmSync(path.join(project, 'eslint.config.js'));
    symlinkSync(
      path.join(repoRoot, 'node_modules/typescript-eslint'),
      path.join(project, 'node_modules/typescript-eslint'),
    );
    const result = await init(project);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^Detected AWS SAM \(template\.yaml\), TypeScript\.\nWrote lambda-lint\.config\.yaml\./,
    );
    const config = configOf(project);
    expect(config).toMatch(/^# yaml-language-server: \$schema=\.\/node_modules\/lambda-lint\/schema\//);
    expect(config).toMatch(/sam build/);
    expect(parse(config)).toMatchObject({
      failOn: 'error',
      rules: { 'concurrency-budget': ['error', { accountLimit: 1000 }] },
    });

    // The printed snippet, saved as eslint.config.js, runs the plugin on the handlers.
    const snippet = /^(import tseslint[\s\S]*?\];\n)/m.exec(result.stdout)?.[1];
    expect(snippet).toContain('lambdaLint.configs.recommended');
    writeFileSync(path.join(project, 'eslint.config.js'), snippet!);
    const exec = promisify(execFile);
    const eslint = await exec(path.join(project, 'node_modules/.bin/eslint'), ['src/worker.ts'], {
      cwd: project,
    }).catch((error: { code: number; stdout: string }) => error);
    expect(eslint).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('lambda-lint/no-client-in-handler'),
    });

    // The CLI reads the written configuration: findings (exit 1), not a configuration error (exit 2).
    const scan = await exec(cliBin, ['template.yaml'], { cwd: project }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(scan).toMatchObject({ code: 1 });
  }, 60_000);

  it('never overwrites without --force; with --force it replaces the file', async () => {
    const dir = emptyDir({
      'serverless.yml': 'service: a\nprovider:\n  name: aws\n',
      'handler.js': 'exports.handler = async () => 1;\n',
    });
    writeFileSync(path.join(dir, 'lambda-lint.config.yaml'), 'failOn: warning # mine\n');
    const refused = await init(dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /lambda-lint\.config\.yaml already exists .* Run `lambda-lint init --force`/,
    );
    expect(configOf(dir)).toBe('failOn: warning # mine\n');
    const forced = await init(dir, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Wrote lambda-lint.config.yaml (replacing the previous one).');
    expect(configOf(dir)).toMatch(/^# yaml-language-server/);
  });

  it('leaves a configuration in another format alone even with --force (it would shadow the new file)', async () => {
    const dir = emptyDir({ 'lambda-lint.config.json': '{}\n' });
    const result = await init(dir, '--force');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /lambda-lint\.config\.json already exists .* reads it before lambda-lint\.config\.yaml/,
    );
  });

  it('Serverless + JavaScript: the plain snippet, for the existing eslint.config.js', async () => {
    const dir = emptyDir({
      'serverless.yml': 'service: a\nprovider:\n  name: aws\n',
      'src/handler.mjs': 'export const handler = async () => 1;\n',
      'eslint.config.mjs': 'export default [];\n',
    });
    const result = await init(dir);
    expect(result.stdout).toMatch(/^Detected Serverless Framework \(serverless\.yml\), JavaScript\./);
    expect(result.stdout).toContain("Add the plugin's recommended config to your eslint.config.mjs:");
    expect(result.stdout).toContain('export default [lambdaLint.configs.recommended];');
    expect(result.stdout).not.toContain('typescript-eslint');
  });

  it('CDK (cdk.json, TypeScript under lib/): says to synthesize first', async () => {
    const dir = emptyDir({
      'cdk.json': '{ "app": "npx ts-node bin/app.ts" }\n',
      'lib/stack.ts': 'export {};\n',
    });
    const result = await init(dir);
    expect(result.stdout).toMatch(/^Detected AWS CDK \(no template file at the top level\), TypeScript\./);
    expect(configOf(dir)).toMatch(/cdk synth/);
  });

  it('an empty directory gets the generic configuration', async () => {
    const dir = emptyDir({});
    const result = await init(dir);
    expect(result.stdout).toMatch(/^No SAM, Serverless, CDK or Terraform project found here/);
  });

  it('takes at most one directory', async () => {
    const result = await init(repoRoot, 'a', 'b');
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"init" takes one project directory'),
    });
  });
});
