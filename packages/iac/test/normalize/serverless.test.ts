import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/load/index.js';
import { ServerlessVariables, serverlessLogicalId } from '../../src/normalize/index.js';
import { fn, modelOfFixture, modelOfText, show, showEnvironment } from './helpers.js';

function variables(yaml: string): ServerlessVariables {
  const result = loadText(yaml, 'serverless.yml', 'yaml');
  if (!result.ok) throw new Error(result.finding.message);
  return new ServerlessVariables(result.loaded.root);
}

describe('Serverless variables', () => {
  const vars = variables(`service: shop
custom:
  stage: \${opt:stage, 'dev'}
  sizes: { dev: 256, prod: 2048 }
  size: \${self:custom.sizes.\${self:custom.stage}}
  name: \${self:service}-\${self:custom.stage}
  loopA: \${self:custom.loopB}
  loopB: \${self:custom.loopA}
  secret: \${ssm:/shop/secret}
  fromEnv: \${env:SHOP_MODE}
  withEnvFallback: \${env:SHOP_MODE, 'standard'}
  chained: \${opt:region, self:custom.region}
  region: eu-west-1
  flag: true
`);
  it.each([
    ["${opt:stage, 'dev'}", 'dev'],
    ['${self:custom.stage}', 'dev'],
    ['${self:custom.size}', 256],
    ['${self:custom.name}', 'shop-dev'],
    ['${self:custom.chained}', 'eu-west-1'],
    ['${self:custom.withEnvFallback}', 'standard'],
    ['${self:custom.flag}', true],
    ['arn:aws:sqs:${self:custom.region}:123:q', 'arn:aws:sqs:eu-west-1:123:q'],
    ['${self:custom.missing, 42}', 42],
  ])('%s resolves to %s', (text, value) => {
    expect(vars.resolveString(text)).toEqual({ value });
  });
  it.each([
    '${self:custom.loopA}',
    '${self:custom.secret}',
    '${self:custom.fromEnv}',
    '${sls:stage}',
    '${opt:stage}',
    '${file(./config.yml):memory}',
    '${cf:other-stack.Output}',
    '${self:custom.missing}',
    'prefix-${aws:region}',
  ])('%s stays dynamic', (text) => {
    expect(vars.resolveString(text)).toHaveProperty('dynamic');
  });
  it('ends on deeply nested variables instead of looping', () => {
    const deep = `${'${self:custom.'.repeat(40)}x${'}'.repeat(40)}`;
    expect(vars.resolveString(deep)).toHaveProperty('dynamic');
  });
});

describe('Serverless Framework service (fixtures/serverless-app)', () => {
  const model = modelOfFixture('fixtures/serverless-app/serverless.yml');

  it('applies provider defaults with provider origins, and the framework defaults', () => {
    const create = fn(model, 'createOrder');
    expect(create.kind).toBe('serverless');
    expect(create.origin.range.line).toBe(29);
    expect(show(create.runtime)).toBe('nodejs20.x @provider:16');
    expect(show(create.memorySize)).toBe('256 @provider:18');
    expect(show(create.timeout)).toBe('10 @provider:19');
    expect(show(create.logRetention)).toBe('14 @provider:20');
    expect(show(create.tracing)).toBe('Active @provider:22');
    expect(showEnvironment(create)).toEqual({
      TABLE_NAME: 'dynamic @function:32',
      API_KEY: 'dynamic @provider:26',
      LOG_LEVEL: 'info @function:33',
    });
    expect(showEnvironment(fn(model, 'notify')).TABLE_NAME).toBe('orders-dev @provider:25');
  });

  it('a function-level tracing: false cannot switch off provider tracing; PassThrough can', () => {
    expect(show(fn(model, 'processOrder').tracing)).toBe('Active @provider:22');
    expect(show(fn(model, 'notify').tracing)).toBe('PassThrough @function:73');
  });

  it('classifies events and reads poll-source details', () => {
    const process = fn(model, 'processOrder');
    expect(process.events.map((e) => `${e.type}:${e.invocation}`)).toEqual(['sqs:poll', 'stream:poll']);
    expect(process.events[0]!.sourceResource).toEqual({ logicalId: 'OrdersQueue', type: 'AWS::SQS::Queue' });
    expect(show(process.events[1]!.onFailure!)).toBe(
      'SQS→arn:aws:sqs:eu-west-1:123456789012:orders-stream-failures @function:57',
    );
    expect(fn(model, 'createOrder').events.map((e) => `${e.type}:${e.invocation}`)).toEqual([
      'httpApi:synchronous',
      'http:synchronous',
    ]);
    expect(fn(model, 'onReceipt').events.map((e) => `${e.type}:${e.invocation}`)).toEqual([
      's3:asynchronous',
      'schedule:asynchronous',
    ]);
    expect(fn(model, 'notify').events.map((e) => `${e.type}:${e.invocation}`)).toEqual([
      'eventBridge:asynchronous',
    ]);
  });

  it('reads onError through ${self:} to a CloudFormation reference, destinations and retries', () => {
    const receipt = fn(model, 'onReceipt');
    expect(show(receipt.deadLetterTarget)).toBe('SQS→OrdersDeadLetters @function:62');
    expect(show(receipt.provisionedConcurrency)).toBe('2 @function:63');
    expect(show(receipt.autoPublishAlias)).toBe('provisioned @default:63');
    expect(show(receipt.memorySize)).toBe('512 @function:61');
    const notify = fn(model, 'notify');
    if (notify.eventInvokeConfig.state !== 'set') throw new Error('expected destinations');
    expect(show(notify.eventInvokeConfig.value.onFailure)).toBe(
      `Lambda→${serverlessLogicalId('processOrder')} @function:76`,
    );
    expect(show(notify.eventInvokeConfig.value.maximumRetryAttempts)).toBe('1 @function:74');
    expect(show(notify.codeLocation)).toBe('{"type":"path","path":"dist/notify.zip"} @function:78');
    expect(show(fn(model, 'processOrder').reservedConcurrency)).toBe('5 @function:46');
  });

  it('reads resources.Resources as CloudFormation and API Gateway tracing from the provider', () => {
    expect(show(model.queues.get('OrdersQueue')!.visibilityTimeout)).toBe('360 @resource:91');
    expect(model.queues.get('OrdersDeadLetters')!.deadLetterSourceOf).toEqual(['OrdersQueue']);
    expect(model.apiStages.map((s) => `${s.id}:${show(s.tracing)}`)).toEqual([
      'ApiGatewayRestApi:true @provider:23',
    ]);
  });
});

describe('Serverless edge cases', () => {
  it('skips a non-AWS provider with an info note', () => {
    const model = modelOfText(
      `service: edge
provider:
  name: google
  runtime: nodejs20
functions:
  hello:
    handler: index.hello
`,
      'serverless.yml',
    );
    expect(model.functions).toEqual([]);
    expect(model.notes.map((n) => [n.ruleId, n.severity, n.range.line, n.message])).toEqual([
      [
        'unsupported-template',
        'info',
        3,
        'This Serverless service uses provider "google", not AWS, so lambda-lint skipped it: its rules are about AWS Lambda.',
      ],
    ]);
  });

  it('uses the framework defaults (1024 MB, 6 s) when neither function nor provider sets them', () => {
    const model = modelOfText(
      `service: tiny
provider:
  name: aws
  runtime: nodejs20.x
functions:
  tiny:
    handler: index.handler
    tracing: true
`,
      'serverless.yml',
    );
    const tiny = fn(model, 'tiny');
    expect(show(tiny.memorySize)).toBe('1024 @default:6');
    expect(show(tiny.timeout)).toBe('6 @default:6');
    expect(show(tiny.tracing)).toBe('Active @function:8');
  });

  it('maps Serverless function logical IDs the way the framework names them', () => {
    expect(serverlessLogicalId('hello')).toBe('HelloLambdaFunction');
    expect(serverlessLogicalId('create-order_v2')).toBe('CreateDashorderUnderscorev2LambdaFunction');
    const model = modelOfText(
      `service: perm
provider: { name: aws, runtime: nodejs20.x }
functions:
  worker: { handler: index.handler }
resources:
  Resources:
    AllowSns:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !GetAtt WorkerLambdaFunction.Arn
        Action: lambda:InvokeFunction
        Principal: sns.amazonaws.com
`,
      'serverless.yml',
    );
    expect(fn(model, 'worker').events.map((e) => `${e.type}:${e.invocation}`)).toEqual([
      'Permission:sns:asynchronous',
    ]);
  });
});
