import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CodeLocation, Effective, LayerVersion, TemplateModel } from '../../src/model.js';
import { serverlessLayerLogicalId } from '../../src/normalize/index.js';
import { fn, modelOfText, show } from './helpers.js';

/** `path:layers/deps @resource:12`, `s3 @resource:20`, `dynamic @resource:30`, `unset`. */
function content(e: Effective<CodeLocation>): string {
  if (e.state !== 'set') return show(e);
  const where = `@${e.origin.kind}:${e.origin.range.line}`;
  const value = e.value;
  const detail = value.path ?? [value.bucket, value.key].filter((part) => part !== undefined).join('/');
  return `${value.type}${detail ? `:${detail}` : ''} ${where}`;
}

function layer(model: TemplateModel, id: string): LayerVersion {
  const found = model.layers.get(id);
  if (!found) throw new Error(`no layer ${id}; have ${[...model.layers.keys()].join(', ')}`);
  return found;
}

/** A function's layer references as `logicalId` (template layers) or `text` (ARNs, deploy-time values). */
function layerRefs(model: TemplateModel, id: string): string[] {
  const layers = fn(model, id).layers;
  if (layers.state !== 'set') return [show(layers)];
  return layers.value.map((ref) => ref.logicalId ?? `${ref.dynamic ? 'dynamic ' : ''}${ref.text}`);
}

describe('SAM AWS::Serverless::LayerVersion', () => {
  const model = modelOfText(`Transform: AWS::Serverless-2016-10-31
Parameters:
  LayerKey:
    Type: String
Conditions:
  WithTools: !Equals [!Ref LayerKey, tools]
Globals:
  Function:
    Layers:
      - !Ref DirLayer
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Layers:
        - !Ref ZipLayer
        - arn:aws:lambda:eu-west-1:123456789012:layer:published:3
        - !Ref LayerKey
  DirLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layers/deps/
  ZipLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: build/zip-layer.zip
  S3UriLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: s3://artifacts/layers/deps.zip
  S3MapLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri:
        Bucket: artifacts
        Key: layers/deps.zip
  SubLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: !Sub layers/\${LayerKey}
  ConditionalLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: !If [WithTools, layers/tools, !Ref AWS::NoValue]
  NoContentLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      LayerName: empty
`);

  it('reads a local ContentUri directory or zip as a path relative to the template, with the line that set it', () => {
    expect(content(layer(model, 'DirLayer').content)).toBe('path:layers/deps/ @resource:24');
    expect(content(layer(model, 'ZipLayer').content)).toBe('path:build/zip-layer.zip @resource:28');
    expect(layer(model, 'DirLayer')).toMatchObject({
      id: 'DirLayer',
      resourceType: 'AWS::Serverless::LayerVersion',
      origin: { kind: 'resource', resource: 'DirLayer', range: { line: 21 } },
    });
    expect(layer(model, 'DirLayer').name).toBeUndefined();
  });

  it('reads an S3 ContentUri (URI or Bucket/Key) as remote, never as a local path', () => {
    expect(content(layer(model, 'S3UriLayer').content)).toBe('s3:artifacts/layers/deps.zip @resource:32');
    expect(content(layer(model, 'S3MapLayer').content)).toBe('s3:artifacts/layers/deps.zip @resource:36');
  });

  it('keeps deploy-time ContentUri values dynamic and a missing one unset', () => {
    expect(content(layer(model, 'SubLayer').content)).toBe('dynamic @resource:42');
    expect(content(layer(model, 'ConditionalLayer').content)).toBe('conditional @resource:46');
    expect(content(layer(model, 'NoContentLayer').content)).toBe('unset');
  });

  it("resolves a function's !Ref to the template's layer, Globals first; ARNs and parameters stay references", () => {
    expect(layerRefs(model, 'Api')).toEqual([
      'DirLayer',
      'ZipLayer',
      'arn:aws:lambda:eu-west-1:123456789012:layer:published:3',
      'dynamic !Ref LayerKey',
    ]);
    expect([...model.layers.keys()]).toEqual([
      'DirLayer',
      'ZipLayer',
      'S3UriLayer',
      'S3MapLayer',
      'SubLayer',
      'ConditionalLayer',
      'NoContentLayer',
    ]);
  });
});

describe('CloudFormation AWS::Lambda::LayerVersion', () => {
  const model = modelOfText(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: src/
      Layers:
        - !Ref PackagedLayer
        - !Ref RemoteLayer
  PackagedLayer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: layers/deps
  RemoteLayer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content:
        S3Bucket: artifacts
        S3Key: deps.zip
  ImportedLayer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content:
        S3Bucket: !ImportValue ArtifactBucket
        S3Key: deps.zip
`);

  it('reads a local Content path (`aws cloudformation package` input) and S3 content as remote', () => {
    expect(content(layer(model, 'PackagedLayer').content)).toBe('path:layers/deps @resource:15');
    expect(content(layer(model, 'RemoteLayer').content)).toBe('s3:artifacts/deps.zip @resource:19');
    expect(content(layer(model, 'ImportedLayer').content)).toBe(
      's3:!ImportValue ArtifactBucket/deps.zip @resource:25',
    );
    expect(layer(model, 'RemoteLayer').resourceType).toBe('AWS::Lambda::LayerVersion');
    expect(layerRefs(model, 'Fn')).toEqual(['PackagedLayer', 'RemoteLayer']);
  });
});

describe('CDK cloud assembly layer assets', () => {
  const model = modelOfText(
    JSON.stringify(
      {
        Resources: {
          DepsLayer8C3B1F2A: {
            Type: 'AWS::Lambda::LayerVersion',
            Properties: {
              Content: {
                S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}' },
                S3Key: 'abc.zip',
              },
            },
            Metadata: {
              'aws:cdk:path': 'OrdersStack/DepsLayer/Resource',
              'aws:asset:path': 'asset.0d1e2f3a',
              'aws:asset:is-bundled': false,
              'aws:asset:property': 'Content',
            },
          },
          SharedLayer44A2C7D0: {
            Type: 'AWS::Lambda::LayerVersion',
            Properties: { Content: { S3Bucket: 'published-layers', S3Key: 'shared.zip' } },
            Metadata: { 'aws:cdk:path': 'OrdersStack/SharedLayer/Resource' },
          },
          HandlerFn0A1B2C3D: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Runtime: 'nodejs20.x',
              Handler: 'index.handler',
              Code: { S3Bucket: 'x', S3Key: 'y.zip' },
              Layers: [{ Ref: 'DepsLayer8C3B1F2A' }, { Ref: 'SharedLayer44A2C7D0' }],
            },
            Metadata: { 'aws:cdk:path': 'OrdersStack/Handler/Resource', 'aws:asset:path': 'asset.99aa' },
          },
        },
      },
      null,
      2,
    ),
    'cdk.out/OrdersStack.template.json',
  );

  it('takes the layer content from aws:asset:path, like a function asset, and names it by its construct path', () => {
    const deps = layer(model, 'DepsLayer8C3B1F2A');
    expect(deps.content).toMatchObject({
      state: 'set',
      value: { type: 'cdk-asset', path: 'asset.0d1e2f3a', assetProperty: 'Content' },
      origin: { kind: 'resource', resource: 'DepsLayer8C3B1F2A' },
    });
    expect(deps.name).toBe('OrdersStack/DepsLayer');
    expect(model.kind).toBe('cdk');
  });

  it('leaves a layer without an asset as remote S3 content', () => {
    expect(valueType(layer(model, 'SharedLayer44A2C7D0').content)).toBe('s3');
    expect(layerRefs(model, 'HandlerFn0A1B2C3D')).toEqual(['DepsLayer8C3B1F2A', 'SharedLayer44A2C7D0']);
  });
});

function valueType(e: Effective<CodeLocation>): string {
  return e.state === 'set' ? e.value.type : e.state;
}

describe('Serverless Framework layers', () => {
  it('names layers the way Serverless does: normalised key + LambdaLayer', () => {
    expect(serverlessLayerLogicalId('deps')).toBe('DepsLambdaLayer');
    expect(serverlessLayerLogicalId('node-deps')).toBe('NodeDashdepsLambdaLayer');
    expect(serverlessLayerLogicalId('py_libs')).toBe('PyUnderscorelibsLambdaLayer');
  });

  const model = modelOfText(
    `service: shop
custom:
  layerDir: layers/shared
provider:
  name: aws
  runtime: nodejs20.x
  layers:
    - { Ref: SharedLambdaLayer }
layers:
  deps:
    path: layers/deps
  node-tools:
    path: tools
    package:
      artifact: dist/tools.zip
  shared:
    path: \${self:custom.layerDir}
  secret:
    path: \${ssm:/shop/layer-dir}
  remote:
    package:
      artifact: s3://artifacts/remote.zip
functions:
  checkout:
    handler: src/checkout.handler
    layers:
      - Ref: DepsLambdaLayer
      - !Ref NodeDashtoolsLambdaLayer
      - arn:aws:lambda:eu-west-1:123456789012:layer:published:3
  report:
    handler: src/report.handler
`,
    'serverless.yml',
  );

  it('reads `path`, or `package.artifact` when given, with Serverless variables resolved', () => {
    expect(content(layer(model, 'DepsLambdaLayer').content)).toBe('path:layers/deps @resource:11');
    expect(content(layer(model, 'NodeDashtoolsLambdaLayer').content)).toBe(
      'path:dist/tools.zip @resource:15',
    );
    expect(content(layer(model, 'SharedLambdaLayer').content)).toBe('path:layers/shared @resource:17');
    expect(layer(model, 'NodeDashtoolsLambdaLayer')).toMatchObject({
      name: 'node-tools',
      resourceType: 'serverless',
      origin: { kind: 'resource', resource: 'NodeDashtoolsLambdaLayer', range: { line: 12 } },
    });
  });

  it('keeps `${ssm:…}` paths dynamic and S3 artifacts remote', () => {
    expect(content(layer(model, 'SecretLambdaLayer').content)).toBe('dynamic @resource:19');
    expect(content(layer(model, 'RemoteLambdaLayer').content)).toBe('s3:artifacts/remote.zip @resource:22');
  });

  it("resolves a function's { Ref: <Name>LambdaLayer } to the layer defined in `layers:`", () => {
    expect(layerRefs(model, 'checkout')).toEqual([
      'DepsLambdaLayer',
      'NodeDashtoolsLambdaLayer',
      'arn:aws:lambda:eu-west-1:123456789012:layer:published:3',
    ]);
    // Function layers replace the provider's (the framework does not merge them).
    expect(layerRefs(model, 'report')).toEqual(['SharedLambdaLayer']);
    expect(model.resourceTypes.get('DepsLambdaLayer')).toBe('AWS::Lambda::LayerVersion');
  });

  it('has no layers when the service defines none, and ignores a `layers:` that is not a map', () => {
    const none = modelOfText(
      'service: a\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.handler\n',
      'serverless.yml',
    );
    expect(none.layers.size).toBe(0);
    const odd = modelOfText(
      'service: a\nprovider:\n  name: aws\nlayers: [x]\nfunctions:\n  f:\n    handler: h.handler\n',
      'serverless.yml',
    );
    expect(odd.layers.size).toBe(0);
  });
});

describe('layer normalization never crashes on odd but parseable values', () => {
  const odd: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(
        null,
        true,
        0,
        '',
        'layers/x',
        'x.zip',
        's3://b',
        's3://b/k',
        '${self:custom.x}',
        '${opt:s}',
      ),
      fc.record({ Ref: fc.constantFrom('AWS::NoValue', 'Layer', 'Param') }),
      fc.record({ 'Fn::If': fc.tuple(fc.constant('C'), tie('value'), fc.constant({ Ref: 'AWS::NoValue' })) }),
      fc.array(tie('value'), { maxLength: 2 }),
      fc.dictionary(
        fc.constantFrom(
          'Bucket',
          'Key',
          'S3Bucket',
          'S3Key',
          'path',
          'package',
          'artifact',
          'aws:asset:path',
        ),
        tie('value'),
        { maxKeys: 3 },
      ),
    ),
  })).value;

  it('SAM, CloudFormation and CDK layer resources', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion'),
        odd,
        odd,
        odd,
        (type, contentUri, content, metadata) => {
          const template = {
            Transform: 'AWS::Serverless-2016-10-31',
            Resources: {
              Layer: {
                Type: type,
                Properties: { ContentUri: contentUri, Content: content },
                Metadata: metadata,
              },
              Fn: { Type: 'AWS::Serverless::Function', Properties: { Layers: [{ Ref: 'Layer' }] } },
            },
          };
          const model = modelOfText(JSON.stringify(template), 'template.json');
          expect(model.layers.has('Layer')).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('Serverless `layers:` entries', () => {
    fc.assert(
      fc.property(odd, odd, (entry, section) => {
        const service = {
          service: 'fuzz',
          custom: { x: 'dir' },
          provider: { name: 'aws' },
          layers: { deps: entry, other: section },
          functions: { f: { handler: 'h.handler', layers: [{ Ref: 'DepsLambdaLayer' }] } },
        };
        const model = modelOfText(JSON.stringify(service), 'serverless.json');
        expect([...model.layers.keys()]).toEqual(['DepsLambdaLayer', 'OtherLambdaLayer']);
      }),
      { numRuns: 200 },
    );
  });
});
