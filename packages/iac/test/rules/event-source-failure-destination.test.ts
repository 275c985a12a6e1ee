import { describe, expect, it } from 'vitest';
import { crashes, findingsOf, positions, scanFixture, scanText } from './helpers.js';

const RULE = 'event-source-failure-destination';

describe(RULE, () => {
  it('stays quiet on the pass fixtures (destination, redrive policy, queue defined elsewhere)', () => {
    for (const name of [`${RULE}.pass.yaml`, `${RULE}.cloudformation.pass.yaml`]) {
      const findings = scanFixture(name);
      expect(crashes(findings)).toEqual([]);
      expect(findingsOf(findings, RULE)).toEqual([]);
    }
  });

  it('reports stream events at the event key and SQS queues without redrive at the queue', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [31, 3, 'error'],
      [40, 9, 'error'],
      [50, 9, 'error'],
    ]);
    expect(findings[0]?.message).toContain('Queue JobsQueue feeds JobsFunction but has no RedrivePolicy');
    expect(findings[0]?.help).toContain(
      'RedrivePolicy: { deadLetterTargetArn: !GetAtt <DeadLetterQueue>.Arn, maxReceiveCount: 5 }',
    );
    expect(findings[1]?.message).toContain(
      "ClickFunction's Kinesis event source Clicks has no on-failure destination",
    );
    expect(findings[1]?.message).toContain('blocking its shard');
    expect(findings[1]?.help).toContain(
      'DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt <Queue>.Arn } }',
    );
    expect(findings[2]?.message).toContain("OrdersFunction's DynamoDB stream event source OrderChanges");
    expect(findings[2]?.message).toContain('24 hours');
  });

  it('reports a raw event source mapping whose function lives in another stack', () => {
    const findings = findingsOf(scanFixture(`${RULE}.cloudformation.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[5, 3, 'error']]);
    expect(findings[0]?.message).toContain(
      'Event source mapping StreamMapping (Kinesis) has no on-failure destination',
    );
    expect(findings[0]?.subject).toEqual({ kind: 'resource', id: 'StreamMapping' });
  });

  it('reads Serverless stream events and their destinations.onFailure', () => {
    const findings = findingsOf(scanFixture(`${RULE}.serverless.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[13, 9, 'error']]);
    expect(findings[0]?.message).toContain(
      "Function consume's Kinesis event source has no on-failure destination",
    );
    expect(findings[0]?.help).toContain('destinations: { onFailure:');
  });

  it('says how many retries happen before records are skipped when MaximumRetryAttempts is set', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Consumer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Events:
        Stream:
          Type: Kinesis
          Properties:
            Stream: arn:aws:kinesis:eu-west-1:123456789012:stream/s
            StartingPosition: LATEST
            MaximumRetryAttempts: 3
`;
    const findings = findingsOf(scanText(text), RULE);
    expect(positions(findings)).toEqual([[10, 9, 'error']]);
    expect(findings[0]?.message).toContain('after 3 retries a failing batch is skipped');
  });

  it('never reports Amazon MQ sources (no Lambda on-failure destination exists for them)', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Consumer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Events:
        Orders:
          Type: MQ
          Properties:
            Broker: arn:aws:mq:eu-west-1:123456789012:broker:orders:b-1234
            Queues: [orders]
            SourceAccessConfigurations:
              - Type: BASIC_AUTH
                URI: arn:aws:secretsmanager:eu-west-1:123456789012:secret:mq
`;
    expect(findingsOf(scanText(text), RULE)).toEqual([]);
  });

  it('reports a queue consumed by two functions once', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
    CodeUri: src/
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  First:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Q: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
  Second:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Q: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
`;
    const findings = findingsOf(scanText(text), RULE);
    expect(positions(findings)).toEqual([[8, 3, 'error']]);
  });

  it('reports a redrive policy behind !If … AWS::NoValue as conditionally missing', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  DeadLetters:
    Type: AWS::SQS::Queue
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: !If
        - IsProd
        - { deadLetterTargetArn: !GetAtt DeadLetters.Arn, maxReceiveCount: 3 }
        - !Ref AWS::NoValue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Events:
        Q: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
`;
    const findings = findingsOf(scanText(text), RULE);
    expect(positions(findings)).toEqual([[10, 7, 'warning']]);
    expect(findings[0]?.message).toContain('RedrivePolicy is conditionally missing');
  });
});
