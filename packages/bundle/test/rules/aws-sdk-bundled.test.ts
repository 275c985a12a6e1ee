import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/aws-sdk-bundled.js';
import { inputIdentity, measureBuild } from '../../src/sources/measure.js';
import { check, measureFixture, REPO_ROOT, summary } from './helpers.js';

const FILE = 'fixtures/rules/aws-sdk-bundled.fail';
const V2 = {
  severity: 'error',
  message:
    `${FILE}: ships AWS SDK for JavaScript v2, aws-sdk@2.1692.0 at node_modules/aws-sdk, 3.6 KiB (3,671 bytes). ` +
    'SDK v2 reached end of support on 2025-09-08 (no more security fixes), is not in the nodejs18.x and later runtimes, ' +
    'and its single package loads far more code at cold start than the modular v3 clients.',
  help: 'Migrate to SDK v3 clients (`aws-sdk/clients/s3` → `@aws-sdk/client-s3`; `npx aws-sdk-js-codemod -t v2-to-v3`), then remove `aws-sdk` from dependencies.',
  file: FILE,
  line: 1,
};
const V3_HELP =
  "To use the runtime's SDK, bundle with esbuild and `external: ['@aws-sdk/*']` (SAM `Metadata.BuildProperties.External`, CDK `bundling.externalModules`), " +
  'or move @aws-sdk/* to devDependencies and install with `npm ci --omit=dev`. If you bundle it deliberately to pin the version, set `allowV3: true`.';

describe('aws-sdk-bundled', () => {
  it('stays quiet when the handler uses the runtime-provided SDK v3', async () => {
    expect(check(rule, await measureFixture('aws-sdk-bundled.pass', { runtime: 'nodejs20.x' }))).toEqual([]);
  });

  it('reports SDK v2 as an error and bundled SDK v3 as a size cost with its bytes', async () => {
    const model = await measureFixture('aws-sdk-bundled.fail', { runtime: 'nodejs20.x' });
    expect(check(rule, model).map(summary)).toEqual([
      V2,
      {
        severity: 'warning',
        message:
          `${FILE}: bundles 2 AWS SDK v3 packages (@aws-sdk/*, @smithy/*) taking 2.1 KiB (2,201 bytes), which nodejs20.x already provides: ` +
          '@aws-sdk/client-dynamodb 1.3 KiB, @smithy/smithy-client 825 B. This is size you pay at every cold start; it is only worth it when you pin an SDK version on purpose.',
        help: V3_HELP,
        file: FILE,
        line: 1,
      },
    ]);
  });

  it('does not report SDK v3 for runtimes that do not ship it, nor when pinning is declared with allowV3', async () => {
    expect(
      check(rule, await measureFixture('aws-sdk-bundled.fail', { runtime: 'nodejs16.x' })).map(summary),
    ).toEqual([V2]);
    expect(
      check(rule, await measureFixture('aws-sdk-bundled.fail', { runtime: 'python3.12' })).map(summary),
    ).toEqual([V2]);
    expect(
      check(rule, await measureFixture('aws-sdk-bundled.fail', { runtime: 'nodejs22.x' }), {
        allowV3: true,
      }).map(summary),
    ).toEqual([V2]);
  });

  it('says so when the runtime is unknown, since every supported Node.js runtime ships SDK v3', async () => {
    const findings = check(rule, await measureFixture('aws-sdk-bundled.fail'));
    expect(findings[1].message).toContain(
      'which the Node.js runtime (nodejs18.x and later; the runtime is not known here) already provides',
    );
  });

  it('caps its tiers at the configured severity', async () => {
    const model = await measureFixture('aws-sdk-bundled.fail', { runtime: 'nodejs20.x' });
    expect(check(rule, model, {}, 'warning').map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(check(rule, model, {}, 'info').map((f) => f.severity)).toEqual(['info', 'info']);
  });

  it('reports what a real esbuild build bundled, and suggests the esbuild external', async () => {
    const workingDir = resolve(REPO_ROOT, FILE);
    const entry = resolve(workingDir, 'index.js');
    const identity = { ...inputIdentity(`${FILE}/index.js`), runtime: 'nodejs20.x' };
    const bundled = await measureBuild({ entry, workingDir, external: [] }, `${FILE}/index.js`, identity);
    const findings = check(rule, bundled);
    expect(findings.map((f) => f.severity)).toEqual(['error', 'warning']);
    expect(findings[1].message).toMatch(
      /bundles 1 AWS SDK v3 package \(@aws-sdk\/\*, @smithy\/\*\) taking \d+ bytes, which nodejs20\.x already provides: @aws-sdk\/client-dynamodb \d+ B\./,
    );
    expect(findings[1].help).toBe(
      "To use the runtime's SDK, add '@aws-sdk/*' to esbuild `external` (it is external by default for nodejs18.x and later). If you bundle it deliberately to pin the version, set `allowV3: true`.",
    );
    // With the default externals (as SAM and CDK build for nodejs20.x) only SDK v2 ends up in the bundle.
    const defaults = await measureBuild({ entry, workingDir }, `${FILE}/index.js`, identity);
    expect(check(rule, defaults).map((f) => f.severity)).toEqual(['error']);
  });
});
