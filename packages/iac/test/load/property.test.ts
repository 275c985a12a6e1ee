import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadText, type LoadResult } from '../../src/load/index.js';
import { plain } from './plain.js';

/** Whatever the input, a load either succeeds or yields one well-formed parse-error finding with a real position. */
function expectWellFormed(result: LoadResult, text: string): void {
  if (result.ok) {
    expect(result.loaded.text).toBe(text);
    return;
  }
  const { finding } = result;
  expect(finding.ruleId).toBe('parse-error');
  expect(finding.severity).toBe('error');
  expect(finding.fatal).toBe(true);
  expect(finding.message.length).toBeGreaterThan(0);
  const lineCount = text.split('\n').length;
  expect(finding.range.line).toBeGreaterThanOrEqual(1);
  expect(finding.range.line).toBeLessThanOrEqual(lineCount);
  expect(finding.range.column).toBeGreaterThanOrEqual(1);
}

function loadBoth(text: string): void {
  expectWellFormed(loadText(text, 'fuzz.yaml', 'yaml'), text);
  expectWellFormed(loadText(text, 'fuzz.json', 'json'), text);
}

const YAML_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: [AWS::Serverless-2016-10-31]
Globals:
  Function: &defaults
    Runtime: python3.12
    Timeout: 30
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      <<: *defaults
      Handler: app.handler
      Role: !GetAtt WorkerRole.Arn
      Environment:
        Variables:
          QUEUE: !Ref Queue
          URL: !Sub "https://\${Api}.execute-api.\${AWS::Region}.amazonaws.com"
          MODE: !If [IsProd, !Join ['', [a, b]], !Ref AWS::NoValue]
      Events:
        Nightly: { Type: Schedule, Properties: { Schedule: rate(1 day) } }
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: |
        {"maxReceiveCount": 3}
`;

const JSON_TEMPLATE = JSON.stringify(
  {
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Metadata: { 'aws:cdk:path': 'App/Fn/Resource', 'aws:asset:path': 'asset.abc' },
        Properties: {
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          MemorySize: 256,
          Layers: [{ Ref: 'Layer' }],
          Escaped: 'a"\\b\u00e9',
        },
      },
    },
  },
  null,
  2,
);

/** Characters that matter to YAML/JSON syntax, plus a few hostile ones. */
const SYNTAX_CHARS = [
  ' ',
  '\t',
  '\n',
  '\r',
  ':',
  '-',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '!',
  '&',
  '*',
  '#',
  '|',
  '>',
  ',',
  '?',
  '%',
  '@',
  '`',
  '\\',
  '<<',
  '---',
  '...',
  '\0',
  '\uFEFF',
  '\u2028',
  '\ud800',
];
const TAGS = [
  '!Ref',
  '!GetAtt',
  '!Sub',
  '!If',
  '!Join',
  '!Select',
  '!Split',
  '!FindInMap',
  '!Base64',
  '!Cidr',
  '!GetAZs',
  '!ImportValue',
  '!Equals',
  '!And',
  '!Or',
  '!Not',
  '!Condition',
  '!Transform',
  '!Tags',
  '!!str',
  '!!binary',
  '!<tag:x>',
  '!',
];

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'replace'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...SYNTAX_CHARS),
      fc.constantFrom(...TAGS).map((t) => `${t} `),
      fc.string({ maxLength: 4 }),
    ),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...SYNTAX_CHARS) }),
);

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.op === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else if (m.op === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else out = out.slice(0, at) + m.text + out.slice(at + 1);
  }
  return out;
}

describe('loadText never throws (property-based)', () => {
  it('on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), loadBoth), { numRuns: 300 });
  });

  it('on random strings over the YAML/JSON syntax alphabet', () => {
    const syntaxy = fc
      .array(
        fc.oneof(
          fc.constantFrom(...SYNTAX_CHARS),
          fc.constantFrom(...TAGS),
          fc.constantFrom('a', 'Ref', 'Fn::GetAtt', '1', 'true', 'x.y'),
        ),
        { maxLength: 80 },
      )
      .map((parts) => parts.join(''));
    fc.assert(fc.property(syntaxy, loadBoth), { numRuns: 400 });
  });

  it('on mutations of a valid YAML template', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) =>
        loadBoth(mutate(YAML_TEMPLATE, mutations)),
      ),
      { numRuns: 400 },
    );
  });

  it('on mutations of a valid JSON template', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) =>
        loadBoth(mutate(JSON_TEMPLATE, mutations)),
      ),
      { numRuns: 400 },
    );
  });

  it('on JSON strings with any characters: escapes decode exactly like JSON.parse', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        (value, key) => {
          const text = JSON.stringify({ [key]: [value] });
          const result = loadText(text, 'v.json', 'json');
          if (!result.ok) throw new Error(result.finding.message);
          expect(plain(result.loaded.root)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on random JSON values: both loaders accept them and agree with JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const expected: unknown = JSON.parse(text);
        const asJson = loadText(text, 'v.json', 'json');
        if (!asJson.ok) throw new Error(`JSON loader rejected valid JSON: ${asJson.finding.message}`);
        expect(plain(asJson.loaded.root)).toEqual(expected);
        const asYaml = loadText(text, 'v.yaml', 'yaml');
        expectWellFormed(asYaml, text);
        // YAML caps implicit keys at 1024 characters; otherwise JSON is YAML and the trees must match.
        if (asYaml.ok) expect(asYaml.loaded.root).toEqual(asJson.loaded.root);
      }),
      { numRuns: 300 },
    );
  });
});
