import type { Range } from '@lambda-lint/core';

/**
 * Terraform configuration as lambda-lint reads it: bodies of attributes and blocks with positions,
 * from HCL native syntax (`.tf`) and JSON syntax (`.tf.json`) alike. Expressions keep just enough
 * structure to evaluate literals, templates and references; everything else is `other`, which the
 * evaluator turns into an unknown value.
 */
export type HclExpr =
  | { kind: 'literal'; value: string | number | boolean | null; range: Range }
  /** A quoted or heredoc template with interpolations; literal parts are decoded strings. */
  | { kind: 'template'; parts: (string | HclExpr)[]; range: Range }
  /** `var.x`, `local.y`, `aws_lambda_function.orders.arn`, `module.m.out[0]`; `exact` is false after a splat or a computed index. */
  | { kind: 'traversal'; root: string; path: (string | number)[]; exact: boolean; text: string; range: Range }
  | { kind: 'object'; entries: HclObjectEntry[]; range: Range }
  | { kind: 'tuple'; items: HclExpr[]; range: Range }
  | { kind: 'call'; name: string; args: HclExpr[]; range: Range }
  | { kind: 'negate'; operand: HclExpr; range: Range }
  /** Conditionals, `for` expressions, operators, splats: evaluated as unknown; `text` is the source for messages. */
  | { kind: 'other'; text: string; range: Range };

export interface HclObjectEntry {
  /** The key when it is a literal name or string; undefined for a computed `(expr)` key. */
  key: string | undefined;
  keyRange: Range;
  value: HclExpr;
}

export interface HclAttribute {
  name: string;
  /** From the name to the end of the value: where a finding about this attribute points. */
  range: Range;
  expr: HclExpr;
}

export interface HclBlock {
  type: string;
  labels: string[];
  /** The header (`resource "aws_lambda_function" "orders"`): where "missing attribute" findings point. */
  headerRange: Range;
  /** The whole block, header to closing brace. */
  range: Range;
  body: HclBody;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

/** One parsed configuration file. */
export interface HclFile {
  /** Display path (relative POSIX), as in findings. */
  file: string;
  text: string;
  format: 'hcl' | 'json';
  body: HclBody;
}

export function attribute(body: HclBody, name: string): HclAttribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

/** Nested blocks named `type`; in JSON syntax (and for objects written as attributes) an object or a list of objects counts as such a block. */
export function nestedBlocks(body: HclBody, type: string): HclBlock[] {
  const found = body.blocks.filter((b) => b.type === type);
  const attr = attribute(body, type);
  if (!attr) return found;
  const asBlock = (expr: HclExpr): HclBlock | undefined =>
    expr.kind === 'object'
      ? {
          type,
          labels: [],
          headerRange: attr.range,
          range: expr.range,
          body: { attributes: objectAttributes(expr), blocks: [] },
        }
      : undefined;
  const items = attr.expr.kind === 'tuple' ? attr.expr.items : [attr.expr];
  for (const item of items) {
    const block = asBlock(item);
    if (block) found.push(block);
  }
  return found;
}

export function nestedBlock(body: HclBody, type: string): HclBlock | undefined {
  return nestedBlocks(body, type)[0];
}

/** Object entries as attributes (for JSON syntax, where a nested block is an object). */
export function objectAttributes(expr: Extract<HclExpr, { kind: 'object' }>): HclAttribute[] {
  const out: HclAttribute[] = [];
  for (const entry of expr.entries) {
    if (entry.key === undefined) continue;
    out.push({ name: entry.key, range: spanOf(entry.keyRange, entry.value.range), expr: entry.value });
  }
  return out;
}

/** The range from the start of `a` to the end of `b`. */
export function spanOf(a: Range, b: Range): Range {
  return {
    line: a.line,
    column: a.column,
    endLine: b.endLine ?? b.line,
    endColumn: b.endColumn ?? b.column,
  };
}
