import { describe, expect, it } from 'vitest';
import { asyncEventSources, pollEventSources } from '../../src/model.js';
import { PRINCIPAL_INVOCATION, SAM_EVENT_INVOCATION } from '../../src/normalize/index.js';
import { fn, modelOfFixture, modelOfText, show } from './helpers.js';

const events = (f: { events: { id: string; type: string; invocation: string }[] }) =>
  f.events.map((e) => `${e.id}:${e.type}:${e.invocation}`);

describe('plain CloudFormation (fixtures/cfn)', () => {
  const model = modelOfFixture('fixtures/cfn/template.yaml');

  it('reads the function and names it by its literal FunctionName', () => {
    const orders = fn(model, 'ProcessOrders');
    expect(orders.kind).toBe('cloudformation');
    expect(orders.name).toBe('process-orders');
    expect(orders.origin.range.line).toBe(46);
    expect(show(orders.tracing)).toBe('Active @function:60');
    expect(show(orders.reservedConcurrency)).toBe('10 @function:58');
    expect(show(orders.timeout)).toBe('30 @function:57');
    expect(show(orders.environment.get('STAGE')!)).toBe('dynamic @function:64');
  });

  it('attaches event source mappings by !Ref and !GetAtt, typed by the source resource', () => {
    const orders = fn(model, 'ProcessOrders');
    expect(events(orders)).toEqual(['OrdersQueueMapping:SQS:poll', 'StreamMapping:Kinesis:poll']);
    const [queue, stream] = pollEventSources(orders);
    expect(queue!.sourceResource).toEqual({ logicalId: 'OrdersQueue', type: 'AWS::SQS::Queue' });
    expect(queue!.isStream).toBe(false);
    expect(stream!.isStream).toBe(true);
    expect(show(stream!.onFailure!)).toBe('SQS→OrdersDeadLetters @resource:82');
    expect(show(stream!.bisectBatchOnFunctionError!)).toBe('true @resource:79');
    expect(model.eventSourceMappings.map((m) => `${m.id}→${m.functionId}`)).toEqual([
      'OrdersQueueMapping→ProcessOrders',
      'StreamMapping→ProcessOrders',
    ]);
  });

  it('infers triggers from AWS::Lambda::Permission principals (literal, !Sub, by function name)', () => {
    expect(events(fn(model, 'RenderReceipt'))).toEqual(['RenderReceiptFromS3:Permission:s3:asynchronous']);
    // FunctionName is the literal name "notify-customer"; the principal is !Sub events.${AWS::URLSuffix}.
    expect(events(fn(model, 'NotifyCustomer'))).toEqual(['NotifyFromEvents:Permission:events:asynchronous']);
    expect(events(fn(model, 'OrderStatusApi'))).toEqual([
      'OrderStatusUrl:FunctionUrl:synchronous',
      'OrderStatusFromApiGateway:Permission:apigateway:synchronous',
    ]);
    expect(asyncEventSources(fn(model, 'OrderStatusApi'))).toEqual([]);
  });

  it('a DeadLetterConfig behind !If with AWS::NoValue is conditionally missing', () => {
    const receipt = fn(model, 'RenderReceipt');
    expect(show(receipt.deadLetterTarget)).toBe('conditional @function:99');
    expect(receipt.inlineCode).toBe(true);
  });

  it('takes EventInvokeConfig, Version, Alias (with provisioned concurrency) from separate resources', () => {
    const notify = fn(model, 'NotifyCustomer');
    if (notify.eventInvokeConfig.state !== 'set') throw new Error('expected EventInvokeConfig');
    expect(notify.eventInvokeConfig.origin).toMatchObject({ kind: 'resource', resource: 'NotifyFailures' });
    expect(show(notify.eventInvokeConfig.value.onFailure)).toBe('SQS→OrdersDeadLetters @resource:136');
    expect(show(notify.eventInvokeConfig.value.maximumRetryAttempts)).toBe('1 @resource:134');
    expect(notify.versions).toEqual(['NotifyVersion']);
    expect(notify.aliases).toEqual(['NotifyLive']);
    expect(show(notify.provisionedConcurrency)).toBe('2 @resource:151');
    expect(notify.provisionedConcurrencyTarget).toMatchObject({ kind: 'alias', logicalId: 'NotifyLive' });
    expect(show(notify.snapStart)).toBe('PublishedVersions @function:120');
  });

  it('links URLs, log groups, queues and state machines', () => {
    const status = fn(model, 'OrderStatusApi');
    expect(status.functionUrl.state).toBe('set');
    expect(show(status.logRetention)).toBe('30 @resource:180');
    const queue = model.queues.get('OrdersQueue')!;
    expect(show(queue.visibilityTimeout)).toBe('180 @resource:26');
    expect(show(queue.redrivePolicy)).toMatch(/@resource:27$/);
    expect(model.queues.get('OrdersDeadLetters')!.deadLetterSourceOf).toEqual(['OrdersQueue']);
    expect(show(model.queues.get('OrdersDeadLetters')!.redrivePolicy)).toBe('unset');
    expect(model.stateMachines.map((s) => `${s.id}:${show(s.tracing)}`)).toEqual([
      'Workflow:true @resource:188',
    ]);
    expect(model.parameters.get('Stage')).toMatchObject({ default: 'dev', allowedValues: ['dev', 'prod'] });
  });
});

describe('event classification', () => {
  it.each([
    ['Api', 'synchronous'],
    ['HttpApi', 'synchronous'],
    ['Cognito', 'synchronous'],
    ['AlexaSkill', 'synchronous'],
    ['S3', 'asynchronous'],
    ['SNS', 'asynchronous'],
    ['EventBridgeRule', 'asynchronous'],
    ['CloudWatchEvent', 'asynchronous'],
    ['Schedule', 'asynchronous'],
    ['ScheduleV2', 'asynchronous'],
    ['IoTRule', 'asynchronous'],
    ['CloudWatchLogs', 'asynchronous'],
    ['SQS', 'poll'],
    ['Kinesis', 'poll'],
    ['DynamoDB', 'poll'],
    ['MSK', 'poll'],
    ['SelfManagedKafka', 'poll'],
    ['MQ', 'poll'],
    ['DocumentDB', 'poll'],
  ])('SAM event %s is %s', (type, invocation) => {
    expect(SAM_EVENT_INVOCATION.get(type)).toBe(invocation);
    const model = modelOfText(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: .
      Events:
        Trigger:
          Type: ${type}
`);
    expect(events(fn(model, 'Fn'))).toEqual([`Trigger:${type}:${invocation}`]);
  });

  it.each([
    ['s3.amazonaws.com', 'asynchronous'],
    ['sns.amazonaws.com', 'asynchronous'],
    ['events.amazonaws.com', 'asynchronous'],
    ['logs.eu-west-1.amazonaws.com', 'asynchronous'],
    ['iot.amazonaws.com', 'asynchronous'],
    ['ses.amazonaws.com', 'asynchronous'],
    ['scheduler.amazonaws.com', 'asynchronous'],
    ['config.amazonaws.com', 'asynchronous'],
    ['codecommit.amazonaws.com', 'asynchronous'],
    ['apigateway.amazonaws.com', 'synchronous'],
    ['elasticloadbalancing.amazonaws.com', 'synchronous'],
    ['cognito-idp.amazonaws.com', 'synchronous'],
    ['lex.amazonaws.com', 'synchronous'],
  ])('Permission principal %s is %s', (principal, invocation) => {
    const model = modelOfText(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: { ZipFile: x } }
  Allow:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: !GetAtt Fn.Arn, Principal: ${principal} }
`);
    expect(fn(model, 'Fn').events.map((e) => `${e.invocation}:${e.principal}`)).toEqual([
      `${invocation}:${principal}`,
    ]);
    expect(PRINCIPAL_INVOCATION.get(principal.split('.')[0]!)).toBe(invocation);
  });

  it('a permission for an unknown principal or another function adds nothing', () => {
    const model = modelOfText(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: { ZipFile: x } }
  Other:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: some-other-function, Principal: s3.amazonaws.com }
  Account:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref Fn, Principal: '123456789012' }
`);
    expect(fn(model, 'Fn').events).toEqual([]);
  });
});

describe('dynamic and conditional values', () => {
  const model = modelOfText(`Transform: AWS::Serverless-2016-10-31
Parameters:
  Mode: { Type: String, Default: Active }
  Dlq: { Type: String }
Conditions:
  HasDlq: !Not [!Equals [!Ref Dlq, '']]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: !FindInMap [Runtimes, Node, Latest]
      Handler: index.handler
      CodeUri: .
      Tracing: !Ref Mode
      MemorySize: !If [HasDlq, 512, 256]
      ReservedConcurrentExecutions: !If [HasDlq, 5, !Ref AWS::NoValue]
      DeadLetterQueue:
        Type: SQS
        TargetArn: !ImportValue shared-dlq-arn
      KmsKeyArn: !Ref AWS::NoValue
`);
  const f = fn(model, 'Fn');
  it('!Ref a parameter, !FindInMap and !If without NoValue are dynamic, not missing', () => {
    expect(show(f.tracing)).toBe('dynamic @function:14');
    expect(show(f.runtime)).toBe('dynamic @function:11');
    expect(show(f.memorySize)).toBe('dynamic @function:15');
    if (f.tracing.state !== 'dynamic') throw new Error('expected dynamic');
    expect(f.tracing.reason).toBe('set by !Ref Mode at deploy time');
  });
  it('!If with an AWS::NoValue branch is conditional; !Ref AWS::NoValue alone is unset', () => {
    expect(show(f.reservedConcurrency)).toBe('conditional @function:16');
    expect(show(f.kmsKeyArn)).toBe('unset');
  });
  it('a DLQ whose ARN comes from !ImportValue is present, with a deploy-time target', () => {
    expect(show(f.deadLetterTarget)).toBe('SQS→(!ImportValue shared-dlq-arn) @function:17');
  });
});

describe('Metadata suppressions', () => {
  it('reads template-level and resource-level lambda-lint ignore entries', () => {
    const model = modelOfText(`Metadata:
  lambda-lint:
    ignore: [tracing-active]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Metadata:
      lambda-lint:
        ignore:
          - rule: concurrency-limit
            reason: shares the account pool
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: { ZipFile: x } }
  Next:
    Type: AWS::SQS::Queue
`);
    expect(
      model.suppressions.map((s) => ({
        rules: s.rules,
        from: s.fromLine,
        to: s.toLine,
        reason: s.reason,
        kind: s.kind,
      })),
    ).toEqual([
      {
        rules: ['tracing-active'],
        from: 1,
        to: Number.MAX_SAFE_INTEGER,
        reason: undefined,
        kind: 'metadata',
      },
      { rules: ['concurrency-limit'], from: 5, to: 12, reason: 'shares the account pool', kind: 'metadata' },
    ]);
  });
});

describe('SAM SNS event with SqsSubscription', () => {
  it('is poll-based (SAM puts a queue between the topic and the function)', () => {
    const model = modelOfText(`Transform: AWS::Serverless-2016-10-31
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: .
      Events:
        Direct:
          Type: SNS
          Properties: { Topic: !Ref Topic }
        Buffered:
          Type: SNS
          Properties: { Topic: !Ref Topic, SqsSubscription: true }
`);
    expect(events(fn(model, 'Fn'))).toEqual(['Direct:SNS:asynchronous', 'Buffered:SNS:poll']);
  });
});

describe('SAM poll-based events and references to generated aliases', () => {
  const model = modelOfText(`Transform: AWS::Serverless-2016-10-31
Resources:
  Stream:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 1 }
  Failures:
    Type: AWS::SNS::Topic
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: .
      AutoPublishAlias: live
      Events:
        Records:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Stream.Arn
            StartingPosition: LATEST
            BisectBatchOnFunctionError: true
            MaximumRetryAttempts: 5
            DestinationConfig:
              OnFailure:
                Type: SNS
                Destination: !Ref Failures
  AllowTopicOnAlias:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref Fn.Alias, Principal: sns.amazonaws.com }
  AllowBucketOnAlias:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref FnAliaslive, Principal: s3.amazonaws.com }
`);
  const f = fn(model, 'Fn');
  it('reads the stream source, on-failure destination, bisect and retries', () => {
    const [records] = f.events;
    expect(records).toMatchObject({
      id: 'Records',
      type: 'Kinesis',
      invocation: 'poll',
      isStream: true,
      sourceResource: { logicalId: 'Stream', type: 'AWS::Kinesis::Stream' },
    });
    expect(show(records!.onFailure!)).toBe('SNS→Failures @function:24');
    expect(show(records!.bisectBatchOnFunctionError!)).toBe('true @function:21');
    expect(show(records!.maximumRetryAttempts!)).toBe('5 @function:22');
  });
  it('attaches permissions on `!Ref Fn.Alias` and on the generated `FnAliaslive`', () => {
    expect(events(f)).toEqual([
      'Records:Kinesis:poll',
      'AllowTopicOnAlias:Permission:sns:asynchronous',
      'AllowBucketOnAlias:Permission:s3:asynchronous',
    ]);
  });
});
