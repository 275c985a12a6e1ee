import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigView } from '@lambda-lint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleModel } from '../src/model.js';
import { bundleScanner } from '../src/scanner.js';
import { measureTemplate } from '../src/sources/template.js';
import { noise, writeZip } from './helpers/zip-writer.js';

let root: string;

function write(base: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), content);
  }
}

/** `[layer name, bytes]` of each function's layers, by function id. */
function layersOf(models: readonly BundleModel[]): Record<string, [string, number][]> {
  return Object.fromEntries(
    models.map((m) => [m.subject.id, m.layers.map((layer): [string, number] => [layer.name, layer.total])]),
  );
}

async function measure(path: string): Promise<BundleModel[]> {
  const result = await measureTemplate(join(root, path), root);
  expect(result.findings).toEqual([]);
  return result.models;
}

const scan = (paths: string[]) =>
  bundleScanner.scan({ paths, cwd: root, config: defaultConfigView(bundleScanner.rules) });

/** A layer zip holding `name` (stored), whose central directory may declare more than it holds. */
function layerZip(name: string, size: number, declaredUncompressed?: number): Buffer {
  return writeZip([
    {
      name: 'nodejs/node_modules/model/package.json',
      data: Buffer.from('{"name":"model","version":"1.0.0"}'),
    },
    {
      name,
      data: noise(size),
      ...(declaredUncompressed !== undefined && { method: 8 as const, declaredUncompressed }),
    },
  ]);
}

const MODEL_PACKAGE_JSON = 34; // bytes of '{"name":"model","version":"1.0.0"}'

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lambda-lint-layers-'));
  // SAM, not built: layers only as ContentUri (a directory and a zip), plus remote and missing ones.
  write(join(root, 'sam'), {
    'template.yaml': [
      'Transform: AWS::Serverless-2016-10-31',
      'Parameters:',
      '  DepsPath:',
      '    Type: String',
      'Globals:',
      '  Function:',
      '    Runtime: nodejs20.x',
      '    Handler: index.handler',
      '    Layers:',
      '      - !Ref DirLayer',
      'Resources:',
      '  Api:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: api/',
      '      Layers:',
      '        - !Ref ZipLayer',
      '        - !Ref S3Layer',
      '        - !Ref DynamicLayer',
      '        - !Ref MissingLayer',
      '        - arn:aws:lambda:eu-west-1:123456789012:layer:published:3',
      '  Worker:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: worker/',
      '  DirLayer:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties:',
      '      ContentUri: layers/deps/',
      '  ZipLayer:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties:',
      '      ContentUri: dist/tools-layer.zip',
      '  S3Layer:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties:',
      '      ContentUri: s3://artifacts/layers/big.zip',
      '  DynamicLayer:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties:',
      '      ContentUri: !Ref DepsPath',
      '  MissingLayer:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties:',
      '      ContentUri: layers/not-there/',
      '',
    ].join('\n'),
    '.aws-sam/build/Api/index.js': 'a'.repeat(1_000),
    '.aws-sam/build/Worker/index.js': 'w'.repeat(500),
    'layers/deps/nodejs/node_modules/sharp/index.js': 's'.repeat(7_000),
    'layers/deps/nodejs/node_modules/sharp/package.json': '{"name":"sharp","version":"0.33.0"}',
    'dist/tools-layer.zip': layerZip('nodejs/node_modules/model/index.js', 4_096),
  });

  // A CDK cloud assembly: the layer is an asset directory or an asset zip, relative to cdk.out.
  write(join(root, 'cdk.out'), {
    'AppStack.template.json': JSON.stringify(
      {
        Resources: {
          DepsLayer1A2B3C4D: {
            Type: 'AWS::Lambda::LayerVersion',
            Properties: { Content: { S3Bucket: 'cdk-assets', S3Key: 'dddd.zip' } },
            Metadata: {
              'aws:cdk:path': 'AppStack/DepsLayer/Resource',
              'aws:asset:path': 'asset.dddd',
              'aws:asset:property': 'Content',
            },
          },
          ZippedLayer5E6F7A8B: {
            Type: 'AWS::Lambda::LayerVersion',
            Properties: { Content: { S3Bucket: 'cdk-assets', S3Key: 'zzzz.zip' } },
            Metadata: {
              'aws:cdk:path': 'AppStack/ZippedLayer/Resource',
              'aws:asset:path': 'asset.zzzz.zip',
              'aws:asset:property': 'Content',
            },
          },
          PublishedLayer9C0D1E2F: {
            Type: 'AWS::Lambda::LayerVersion',
            Properties: { Content: { S3Bucket: 'shared-layers', S3Key: 'published.zip' } },
            Metadata: { 'aws:cdk:path': 'AppStack/PublishedLayer/Resource' },
          },
          Handler3A4B5C6D: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Runtime: 'nodejs20.x',
              Handler: 'index.handler',
              Code: { S3Bucket: 'cdk-assets', S3Key: 'ffff.zip' },
              Layers: [
                { Ref: 'DepsLayer1A2B3C4D' },
                { Ref: 'ZippedLayer5E6F7A8B' },
                { Ref: 'PublishedLayer9C0D1E2F' },
              ],
            },
            Metadata: {
              'aws:cdk:path': 'AppStack/Handler/Resource',
              'aws:asset:path': 'asset.ffff',
              'aws:asset:property': 'Code',
            },
          },
        },
      },
      null,
      1,
    ),
    'asset.ffff/index.js': 'h'.repeat(2_000),
    'asset.dddd/nodejs/node_modules/pg/index.js': 'p'.repeat(3_000),
    'asset.zzzz.zip': layerZip('nodejs/node_modules/model/index.js', 2_048),
  });

  // Serverless: one layer packaged by `serverless package`, one only as its `path`, service-wide packaging.
  write(join(root, 'sls'), {
    'serverless.yml': [
      'service: shop',
      'custom:',
      '  depsDir: layers/deps',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      'layers:',
      '  deps:',
      '    path: ${self:custom.depsDir}',
      '  tools:',
      '    path: tools',
      '  secret:',
      '    path: ${ssm:/shop/layer-dir}',
      'functions:',
      '  checkout:',
      '    handler: src/checkout.handler',
      '    layers:',
      '      - Ref: DepsLambdaLayer',
      '      - { Ref: ToolsLambdaLayer }',
      '      - { Ref: SecretLambdaLayer }',
      '      - arn:aws:lambda:eu-west-1:123456789012:layer:published:3',
      '',
    ].join('\n'),
    '.serverless/shop.zip': writeZip([{ name: 'src/checkout.js', data: noise(1_200) }]),
    '.serverless/tools.zip': layerZip('nodejs/node_modules/model/index.js', 5_000),
    // The unpackaged `path` of the packaged layer: must not be measured instead of its zip.
    'tools/nodejs/node_modules/big/index.js': 'b'.repeat(90_000),
    'layers/deps/nodejs/node_modules/uuid/index.js': 'u'.repeat(6_000),
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('local layers of a SAM template that was not built', () => {
  it('measures a ContentUri directory and a ContentUri zip, to the byte, for every function that uses them', async () => {
    const models = await measure('sam/template.yaml');
    expect(layersOf(models)).toEqual({
      Api: [
        ['DirLayer', 7_000 + 35],
        ['ZipLayer', MODEL_PACKAGE_JSON + 4_096],
      ],
      Worker: [['DirLayer', 7_000 + 35]],
    });
    const [api, worker] = models;
    // Measured once for the template run, counted for each function.
    expect(api!.layers[0]!.groups).toBe(worker!.layers[0]!.groups);
    expect(api!.layers[0]!.groups.map((g) => [g.name, g.version])).toEqual([['sharp', '0.33.0']]);
  });

  it('skips S3, deploy-time and missing layer content and published ARNs without a finding', async () => {
    const models = await measure('sam/template.yaml');
    expect(models.flatMap((m) => m.problems)).toEqual([]);
    const result = await scan(['sam/template.yaml']);
    expect(result.findings).toEqual([]);
  });

  it('prefers the `sam build` output of a layer over its ContentUri', async () => {
    write(join(root, 'sam'), {
      '.aws-sam/build/DirLayer/nodejs/node_modules/sharp/index.js': 's'.repeat(2_500),
    });
    try {
      const models = await measure('sam/template.yaml');
      expect(layersOf(models).Worker).toEqual([['DirLayer', 2_500]]);
    } finally {
      rmSync(join(root, 'sam/.aws-sam/build/DirLayer'), { recursive: true, force: true });
    }
  });
});

describe('local layers of a CDK cloud assembly', () => {
  it('measures asset directories and asset zips named by aws:asset:path, and skips S3-only layers', async () => {
    const models = await measure('cdk.out');
    expect(models.map((m) => [m.subject.id, m.source, m.tree.total])).toEqual([
      ['Handler3A4B5C6D', 'cdk.out/asset.ffff', 2_000],
    ]);
    expect(layersOf(models)).toEqual({
      Handler3A4B5C6D: [
        ['AppStack/DepsLayer', 3_000],
        ['AppStack/ZippedLayer', MODEL_PACKAGE_JSON + 2_048],
      ],
    });
  });
});

describe('local layers of a Serverless service', () => {
  it('measures the packaged .serverless/<layer>.zip when present, else the layer `path`, and resolves { Ref: <Name>LambdaLayer }', async () => {
    const models = await measure('sls/serverless.yml');
    // `.serverless/tools.zip` is the layer's, not a second service zip: the function still uses shop.zip.
    expect(models.map((m) => [m.subject.id, m.source, m.tree.total])).toEqual([
      ['checkout', 'sls/.serverless/shop.zip', 1_200],
    ]);
    expect(layersOf(models)).toEqual({
      checkout: [
        ['deps', 6_000],
        ['tools', MODEL_PACKAGE_JSON + 5_000],
      ],
    });
  });

  it('measures the `path` directory of a layer that was not packaged', async () => {
    rmSync(join(root, 'sls/.serverless/tools.zip'));
    try {
      const models = await measure('sls/serverless.yml');
      expect(layersOf(models).checkout).toEqual([
        ['deps', 6_000],
        ['tools', 90_000],
      ]);
    } finally {
      write(join(root, 'sls'), {
        '.serverless/tools.zip': layerZip('nodejs/node_modules/model/index.js', 5_000),
      });
    }
  });
});

describe('a broken local layer', () => {
  it('is reported once, on the first function that uses it, naming the layer; the functions are still measured', async () => {
    write(join(root, 'broken'), {
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function:',
        '    Runtime: nodejs20.x',
        '    Handler: index.handler',
        '    Layers: [!Ref CutLayer]',
        'Resources:',
        '  First:',
        '    Type: AWS::Serverless::Function',
        '  Second:',
        '    Type: AWS::Serverless::Function',
        '  CutLayer:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties:',
        '      ContentUri: cut.zip',
        '',
      ].join('\n'),
      '.aws-sam/build/First/index.js': 'f'.repeat(300),
      '.aws-sam/build/Second/index.js': 's'.repeat(400),
      'cut.zip': layerZip('nodejs/index.js', 2_000).subarray(0, 1_500),
    });
    const result = await scan(['broken/template.yaml']);
    expect(
      result.findings.map((f) => [f.ruleId, f.subject?.id, f.range.line, f.fatal, f.message.split(': ')[1]]),
    ).toEqual([['package-integrity', 'First', 8, true, 'layer broken/cut.zip']]);
    expect(result.tables![0]!.rows.map((row) => [row[0], row[1]])).toEqual([
      ['First (broken/template.yaml)', '300 B'],
      ['Second (broken/template.yaml)', '400 B'],
    ]);
    const models = await measure('broken/template.yaml');
    expect(layersOf(models)).toEqual({ First: [], Second: [] });
  });
});

describe('lambda-hard-limits counts local layers', () => {
  const limit = 262_144_000;

  beforeAll(() => {
    // Nothing near 250 MiB is written: the layer zips' central directories declare the size.
    write(join(root, 'limits'), {
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function:',
        '    Runtime: nodejs20.x',
        '    Handler: index.handler',
        'Resources:',
        '  AtLimit:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Layers: [!Ref ExactLayer]',
        '  OverLimit:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Layers: [!Ref BigLayer]',
        '  ExactLayer:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties:',
        '      ContentUri: exact.zip',
        '  BigLayer:',
        '    Type: AWS::Serverless::LayerVersion',
        '    Properties:',
        '      ContentUri: big.zip',
        '',
      ].join('\n'),
      '.aws-sam/build/AtLimit/index.js': 'a'.repeat(1_000),
      '.aws-sam/build/OverLimit/index.js': 'o'.repeat(1_000),
      'exact.zip': layerZip('model/weights.bin', 1_000, limit - 1_000 - MODEL_PACKAGE_JSON),
      'big.zip': layerZip('model/weights.bin', 1_000, limit - 1_000 - MODEL_PACKAGE_JSON + 1),
    });
  });

  it('reports the function whose package plus layer is 1 byte over 250 MiB, at its logical ID line, and not the one exactly at it', async () => {
    const result = await scan(['limits/template.yaml']);
    const limits = result.findings.filter((f) => f.ruleId === 'lambda-hard-limits');
    expect(limits.map((f) => [f.severity, f.subject?.id, f.file, f.range.line, f.message])).toEqual([
      [
        'error',
        'OverLimit',
        'limits/template.yaml',
        11,
        "limits/.aws-sam/build/OverLimit: the function and its layers take 250.0 MiB (262,144,001 bytes) unzipped, over Lambda's hard limit of 250.0 MiB (262,144,000 bytes) " +
          'by 1 byte; the deployment will be rejected (function 1,000 bytes + layer BigLayer 250.0 MiB (262,143,001 bytes)).',
      ],
    ]);
    // What is odd about the lying layer zip is reported on the function, naming the layer.
    const integrity = result.findings.filter((f) => f.ruleId === 'package-integrity');
    expect([...new Set(integrity.map((f) => f.subject?.id))]).toEqual(['AtLimit', 'OverLimit']);
    for (const finding of integrity)
      expect(finding.message).toMatch(
        finding.subject?.id === 'AtLimit'
          ? /^limits\/\.aws-sam\/build\/AtLimit: layer limits\/exact\.zip(, entry "[^"]+")?: /
          : /^limits\/\.aws-sam\/build\/OverLimit: layer limits\/big\.zip(, entry "[^"]+")?: /,
      );
  });

  it('counts a packaged Serverless layer the same way', async () => {
    write(join(root, 'sls-limits'), {
      'serverless.yml': [
        'service: ml',
        'provider:',
        '  name: aws',
        '  runtime: nodejs20.x',
        'layers:',
        '  model:',
        '    path: model',
        'functions:',
        '  score:',
        '    handler: index.handler',
        '    layers: [{ Ref: ModelLambdaLayer }]',
        '',
      ].join('\n'),
      '.serverless/ml.zip': writeZip([{ name: 'index.js', data: noise(1_000) }]),
      '.serverless/model.zip': layerZip('model/weights.bin', 1_000, limit - 1_000 - MODEL_PACKAGE_JSON + 1),
    });
    const result = await scan(['sls-limits/serverless.yml']);
    const limits = result.findings.filter((f) => f.ruleId === 'lambda-hard-limits');
    expect(limits.map((f) => [f.subject?.id, f.file, f.range.line])).toEqual([
      ['score', 'sls-limits/serverless.yml', 9],
    ]);
    expect(limits[0]!.message).toContain(
      '(function 1,000 bytes + layer model 250.0 MiB (262,143,001 bytes))',
    );
  });
});
