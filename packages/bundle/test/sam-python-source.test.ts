import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigView, Finding } from '@lambda-lint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleModel } from '../src/model.js';
import { bundleRules } from '../src/rules/index.js';
import { checkPackage } from '../src/scanner.js';
import { measureTemplate } from '../src/sources/template.js';
import { writeZip } from './helpers/zip-writer.js';
import { REPO_ROOT } from './rules/helpers.js';

/** A SAM project with Python functions and no `sam build` yet. */
const FIXTURE = 'fixtures/python-sam-unbuilt';
let root: string;

/** Every bundle rule at its default severity, with these options per rule id. */
function config(options: Record<string, unknown> = {}): ConfigView {
  return {
    rule: (id) => {
      const rule = bundleRules.find((r) => r.meta.id === id);
      if (!rule) return { severity: 'off', options: {} };
      return { severity: rule.meta.severity, options: rule.meta.options?.parse(options[id] ?? {}) ?? {} };
    },
    isIgnored: () => false,
  };
}

async function measure(dir: string, cwd = dir): Promise<BundleModel[]> {
  const result = await measureTemplate(join(dir, 'template.yaml'), cwd);
  expect(result.findings).toEqual([]);
  return result.models;
}

function byId(models: readonly BundleModel[], id: string): BundleModel {
  const model = models.find((m) => m.subject.id === id);
  if (!model) throw new Error(`${id} was not measured`);
  return model;
}

const where = (f: Finding) => [f.ruleId, f.severity, f.file, f.range.line, f.range.column, f.range.endColumn];

/** A copy of the fixture with one function's template replaced, to vary one thing at a time. */
function project(name: string, template: string, files: Record<string, string | Buffer> = {}): string {
  const dir = join(root, name);
  cpSync(join(REPO_ROOT, FIXTURE), dir, { recursive: true });
  writeFileSync(join(dir, 'template.yaml'), template);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const ORDERS_ONLY = (properties: string) =>
  [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  OrdersFunction:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: python3.12',
    '      Handler: app.lambda_handler',
    properties,
    '',
  ].join('\n');

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lambda-lint-sam-python-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a SAM Python function before `sam build`: its CodeUri as the build copies it', () => {
  it('measures CodeUri without what sam build leaves out (__pycache__, *.pyc); requirements.txt makes it a lower bound', async () => {
    const models = await measure(join(REPO_ROOT, FIXTURE), REPO_ROOT);
    expect(models.map((m) => [m.subject.id, m.kind, m.source])).toEqual([
      ['OrdersFunction', 'directory', `${FIXTURE}/orders`],
      ['ReportsFunction', 'directory', `${FIXTURE}/reports`],
      // Node.js without a build: the esbuild build of the handler, as before.
      ['NotifyFunction', 'build', `${FIXTURE}/notify/index.mjs`],
      // !Ref and S3 CodeUris are not measured at all.
    ]);
    const orders = byId(models, 'OrdersFunction');
    const shipped = ['app.py', 'requirements.txt', 'tests/__init__.py', 'tests/test_app.py'];
    expect(orders.tree.groups.flatMap((g) => g.files.map((f) => f.path)).sort()).toEqual(shipped);
    expect(orders.tree.total).toBe(
      shipped.reduce((sum, path) => sum + statSync(join(REPO_ROOT, FIXTURE, 'orders', path)).size, 0),
    );
    expect(orders.sourceFolder).toEqual({
      builder: 'sam build',
      missing: `the dependencies ${FIXTURE}/orders/requirements.txt lists`,
    });
    // No requirements.txt: the build installs nothing, the folder is the whole package.
    expect(byId(models, 'ReportsFunction').sourceFolder).toEqual({ builder: 'sam build' });
    expect(byId(models, 'NotifyFunction').sourceFolder).toBeUndefined();
  });

  it('points the boto3 note at its line in CodeUri/requirements.txt; tests ship, caches do not', async () => {
    const orders = byId(await measure(join(REPO_ROOT, FIXTURE), REPO_ROOT), 'OrdersFunction');
    const findings = checkPackage(orders, config({ 'junk-files': { minBytes: 256 } }));
    expect(findings.map(where)).toEqual([
      ['aws-sdk-bundled', 'info', `${FIXTURE}/orders/requirements.txt`, 2, 1, 14],
      ['junk-files', 'warning', `${FIXTURE}/template.yaml`, 16, 3, 17],
    ]);
    expect(findings[0]!.message).toBe(
      `${FIXTURE}/orders/requirements.txt lists boto3, which python3.12 already provides: \`sam build\` ships it with botocore, the largest part of most Python packages.`,
    );
    expect(findings[0]!.subject).toEqual({ kind: 'function', id: 'OrdersFunction' });
    const junk = findings[1]!;
    expect(junk.message).toContain('tests 627 B in 2 files');
    expect(junk.message).not.toMatch(/bytecode|pycache/i);
    expect(junk.help).toContain('`sam build` copies everything in CodeUri except caches and virtualenvs');
    // The budget rules stay quiet on a lower bound far under the budget.
    expect(checkPackage(orders, config()).map((f) => f.ruleId)).toEqual(['aws-sdk-bundled']);
  });

  it('reports the budget and the hard limit only when even the source folder is over, and says "at least"', async () => {
    const dir = project('large', ORDERS_ONLY('      CodeUri: orders/'));
    const data = join(dir, 'orders/model.bin');
    writeFileSync(data, '');
    truncateSync(data, 251 * 1024 * 1024);
    const orders = byId(await measure(dir), 'OrdersFunction');
    const findings = checkPackage(orders, config());
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.range.line])).toEqual([
      ['package-size-budget', 'error', 'template.yaml', 3],
      ['lambda-hard-limits', 'error', 'template.yaml', 3],
      ['aws-sdk-bundled', 'info', 'orders/requirements.txt', 2],
    ]);
    expect(findings[0]!.message).toMatch(
      /^orders: the deployment package is over budget by at least 241\.0 MiB \([\d,]+ bytes\): its source folder alone takes 251\.0 MiB \([\d,]+ bytes\) unzipped, [\d.]+% of its budget of 10\.0 MiB \([\d,]+ bytes\), before `sam build` adds the dependencies orders\/requirements\.txt lists\./,
    );
    expect(findings[1]!.message).toMatch(
      /^orders: the function and its layers take at least 251\.0 MiB .* by at least 1\.0 MiB .*\(function source folder 251\.0 MiB \([\d,]+ bytes\), before `sam build` adds the dependencies orders\/requirements\.txt lists\)\.$/,
    );
    // Above warnAt but under the budget: a warning that stays true whatever the dependencies add.
    const near = checkPackage(orders, config({ 'package-size-budget': { budget: '300MiB' } }));
    expect(near.find((f) => f.ruleId === 'package-size-budget')).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(
        /^orders: the deployment package is at least 80\.0% of its budget: its source folder alone takes 251\.0 MiB/,
      ),
    });
  });

  it('a build wins: .aws-sam/build/<Id> is measured as before', async () => {
    const dir = project('built', ORDERS_ONLY('      CodeUri: orders/'), {
      '.aws-sam/build/OrdersFunction/app.py': 'def lambda_handler(event, context):\n    return 1\n',
      '.aws-sam/build/OrdersFunction/requests/__init__.py': 'x'.repeat(5_000),
      '.aws-sam/build/OrdersFunction/requests-2.32.3.dist-info/METADATA': 'Name: requests\nVersion: 2.32.3\n',
    });
    const orders = byId(await measure(dir), 'OrdersFunction');
    expect([orders.kind, orders.source, orders.sourceFolder]).toEqual([
      'directory',
      '.aws-sam/build/OrdersFunction',
      undefined,
    ]);
    expect(orders.tree.groups.map((g) => g.name)).toEqual(['own', 'requests']);
  });

  it('measures nothing it cannot know: !Ref, S3, a custom BuildMethod, a missing folder', async () => {
    const dir = project(
      'unknown',
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  Code:',
        '    Type: String',
        'Globals:',
        '  Function:',
        '    Runtime: python3.12',
        '    Handler: app.lambda_handler',
        'Resources:',
        '  FromParameter:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: !Ref Code',
        '  FromS3:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: { Bucket: artifacts, Key: orders.zip }',
        '  WithMakefile:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: orders/',
        '    Metadata:',
        '      BuildMethod: makefile',
        '  NotThere:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: missing/',
        '  WithPythonBuildMethod:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: reports/',
        '    Metadata:',
        '      BuildMethod: python3.12',
        '',
      ].join('\n'),
    );
    expect((await measure(dir)).map((m) => m.subject.id)).toEqual(['WithPythonBuildMethod']);
  });
});

describe('requirements.txt in a package', () => {
  it('a zip artifact: the note names the line and points at the function (a zip entry cannot be edited)', async () => {
    const dir = project('zipped', ORDERS_ONLY('      CodeUri: dist/orders.zip'), {
      'dist/orders.zip': writeZip([
        { name: 'app.py', data: Buffer.from('import boto3\n') },
        { name: 'requirements.txt', data: Buffer.from('requests\nBoto3[crt] ~= 1.35\n'), method: 8 },
      ]),
    });
    const orders = byId(await measure(dir), 'OrdersFunction');
    const findings = checkPackage(orders, config());
    expect(findings.map(where)).toEqual([['aws-sdk-bundled', 'info', 'template.yaml', 3, 3, 17]]);
    expect(findings[0]!.message).toBe(
      'dist/orders.zip: requirements.txt (line 2) lists Boto3, which python3.12 already provides: a `pip install -r requirements.txt -t …` build ships it with botocore, the largest part of most Python packages.',
    );
  });

  it('names that only start like boto3, comments and options are not the SDK; allowBoto3 turns the note off', async () => {
    const requirements =
      '# boto3 comes with the runtime\n--index-url https://pypi.org/simple\nboto3-stubs[s3]==1.35.0\nmypy-boto3-s3\n';
    const dir = project('stubs', ORDERS_ONLY('      CodeUri: orders/'), {
      'orders/requirements.txt': requirements,
    });
    const orders = byId(await measure(dir), 'OrdersFunction');
    expect(checkPackage(orders, config()).map((f) => f.ruleId)).toEqual([]);
    writeFileSync(join(dir, 'orders/requirements.txt'), 'boto3\n');
    const listed = byId(await measure(dir), 'OrdersFunction');
    expect(checkPackage(listed, config()).map(where)).toEqual([
      ['aws-sdk-bundled', 'info', 'orders/requirements.txt', 1, 1, 6],
    ]);
    expect(checkPackage(listed, config({ 'aws-sdk-bundled': { allowBoto3: true } }))).toEqual([]);
  });

  it('a requirements.txt that installs nothing leaves the folder a whole package', async () => {
    const dir = project('empty', ORDERS_ONLY('      CodeUri: orders/'), {
      'orders/requirements.txt': '# nothing yet\n\n--index-url https://pypi.org/simple\n',
    });
    expect(byId(await measure(dir), 'OrdersFunction').sourceFolder).toEqual({ builder: 'sam build' });
  });
});
