import type { Range } from '@lambda-lint/core';
import type { IntrinsicNode, MapEntry, MapNode, TNode } from '../node.js';
import { UNSET, type Effective, type Origin, type ResourceRef, type TargetType } from '../model.js';

/** Which layer a property was read from; children inherit it unless they came from a merge of their own. */
export type Layer = Origin['kind'];

/** A property found while reading: its entry and the layer that wrote it. */
export interface Found {
  entry: MapEntry;
  layer: Layer;
}

/** Resolves a plain string (Serverless `${…}` variables); CloudFormation strings are taken as written. */
export type StringResolver = (text: string) => { value: string | number | boolean } | { dynamic: string };

/**
 * Per-template reading context: the file, the resource being read, the entries that SAM Globals
 * contributed (so their origin says 'globals'), and how to tell a template resource from a parameter.
 */
export interface ReadContext {
  file: string;
  /** Resource the values belong to, for origins of kind 'resource'. */
  resource?: string;
  /** Entries copied wholesale from SAM Globals. */
  globalsEntries?: ReadonlySet<MapEntry>;
  /** Logical IDs of resources in the template → CloudFormation type. */
  resourceTypes: ReadonlyMap<string, string>;
  /** Serverless variable resolution; absent for CloudFormation. */
  resolveString?: StringResolver;
  /** Serverless `${self:…}` that points at a map or list: returns that node. */
  resolveNode?: (node: TNode) => TNode;
}

/** Range from the start of `a` to the end of `b`. */
export function spanRange(a: Range, b: Range): Range {
  return { line: a.line, column: a.column, endLine: b.endLine ?? b.line, endColumn: b.endColumn ?? b.column };
}

/** The origin of a property: the whole `Key: value` span. */
export function originOfEntry(ctx: ReadContext, found: Found): Origin {
  const origin: Origin = {
    kind: found.layer,
    file: ctx.file,
    range: spanRange(found.entry.keyRange, found.entry.value.range),
  };
  if (ctx.resource !== undefined && found.layer === 'resource') origin.resource = ctx.resource;
  return origin;
}

/** Value of a node after Serverless `${self:…}` indirection. */
export function deref(ctx: ReadContext, node: TNode): TNode {
  return ctx.resolveNode ? ctx.resolveNode(node) : node;
}

/** Child property `key` of a map value (read through Serverless indirection), with its layer. */
export function child(
  ctx: ReadContext,
  parent: Found | { node: TNode | undefined; layer: Layer } | undefined,
  key: string,
): Found | undefined {
  if (!parent) return undefined;
  const node = 'entry' in parent ? parent.entry.value : parent.node;
  if (!node) return undefined;
  const map = deref(ctx, node);
  if (map.kind !== 'map') return undefined;
  const entry = findEntry(map, key);
  if (!entry) return undefined;
  // A merged Globals entry keeps its 'globals' origin; everything under a globals entry inherits it.
  const layer: Layer =
    parent.layer === 'function' && ctx.globalsEntries?.has(entry) ? 'globals' : parent.layer;
  return { entry, layer };
}

export function findEntry(map: MapNode, key: string): MapEntry | undefined {
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

/** True for `!Ref AWS::NoValue` / `{ Ref: AWS::NoValue }`. */
export function isNoValue(node: TNode): boolean {
  return (
    node.kind === 'intrinsic' &&
    node.name === 'Ref' &&
    node.arg.kind === 'scalar' &&
    node.arg.value === 'AWS::NoValue'
  );
}

/** Why an intrinsic value cannot be known, and whether an `!If` branch may remove it. */
export function describeDynamic(node: IntrinsicNode): { reason: string; conditional: boolean } {
  switch (node.name) {
    case 'Fn::If': {
      const parts = node.arg.kind === 'seq' ? node.arg.items : [];
      const condition = parts[0]?.kind === 'scalar' ? String(parts[0].value) : 'a condition';
      const conditional = parts.slice(1).some(isNoValue);
      return {
        reason: conditional
          ? `set only when condition ${condition} is true`
          : `depends on condition ${condition}`,
        conditional,
      };
    }
    case 'Ref': {
      const name = node.arg.kind === 'scalar' ? String(node.arg.value) : '?';
      return { reason: `set by !Ref ${name} at deploy time`, conditional: false };
    }
    case 'Fn::ImportValue':
      return { reason: 'imported from another stack (!ImportValue)', conditional: false };
    case 'Fn::FindInMap':
      return { reason: 'looked up in Mappings (!FindInMap)', conditional: false };
    default:
      return { reason: `computed by ${shortName(node.name)} at deploy time`, conditional: false };
  }
}

function shortName(name: string): string {
  return name === 'Ref' || name === 'Condition' ? `!${name}` : `!${name.replace(/^Fn::/, '')}`;
}

/** Display text of a node: literal scalars as-is, intrinsics as their short form. */
export function nodeText(node: TNode): string {
  switch (node.kind) {
    case 'scalar':
      return String(node.value);
    case 'intrinsic': {
      if (node.name === 'Fn::GetAtt' && node.arg.kind === 'seq')
        return `!GetAtt ${node.arg.items.map(nodeText).join('.')}`;
      if (node.arg.kind === 'scalar') return `${shortName(node.name)} ${String(node.arg.value)}`;
      return `${shortName(node.name)} …`;
    }
    case 'map':
      return '{…}';
    case 'seq':
      return '[…]';
  }
}

/**
 * Reads a property into an Effective value. Absent or `!Ref AWS::NoValue` → unset; an intrinsic →
 * dynamic; a scalar the converter rejects → dynamic too (unexpected values are not "missing").
 */
export function readValue<T>(
  ctx: ReadContext,
  found: Found | undefined,
  convert: (node: TNode) => T | undefined,
): Effective<T> {
  return read(ctx, found, convert, false);
}

/**
 * Like readValue for references (ARNs, names): `!Ref X` / `!GetAtt X.Arn` are values whose
 * presence is certain, handed to `convert`; only `!If` (and the unknowable forms) stay dynamic.
 */
export function readReference<T>(
  ctx: ReadContext,
  found: Found | undefined,
  convert: (node: TNode) => T | undefined,
): Effective<T> {
  return read(ctx, found, convert, true);
}

/** A reference property as a ResourceRef. */
export function readRef(ctx: ReadContext, found: Found | undefined): Effective<ResourceRef> {
  return read(
    ctx,
    found,
    (n) => (n.kind === 'map' || n.kind === 'seq' ? undefined : toResourceRef(ctx, n)),
    true,
  );
}

function read<T>(
  ctx: ReadContext,
  found: Found | undefined,
  convert: (node: TNode) => T | undefined,
  intrinsicsAreValues: boolean,
): Effective<T> {
  if (!found) return UNSET;
  let node = found.entry.value;
  if (isNoValue(node)) return UNSET;
  if (node.kind === 'scalar' && node.value === null) return UNSET;
  const origin = originOfEntry(ctx, found);
  // Serverless `${self:…}` pointing at a map, list or intrinsic stands for that node.
  node = deref(ctx, node);
  if (isNoValue(node)) return UNSET;
  if (node.kind === 'intrinsic' && (!intrinsicsAreValues || node.name === 'Fn::If')) {
    const d = describeDynamic(node);
    return { state: 'dynamic', origin, conditional: d.conditional, reason: d.reason };
  }
  if (
    node.kind === 'scalar' &&
    typeof node.value === 'string' &&
    ctx.resolveString &&
    node.value.includes('${')
  ) {
    const resolved = ctx.resolveString(node.value);
    if ('dynamic' in resolved)
      return { state: 'dynamic', origin, conditional: false, reason: resolved.dynamic };
    node = { kind: 'scalar', value: resolved.value, range: node.range };
    const value = convert(node);
    return value === undefined
      ? {
          state: 'dynamic',
          origin,
          conditional: false,
          reason: `unexpected value ${JSON.stringify(resolved.value)}`,
        }
      : { state: 'set', value, origin };
  }
  const value = convert(node);
  if (value === undefined)
    return { state: 'dynamic', origin, conditional: false, reason: `unexpected value ${nodeText(node)}` };
  return { state: 'set', value, origin };
}

export const asString = (node: TNode): string | undefined =>
  node.kind === 'scalar' && node.value !== null && typeof node.value !== 'boolean'
    ? String(node.value)
    : undefined;

export const asNumber = (node: TNode): number | undefined => {
  if (node.kind !== 'scalar') return undefined;
  if (typeof node.value === 'number') return Number.isFinite(node.value) ? node.value : undefined;
  if (typeof node.value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(node.value)) return Number(node.value);
  return undefined;
};

export const asBoolean = (node: TNode): boolean | undefined => {
  if (node.kind !== 'scalar') return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.value === 'true' || node.value === 'True') return true;
  if (node.value === 'false' || node.value === 'False') return false;
  return undefined;
};

/** Items of a list value (or undefined when it is not a literal list). */
export function listItems(ctx: ReadContext, node: TNode): TNode[] | undefined {
  const n = deref(ctx, node);
  return n.kind === 'seq' ? n.items : undefined;
}

/** Logical ID a reference points at (`!Ref X`, `!GetAtt X.Arn`, `!Sub ${X.Arn}`), when X is a resource of this template. */
export function referencedResource(ctx: ReadContext, node: TNode): string | undefined {
  if (node.kind !== 'intrinsic') return undefined;
  let id: string | undefined;
  if (node.name === 'Ref' && node.arg.kind === 'scalar') id = String(node.arg.value);
  else if (node.name === 'Fn::GetAtt') {
    const first =
      node.arg.kind === 'seq' ? node.arg.items[0] : node.arg.kind === 'scalar' ? node.arg : undefined;
    if (first?.kind === 'scalar') id = String(first.value).split('.')[0];
  } else if (node.name === 'Fn::Sub') {
    const template =
      node.arg.kind === 'scalar' ? node.arg : node.arg.kind === 'seq' ? node.arg.items[0] : undefined;
    if (template?.kind === 'scalar' && typeof template.value === 'string') {
      const m = /^\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}$/.exec(template.value.trim());
      if (m) id = m[1];
    }
  }
  if (id === undefined) return undefined;
  // SAM `!Ref Fn.Alias` / `Fn.Version` point at the function's generated alias/version.
  const base = id.includes('.') ? id.split('.')[0]! : id;
  return ctx.resourceTypes.has(base) ? base : undefined;
}

/** A reference as written: display text, the template resource it names, and whether it is deploy-time. */
export function toResourceRef(ctx: ReadContext, node: TNode): ResourceRef {
  const logicalId = referencedResource(ctx, node);
  if (
    node.kind === 'scalar' &&
    typeof node.value === 'string' &&
    ctx.resolveString &&
    node.value.includes('${')
  ) {
    const resolved = ctx.resolveString(node.value);
    if ('dynamic' in resolved) return { text: node.value, dynamic: true };
    return { text: String(resolved.value), dynamic: false };
  }
  const ref: ResourceRef = {
    text: nodeText(node),
    dynamic: node.kind !== 'scalar' && logicalId === undefined,
  };
  if (logicalId !== undefined) ref.logicalId = logicalId;
  return ref;
}

/** SQS/SNS/Lambda/… from an explicit Type, the ARN text, or the referenced resource's type. */
export function targetTypeOf(ctx: ReadContext, ref: ResourceRef, explicit?: string): TargetType {
  const e = explicit?.toUpperCase();
  if (e === 'SQS' || e === 'SNS' || e === 'S3') return e;
  if (e === 'LAMBDA') return 'Lambda';
  if (e === 'EVENTBRIDGE') return 'EventBridge';
  const type = ref.logicalId ? ctx.resourceTypes.get(ref.logicalId) : undefined;
  if (type === 'AWS::SQS::Queue') return 'SQS';
  if (type === 'AWS::SNS::Topic') return 'SNS';
  if (type === 'AWS::Lambda::Function' || type === 'AWS::Serverless::Function') return 'Lambda';
  if (type === 'AWS::Events::EventBus') return 'EventBridge';
  if (type === 'AWS::S3::Bucket') return 'S3';
  const m = /^arn:[^:]*:([a-z0-9-]+):/.exec(ref.text);
  switch (m?.[1]) {
    case 'sqs':
      return 'SQS';
    case 'sns':
      return 'SNS';
    case 'lambda':
      return 'Lambda';
    case 'events':
      return 'EventBridge';
    case 's3':
      return 'S3';
  }
  return 'unknown';
}

/** Intrinsic that can make a whole structured property conditional or dynamic (checked before reading its fields). */
export function structuredDynamic<T>(ctx: ReadContext, found: Found): Effective<T> | undefined {
  const node = found.entry.value;
  if (node.kind !== 'intrinsic' || isNoValue(node)) return undefined;
  const d = describeDynamic(node);
  return {
    state: 'dynamic',
    origin: originOfEntry(ctx, found),
    conditional: d.conditional,
    reason: d.reason,
  };
}

/** True when the property is present with a real value (not null, not `!Ref AWS::NoValue`). */
export function present(found: Found | undefined): found is Found {
  if (!found) return false;
  const v = found.entry.value;
  return !isNoValue(v) && !(v.kind === 'scalar' && v.value === null);
}
