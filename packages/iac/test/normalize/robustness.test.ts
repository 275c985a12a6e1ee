import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfigView } from '@lambda-lint/core';
import { iacRules, scanTemplateText } from '../../src/index.js';

const config = defaultConfigView(iacRules);

/** Values that stress the normalizer: wrong types, intrinsics in odd places, NoValue, nulls, Serverless variables. */
const oddValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      3.5,
      '',
      '*',
      'Active',
      'PassThrough',
      'nodejs20.x',
      'arn:aws:sqs:eu-west-1:1:q',
      '${self:custom.x}',
      '${opt:stage}',
      '${self:custom.loop}',
      'Fn',
    ),
    fc.string({ maxLength: 8 }),
    fc.record({ Ref: fc.constantFrom('AWS::NoValue', 'Fn', 'Queue', 'Param', 'Missing') }),
    fc.record({ 'Fn::GetAtt': fc.constantFrom(['Queue', 'Arn'], ['Fn', 'Arn'], 'Queue.Arn') }),
    fc.record({
      'Fn::If': fc.tuple(fc.constant('Cond'), tie('value'), fc.constant({ Ref: 'AWS::NoValue' })),
    }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        'Type',
        'Properties',
        'TargetArn',
        'Destination',
        'Variables',
        'arn',
        'Enabled',
        'OnFailure',
        'x',
      ),
      tie('value'),
      { maxKeys: 3 },
    ),
  ),
})).value;

const FUNCTION_PROPERTIES = [
  'Runtime',
  'Handler',
  'CodeUri',
  'Code',
  'Tracing',
  'TracingConfig',
  'DeadLetterQueue',
  'DeadLetterConfig',
  'EventInvokeConfig',
  'Environment',
  'Events',
  'Layers',
  'VpcConfig',
  'ReservedConcurrentExecutions',
  'ProvisionedConcurrencyConfig',
  'AutoPublishAlias',
  'DeploymentPreference',
  'SnapStart',
  'FunctionUrlConfig',
  'LoggingConfig',
  'MemorySize',
  'Timeout',
  'Architectures',
  'FunctionName',
  'KmsKeyArn',
];
const SERVERLESS_PROPERTIES = [
  'handler',
  'runtime',
  'tracing',
  'onError',
  'destinations',
  'environment',
  'events',
  'vpc',
  'layers',
  'reservedConcurrency',
  'provisionedConcurrency',
  'package',
  'url',
  'image',
  'timeout',
  'memorySize',
  'snapStart',
  'architecture',
];
const RELATED_TYPES = [
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Permission',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::Alias',
  'AWS::Lambda::Version',
  'AWS::Lambda::Url',
  'AWS::Logs::LogGroup',
  'AWS::SQS::Queue',
  'AWS::Serverless::Api',
  'AWS::StepFunctions::StateMachine',
  'Custom::LogRetention',
];

const samOrCfn = fc.record({
  sam: fc.boolean(),
  globals: fc.dictionary(fc.constantFrom(...FUNCTION_PROPERTIES), oddValue, { maxKeys: 4 }),
  fnProps: fc.dictionary(fc.constantFrom(...FUNCTION_PROPERTIES), oddValue, { maxKeys: 6 }),
  ignoreGlobals: fc.option(
    fc.oneof(fc.constant('*'), fc.array(fc.constantFrom(...FUNCTION_PROPERTIES), { maxLength: 2 }), oddValue),
  ),
  relatedType: fc.constantFrom(...RELATED_TYPES),
  relatedProps: fc.dictionary(
    fc.constantFrom(
      'FunctionName',
      'TargetFunctionArn',
      'Principal',
      'EventSourceArn',
      'DestinationConfig',
      'ProvisionedConcurrencyConfig',
      'LogGroupName',
      'RedrivePolicy',
      'VisibilityTimeout',
      'TracingEnabled',
      'TracingConfiguration',
    ),
    oddValue,
    { maxKeys: 4 },
  ),
  metadata: oddValue,
});

const serverless = fc.record({
  provider: fc.dictionary(
    fc.constantFrom(
      'name',
      'runtime',
      'tracing',
      'environment',
      'vpc',
      'stage',
      'memorySize',
      'logRetentionInDays',
    ),
    oddValue,
    { maxKeys: 4 },
  ),
  fn: fc.dictionary(fc.constantFrom(...SERVERLESS_PROPERTIES), oddValue, { maxKeys: 6 }),
  custom: fc.dictionary(fc.constantFrom('x', 'loop', 'stage'), oddValue, { maxKeys: 3 }),
});

describe('normalization never crashes on odd but parseable templates', () => {
  it('SAM / CloudFormation', () => {
    fc.assert(
      fc.property(samOrCfn, (t) => {
        const template: Record<string, unknown> = {
          ...(t.sam && {
            Transform: 'AWS::Serverless-2016-10-31',
            Globals: { Function: t.globals, Api: t.globals },
          }),
          Resources: {
            Fn: {
              Type: t.sam ? 'AWS::Serverless::Function' : 'AWS::Lambda::Function',
              Properties: t.fnProps,
              Metadata: { 'lambda-lint': { ignore: t.metadata } },
              ...(t.ignoreGlobals !== null && { IgnoreGlobals: t.ignoreGlobals }),
            },
            Queue: { Type: 'AWS::SQS::Queue' },
            Related: { Type: t.relatedType, Properties: t.relatedProps },
          },
        };
        const findings = scanTemplateText(JSON.stringify(template, null, 1), 'template.json', 'json', config);
        expect(findings.filter((f) => f.ruleId === 'internal-error' || f.ruleId === 'parse-error')).toEqual(
          [],
        );
      }),
      { numRuns: 300 },
    );
  });

  it('Serverless Framework', () => {
    fc.assert(
      fc.property(serverless, (t) => {
        const service = {
          service: 'fuzz',
          custom: { ...t.custom, loop: '${self:custom.loop}' },
          provider: { name: 'aws', ...t.provider },
          functions: { worker: t.fn },
          resources: { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } },
        };
        const findings = scanTemplateText(
          JSON.stringify(service, null, 1),
          'serverless.json',
          'json',
          config,
        );
        expect(findings.filter((f) => f.ruleId === 'internal-error' || f.ruleId === 'parse-error')).toEqual(
          [],
        );
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['empty Resources', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'],
    [
      'empty Parameters',
      'Transform: AWS::Serverless-2016-10-31\nParameters:\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n',
    ],
    ['null function', 'Resources:\n  Fn:\n'],
    [
      'Globals not a map',
      'Transform: AWS::Serverless-2016-10-31\nGlobals: [1, 2]\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: 7\n',
    ],
    ['functions not a map', 'service: x\nprovider: aws\nfunctions: nope\n'],
  ])('%s', (_, text) => {
    const findings = scanTemplateText(text, 'template.yaml', 'yaml', config);
    expect(findings.filter((f) => f.fatal)).toEqual([]);
  });
});
