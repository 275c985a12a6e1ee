import { describe, expect, it } from 'vitest';
import type { Finding, TextEdit } from '@lambda-lint/core';
import { loadText } from '../../src/load/index.js';
import { scanTemplateText } from '../../src/scanner.js';
import { configWith } from '../rules/helpers.js';
import { plain } from './plain.js';

function loaded(text: string, format: 'yaml' | 'json' = 'yaml') {
  const result = loadText(text, format === 'yaml' ? 'template.yaml' : 'template.json', format);
  if (!result.ok) throw new Error(`expected the template to load, got: ${result.finding.message}`);
  return { value: plain(result.loaded.root), notes: result.loaded.notes ?? [] };
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

describe('a key written twice: an error naming both lines, and the template analysed with the later value', () => {
  it('YAML: the later value is kept, the finding is at the later key and names the earlier line', () => {
    const { value, notes } = loaded('Resources:\n  Fn:\n    Type: A\n    Properties: {}\n    Type: B\n');
    expect(value).toEqual({ Resources: { Fn: { Type: 'B', Properties: {} } } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      ruleId: 'duplicate-key',
      severity: 'error',
      tool: 'iac',
      file: 'template.yaml',
      range: { line: 5, column: 5, endLine: 5, endColumn: 9 },
      docsUrl: 'https://github.com/lambda-lint/lambda-lint/blob/main/docs/rules/duplicate-key.md',
    });
    expect(notes[0]!.fatal).toBeUndefined();
    expect(notes[0]!.message).toMatch(
      /^Duplicate key "Type" on line 5 repeats the one on line 3: CloudFormation keeps only the later value \(line 5\)/,
    );
    expect(notes[0]!.help).toMatch(/line 3/);
  });

  it('keys equal only as strings (1 and "1") are the same key in the template CloudFormation receives', () => {
    const { value, notes } = loaded('Mappings:\n  Sizes:\n    1: small\n    "1": large\n');
    expect(value).toEqual({ Mappings: { Sizes: { '1': 'large' } } });
    expect(notes.map((n) => n.range)).toEqual([{ line: 4, column: 5, endLine: 4, endColumn: 8 }]);
  });

  it('three occurrences: two findings, the last value kept', () => {
    const { value, notes } = loaded('a: 1\nb: 0\na: 2\na: 3\n');
    expect(value).toEqual({ a: 3, b: 0 });
    expect(notes.map((n) => n.message.slice(0, 45))).toEqual([
      'Duplicate key "a" on line 3 repeats the one o',
      'Duplicate key "a" on line 4 repeats the one o',
    ]);
  });

  it('JSON: the same finding and the later value', () => {
    const { value, notes } = loaded('{\n  "a": 1,\n  "a": 2\n}', 'json');
    expect(value).toEqual({ a: 2 });
    expect(notes).toMatchObject([
      { ruleId: 'duplicate-key', range: { line: 3, column: 3, endLine: 3, endColumn: 6 } },
    ]);
  });

  it('JSON: a repeated key among many properties (indexed map) is found too', () => {
    const props = Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(', ');
    const { value, notes } = loaded(`{ ${props}, "k3": "again" }`, 'json');
    expect((value as Record<string, unknown>).k3).toBe('again');
    expect(notes).toHaveLength(1);
  });

  it('a SAM function with two Timeout keys: the duplicate is reported and the rules see the deployed value', () => {
    const template = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      VisibilityTimeout: 60',
      '  Worker:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: index.handler',
      '      CodeUri: src/',
      '      Timeout: 30',
      '      Tracing: Active',
      '      Timeout: 300',
      '      Events:',
      '        Jobs:',
      '          Type: SQS',
      '          Properties:',
      '            Queue: !GetAtt Queue.Arn',
      '',
    ].join('\n');
    const findings = scanTemplateText(template, 'template.yaml', 'yaml', configWith());
    const byRule = (id: string): Finding[] => findings.filter((f) => f.ruleId === id);
    expect(findings.some((f) => f.fatal)).toBe(false);
    expect(byRule('duplicate-key')).toMatchObject([{ range: { line: 15, column: 7 } }]);
    // The queue's 60 s visibility is shorter than the deployed 300 s timeout (not the 30 s written first).
    expect(
      byRule('timeout-alignment')
        .map((f) => f.message)
        .join('\n'),
    ).toMatch(/300/);
  });

  it('a comment suppression silences it like any other finding', () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    # lambda-lint-disable-next-line duplicate-key',
      '    Type: AWS::SNS::Topic',
      '',
    ].join('\n');
    expect(
      scanTemplateText(template, 'template.yaml', 'yaml', configWith()).map((f) => f.ruleId),
    ).not.toContain('duplicate-key');
  });
});

describe('flow collections indented the way PyYAML (the SAM CLI) accepts', () => {
  const cases: [string, string, unknown][] = [
    [
      'a list whose items sit at the key’s own indentation',
      'Resources:\n  Fn:\n    Properties:\n      Policies: [\n      AWSLambdaBasicExecutionRole,\n      AmazonS3ReadOnlyAccess\n      ]\n    Type: X\n',
      {
        Resources: {
          Fn: {
            Properties: { Policies: ['AWSLambdaBasicExecutionRole', 'AmazonS3ReadOnlyAccess'] },
            Type: 'X',
          },
        },
      },
    ],
    [
      'a map inside a list, back at column 0, with an intrinsic and a comment',
      'Outputs:\n  Arn:\n    Value: !Join [ "", [\n  "arn:aws:s3:::", # the partition is fixed\n  !Ref Bucket\n] ]\n',
      { Outputs: { Arn: { Value: { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'Bucket' }]] } } } },
    ],
    [
      'two separate collections, both shallow, under list items',
      'Statement:\n  - Action: [\n    "s3:GetObject",\n    "s3:PutObject"]\n    Resource: {\n    "Fn::Sub": "arn:${AWS::Partition}:s3:::b/*"\n    }\n',
      {
        Statement: [
          {
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b/*' },
          },
        ],
      },
    ],
    [
      'a quoted string with a comma, a colon and an apostrophe inside',
      'Globals: {\nFunction: { Description: "it\'s a, b: c", Timeout: 3 }\n}\n',
      { Globals: { Function: { Description: "it's a, b: c", Timeout: 3 } } },
    ],
  ];

  it.each(cases)(
    '%s: parses, with one warning per collection and positions of the original text',
    (_, text, expected) => {
      const { value, notes } = loaded(text);
      expect(value).toEqual(expected);
      expect(notes.length).toBeGreaterThan(0);
      for (const note of notes) {
        expect(note).toMatchObject({ ruleId: 'flow-indentation', severity: 'warning', tool: 'iac' });
        expect(note.message).toMatch(/PyYAML/);
        expect('[{').toContain(text.split('\n')[note.range.line - 1]![note.range.column - 1]);
      }
    },
  );

  it.each(cases)('%s: the fix makes the file valid YAML 1.2 with the same meaning', (_, text, expected) => {
    const { notes } = loaded(text);
    const fixed = applyEdits(
      text,
      notes.flatMap((note) => note.fix?.edits ?? []),
    );
    const again = loaded(fixed);
    expect(again.notes).toEqual([]);
    expect(again.value).toEqual(expected);
  });

  it('the warning points at the "[" and spans to the "]"', () => {
    const { notes } = loaded(
      'Resources:\n  Fn:\n    Properties:\n      Policies: [\n      A,\n      B\n      ]\n',
    );
    expect(notes).toMatchObject([{ range: { line: 4, column: 17, endLine: 7, endColumn: 8 } }]);
    expect(notes[0]!.help).toMatch(/at least 7 spaces/);
  });

  it('a finding later in the file keeps its line after a repaired collection', () => {
    const text =
      'Resources:\n  Fn:\n    Properties:\n      Layers: [\n    A\n    ]\n      Timeout: 3\n      Timeout: 4\n';
    const { notes } = loaded(text);
    expect(notes.find((n) => n.ruleId === 'duplicate-key')?.range).toMatchObject({ line: 8, column: 7 });
  });

  it('valid YAML 1.2 flow collections spanning lines give no warning', () => {
    expect(loaded('a: [\n    1,\n    2\n  ]\nb: {\n    x: 1 }\n').notes).toEqual([]);
  });

  it('a collection that is never closed is still a parse error', () => {
    const result = loadText('Resources:\n  Fn: [a, b\n  Other: 1\n', 'template.yaml', 'yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.finding).toMatchObject({ ruleId: 'parse-error', fatal: true });
  });

  it('a shallow collection that hides another error is reported at the original error', () => {
    const result = loadText('a: [\nb,\n]\nc: d: e\n', 'template.yaml', 'yaml');
    expect(result.ok).toBe(false);
  });
});
