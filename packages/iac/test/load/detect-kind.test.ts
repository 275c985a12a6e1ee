import { describe, expect, it } from 'vitest';
import { detectKind, loadText } from '../../src/load/index.js';

function kindOf(text: string, file = 'template.yaml'): string {
  const result = loadText(text, file, file.endsWith('.json') ? 'json' : 'yaml');
  if (!result.ok) throw new Error(result.finding.message);
  return detectKind(result.loaded);
}

describe('detectKind', () => {
  it('SAM: the Serverless transform as a string or in a list', () => {
    expect(kindOf('Transform: AWS::Serverless-2016-10-31\nResources: {}\n')).toBe('sam');
    expect(
      kindOf('Transform:\n  - AWS::LanguageExtensions\n  - AWS::Serverless-2016-10-31\nResources: {}\n'),
    ).toBe('sam');
    expect(kindOf('{ "Transform": ["AWS::Serverless-2016-10-31"], "Resources": {} }', 'template.json')).toBe(
      'sam',
    );
  });

  it('SAM: AWS::Serverless::* resources without the Transform line (as in the SAM translator test inputs)', () => {
    expect(kindOf('Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n')).toBe('sam');
    expect(kindOf('Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n')).toBe('cloudformation');
  });

  it('plain CloudFormation: other transforms, a format version, or a Resources map', () => {
    expect(kindOf('Transform: AWS::LanguageExtensions\nResources: {}\n')).toBe('cloudformation');
    expect(kindOf("AWSTemplateFormatVersion: '2010-09-09'\n")).toBe('cloudformation');
    expect(kindOf('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n')).toBe('cloudformation');
    expect(kindOf('Resources:\nOutputs: {}\n')).toBe('cloudformation');
  });

  it('Serverless Framework: service + provider + functions, or a serverless.* file name', () => {
    expect(
      kindOf(
        'service: orders\nprovider:\n  name: aws\nfunctions:\n  hello:\n    handler: h.main\n',
        'config/app.yml',
      ),
    ).toBe('serverless');
    expect(kindOf('service: orders\nprovider:\n  name: aws\n', 'api/serverless.yml')).toBe('serverless');
    expect(kindOf('{ "service": "x" }', 'serverless.json')).toBe('serverless');
    expect(kindOf('service: orders\nprovider:\n  name: aws\n', 'other.yml')).toBe('unknown');
  });

  it('CDK: a *.template.json under cdk.out/, or resources with aws:cdk:path metadata', () => {
    expect(kindOf('{ "Resources": {} }', 'cdk.out/AppStack.template.json')).toBe('cdk');
    expect(kindOf('{ "Resources": {} }', 'infra/cdk.out/assembly-Prod/ProdApp.template.json')).toBe('cdk');
    expect(
      kindOf(
        '{ "Resources": { "Fn": { "Type": "AWS::Lambda::Function", "Metadata": { "aws:cdk:path": "App/Fn/Resource" } } } }',
        'synth/App.template.json',
      ),
    ).toBe('cdk');
    expect(kindOf('{ "Resources": {} }', 'notcdk.out/AppStack.template.json')).toBe('cloudformation');
  });

  it('unknown: empty files, non-map documents and unrelated YAML', () => {
    expect(kindOf('')).toBe('unknown');
    expect(kindOf('- a\n- b\n')).toBe('unknown');
    expect(kindOf('name: build\non: push\n', '.github/workflows/ci.yml')).toBe('unknown');
    expect(kindOf('Resources: [a]\n')).toBe('unknown');
  });
});
