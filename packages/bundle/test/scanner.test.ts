import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigView } from '@lambda-lint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScanner, classifyInput, measureInput } from '../src/scanner.js';
import { noise, writeZip } from './helpers/zip-writer.js';

let root: string;

function write(base: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), content);
  }
}

const scan = (paths: string[], outputs?: { treemap?: string }) =>
  bundleScanner.scan({
    paths,
    cwd: root,
    config: defaultConfigView(bundleScanner.rules),
    ...(outputs && { outputs }),
  });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lambda-lint-scan-'));
  // A SAM project: one function built by `sam build`, one only as source (built with esbuild here),
  // a Python function without an artifact (its CodeUri, as `sam build` copies it), and a local layer built under .aws-sam.
  write(join(root, 'sam'), {
    'template.yaml': [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  BuiltFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: index.handler',
      '      CodeUri: built/',
      '      Layers:',
      '        - !Ref DepsLayer',
      '  SourceFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs22.x',
      '      Handler: src/app.handler',
      '      CodeUri: source/',
      '  PythonFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: python3.12',
      '      Handler: app.handler',
      '      CodeUri: py/',
      '  DepsLayer:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties:',
      '      ContentUri: layer/',
      '',
    ].join('\n'),
    '.aws-sam/build/BuiltFunction/index.js': 'x'.repeat(1_000),
    '.aws-sam/build/BuiltFunction/node_modules/lodash/package.json': '{"name":"lodash","version":"4.17.21"}',
    '.aws-sam/build/BuiltFunction/node_modules/lodash/lodash.js': 'l'.repeat(50_000),
    '.aws-sam/build/DepsLayer/nodejs/node_modules/sharp/index.js': 's'.repeat(7_000),
    'source/src/app.ts': "import { pad } from 'padder';\nexport const handler = async () => pad('x');\n",
    'source/node_modules/padder/package.json': '{"name":"padder","version":"1.2.3","main":"index.js"}',
    'source/node_modules/padder/index.js': `exports.pad = (s) => s + "${'p'.repeat(3_000)}";\n`,
    'py/app.py': 'def handler(event, context):\n    return 1\n',
  });
  write(root, {
    'function.zip': writeZip([
      { name: 'index.js', data: noise(2_000) },
      { name: 'node_modules/@aws-sdk/client-s3/index.js', data: noise(9_000, 7) },
    ]),
    'broken.zip': writeZip([{ name: 'index.js', data: noise(2_000) }]).subarray(0, 1_500),
    'dist/index.js': 'y'.repeat(300),
    'notes.txt': 'not a package',
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bundle scanner', () => {
  it('classifies inputs', () => {
    expect(classifyInput(join(root, 'function.zip'))[0]!.kind).toBe('zip');
    expect(classifyInput(join(root, 'dist'))[0]!.kind).toBe('directory');
    expect(classifyInput(join(root, 'sam')).map((i) => i.kind)).toEqual(['template']);
    expect(classifyInput(join(root, 'sam/source/src/app.ts'))[0]!.kind).toBe('entry');
    expect(classifyInput(join(root, 'missing.zip'))[0]!.kind).toBe('missing');
  });

  it('measures zips and directories, summarises them, and keeps going after a broken zip', async () => {
    const result = await scan(['function.zip', 'broken.zip', 'dist', 'notes.txt', 'nowhere']);
    expect(result.filesScanned).toBe(5);
    const fatal = result.findings.filter((f) => f.fatal).map((f) => [f.file, f.ruleId]);
    expect(fatal).toEqual([
      ['broken.zip', 'package-integrity'],
      ['notes.txt', 'package-integrity'],
      ['nowhere', 'package-integrity'],
    ]);
    const table = result.tables![0]!;
    expect(table.title).toBe('Deployment packages');
    expect(table.columns).toEqual(['Function/Package', 'Size', 'Budget', '% of budget', 'Top packages']);
    expect(table.rows).toEqual([
      ['function.zip', '10.7 KiB', '10.0 MiB', '0.1%', '@aws-sdk/client-s3 8.8 KiB'],
      ['dist', '300 B', '10.0 MiB', '0.0%', '-'],
    ]);
  });

  it('measures each function of a SAM template: built artifact, esbuild build, local layer; Python without an artifact from its CodeUri', async () => {
    const result = await scan(['sam/template.yaml']);
    const rows = result.tables![0]!.rows;
    expect(rows.map((r) => r[0])).toEqual([
      'BuiltFunction (sam/template.yaml)',
      'SourceFunction (sam/template.yaml)',
      'PythonFunction (sam/template.yaml)',
    ]);
    // No requirements.txt: `sam build` installs nothing, so the folder is the whole package (no ≥).
    expect(rows[2]![1]).toBe('42 B');
    expect(rows[0]![1]).toBe('49.8 KiB');
    expect(rows[0]![4]).toBe('lodash 48.9 KiB');
    expect(rows[1]![4]).toMatch(/^padder \d/);
    expect(result.findings.filter((f) => f.fatal)).toEqual([]);
    const models = await measureInput({ kind: 'template', path: join(root, 'sam/template.yaml') }, root);
    expect(models.map((m) => [m.subject.id, m.kind, m.runtime, m.source])).toEqual([
      ['BuiltFunction', 'directory', 'nodejs20.x', 'sam/.aws-sam/build/BuiltFunction'],
      ['SourceFunction', 'build', 'nodejs22.x', 'sam/source/src/app.ts'],
      ['PythonFunction', 'directory', 'python3.12', 'sam/py'],
    ]);
    expect(models[2]!.sourceFolder).toEqual({ builder: 'sam build' });
    expect(models[0]!.layers.map((l) => [l.name, l.total])).toEqual([['DepsLayer', 7_000]]);
    expect(models[1]!.build?.target).toBe('node22');
  });

  it('points findings about a template function at its logical ID line', async () => {
    write(join(root, 'sam'), {
      '.aws-sam/build/BuiltFunction/node_modules/lodash/app.js.map': 'm'.repeat(10),
    });
    const result = await scan(['sam']);
    const forBuilt = result.findings.filter((f) => f.subject?.id === 'BuiltFunction');
    expect(forBuilt.length).toBeGreaterThan(0);
    expect(forBuilt.every((f) => f.file === 'sam/template.yaml' && f.range.line === 4)).toBe(true);
  });

  it('measures the templates of a project directory instead of the project itself', async () => {
    write(join(root, 'repo'), {
      'package.json': '{"name":"repo","private":true}',
      'node_modules/typescript/lib/typescript.js': 't'.repeat(9_000),
      'infra/template.yaml':
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: index.handler\n',
      'infra/.aws-sam/build/Api/index.js': 'a'.repeat(700),
      'infra/.aws-sam/build/Api/package.json': '{}',
    });
    const result = await scan(['repo']);
    expect(result.tables![0]!.rows.map((r) => [r[0], r[1]])).toEqual([
      ['Api (repo/infra/template.yaml)', '702 B'],
    ]);
    // A build output with a copied package.json and no template is still a package.
    const built = await scan(['repo/infra/.aws-sam/build/Api']);
    expect(built.tables![0]!.rows.map((r) => r[0])).toEqual(['repo/infra/.aws-sam/build/Api']);
  });

  it('says when a function could not be measured, and stays quiet about deploy-time CodeUri values', async () => {
    write(join(root, 'unbuilt'), {
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  CodeParam:',
        '    Type: String',
        'Resources:',
        '  MissingFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: src/app.handler',
        '      CodeUri: missing/',
        '  DynamicFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: index.handler',
        '      CodeUri: !Ref CodeParam',
        '',
      ].join('\n'),
    });
    const result = await scan(['unbuilt/template.yaml']);
    expect(
      result.findings.map((f) => [f.ruleId, f.severity, f.subject?.id, f.range.line, f.message]),
    ).toEqual([
      [
        'package-integrity',
        'info',
        'MissingFunction',
        6,
        "unbuilt: the function's code was not found: no built artifact, and the code directory missing/ does not exist; its package size, SDK and dependency checks were skipped.",
      ],
    ]);
    expect(result.tables).toEqual([]);
  });

  it('honours suppression comments in the template for bundle findings', async () => {
    write(join(root, 'quiet'), {
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  # lambda-lint-disable-next-line sourcemaps-shipped -- maps are uploaded to our error tracker',
        '  MapsFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: index.handler',
        '  LoudFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: index.handler',
        '',
      ].join('\n'),
      '.aws-sam/build/MapsFunction/index.js': 'x'.repeat(100),
      '.aws-sam/build/MapsFunction/index.js.map': 'm'.repeat(5_000),
      '.aws-sam/build/LoudFunction/index.js': 'x'.repeat(100),
      '.aws-sam/build/LoudFunction/index.js.map': 'm'.repeat(5_000),
    });
    const result = await scan(['quiet/template.yaml']);
    const maps = result.findings.filter((f) => f.ruleId === 'sourcemaps-shipped');
    expect(maps.map((f) => [f.subject?.id, f.range.line])).toEqual([['LoudFunction', 9]]);
  });

  it('measures a CDK cloud assembly through aws:asset:path and a Serverless service zip', async () => {
    write(join(root, 'cdk/cdk.out'), {
      'manifest.json': '{}',
      'Stack.template.json': JSON.stringify({
        Resources: {
          OrdersFn1234: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Code: { S3Bucket: 'assets', S3Key: 'abc.zip' },
              Handler: 'index.handler',
              Runtime: 'nodejs20.x',
              Role: 'arn:aws:iam::123456789012:role/x',
            },
            Metadata: {
              'aws:cdk:path': 'Stack/Orders/Resource',
              'aws:asset:path': 'asset.abc',
              'aws:asset:property': 'Code',
            },
          },
        },
      }),
      'asset.abc/index.js': 'i'.repeat(4_000),
      'asset.abc/node_modules/left-pad/index.js': 'l'.repeat(2_000),
    });
    write(join(root, 'sls'), {
      'serverless.yml':
        'service: orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  create:\n    handler: src/create.handler\n',
      '.serverless/orders.zip': writeZip([
        { name: 'src/create.js', data: noise(1_000) },
        { name: 'node_modules/uuid/index.js', data: noise(3_000) },
      ]),
    });
    const cdk = await measureInput({ kind: 'template', path: join(root, 'cdk/cdk.out') }, root);
    expect(cdk.map((m) => [m.subject.id, m.subject.name, m.source, m.tree.total, m.location.file])).toEqual([
      ['OrdersFn1234', 'Stack/Orders', 'cdk/cdk.out/asset.abc', 6_000, 'cdk/cdk.out/Stack.template.json'],
    ]);
    const sls = await measureInput({ kind: 'template', path: join(root, 'sls/serverless.yml') }, root);
    expect(sls.map((m) => [m.subject.id, m.kind, m.source, m.tree.total, m.location.range.line])).toEqual([
      ['create', 'zip', 'sls/.serverless/orders.zip', 4_000, 6],
    ]);
  });

  it('writes the treemap when asked', async () => {
    const target = join(root, 'treemap.html');
    await scan(['function.zip'], { treemap: 'treemap.html' });
    if (existsSync(new URL('../dist/treemap.js', import.meta.url))) {
      expect(readFileSync(target, 'utf8')).toContain('client-s3');
    }
  });
});
