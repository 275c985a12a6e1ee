import { describe, expect, it } from 'vitest';
import { detectKind, loadText, type LoadResult } from '../../src/load/index.js';
import { get, getEntry, type IntrinsicNode, type LoadedFile, type TNode } from '../../src/node.js';
import { plain } from './plain.js';

function loaded(result: LoadResult): LoadedFile {
  if (!result.ok) throw new Error(`expected the template to load, got: ${result.finding.message}`);
  return result.loaded;
}

/** Follows a path of keys (strings) and list indices (numbers) from the root. */
function at(root: TNode | null, ...path: (string | number)[]): TNode {
  let node: TNode | undefined = root ?? undefined;
  for (const step of path) {
    if (node === undefined) break;
    if (typeof step === 'number')
      node =
        node.kind === 'seq'
          ? node.items[step]
          : node.kind === 'intrinsic' && node.arg.kind === 'seq'
            ? node.arg.items[step]
            : undefined;
    else node = get(node, step);
  }
  if (node === undefined) throw new Error(`no node at ${path.join('.')}`);
  return node;
}

function intrinsic(node: TNode): IntrinsicNode {
  if (node.kind !== 'intrinsic') throw new Error(`expected an intrinsic, got ${node.kind}`);
  return node;
}

const SAM_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      MemorySize: 512
      Role: !GetAtt OrdersRole.Arn
      DeadLetterQueue:
        Type: SQS
        TargetArn: !GetAtt [OrdersDlq, Arn]
      Environment:
        Variables:
          TABLE: !Ref OrdersTable
          URL: !Sub 'https://\${AWS::Region}.example.com'
          MODE: !If [IsProd, fast, !Ref 'AWS::NoValue']
          ZONE: !Select [0, !GetAZs '']
          PARTS: !Split [',', !ImportValue shared-list]
          JOINED: !Join ['-', [a, b]]
          ENC: !Base64 hello
          CIDRS: !Cidr [10.0.0.0/16, 4, 8]
          MAPPED: !FindInMap [Regions, !Ref 'AWS::Region', Ami]
          ANY: !And [!Or [!Condition IsProd, !Not [!Condition IsProd]], !Equals [a, a]]
          TRANSFORMED: !Transform { Name: AWS::Include, Parameters: { Location: s3://bucket/x.yaml } }
          FLAG: yes
          OFF: off
          COUNT: 10
          RATIO: 0.5
          ENABLED: true
          NOTHING: ~
`;

describe('loadText on a realistic SAM template', () => {
  const file = loaded(loadText(SAM_TEMPLATE, 'app/template.yaml', 'yaml'));
  const variables = at(file.root, 'Resources', 'OrdersFunction', 'Properties', 'Environment', 'Variables');

  it('keeps the file, format and text', () => {
    expect(file.file).toBe('app/template.yaml');
    expect(file.format).toBe('yaml');
    expect(file.text).toBe(SAM_TEMPLATE);
    expect(detectKind(file)).toBe('sam');
  });

  it('gives !GetAtt A.B the range of the tag and value, split into two scalars with their own columns', () => {
    const role = intrinsic(at(file.root, 'Resources', 'OrdersFunction', 'Properties', 'Role'));
    expect(role.name).toBe('Fn::GetAtt');
    //       `      Role: !GetAtt OrdersRole.Arn` — the tag starts at column 13
    expect(role.range).toEqual({ line: 15, column: 13, endLine: 15, endColumn: 35 });
    expect(plain(role.arg)).toEqual(['OrdersRole', 'Arn']);
    if (role.arg.kind !== 'seq') throw new Error('expected a seq');
    expect(role.arg.items[0].range).toEqual({ line: 15, column: 21, endLine: 15, endColumn: 31 });
    expect(role.arg.items[1].range).toEqual({ line: 15, column: 32, endLine: 15, endColumn: 35 });
  });

  it('gives every key its range', () => {
    const properties = at(file.root, 'Resources', 'OrdersFunction', 'Properties');
    expect(getEntry(properties, 'MemorySize')?.keyRange).toEqual({
      line: 14,
      column: 7,
      endLine: 14,
      endColumn: 17,
    });
    expect(at(properties, 'MemorySize').range).toEqual({ line: 14, column: 19, endLine: 14, endColumn: 22 });
    expect(getEntry(at(file.root, 'Resources'), 'OrdersFunction')?.keyRange).toEqual({
      line: 9,
      column: 3,
      endLine: 9,
      endColumn: 17,
    });
  });

  it('ends a block map at its last character, not on the next line', () => {
    const dlq = at(file.root, 'Resources', 'OrdersFunction', 'Properties', 'DeadLetterQueue');
    expect(dlq.range).toEqual({ line: 17, column: 9, endLine: 18, endColumn: 44 });
  });

  it('turns every short-form tag into an intrinsic with its long name', () => {
    const names = (key: string) => intrinsic(at(variables, key)).name;
    expect(names('TABLE')).toBe('Ref');
    expect(names('URL')).toBe('Fn::Sub');
    expect(names('MODE')).toBe('Fn::If');
    expect(names('ZONE')).toBe('Fn::Select');
    expect(names('PARTS')).toBe('Fn::Split');
    expect(names('JOINED')).toBe('Fn::Join');
    expect(names('ENC')).toBe('Fn::Base64');
    expect(names('CIDRS')).toBe('Fn::Cidr');
    expect(names('MAPPED')).toBe('Fn::FindInMap');
    expect(names('ANY')).toBe('Fn::And');
    expect(names('TRANSFORMED')).toBe('Fn::Transform');
    expect(plain(at(variables, 'ANY'))).toEqual({
      'Fn::And': [
        { 'Fn::Or': [{ Condition: 'IsProd' }, { 'Fn::Not': [{ Condition: 'IsProd' }] }] },
        { 'Fn::Equals': ['a', 'a'] },
      ],
    });
    expect(plain(at(variables, 'ZONE'))).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(plain(at(variables, 'PARTS'))).toEqual({
      'Fn::Split': [',', { 'Fn::ImportValue': 'shared-list' }],
    });
    expect(plain(at(variables, 'TRANSFORMED'))).toEqual({
      'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/x.yaml' } },
    });
    expect(plain(at(file.root, 'Conditions', 'IsProd'))).toEqual({
      'Fn::Equals': [{ Ref: 'Stage' }, 'prod'],
    });
    expect(
      plain(at(file.root, 'Resources', 'OrdersFunction', 'Properties', 'DeadLetterQueue', 'TargetArn')),
    ).toEqual({ 'Fn::GetAtt': ['OrdersDlq', 'Arn'] });
  });

  it('keeps YAML 1.2 core scalars: numbers and true/false typed, yes/no/on/off as strings', () => {
    expect(plain(at(variables, 'FLAG'))).toBe('yes');
    expect(plain(at(variables, 'OFF'))).toBe('off');
    expect(plain(at(variables, 'COUNT'))).toBe(10);
    expect(plain(at(variables, 'RATIO'))).toBe(0.5);
    expect(plain(at(variables, 'ENABLED'))).toBe(true);
    expect(plain(at(variables, 'NOTHING'))).toBe(null);
    expect(plain(at(file.root, 'AWSTemplateFormatVersion'))).toBe('2010-09-09');
  });
});

describe('loadText intrinsics', () => {
  const load = (text: string, format: 'yaml' | 'json' = 'yaml') => loaded(loadText(text, 't', format)).root;

  it('splits !GetAtt A.B.C at the first dot', () => {
    expect(plain(at(load('x: !GetAtt Res.Outputs.Url\n'), 'x'))).toEqual({
      'Fn::GetAtt': ['Res', 'Outputs.Url'],
    });
  });

  it('recognises long forms in YAML: single-key maps whose key names an intrinsic', () => {
    const root = load(
      'a: { Ref: X }\nb:\n  Fn::GetAtt: [A, B]\nc: { "Fn::GetAtt": "A.B" }\nd: { Fn::Sub: "x-${Y}" }\n',
    );
    expect(plain(at(root, 'a'))).toEqual({ Ref: 'X' });
    expect(plain(at(root, 'b'))).toEqual({ 'Fn::GetAtt': ['A', 'B'] });
    expect(plain(at(root, 'c'))).toEqual({ 'Fn::GetAtt': ['A', 'B'] });
    expect(at(root, 'd').kind).toBe('intrinsic');
  });

  it('leaves maps that only look like intrinsics alone', () => {
    const root = load(
      'a: { Ref: X, Other: 1 }\nb: { Condition: { StringEquals: { k: v } } }\nc: { Ref: [1] }\n',
    );
    expect(at(root, 'a').kind).toBe('map');
    expect(at(root, 'b').kind).toBe('map');
    expect(at(root, 'c').kind).toBe('map');
  });

  it('treats unknown tags as plain values, without a finding', () => {
    const root = load('a: !Tags hello\nb: !Custom [1, 2]\nc: !Weird { k: v }\n');
    expect(plain(root!)).toEqual({ a: 'hello', b: [1, 2], c: { k: 'v' } });
  });

  it('gives a tag with no value an empty-string argument', () => {
    expect(plain(at(load('a: !Ref\n'), 'a'))).toEqual({ Ref: '' });
  });

  it('resolves anchors, aliases and << merge keys; keys written in the map win', () => {
    const root = load(
      'base: &base\n  Runtime: nodejs20.x\n  Timeout: 3\nfn:\n  <<: *base\n  Timeout: 30\nlist: [*base]\nboth:\n  <<: [{ a: 1 }, { a: 2, b: 2 }]\n',
    );
    expect(plain(at(root, 'fn'))).toEqual({ Timeout: 30, Runtime: 'nodejs20.x' });
    expect(plain(at(root, 'list'))).toEqual([{ Runtime: 'nodejs20.x', Timeout: 3 }]);
    expect(plain(at(root, 'both'))).toEqual({ a: 1, b: 2 });
    // A merged entry points where it is written: in the anchored map.
    expect(getEntry(at(root, 'fn'), 'Runtime')?.keyRange.line).toBe(2);
  });

  it('keeps numeric keys as written', () => {
    expect(plain(load('200: ok\n1.0: v\ntrue: t\n')!)).toEqual({ '200': 'ok', '1.0': 'v', true: 't' });
  });
});

describe('loadText on JSON', () => {
  const JSON_TEMPLATE = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Role": { "Fn::GetAtt": ["Role", "Arn"] },
        "Layer": { "Fn::GetAtt": "Layer.Outputs.Arn" },
        "Name": { "Ref": "Name" },
        "MemorySize": 1024,
        "Escaped": "a\\"b\\u00e9",
        "Flags": [true, false, null, -1.5e2]
      }
    }
  }
}
`;
  const file = loaded(loadText(JSON_TEMPLATE, 'cdk.out/App.template.json', 'json'));
  const properties = at(file.root, 'Resources', 'Fn', 'Properties');

  it('gives properties and values their ranges', () => {
    expect(getEntry(properties, 'MemorySize')?.keyRange).toEqual({
      line: 10,
      column: 9,
      endLine: 10,
      endColumn: 21,
    });
    expect(at(properties, 'MemorySize').range).toEqual({ line: 10, column: 23, endLine: 10, endColumn: 27 });
    expect(at(file.root, 'Resources').range).toEqual({ line: 3, column: 16, endLine: 15, endColumn: 4 });
  });

  it('recognises long-form intrinsics and splits a string Fn::GetAtt with exact columns', () => {
    expect(plain(at(properties, 'Role'))).toEqual({ 'Fn::GetAtt': ['Role', 'Arn'] });
    expect(plain(at(properties, 'Name'))).toEqual({ Ref: 'Name' });
    const layer = intrinsic(at(properties, 'Layer'));
    expect(plain(layer)).toEqual({ 'Fn::GetAtt': ['Layer', 'Outputs.Arn'] });
    expect(layer.range).toEqual({ line: 8, column: 18, endLine: 8, endColumn: 55 });
    if (layer.arg.kind !== 'seq') throw new Error('expected a seq');
    expect(layer.arg.items[1].range).toEqual({ line: 8, column: 41, endLine: 8, endColumn: 52 });
  });

  it('decodes escapes and keeps literal types', () => {
    expect(plain(at(properties, 'Escaped'))).toBe('a"bé');
    expect(plain(at(properties, 'Flags'))).toEqual([true, false, null, -150]);
  });

  it('detects the CDK kind from the cdk.out path', () => {
    expect(detectKind(file)).toBe('cdk');
  });

  it('produces the same tree as the YAML loader for the same JSON text (positions included)', () => {
    const viaYaml = loaded(loadText(JSON_TEMPLATE, 't.yaml', 'yaml'));
    expect(viaYaml.root).toEqual(file.root);
  });
});

describe('loadText on empty input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '  \n\n '],
    ['comments only', '# nothing here\n'],
  ])('%s YAML → ok with root null', (_, text) => {
    const result = loadText(text, 'template.yaml', 'yaml');
    expect(result).toEqual({ ok: true, loaded: { file: 'template.yaml', text, format: 'yaml', root: null } });
  });

  it('empty JSON → ok with root null', () => {
    expect(loadText(' \n', 'x.json', 'json')).toMatchObject({ ok: true, loaded: { root: null } });
  });
});

describe('loadText positions in unusual layouts', () => {
  it('CRLF line endings: same lines and columns, ends before the line break', () => {
    const result = loaded(loadText('Resources:\r\n  Q:\r\n    Type: AWS::SQS::Queue\r\n', 't', 'yaml'));
    const queue = getEntry(get(result.root, 'Resources'), 'Q');
    expect(queue?.keyRange).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 4 });
    expect(queue?.value.range).toEqual({ line: 3, column: 5, endLine: 3, endColumn: 26 });
  });

  it('a tagged block list starts at its tag', () => {
    const result = loaded(loadText("Value: !Join\n  - ''\n  - [a, b]\n", 't', 'yaml'));
    expect(get(result.root, 'Value')?.range).toEqual({ line: 1, column: 8, endLine: 3, endColumn: 11 });
  });

  it('a value reached through an alias keeps the position of its anchor', () => {
    const result = loaded(loadText('a: &name Orders\nb: *name\n*name : key-from-alias\n', 't', 'yaml'));
    expect(get(result.root, 'b')?.range).toEqual({ line: 1, column: 10, endLine: 1, endColumn: 16 });
    expect(getEntry(result.root, 'Orders')?.keyRange).toEqual({
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 6,
    });
  });

  it('an empty value is null, placed right after its key', () => {
    const result = loaded(loadText('Outputs:\nOther: 1\n', 't', 'yaml'));
    expect(get(result.root, 'Outputs')).toEqual({
      kind: 'scalar',
      value: null,
      range: { line: 1, column: 9, endLine: 1, endColumn: 9 },
    });
  });
});
