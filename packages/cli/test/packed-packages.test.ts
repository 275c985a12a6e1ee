import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The packages as users get them: packed with pnpm (workspace:* becomes a version), checked with
 * publint and arethetypeswrong, installed from the tarballs into a project outside this workspace.
 */
const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PACKAGES = ['core', 'iac', 'bundle', 'eslint-plugin', 'project', 'diagnostics', 'cli'];
const PNPM = ['-y', 'pnpm@10.34.9'];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-packed-'));
const tarballs = new Map<string, string>(); // package name → tarball path

interface Manifest {
  name: string;
  version: string;
  type?: string;
  types?: string;
  files?: string[];
  engines?: Record<string, string>;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const manifest = (dir: string) =>
  JSON.parse(readFileSync(path.join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest;

beforeAll(async () => {
  const out = path.join(scratch, 'tarballs');
  mkdirSync(out);
  for (const dir of PACKAGES) {
    const before = new Set(readdirSync(out));
    await run('npx', [...PNPM, 'pack', '--pack-destination', out], { cwd: path.join(root, 'packages', dir) });
    const created = readdirSync(out).find((file) => !before.has(file));
    if (created === undefined) throw new Error(`pnpm pack wrote no tarball for packages/${dir}`);
    tarballs.set(manifest(dir).name, path.join(out, created));
  }
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(PACKAGES)('packages/%s as published', (dir) => {
  const pkg = manifest(dir);

  it('declares ESM exports with types, the files it ships, and the Node versions it runs on', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.types).toMatch(/\.d\.ts$/);
    expect(pkg.exports?.['.']).toMatchObject({ types: pkg.types, default: expect.stringMatching(/\.js$/) });
    expect(pkg.files).toContain('dist');
    expect(pkg.engines?.node).toBe('>=20.19');
    const eslint = pkg.peerDependencies?.eslint ?? pkg.dependencies?.eslint;
    if (eslint !== undefined) expect(eslint).toBe('^9.0.0 || ^10.0.0');
  });

  it('passes publint (no errors, warnings or suggestions)', async () => {
    const tarball = readFileSync(tarballs.get(pkg.name)!);
    const { messages, pkg: packed } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    expect(messages.map((message) => formatMessage(message, packed) ?? message.code)).toEqual([]);
  });

  it('passes arethetypeswrong for ESM consumers (node16 and bundler resolution)', async () => {
    const attw = path.join(root, 'node_modules/.bin/attw');
    const result = await run(attw, [tarballs.get(pkg.name)!, '--profile', 'esm-only', '--format', 'ascii'], {
      cwd: scratch,
    }).then(
      (ok) => ({ code: 0, output: ok.stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        output: error.stdout + error.stderr,
      }),
    );
    expect(result, result.output).toMatchObject({ code: 0 });
  });
});

const HANDLER = `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';

export const handler = async (event) => {
  const s3 = new S3Client({});
  return s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: event.key }));
};
`;

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Thumbnails:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: src/handler.handler
      Events:
        Upload:
          Type: SNS
          Properties:
            Topic: !Ref Uploads
  Uploads:
    Type: AWS::SNS::Topic
`;

/** Whether the npm registry answers: the scratch project installs ESLint and the packages' dependencies from it. */
async function registryReachable(): Promise<boolean> {
  try {
    const response = await fetch('https://registry.npmjs.org/-/ping', { signal: AbortSignal.timeout(5_000) });
    return response.ok;
  } catch {
    return false;
  }
}

describe('installed from the tarballs into a project outside the workspace', () => {
  const project = path.join(scratch, 'project');
  let online = false;

  beforeAll(async () => {
    online = await registryReachable();
    if (!online) return;
    mkdirSync(path.join(project, 'src'), { recursive: true });
    const names = [...tarballs.keys()];
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({
        name: 'scratch-lambda-app',
        private: true,
        type: 'module',
        dependencies: {
          ...Object.fromEntries(names.map((name) => [name, `file:${tarballs.get(name)!}`])),
          eslint: '^10.0.0',
          // The plugin's other supported major, side by side (its peer range is ^9 || ^10).
          eslint9: 'npm:eslint@^9.0.0',
        },
        // The packages depend on each other by version; these point those versions at the tarballs too.
        overrides: Object.fromEntries(names.map((name) => [name, `$${name}`])),
      }),
    );
    writeFileSync(
      path.join(project, 'eslint.config.js'),
      "import lambdaLint from '@lambda-lint/eslint-plugin';\n\nexport default [lambdaLint.configs.recommended];\n",
    );
    writeFileSync(path.join(project, 'src/handler.mjs'), HANDLER);
    writeFileSync(path.join(project, 'template.yaml'), TEMPLATE);
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
  }, 300_000);

  const inProject = async (command: string, args: string[]) =>
    run(command, args, { cwd: project }).then(
      (ok) => ({ code: 0, stdout: ok.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it('eslint with lambdaLint.configs.recommended reports the client built in the handler', async (context) => {
    if (!online)
      context.skip('the npm registry is not reachable, so the scratch project cannot be installed');
    const result = await inProject('npx', ['--no-install', 'eslint', '--format', 'json', 'src/handler.mjs']);
    expect(result.code).toBe(1);
    const [file] = JSON.parse(result.stdout) as { messages: { ruleId: string; line: number }[] }[];
    expect(file!.messages).toContainEqual(
      expect.objectContaining({ ruleId: 'lambda-lint/no-client-in-handler', line: 4 }),
    );
  }, 60_000);

  it('ESLint 9 with the same config reports it too', async (context) => {
    if (!online)
      context.skip('the npm registry is not reachable, so the scratch project cannot be installed');
    const result = await inProject('node', [
      'node_modules/eslint9/bin/eslint.js',
      '--format',
      'json',
      'src/handler.mjs',
    ]);
    expect(result.code).toBe(1);
    const [file] = JSON.parse(result.stdout) as { messages: { ruleId: string; line: number }[] }[];
    expect(file!.messages).toContainEqual(
      expect.objectContaining({ ruleId: 'lambda-lint/no-client-in-handler', line: 4 }),
    );
  }, 60_000);

  it('npx lambda-lint scans the template', async (context) => {
    if (!online)
      context.skip('the npm registry is not reachable, so the scratch project cannot be installed');
    const result = await inProject('npx', [
      '--no-install',
      'lambda-lint',
      'iac',
      'template.yaml',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; file: string }[] };
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'async-failure-destination', file: 'template.yaml' }),
    );
  }, 60_000);

  it("ships the configuration schema where editors' modelines point", (context) => {
    if (!online)
      context.skip('the npm registry is not reachable, so the scratch project cannot be installed');
    const shipped = path.join(project, 'node_modules/lambda-lint/schema/lambda-lint.config.schema.json');
    expect(readFileSync(shipped, 'utf8')).toBe(
      readFileSync(path.join(root, 'docs/schema/lambda-lint.config.schema.json'), 'utf8'),
    );
  });
});
