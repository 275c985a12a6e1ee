import type { Finding, Range } from '@lambda-lint/core';

/**
 * A template as loaded from YAML or JSON: a position-carrying tree, independent of
 * the source syntax. Intrinsic functions (short `!Ref` tags and long `{ "Ref": … }`
 * forms alike) become `intrinsic` nodes so that "cannot be known statically" is a
 * type, not a guess.
 */
export type TNode = ScalarNode | MapNode | SeqNode | IntrinsicNode;

interface NodeBase {
  /** Range of the value itself. */
  range: Range;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** YAML literal block (`|`): where line 1, column 1 of the value is in the file; each later line of the value is the next file line, same indent. */
  contentStart?: { line: number; column: number };
}

export interface MapEntry {
  key: string;
  /** Range of the key: where a finding about this property points. */
  keyRange: Range;
  value: TNode;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  entries: MapEntry[];
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: TNode[];
}

/** CloudFormation intrinsic functions, by their long name. */
export type IntrinsicName =
  | 'Ref'
  | 'Condition'
  | 'Fn::GetAtt'
  | 'Fn::Sub'
  | 'Fn::If'
  | 'Fn::Join'
  | 'Fn::Select'
  | 'Fn::Split'
  | 'Fn::FindInMap'
  | 'Fn::Base64'
  | 'Fn::Cidr'
  | 'Fn::GetAZs'
  | 'Fn::ImportValue'
  | 'Fn::Equals'
  | 'Fn::And'
  | 'Fn::Or'
  | 'Fn::Not'
  | 'Fn::Transform'
  | 'Fn::Length'
  | 'Fn::ToJsonString';

export interface IntrinsicNode extends NodeBase {
  kind: 'intrinsic';
  name: IntrinsicName;
  /** The argument, normalised: `!GetAtt A.B` and `Fn::GetAtt: [A, B]` both become a seq of two scalars. */
  arg: TNode;
}

/** A loaded file: its tree (null for an empty document) and the raw text for comment suppressions. */
export interface LoadedFile {
  file: string;
  text: string;
  format: 'yaml' | 'json';
  root: TNode | null;
  /** What the loader noticed in a file it could still read (a repeated key, PyYAML-style indentation). */
  notes?: Finding[];
}

/** Value of `key` in a map node, or undefined. */
export function getEntry(node: TNode | undefined | null, key: string): MapEntry | undefined {
  if (!node || node.kind !== 'map') return undefined;
  return node.entries.find((e) => e.key === key);
}

export function get(node: TNode | undefined | null, key: string): TNode | undefined {
  return getEntry(node, key)?.value;
}
