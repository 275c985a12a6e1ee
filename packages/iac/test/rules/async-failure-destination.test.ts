import { describe, expect, it } from 'vitest';
import { configWith, crashes, findingsOf, positions, scanFixture, scanText } from './helpers.js';

const RULE = 'async-failure-destination';

describe(RULE, () => {
  it('stays quiet on the pass fixtures (DLQ, destination, deploy-time ARN, sync-only, untriggered, Globals)', () => {
    for (const name of [`${RULE}.pass.yaml`, `${RULE}.globals.pass.yaml`]) {
      const findings = scanFixture(name);
      expect(crashes(findings)).toEqual([]);
      expect(findingsOf(findings, RULE)).toEqual([]);
    }
  });

  it('reports each asynchronously invoked function without a failure path at its logical ID', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [16, 3, 'error'],
      [26, 3, 'error'],
    ]);
    expect(findings[0]?.message).toContain(
      'ThumbnailFunction is invoked asynchronously (S3 event Upload at line 20)',
    );
    expect(findings[0]?.message).toContain('after 2 retries Lambda drops the failed event silently');
    expect(findings[0]?.help).toContain('DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt <Queue>.Arn }');
    expect(findings[0]?.help).toContain('EventInvokeConfig: { DestinationConfig: { OnFailure:');
    expect(findings[0]?.subject).toEqual({ kind: 'function', id: 'ThumbnailFunction' });
    // EventInvokeConfig with only MaximumRetryAttempts is not a failure path; its retry count is quoted.
    expect(findings[1]?.message).toContain(
      'OrderEventsFunction is invoked asynchronously (EventBridgeRule event OrderPlaced at line 30)',
    );
    expect(findings[1]?.message).toContain('after 1 retry');
  });

  it('reports an !If around the DLQ as conditionally missing, at warning, at the property', () => {
    const findings = findingsOf(scanFixture(`${RULE}.conditional.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[23, 7, 'warning']]);
    expect(findings[0]?.message).toContain('dead-letter queue is conditionally missing');
  });

  it('infers asynchronous triggers from AWS::Lambda::Permission in plain CloudFormation', () => {
    const findings = findingsOf(scanFixture(`${RULE}.cloudformation.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[5, 3, 'error']]);
    expect(findings[0]?.message).toContain(
      'AuditFunction is invoked asynchronously (EventBridge permission AuditPermission at line 16)',
    );
    expect(findings[0]?.help).toContain('DeadLetterConfig');
    expect(findings[0]?.help).toContain('AWS::Lambda::EventInvokeConfig');
  });

  it('reads Serverless onError / destinations.onFailure and ignores HTTP-only functions', () => {
    const findings = findingsOf(scanFixture(`${RULE}.serverless.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[10, 3, 'error']]);
    expect(findings[0]?.message).toContain('Function resize is invoked asynchronously (s3 event at line 13)');
    expect(findings[0]?.help).toContain('destinations: { onFailure:');
  });

  it('counts a separate AWS::Lambda::EventInvokeConfig with an on-failure destination', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AuditFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/audit
      Code: { ZipFile: "x" }
  AuditPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref AuditFunction
      Principal: s3.amazonaws.com
  AuditInvokeConfig:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref AuditFunction
      Qualifier: $LATEST
      DestinationConfig:
        OnFailure:
          Destination: arn:aws:sqs:eu-west-1:123456789012:audit-failures
`;
    expect(findingsOf(scanText(text), RULE)).toEqual([]);
  });

  it('reports untriggered functions only with flagUntriggered', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  HelperFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
`;
    expect(findingsOf(scanText(text), RULE)).toEqual([]);
    const findings = findingsOf(
      scanText(text, 'template.yaml', configWith({ [RULE]: { options: { flagUntriggered: true } } })),
      RULE,
    );
    expect(positions(findings)).toEqual([[3, 3, 'error']]);
    expect(findings[0]?.message).toContain('has no trigger in this template');
  });

  it('caps the conditional tier at the configured severity', () => {
    const findings = findingsOf(
      scanFixture(`${RULE}.conditional.fail.yaml`, configWith({ [RULE]: { severity: 'info' } })),
      RULE,
    );
    expect(positions(findings)).toEqual([[23, 7, 'info']]);
  });
  it('names CDK functions by their construct path in JSON output', () => {
    const template = {
      Resources: {
        ResizeFnABC123: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Runtime: 'nodejs22.x',
            Handler: 'index.handler',
            Role: 'arn:aws:iam::123456789012:role/r',
            Code: { S3Bucket: 'b', S3Key: 'k.zip' },
          },
          Metadata: {
            'aws:cdk:path': 'ImageStack/ResizeFn/Resource',
            'aws:asset:path': 'asset.1234',
            'aws:asset:property': 'Code',
          },
        },
        ResizeFnAllowS3: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            Action: 'lambda:InvokeFunction',
            FunctionName: { 'Fn::GetAtt': ['ResizeFnABC123', 'Arn'] },
            Principal: 's3.amazonaws.com',
          },
        },
      },
    };
    const text = JSON.stringify(template, null, 2);
    const findings = findingsOf(scanText(text, 'cdk.out/ImageStack.template.json'), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.range.line).toBe(3);
    expect(findings[0]?.message).toContain('ResizeFnABC123 (ImageStack/ResizeFn');
    expect(findings[0]?.message).toContain('S3 permission ResizeFnAllowS3');
    expect(findings[0]?.help).toContain('In CDK, set `deadLetterQueueEnabled: true` or `onFailure`');
  });
});
