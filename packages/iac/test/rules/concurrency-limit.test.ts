import { describe, expect, it } from 'vitest';
import { configWith, crashes, findingsOf, positions, scanFixture, scanText } from './helpers.js';

const RULE = 'concurrency-limit';

const API_ONLY = `Transform: AWS::Serverless-2016-10-31
Resources:
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Events:
        Get: { Type: HttpApi, Properties: { Path: /, Method: GET } }
`;

describe(RULE, () => {
  it('stays quiet on the pass fixtures (reserved, MaximumConcurrency, deploy-time value, API-only, Globals)', () => {
    for (const name of [`${RULE}.pass.yaml`, `${RULE}.globals.pass.yaml`]) {
      const findings = scanFixture(name);
      expect(crashes(findings)).toEqual([]);
      expect(findingsOf(findings, RULE)).toEqual([]);
    }
  });

  it('reports SQS and asynchronous functions without a limit at their logical ID', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [18, 3, 'warning'],
      [27, 3, 'warning'],
    ]);
    expect(findings[0]?.message).toContain(
      'ImportFunction has no reserved or provisioned concurrency: its trigger (SQS event Imports at line 22)',
    );
    expect(findings[0]?.message).toContain('throttle every other function');
    expect(findings[0]?.help).toContain(
      'ReservedConcurrentExecutions: <highest number of parallel executions it needs>',
    );
    expect(findings[0]?.help).toContain('ScalingConfig: { MaximumConcurrency: <n> }');
    expect(findings[1]?.message).toContain(
      'NotifyFunction has no reserved or provisioned concurrency: its trigger (SNS event Alerts at line 31)',
    );
    expect(findings[1]?.help).not.toContain('ScalingConfig');
  });

  it('reads Serverless reservedConcurrency', () => {
    const findings = findingsOf(scanFixture(`${RULE}.serverless.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[8, 3, 'warning']]);
    expect(findings[0]?.help).toContain(
      '`reservedConcurrency: <highest number of parallel executions it needs>` to function fanout',
    );
  });

  it('leaves synchronous-only functions alone unless scope is "all"', () => {
    expect(findingsOf(scanText(API_ONLY), RULE)).toEqual([]);
    const findings = findingsOf(
      scanText(API_ONLY, 'template.yaml', configWith({ [RULE]: { options: { scope: 'all' } } })),
      RULE,
    );
    expect(positions(findings)).toEqual([[3, 3, 'warning']]);
    expect(findings[0]?.message).toContain('a burst of invocations can scale it');
  });

  it('leaves stream consumers alone (bounded by shards) and counts provisioned concurrency as a limit', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
    CodeUri: src/
Resources:
  StreamFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        S: { Type: Kinesis, Properties: { Stream: arn:aws:kinesis:eu-west-1:123456789012:stream/s, StartingPosition: LATEST } }
  WarmFunction:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 }
      Events:
        T: { Type: SNS, Properties: { Topic: arn:aws:sns:eu-west-1:123456789012:t } }
`;
    expect(findingsOf(scanText(text), RULE)).toEqual([]);
  });

  it('counts a Serverless sqs maximumConcurrency as a limit', () => {
    const text = `service: jobs
provider:
  name: aws
  runtime: nodejs24.x
functions:
  worker:
    handler: index.handler
    events:
      - sqs:
          arn: arn:aws:sqs:eu-west-1:123456789012:jobs
          maximumConcurrency: 5
  unbounded:
    handler: index.other
    events:
      - sqs: arn:aws:sqs:eu-west-1:123456789012:other
`;
    const findings = findingsOf(scanText(text, 'serverless.yml'), RULE);
    expect(positions(findings)).toEqual([[12, 3, 'warning']]);
    expect(findings[0]?.help).toContain('`maximumConcurrency: <n>` on its sqs event');
  });

  it('leaves schedule-only functions alone: a schedule cannot fan out', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Nightly:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs24.x
      Handler: index.handler
      CodeUri: src/
      Events:
        Cron: { Type: Schedule, Properties: { Schedule: rate(1 day) } }
`;
    expect(findingsOf(scanText(text), RULE)).toEqual([]);
  });

  it('reports reserved concurrency behind !If … AWS::NoValue as conditionally missing, at info', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  NotifyFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      ReservedConcurrentExecutions: !If [IsProd, 50, !Ref AWS::NoValue]
      Events:
        T: { Type: SNS, Properties: { Topic: arn:aws:sns:eu-west-1:123456789012:t } }
`;
    const findings = findingsOf(scanText(text), RULE);
    expect(positions(findings)).toEqual([[11, 7, 'info']]);
    expect(findings[0]?.message).toContain('reserved concurrency is conditionally missing');
  });
});
