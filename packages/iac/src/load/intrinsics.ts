import { YAMLMap, YAMLSeq, type Tags } from 'yaml';
import type { IntrinsicName } from '../node.js';

/** Short-form YAML tag → long intrinsic name. `!Length`/`!ToJsonString` come with AWS::LanguageExtensions. */
export const SHORT_TAG_TO_INTRINSIC: ReadonlyMap<string, IntrinsicName> = new Map<string, IntrinsicName>([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ['!GetAtt', 'Fn::GetAtt'],
  ['!Sub', 'Fn::Sub'],
  ['!If', 'Fn::If'],
  ['!Join', 'Fn::Join'],
  ['!Select', 'Fn::Select'],
  ['!Split', 'Fn::Split'],
  ['!FindInMap', 'Fn::FindInMap'],
  ['!Base64', 'Fn::Base64'],
  ['!Cidr', 'Fn::Cidr'],
  ['!GetAZs', 'Fn::GetAZs'],
  ['!ImportValue', 'Fn::ImportValue'],
  ['!Equals', 'Fn::Equals'],
  ['!And', 'Fn::And'],
  ['!Or', 'Fn::Or'],
  ['!Not', 'Fn::Not'],
  ['!Transform', 'Fn::Transform'],
  ['!Length', 'Fn::Length'],
  ['!ToJsonString', 'Fn::ToJsonString'],
]);

/** Keys that make a single-key map a long-form intrinsic (`{ "Ref": "X" }`, `{ "Fn::GetAtt": [...] }`). */
export const LONG_INTRINSIC_NAMES: ReadonlySet<string> = new Set<string>(SHORT_TAG_TO_INTRINSIC.values());

/**
 * Every short tag registered for the scalar, sequence and mapping forms alike. Accepting every form
 * (even ones CloudFormation would reject, like `!Ref [a]`) is deliberate: an intrinsic is a value that
 * cannot be known statically, so rules stay silent on it instead of guessing; validating intrinsic
 * arguments is cfn-lint's job. Registering them also spares the parser an "Unresolved tag" warning
 * (an Error object with a stack trace) per tagged node.
 */
export const CLOUDFORMATION_YAML_TAGS: Tags = [...SHORT_TAG_TO_INTRINSIC.keys()].flatMap((tag) => [
  { tag, resolve: (source: string) => source },
  { tag, collection: 'seq' as const, nodeClass: YAMLSeq },
  { tag, collection: 'map' as const, nodeClass: YAMLMap },
]);
