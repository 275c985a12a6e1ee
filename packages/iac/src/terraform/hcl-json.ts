import type { Range } from '@lambda-lint/core';
import type { MapNode, TNode } from '../node.js';
import { parseJson } from '../load/json.js';
import { LineIndex } from '../load/positions.js';
import { parseHclExpression } from './hcl-parse.js';
import { spanOf, type HclAttribute, type HclBlock, type HclBody, type HclExpr } from './hcl-tree.js';
import type { HclParseResult } from './hcl-parse.js';

/** Labels each top-level block type takes in Terraform's JSON syntax. */
const LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  variable: 1,
  module: 1,
  output: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  check: 1,
};

/** Parses Terraform's JSON syntax (`.tf.json`) into the same bodies as HCL; strings with `${…}` become templates. */
export function parseTerraformJson(text: string): HclParseResult {
  const lines = new LineIndex(text);
  const parsed = parseJson(text, lines);
  if (!parsed.ok) {
    const { failure } = parsed;
    return {
      ok: false,
      range: lines.range(failure.offset, failure.endOffset),
      message: failure.message,
      help: failure.help,
    };
  }
  const root = parsed.root;
  if (root === null) return { ok: true, body: { attributes: [], blocks: [] } };
  if (root.kind !== 'map') {
    return {
      ok: false,
      range: root.range,
      message: 'A Terraform JSON configuration must be a JSON object at the top level.',
      help: 'Wrap the configuration in `{ … }` with block types (`resource`, `variable`, …) as keys.',
    };
  }
  const blocks: HclBlock[] = [];
  const attributes: HclAttribute[] = [];
  for (const entry of root.entries) {
    const labels = LABELS[entry.key];
    if (labels === undefined) {
      attributes.push({
        name: entry.key,
        range: spanOf(entry.keyRange, entry.value.range),
        expr: expression(entry.value),
      });
      continue;
    }
    collectBlocks(entry.key, [], labels, entry.value, entry.keyRange, blocks);
  }
  return { ok: true, body: { attributes, blocks } };
}

/** Unwraps `labels` levels of objects into labelled blocks; a list at any level holds several blocks. */
function collectBlocks(
  type: string,
  labels: string[],
  remaining: number,
  node: TNode,
  headerRange: Range,
  out: HclBlock[],
): void {
  if (node.kind === 'seq') {
    for (const item of node.items) collectBlocks(type, labels, remaining, item, headerRange, out);
    return;
  }
  if (node.kind !== 'map') return;
  if (remaining === 0) {
    out.push({ type, labels, headerRange, range: node.range, body: jsonBody(node) });
    return;
  }
  for (const entry of node.entries) {
    collectBlocks(type, [...labels, entry.key], remaining - 1, entry.value, entry.keyRange, out);
  }
}

/** A block body: every property is an attribute; `nestedBlocks` reads objects as nested blocks. */
function jsonBody(node: MapNode): HclBody {
  return {
    attributes: node.entries.map((entry) => ({
      name: entry.key,
      range: spanOf(entry.keyRange, entry.value.range),
      expr: expression(entry.value),
    })),
    blocks: [],
  };
}

function expression(node: TNode): HclExpr {
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'string'
        ? stringExpression(node.value, node.range)
        : { kind: 'literal', value: node.value, range: node.range };
    case 'seq':
      return { kind: 'tuple', items: node.items.map(expression), range: node.range };
    case 'map':
      return {
        kind: 'object',
        entries: node.entries.map((e) => ({ key: e.key, keyRange: e.keyRange, value: expression(e.value) })),
        range: node.range,
      };
    default:
      return { kind: 'other', text: 'a JSON object', range: node.range };
  }
}

/** A JSON string is a template: `${…}` interpolates an expression, `$${` is a literal `${`. */
function stringExpression(value: string, range: Range): HclExpr {
  if (!value.includes('${') && !value.includes('%{')) return { kind: 'literal', value, range };
  const parts: (string | HclExpr)[] = [];
  let literal = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$${', i) || value.startsWith('%%{', i)) {
      literal += value[i + 1] + '{';
      i += 3;
      continue;
    }
    if (value.startsWith('${', i) || value.startsWith('%{', i)) {
      const end = closingBrace(value, i + 2);
      if (end === -1) return { kind: 'other', text: value, range };
      if (literal) parts.push(literal);
      literal = '';
      const inner = value.slice(i + 2, end).replace(/^~|~$/g, '');
      const expr = value[i] === '$' ? parseHclExpression(inner, range) : undefined;
      parts.push(expr ?? { kind: 'other', text: value.slice(i, end + 1), range });
      i = end + 1;
      continue;
    }
    literal += value[i];
    i++;
  }
  if (literal) parts.push(literal);
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]!;
  return { kind: 'template', parts, range };
}

/** Index of the `}` closing an interpolation that starts at `from`, skipping nested braces and quoted strings. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
