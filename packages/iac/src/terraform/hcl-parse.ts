import type { Range } from '@lambda-lint/core';
import type { SyntaxNode, Tree } from '@lezer/common';
import { hclLanguage } from 'codemirror-lang-hcl';
import { MAX_NESTING_DEPTH } from '../load/limits.js';
import { LineIndex } from '../load/positions.js';
import type { HclAttribute, HclBlock, HclBody, HclExpr, HclObjectEntry } from './hcl-tree.js';

export type HclParseResult =
  { ok: true; body: HclBody } | { ok: false; range: Range; message: string; help: string };

const SYNTAX_HELP =
  'Fix the HCL syntax here; `terraform validate` (or `terraform fmt`) reports the same spot with its own wording.';

/** Thrown inside the tree walk; turned into a parse error by `parseHcl`. */
class HclFailure {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly message: string,
    readonly help: string = SYNTAX_HELP,
  ) {}
}

const SKIPPED = new Set(['Comment', 'LineComment', 'BlockComment']);

/** Parses HCL native syntax with positions. Never throws: syntax errors (Lezer error nodes), repeated attributes and excessive nesting are a failure with their place. */
export function parseHcl(text: string): HclParseResult {
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const lines = new LineIndex(source);
  try {
    const tree = parseAround(source);
    const body = tree.topNode.getChild('Body');
    const builder = new Builder(source, lines);
    return { ok: true, body: body ? builder.body(body, 0) : { attributes: [], blocks: [] } };
  } catch (error) {
    if (error instanceof HclFailure) {
      return {
        ok: false,
        range: lines.range(error.from, error.to),
        message: error.message,
        help: error.help,
      };
    }
    if (error instanceof RangeError) {
      return {
        ok: false,
        range: lines.point(0),
        message: `The configuration is nested too deeply to read (${error.message}).`,
        help: 'Flatten the expressions; no Terraform configuration needs this much nesting.',
      };
    }
    throw error;
  }
}

/**
 * The grammar rejects two things Terraform accepts: `1e3` (an exponent without a fraction) and `if` / `in`
 * as attribute or object keys. When a parse fails, the text is parsed again with those spelled in a
 * same-length form the grammar takes (`1.3`, `i_`); the tree's offsets are unchanged, and every value
 * and name is read from the original text, so nothing of the rewrite reaches the model.
 */
function parseAround(source: string): Tree {
  const tree = hclLanguage.parser.parse(source);
  const error = firstError(tree, source);
  if (!error) return tree;
  const patched = source
    .replace(
      /(?<![\w.])(\d+)[eE]([+-]?)(?=\d)/g,
      (_m, digits: string, sign: string) => `${digits}.${sign ? '0' : ''}`,
    )
    .replace(/(?<![\w."])(?:if|in)(?=[ \t]*=(?!=))/g, 'i_');
  if (patched === source) throw error;
  const retry = hclLanguage.parser.parse(patched);
  // Still broken: the retry's first error is the real one (the rewritten spots no longer fail); quoted from the original.
  const remaining = firstError(retry, source);
  if (remaining) throw remaining;
  return retry;
}

/** Parses one HCL expression (the inside of a `${…}` in JSON syntax); undefined when it is not a valid expression. */
export function parseHclExpression(source: string, range: Range): HclExpr | undefined {
  const wrapped = `x = (${source}\n)\n`;
  const tree = hclLanguage.parser.parse(wrapped);
  if (firstError(tree, wrapped)) return undefined;
  const attr = tree.topNode.getChild('Body')?.getChild('Attribute');
  const exprNode = attr?.getChild('Expression');
  if (!exprNode) return undefined;
  try {
    const expr = new Builder(wrapped, new LineIndex(wrapped)).expression(exprNode, 0);
    return relocate(expr, range);
  } catch {
    return undefined;
  }
}

/** Gives every range in an expression parsed out of context the range of the string it came from. */
function relocate(expr: HclExpr, range: Range): HclExpr {
  switch (expr.kind) {
    case 'template':
      return {
        ...expr,
        range,
        parts: expr.parts.map((p) => (typeof p === 'string' ? p : relocate(p, range))),
      };
    case 'object':
      return {
        ...expr,
        range,
        entries: expr.entries.map((e) => ({ ...e, keyRange: range, value: relocate(e.value, range) })),
      };
    case 'tuple':
      return { ...expr, range, items: expr.items.map((i) => relocate(i, range)) };
    case 'call':
      return { ...expr, range, args: expr.args.map((a) => relocate(a, range)) };
    case 'negate':
      return { ...expr, range, operand: relocate(expr.operand, range) };
    default:
      return { ...expr, range };
  }
}

function firstError(tree: Tree, text: string): HclFailure | undefined {
  let found: HclFailure | undefined;
  tree.iterate({
    enter(node) {
      if (found) return false;
      if (!node.type.isError) return undefined;
      const near = text
        .slice(node.from, Math.max(node.to, node.from + 1))
        .split('\n')[0]!
        .trim();
      found = new HclFailure(
        node.from,
        node.to,
        near === ''
          ? 'HCL syntax error: the configuration ends or breaks off here (an unclosed block, bracket or string, or an attribute without a value).'
          : `HCL syntax error: unexpected \`${near.length > 40 ? `${near.slice(0, 40)}…` : near}\` here.`,
      );
      return false;
    },
  });
  return found;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (!SKIPPED.has(child.name)) out.push(child);
  }
  return out;
}

class Builder {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  private range(node: { from: number; to: number }): Range {
    return this.lines.range(node.from, node.to);
  }

  private source(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private guard(node: SyntaxNode, depth: number): void {
    if (depth > MAX_NESTING_DEPTH) {
      throw new HclFailure(
        node.from,
        node.from,
        `Blocks or values are nested more than ${MAX_NESTING_DEPTH} levels deep here.`,
        `Flatten the structure; lambda-lint stops at ${MAX_NESTING_DEPTH} levels.`,
      );
    }
  }

  body(node: SyntaxNode, depth: number): HclBody {
    this.guard(node, depth);
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    const seen = new Set<string>();
    for (const child of children(node)) {
      if (child.name === 'Attribute') {
        const attr = this.attribute(child, depth);
        if (seen.has(attr.name)) {
          throw new HclFailure(
            child.from,
            child.to,
            `Attribute \`${attr.name}\` is set twice in this block; Terraform rejects the configuration ("Attribute redefined").`,
            `Keep one \`${attr.name}\` assignment in this block.`,
          );
        }
        seen.add(attr.name);
        attributes.push(attr);
      } else if (child.name === 'Block') {
        blocks.push(this.block(child, depth));
      }
    }
    return { attributes, blocks };
  }

  private attribute(node: SyntaxNode, depth: number): HclAttribute {
    const name = node.getChild('Identifier')!;
    const exprNode = node.getChild('Expression')!;
    return {
      name: this.source(name),
      range: this.lines.range(node.from, exprNode.to),
      expr: this.expression(exprNode, depth + 1),
    };
  }

  private block(node: SyntaxNode, depth: number): HclBlock {
    const type = node.getChild('BlockType')!;
    const labels = node.getChildren('BlockLabel');
    const headerEnd = labels.length > 0 ? labels[labels.length - 1]!.to : type.to;
    const inner = node.getChild('Body');
    return {
      type: this.source(type),
      labels: labels.map((label) => this.labelText(label)),
      headerRange: this.lines.range(type.from, headerEnd),
      range: this.range(node),
      body: inner ? this.body(inner, depth + 1) : { attributes: [], blocks: [] },
    };
  }

  private labelText(label: SyntaxNode): string {
    const literal = label.getChild('StringLit')?.getChild('TemplateLiteral');
    if (literal) return decodeQuoted(this.source(literal));
    const raw = this.source(label);
    return raw.startsWith('"') ? '' : raw;
  }

  expression(node: SyntaxNode, depth: number): HclExpr {
    this.guard(node, depth);
    const range = this.range(node);
    const parts = children(node);
    const first = parts[0];
    if (!first) return { kind: 'other', text: this.source(node), range };
    if (first.name === '(') {
      const inner = parts.find((p) => p.name === 'Expression');
      return inner ? this.expression(inner, depth + 1) : { kind: 'other', text: this.source(node), range };
    }
    if (parts.length > 1) return this.traversal(node, first, parts.slice(1), range);
    switch (first.name) {
      case 'Expression':
        return this.expression(first, depth + 1);
      case 'LiteralValue':
        return this.literal(first, range);
      case 'TemplateExpr':
        return this.template(first, range, depth);
      case 'CollectionValue':
        return this.collection(first, range, depth);
      case 'VariableExpr':
        return this.traversal(node, first, [], range);
      case 'FunctionCall':
        return this.call(first, range, depth);
      case 'Operation':
        return this.operation(node, first, range, depth);
      default:
        return { kind: 'other', text: this.source(node), range };
    }
  }

  private literal(node: SyntaxNode, range: Range): HclExpr {
    const inner = node.firstChild;
    if (!inner) return { kind: 'other', text: this.source(node), range };
    switch (inner.name) {
      case 'NumericLit':
        return { kind: 'literal', value: Number(this.source(inner)), range };
      case 'BoolLit':
        return { kind: 'literal', value: this.source(inner) === 'true', range };
      case 'NullLit':
        return { kind: 'literal', value: null, range };
      case 'StringLit': {
        const literal = inner.getChild('TemplateLiteral');
        return { kind: 'literal', value: literal ? decodeQuoted(this.source(literal)) : '', range };
      }
      default:
        return { kind: 'other', text: this.source(node), range };
    }
  }

  private template(node: SyntaxNode, range: Range, depth: number): HclExpr {
    const inner = node.firstChild;
    if (!inner) return { kind: 'other', text: this.source(node), range };
    const heredoc = inner.name === 'HeredocTemplate';
    const parts: (string | HclExpr)[] = [];
    for (const part of children(inner)) {
      if (part.name === 'TemplateLiteral') {
        const raw = this.source(part);
        parts.push(heredoc ? raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : decodeQuoted(raw));
      } else if (part.name === 'TemplateInterpolation') {
        const expr = part.getChild('Expression');
        parts.push(expr ? this.expression(expr, depth + 1) : { kind: 'other', text: '', range });
      } else if (part.name === 'TemplateDirective') {
        // `%{ if }` / `%{ for }`: the text depends on values we do not evaluate.
        parts.push({ kind: 'other', text: this.source(part), range: this.range(part) });
      }
    }
    if (heredoc) {
      const start = inner.getChild('HeredocStart');
      return {
        kind: 'template',
        parts: trimHeredoc(parts, start ? this.source(start) === '<<-' : false),
        range,
      };
    }
    // `"${x}"` is the value of x itself, not a string conversion of it.
    if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]!;
    if (parts.every((p) => typeof p === 'string')) return { kind: 'literal', value: parts.join(''), range };
    return { kind: 'template', parts, range };
  }

  private collection(node: SyntaxNode, range: Range, depth: number): HclExpr {
    const inner = node.firstChild;
    if (inner?.name === 'Tuple') {
      return {
        kind: 'tuple',
        items: inner.getChildren('Expression').map((e) => this.expression(e, depth + 1)),
        range,
      };
    }
    if (inner?.name === 'Object') {
      const entries: HclObjectEntry[] = [];
      for (const elem of inner.getChildren('ObjectElem')) {
        const keyNode = elem.getChild('ObjectKey');
        const valueNode = elem.getChild('Expression');
        if (!keyNode || !valueNode) continue;
        entries.push({
          key: this.objectKey(keyNode, depth),
          keyRange: this.range(keyNode),
          value: this.expression(valueNode, depth + 1),
        });
      }
      return { kind: 'object', entries, range };
    }
    return { kind: 'other', text: this.source(node), range };
  }

  /** A bare name or literal string key; a parenthesised or computed key is unknown. */
  private objectKey(node: SyntaxNode, depth: number): string | undefined {
    const expr = node.getChild('Expression');
    if (!expr) return undefined;
    const parts = children(expr);
    if (parts.length === 1 && parts[0]!.name === 'VariableExpr') return this.source(parts[0]!);
    const value = this.expression(expr, depth + 1);
    return value.kind === 'literal' && typeof value.value === 'string' ? value.value : undefined;
  }

  private call(node: SyntaxNode, range: Range, depth: number): HclExpr {
    const namespaces = node.getChildren('FunctionNamespace').map((n) => this.source(n));
    const name = namespaces.join('') + this.source(node.getChild('FunctionName') ?? node);
    const argsNode = node.getChild('FunctionArguments');
    // `f(list...)` expands a list into arguments: their number is unknown.
    if (argsNode?.getChild('Ellipsis')) return { kind: 'other', text: this.source(node), range };
    const args = argsNode ? argsNode.getChildren('Expression').map((e) => this.expression(e, depth + 1)) : [];
    return { kind: 'call', name, args, range };
  }

  private operation(whole: SyntaxNode, node: SyntaxNode, range: Range, depth: number): HclExpr {
    const unary = node.getChild('UnaryOperation');
    if (unary) {
      const op = unary.firstChild;
      const operandNode = op?.nextSibling;
      if (op && operandNode && this.source(op) === '-') {
        const operand = this.operand(operandNode, depth);
        if (operand.kind === 'literal' && typeof operand.value === 'number') {
          return { kind: 'literal', value: -operand.value, range };
        }
        return { kind: 'negate', operand, range };
      }
    }
    return { kind: 'other', text: this.source(whole), range };
  }

  /** Operands of an operation are bare LiteralValue / VariableExpr nodes, not wrapped in Expression. */
  private operand(node: SyntaxNode, depth: number): HclExpr {
    if (node.name === 'Expression') return this.expression(node, depth + 1);
    const range = this.range(node);
    if (node.name === 'LiteralValue') return this.literal(node, range);
    return { kind: 'other', text: this.source(node), range };
  }

  private traversal(whole: SyntaxNode, base: SyntaxNode, steps: SyntaxNode[], range: Range): HclExpr {
    const text = this.source(whole);
    if (base.name !== 'VariableExpr') return { kind: 'other', text, range };
    const path: (string | number)[] = [];
    let exact = true;
    for (const step of steps) {
      if (step.name === 'GetAttr') {
        const id = step.getChild('Identifier');
        if (id) path.push(this.source(id));
        else exact = false;
      } else if (step.name === 'Index') {
        const legacy = step.getChild('LegacyIndex');
        if (legacy) {
          path.push(Number(this.source(legacy).slice(1)));
          continue;
        }
        const expr = step.getChild('NewIndex')?.getChild('Expression');
        const key = expr ? this.expression(expr, 0) : undefined;
        if (key?.kind === 'literal' && (typeof key.value === 'string' || typeof key.value === 'number')) {
          path.push(key.value);
        } else {
          exact = false;
          path.push('*');
        }
      } else {
        // A splat (`[*]`, `.*`): the result is a list of values, not one.
        exact = false;
        path.push('*');
      }
    }
    return { kind: 'traversal', root: this.source(base), path, exact, text, range };
  }
}

/** Decodes the escapes of a quoted HCL string (`\n`, `\"`, `\uNNNN`, `$${`, `%%{`). */
export function decodeQuoted(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match, escape?: string) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    switch (escape![0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
      case 'U': {
        const code = Number.parseInt(escape!.slice(1), 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : match;
      }
      default:
        return escape!;
    }
  });
}

/** Drops the newline after the opening marker and ends the text with the newline the closing marker's token holds; `<<-` also removes the common indentation. */
function trimHeredoc(parts: (string | HclExpr)[], indented: boolean): (string | HclExpr)[] {
  const out = [...parts];
  if (typeof out[0] === 'string') out[0] = out[0].replace(/^\r?\n/, '');
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = `${out[last]}\n`;
  else if (last >= 0) out.push('\n');
  if (indented && out.every((p) => typeof p === 'string')) {
    const text = out.join('');
    const lines = text.split('\n');
    const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
    const common = indents.length > 0 ? Math.min(...indents) : 0;
    return [lines.map((l) => l.slice(common)).join('\n')];
  }
  return out.filter((p) => p !== '');
}
