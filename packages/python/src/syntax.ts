/**
 * The Python syntax tree as the rules read it: @lezer/python's tree (pure JS, error-tolerant, with
 * positions) plus the few helpers every rule needs (text, children, ranges, string values).
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Range } from '@lambda-lint/core';

export type { SyntaxNode } from '@lezer/common';

export interface SourceFile {
  file: string;
  text: string;
  tree: Tree;
  /** Offsets at which each line starts (index 0 = line 1). */
  lineStarts: number[];
}

export function parsePython(file: string, text: string): SourceFile {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return { file, text, tree: parser.parse(forLezer(text)), lineStarts };
}

/**
 * The text lezer parses: CPython syntax its grammar lacks rewritten to an equivalent shape of the same
 * length, so every offset still points into the real text. Form feeds (page breaks) are whitespace;
 * a parenthesised `with … as (a, b):` target loses its parentheses.
 */
function forLezer(text: string): string {
  let out = text.includes('\f') ? text.replaceAll('\f', ' ') : text;
  if (out.includes(' as (')) out = out.replace(/(\bas\s*)\(([^()\n]*)\)(\s*:)/g, '$1 $2 $3');
  return out;
}

/** 1-based line and column of an offset. */
export function position(source: SourceFile, offset: number): { line: number; column: number } {
  const starts = source.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

export function rangeOf(source: SourceFile, from: number, to: number): Range {
  const start = position(source, from);
  const end = position(source, to);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

export function textOf(source: SourceFile, node: SyntaxNode): string {
  return source.text.slice(node.from, node.to);
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

/**
 * Places lezer marks as errors in code CPython accepts: parenthesised context managers
 * (`with (a as b, c as d):`, Python 3.10), bare `yield`, `24.` floats, empty class patterns. Known
 * grammar gaps (found by parsing CPython's own standard library), not syntax errors.
 */
function isKnownGrammarGap(error: SyntaxNode, source: SourceFile): boolean {
  const parent = error.parent;
  if (error.from === error.to && parent) {
    // A bare `yield` statement; a float with a trailing dot (`24.`); an empty class pattern (`case Point():`).
    if (parent.name === 'YieldStatement') return true;
    if (parent.name === 'MemberExpression' && parent.firstChild?.name === 'Number') return true;
    if (parent.name === 'LiteralPattern' && parent.parent?.name === 'PatternArgList') return true;
  }
  for (let node: SyntaxNode | null = parent; node; node = node.parent) {
    if (node.name === 'YieldExpression') return error.from === error.to;
    if (node.name === 'WithStatement') return /^with\s*\(/.test(textOf(source, node));
    if (node.name.endsWith('Statement') || node.name === 'Body') return false;
  }
  return false;
}

/** The first real syntax error of the file, if any. */
export function firstSyntaxError(source: SourceFile): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  source.tree.iterate({
    enter(ref) {
      if (found) return false;
      if (ref.type.isError && !isKnownGrammarGap(ref.node, source)) {
        found = ref.node;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

/** Every descendant of `node` of one of `names`, not descending into nested function or class bodies when `ownScope`. */
export function descendants(node: SyntaxNode, names: ReadonlySet<string>, ownScope: boolean): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.cursor();
  const start = cursor.node;
  const visit = (): void => {
    if (!cursor.firstChild()) return;
    do {
      const name = cursor.name;
      if (names.has(name)) out.push(cursor.node);
      if (ownScope && (name === 'FunctionDefinition' || name === 'ClassDefinition') && cursor.node !== start)
        continue;
      visit();
    } while (cursor.nextSibling());
    cursor.parent();
  };
  visit();
  return out;
}

/** The value of a plain string literal (`'x'`, `"x"`, `r'x'`, triple quotes; adjacent literals joined); undefined for f-strings and bytes. */
export function stringValue(source: SourceFile, node: SyntaxNode): string | undefined {
  if (node.name === 'ParenthesizedExpression') {
    const inner = children(node).filter((c) => c.name !== '(' && c.name !== ')');
    return inner.length === 1 ? stringValue(source, inner[0]!) : undefined;
  }
  if (node.name !== 'String') return undefined;
  const raw = textOf(source, node);
  // Adjacent literals (`'a' 'b'`) are one String node in lezer: split them with a small scanner.
  let value = '';
  let i = 0;
  while (i < raw.length) {
    while (i < raw.length && /\s|\\/.test(raw[i]!)) i++;
    if (i >= raw.length) break;
    const prefixMatch = /^[rRuU]*/.exec(raw.slice(i))!;
    const prefix = prefixMatch[0].toLowerCase();
    if (/[bBfF]/.test(raw[i + prefix.length] ?? '')) return undefined;
    i += prefix.length;
    const quote = raw.startsWith('"""', i) || raw.startsWith("'''", i) ? raw.slice(i, i + 3) : raw[i];
    if (quote !== '"' && quote !== "'" && quote !== '"""' && quote !== "'''") return undefined;
    i += quote.length;
    let close = i;
    for (;;) {
      close = raw.indexOf(quote, close);
      if (close === -1) return undefined;
      let backslashes = 0;
      for (let k = close - 1; k >= i && raw[k] === '\\'; k--) backslashes++;
      if (backslashes % 2 === 0) break;
      close++;
    }
    const body = raw.slice(i, close);
    value += prefix.includes('r') ? body : unescape(body);
    i = close + quote.length;
  }
  return value;
}

function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\\'"nrt0]|\n)/g, (_, escape: string) => {
    switch (escape[0]) {
      case 'x':
      case 'u':
        return String.fromCharCode(parseInt(escape.slice(1), 16));
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '0':
        return '\0';
      case '\n':
        return '';
      default:
        return escape;
    }
  });
}

/** Arguments of an ArgList: positional values and `name=value` keywords, in order; `*a`/`**k` are marked. */
export interface Argument {
  keyword?: string;
  keywordNode?: SyntaxNode;
  value: SyntaxNode;
  star?: '*' | '**';
}

export function argumentsOf(source: SourceFile, call: SyntaxNode): Argument[] {
  const list = call.getChild('ArgList');
  if (!list) return [];
  const out: Argument[] = [];
  let keyword: SyntaxNode | undefined;
  let star: '*' | '**' | undefined;
  let pendingName: SyntaxNode | undefined;
  for (let child = list.firstChild; child; child = child.nextSibling) {
    const name = child.name;
    if (name === '(' || name === ')') continue;
    if (name === ',') {
      if (pendingName) out.push({ value: pendingName, ...(star && { star }) });
      pendingName = undefined;
      keyword = undefined;
      star = undefined;
      continue;
    }
    if (name === '*' || name === '**') {
      star = name;
      continue;
    }
    if (name === 'AssignOp' && pendingName) {
      keyword = pendingName;
      pendingName = undefined;
      continue;
    }
    if (keyword) {
      out.push({ keyword: textOf(source, keyword), keywordNode: keyword, value: child });
      keyword = undefined;
      continue;
    }
    if (pendingName) out.push({ value: pendingName, ...(star && { star }) });
    pendingName = child;
  }
  if (pendingName) out.push({ value: pendingName, ...(star && { star }) });
  return out;
}

/** The callee of a CallExpression (its first child). */
export function calleeOf(call: SyntaxNode): SyntaxNode | undefined {
  const first = call.firstChild;
  return first && first.name !== 'ArgList' ? first : undefined;
}

/** `a.b` as [object, property name]; undefined for subscripts and other shapes. */
export function memberParts(
  source: SourceFile,
  node: SyntaxNode,
): { object: SyntaxNode; property: string } | undefined {
  if (node.name !== 'MemberExpression') return undefined;
  const property = node.lastChild;
  const object = node.firstChild;
  if (!object || property?.name !== 'PropertyName') return undefined;
  return { object, property: textOf(source, property) };
}

/** `a[...]` as [object, index]; undefined for other shapes. */
export function subscriptParts(node: SyntaxNode): { object: SyntaxNode; index: SyntaxNode } | undefined {
  if (node.name !== 'MemberExpression') return undefined;
  const object = node.firstChild;
  const open = object?.nextSibling;
  if (!object || open?.name !== '[') return undefined;
  const index = open.nextSibling;
  if (!index || index.name === ']' || index.nextSibling?.name !== ']') return undefined;
  return { object, index };
}
