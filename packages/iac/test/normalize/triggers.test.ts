import { describe, expect, it } from 'vitest';
import {
  classifyPrincipal,
  connectorTrigger,
  eventBridgeRuleKind,
  isScheduleSource,
  samSnsDelivery,
  snsSubscriptionDelivery,
} from '../../src/normalize/triggers.js';
import { fn, modelOfText } from './helpers.js';

const events = (f: { events: { id: string; type: string; invocation: string; schedule?: boolean }[] }) =>
  f.events.map((e) => `${e.id}:${e.type}:${e.invocation}${e.schedule ? ':schedule' : ''}`);

describe('shared trigger classification', () => {
  it('classifies principals, including regional, China and Alexa forms', () => {
    expect(classifyPrincipal('s3.amazonaws.com')).toEqual({ service: 's3', invocation: 'asynchronous' });
    expect(classifyPrincipal('logs.${AWS::Region}.amazonaws.com')?.service).toBe('logs');
    expect(classifyPrincipal('logs.eu-west-1.amazonaws.com')?.invocation).toBe('asynchronous');
    expect(classifyPrincipal('sns.amazonaws.com.cn')?.service).toBe('sns');
    expect(classifyPrincipal('alexa-appkit.amazon.com')).toEqual({
      service: 'alexa-appkit',
      invocation: 'synchronous',
    });
    expect(classifyPrincipal('apigateway.amazonaws.com')?.invocation).toBe('synchronous');
    // Accounts, `*` and services that do not invoke are not triggers.
    expect(classifyPrincipal('123456789012')).toBeUndefined();
    expect(classifyPrincipal('*')).toBeUndefined();
    expect(classifyPrincipal('lambda.amazonaws.com')).toBeUndefined();
  });

  it('tells schedule rules from pattern rules', () => {
    expect(eventBridgeRuleKind({ scheduleExpression: true, eventPattern: false })).toBe('schedule');
    expect(eventBridgeRuleKind({ scheduleExpression: false, eventPattern: true })).toBe('pattern');
    expect(eventBridgeRuleKind({ scheduleExpression: true, eventPattern: true })).toBe('pattern');
  });

  it('tells SNS delivery to a function from delivery to a queue', () => {
    expect(snsSubscriptionDelivery('lambda')).toBe('function');
    expect(snsSubscriptionDelivery('SQS')).toBe('queue');
    expect(snsSubscriptionDelivery('email')).toBe('other');
    expect(snsSubscriptionDelivery(undefined)).toBe('other');
    expect(samSnsDelivery('absent')).toBe('direct');
    expect(samSnsDelivery('false')).toBe('direct');
    expect(samSnsDelivery('true')).toBe('generated-queue');
    expect(samSnsDelivery('map')).toBe('own-queue');
    expect(samSnsDelivery('dynamic')).toBe('unknown-queue');
  });

  it('reads a connector as a trigger only when its source may write to the function and invokes it', () => {
    expect(connectorTrigger('AWS::S3::Bucket', ['Write'])?.invocation).toBe('asynchronous');
    expect(connectorTrigger('AWS::Serverless::Api', ['Write'])?.invocation).toBe('synchronous');
    expect(connectorTrigger('AWS::S3::Bucket', ['Read'])).toBeUndefined();
    expect(connectorTrigger('AWS::SQS::Queue', ['Read', 'Write'])).toBeUndefined();
    expect(connectorTrigger('AWS::Serverless::Function', ['Write'])).toBeUndefined();
  });

  it('counts SAM schedules, schedule rules and EventBridge Scheduler as schedules', () => {
    const base = { id: 'x', origin: {} as never, via: 'event' as const, invocation: 'asynchronous' as const };
    expect(isScheduleSource({ ...base, type: 'ScheduleV2' })).toBe(true);
    expect(isScheduleSource({ ...base, type: 'schedule' })).toBe(true);
    expect(isScheduleSource({ ...base, type: 'Permission:events', schedule: true })).toBe(true);
    expect(isScheduleSource({ ...base, type: 'Permission:events' })).toBe(false);
  });
});

describe('triggers read from CloudFormation resources', () => {
  const FN = `    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: { S3Bucket: b, S3Key: k }
`;

  it('reads SNS subscriptions to a function once, whether or not a permission names the same topic', () => {
    const model = modelOfText(`Resources:
  Topic:
    Type: AWS::SNS::Topic
  Direct:
${FN}  DirectSubscription:
    Type: AWS::SNS::Subscription
    Properties: { Protocol: lambda, Endpoint: !GetAtt Direct.Arn, TopicArn: !Ref Topic }
  Both:
${FN}  BothSubscription:
    Type: AWS::SNS::Subscription
    Properties: { Protocol: lambda, Endpoint: !GetAtt Both.Arn, TopicArn: !Ref Topic }
  BothPermission:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref Both, Principal: sns.amazonaws.com, SourceArn: !Ref Topic }
  Queued:
${FN}  QueuedSubscription:
    Type: AWS::SNS::Subscription
    Properties: { Protocol: sqs, Endpoint: !GetAtt Queue.Arn, TopicArn: !Ref Topic }
  Queue:
    Type: AWS::SQS::Queue
  QueuedMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { EventSourceArn: !GetAtt Queue.Arn, FunctionName: !Ref Queued }
`);
    expect(events(fn(model, 'Direct'))).toEqual(['DirectSubscription:SNSSubscription:asynchronous']);
    expect(events(fn(model, 'Both'))).toEqual(['BothPermission:Permission:sns:asynchronous']);
    expect(events(fn(model, 'Queued'))).toEqual(['QueuedMapping:SQS:poll']);
  });

  it('matches a subscription to a permission by the topic ARN as written when the topic is in another stack', () => {
    const model = modelOfText(`Parameters:
  TopicArn: { Type: String }
Resources:
  Fn:
${FN}  FnSubscription:
    Type: AWS::SNS::Subscription
    Properties: { Protocol: lambda, Endpoint: !GetAtt Fn.Arn, TopicArn: !Ref TopicArn }
  FnPermission:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref Fn, Principal: sns.amazonaws.com, SourceArn: !Ref TopicArn }
`);
    expect(events(fn(model, 'Fn'))).toEqual(['FnPermission:Permission:sns:asynchronous']);
  });

  it('reads EventBridge Scheduler schedules and schedule rules (through an alias too)', () => {
    const model = modelOfText(`Resources:
  Job:
${FN}  JobAlias:
    Type: AWS::Lambda::Alias
    Properties: { FunctionName: !Ref Job, FunctionVersion: $LATEST, Name: live }
  Nightly:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: cron(0 1 * * ? *)
      FlexibleTimeWindow: { Mode: "OFF" }
      Target: { Arn: !Ref JobAlias, RoleArn: arn:aws:iam::123456789012:role/s }
  Hourly:
    Type: AWS::Events::Rule
    Properties: { ScheduleExpression: rate(1 hour), Targets: [{ Arn: !GetAtt Job.Arn, Id: job }] }
  HourlyPermission:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref Job, Principal: events.amazonaws.com, SourceArn: !GetAtt Hourly.Arn }
  Pattern:
    Type: AWS::Events::Rule
    Properties: { EventPattern: { source: [app] }, Targets: [{ Arn: !GetAtt Job.Arn, Id: job }] }
  PatternPermission:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref Job, Principal: events.amazonaws.com, SourceArn: !GetAtt Pattern.Arn }
`);
    expect(events(fn(model, 'Job'))).toEqual([
      'Nightly:Scheduler:asynchronous:schedule',
      'HourlyPermission:Permission:events:asynchronous:schedule',
      'PatternPermission:Permission:events:asynchronous',
    ]);
  });
});

describe('triggers read from SAM connectors and SqsSubscription', () => {
  it('ignores read-only connectors and keeps a deploy-time SqsSubscription poll-based without inventing a queue', () => {
    const model = modelOfText(`Transform: AWS::Serverless-2016-10-31
Conditions:
  UseQueue: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Connectors:
        ReadsTopic:
          Properties: { Destination: { Id: Topic }, Permissions: [Read] }
      Events:
        Orders:
          Type: SNS
          Properties:
            Topic: !Ref Topic
            SqsSubscription: !If [UseQueue, true, false]
`);
    expect(events(fn(model, 'Reader'))).toEqual(['Orders:SNS:poll']);
    expect([...model.queues.keys()]).toEqual([]);
  });
});

describe('malformed trigger resources', () => {
  it('never throw and give no trigger', () => {
    const model = modelOfText(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Connectors: [not, a, map]
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Events:
        Orders:
          Type: SNS
          Properties: { Topic: !Ref Topic, SqsSubscription: { QueueArn: !Ref AWS::NoValue } }
  Topic:
    Type: AWS::SNS::Topic
    Connectors:
      Broken: just-a-string
    Properties:
      Subscription: [lambda, { Protocol: 7 }, { Protocol: lambda }]
  Connector:
    Type: AWS::Serverless::Connector
    Properties: { Source: 1, Destination: [null, { Id: 3 }], Permissions: Write }
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, Auth: { Authorizers: [x] } }
  Schedule:
    Type: AWS::Scheduler::Schedule
    Properties: { Target: arn }
  Alias:
    Type: AWS::Lambda::Alias
    UpdatePolicy: { CodeDeployLambdaAliasUpdate: { DeploymentGroupName: !Ref Missing } }
    Properties: { FunctionName: !Ref Fn, FunctionVersion: $LATEST, Name: live }
  Permission:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: !Ref Fn, Principal: events.amazonaws.com, SourceArn: { "Fn::Sub": [1, 2] } }
`);
    expect(events(fn(model, 'Fn'))).toEqual(['Orders:SNS:poll', 'Permission:Permission:events:asynchronous']);
    expect(fn(model, 'Fn').deploymentPreference.state).toBe('unset');
  });
});
