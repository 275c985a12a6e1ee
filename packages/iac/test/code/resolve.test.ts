import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildModel,
  detectKind,
  loadText,
  resolveFunctionCode,
  type CodeResolution,
} from '../../src/index.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-resolve-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a project (file → text) and resolves every function of its template. */
function resolveAll(
  name: string,
  templateName: string,
  files: Record<string, string>,
): Record<string, CodeResolution> {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const templatePath = path.join(dir, templateName);
  const loaded = loadText(
    files[templateName]!,
    templateName,
    templateName.endsWith('.json') ? 'json' : 'yaml',
  );
  if (!loaded.ok) throw new Error(loaded.finding.message);
  const kind = detectKind(loaded.loaded);
  if (kind === 'unknown') throw new Error('not a template');
  const model = buildModel(loaded.loaded, kind);
  return Object.fromEntries(
    model.functions.map((fn) => [fn.id, resolveFunctionCode(fn, model, templatePath)]),
  );
}

const rel = (name: string, code: CodeResolution) =>
  code.state === 'resolved'
    ? {
        ...code,
        entry: path.relative(path.join(root, name), code.entry),
        codeRoot: path.relative(path.join(root, name), code.codeRoot),
      }
    : code;

describe('resolveFunctionCode', () => {
  it('SAM: CodeUri + Handler with Globals, JavaScript before TypeScript, esbuild EntryPoints for TypeScript', () => {
    const code = resolveAll('sam', 'template.yaml', {
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    CodeUri: src/
Resources:
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
  Built:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.lambdaHandler
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [app.ts]
  Nested:
    Type: AWS::Serverless::Function
    Properties:
      Handler: handlers/users.createUser
  Missing:
    Type: AWS::Serverless::Function
    Properties:
      Handler: nothere.handler
`,
      'src/app.js': 'exports.handler = async () => 1;\n',
      'src/app.ts': 'export const lambdaHandler = async () => 1;\n',
      'src/handlers/users.mts': 'export const createUser = async () => 1;\n',
    });
    expect(rel('sam', code.Plain!)).toEqual({
      state: 'resolved',
      language: 'node',
      entry: 'src/app.js',
      exportName: 'handler',
      codeRoot: 'src',
      via: 'CodeUri + Handler',
    });
    expect(rel('sam', code.Built!)).toMatchObject({
      entry: 'src/app.ts',
      exportName: 'lambdaHandler',
      via: 'Metadata.BuildProperties.EntryPoints',
    });
    expect(rel('sam', code.Nested!)).toMatchObject({
      entry: 'src/handlers/users.mts',
      exportName: 'createUser',
    });
    expect(code.Missing).toEqual({
      state: 'unresolved',
      reason: 'no nothere.{js,mjs,cjs,ts,mts,cts} in src/',
    });
  });

  it('Serverless: service-relative handlers, a .ts source first with serverless-esbuild', () => {
    const code = resolveAll('sls', 'serverless.yml', {
      'serverless.yml': `service: users
provider:
  name: aws
  runtime: nodejs22.x
plugins:
  - serverless-esbuild
functions:
  createUser:
    handler: src/users.createUser
  legacy:
    handler: src/legacy.backup
`,
      'src/users.ts': 'export async function createUser() {}\n',
      'src/users.js': '// compiled output\n',
      'src/legacy.js': 'module.exports.backup = async () => {};\n',
    });
    expect(rel('sls', code.createUser!)).toMatchObject({
      state: 'resolved',
      entry: 'src/users.ts',
      exportName: 'createUser',
      codeRoot: '',
    });
    expect(rel('sls', code.legacy!)).toMatchObject({ entry: 'src/legacy.js', exportName: 'backup' });
  });

  it('inline code keeps its text and where each line is in the template; a deploy-time body is dynamic', () => {
    const code = resolveAll('cfn', 'template.yaml', {
      'template.yaml': `Resources:
  Inline:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Code:
        ZipFile: |
          exports.handler = async () => {
            return 1;
          };
  Built:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Code:
        ZipFile: !Sub 'exports.handler = async () => "\${AWS::Region}";'
`,
    });
    expect(code.Inline).toEqual({
      state: 'inline',
      language: 'node',
      exportName: 'handler',
      text: 'exports.handler = async () => {\n  return 1;\n};\n',
      start: { line: 9, column: 11 },
      linesMapped: true,
    });
    expect(code.Built).toEqual({ state: 'dynamic', reason: 'the inline code is built at deploy time' });
  });

  it('CDK: an unbundled asset is source, a bundled one is measured only', () => {
    const code = resolveAll('cdk', 'cdk.out/Stack.template.json', {
      'cdk.out/Stack.template.json': JSON.stringify({
        Resources: {
          Source: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Runtime: 'nodejs22.x',
              Handler: 'index.handler',
              Code: { S3Bucket: 'b', S3Key: 'k.zip' },
            },
            Metadata: {
              'aws:cdk:path': 'Stack/Source/Resource',
              'aws:asset:path': 'asset.a1',
              'aws:asset:property': 'Code',
            },
          },
          Bundled: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Runtime: 'nodejs22.x',
              Handler: 'index.handler',
              Code: { S3Bucket: 'b', S3Key: 'k2.zip' },
            },
            Metadata: {
              'aws:cdk:path': 'Stack/Bundled/Resource',
              'aws:asset:path': 'asset.b2',
              'aws:asset:is-bundled': true,
            },
          },
        },
      }),
      'cdk.out/asset.a1/index.ts': 'export const handler = async () => 1;\n',
      'cdk.out/asset.b2/index.js': 'exports.handler=async()=>1;\n',
    });
    expect(rel('cdk', code.Source!)).toMatchObject({
      state: 'resolved',
      entry: 'cdk.out/asset.a1/index.ts',
      via: 'CDK asset + Handler',
    });
    expect(code.Bundled).toEqual({
      state: 'bundled',
      language: 'node',
      artifact: path.join(root, 'cdk', 'cdk.out/asset.b2'),
      via: 'CDK bundled asset',
    });
  });

  it('never throws: dynamic, S3, image, other runtimes, Python', () => {
    const code = resolveAll('misc', 'template.yaml', {
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Parameters:
  HandlerName:
    Type: String
Resources:
  FromParameter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: .
      Handler: !Ref HandlerName
  InS3:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: s3://bucket/code.zip
      Handler: index.handler
  Image:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      ImageUri: 123.dkr.ecr.eu-west-1.amazonaws.com/app:1
  Java:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: java21
      CodeUri: .
      Handler: com.example.Handler::handleRequest
  Python:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      CodeUri: .
      Handler: app.lambda_handler
`,
      'app.py': 'def lambda_handler(event, context):\n    return 1\n',
    });
    expect(code.FromParameter).toEqual({
      state: 'dynamic',
      reason: 'Handler is set by !Ref HandlerName at deploy time',
    });
    expect(code.InS3).toEqual({
      state: 'unresolved',
      reason: 'the code is an S3 object (bucket/code.zip), not a local path',
    });
    expect(code.Image).toEqual({ state: 'image' });
    expect(code.Java).toEqual({ state: 'other-runtime', runtime: 'java21' });
    expect(rel('misc', code.Python!)).toMatchObject({
      state: 'resolved',
      language: 'python',
      entry: 'app.py',
      exportName: 'lambda_handler',
    });
  });
});
