import type { TNode } from '../node.js';
import { get } from '../node.js';

/** Result of resolving one Serverless variable expression. */
type Resolved =
  { value: string | number | boolean } | { node: TNode } | { dynamic: string } | { missing: true };

/** Deepest chain of variables followed before giving up (and calling the value dynamic). */
const MAX_DEPTH = 16;

/** Sources whose value is only known at deploy time, but may be replaced by a written fallback. */
const FALLBACK_SOURCES = new Set(['opt', 'sls', 'env']);

/**
 * Resolves Serverless Framework `${…}` variables that can be known from the file itself:
 * `${self:path}` (including `${self:custom.x}` / `${self:provider.x}`), fallbacks of `${opt:…}`,
 * `${sls:…}` and `${env:…}` (`${opt:stage, 'dev'}` → dev), nested variables, and chains of them.
 * Everything else (`${ssm:…}`, `${file(…)}`, `${cf:…}`, `${aws:…}`, an option without fallback)
 * is dynamic. Cycles and very deep chains are dynamic too, never an endless loop.
 */
export class ServerlessVariables {
  constructor(private readonly root: TNode | null) {}

  /** A string with variables → its value, or why it cannot be known. */
  resolveString(text: string): { value: string | number | boolean } | { dynamic: string } {
    const r = this.interpolate(text, 0, new Set());
    if ('dynamic' in r) return r;
    if ('value' in r) return r;
    if ('node' in r) return { dynamic: `${text} is a map or list` };
    return { dynamic: `${text} does not resolve to a value in this file` };
  }

  /** A scalar that is exactly `${self:…}` pointing at a map or list → that node; anything else unchanged. */
  resolveNode(node: TNode): TNode {
    if (node.kind !== 'scalar' || typeof node.value !== 'string' || !node.value.startsWith('${')) return node;
    const r = this.interpolate(node.value, 0, new Set());
    return 'node' in r ? r.node : node;
  }

  private interpolate(text: string, depth: number, seen: Set<string>): Resolved {
    if (depth > MAX_DEPTH) return { dynamic: `${text}: variables nested too deeply to resolve` };
    const spans = findVariables(text);
    if (spans.length === 0) return { value: text };
    // A string that is one variable keeps the variable's type (number, boolean, map).
    if (spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end === text.length) {
      return this.expression(text.slice(2, -1), depth + 1, seen);
    }
    let out = '';
    let last = 0;
    for (const span of spans) {
      out += text.slice(last, span.start);
      const r = this.expression(text.slice(span.start + 2, span.end - 1), depth + 1, seen);
      if ('dynamic' in r) return r;
      if ('missing' in r)
        return { dynamic: `${text.slice(span.start, span.end)} does not resolve in this file` };
      if ('node' in r)
        return { dynamic: `${text.slice(span.start, span.end)} is a map or list inside a string` };
      out += String(r.value);
      last = span.end;
    }
    return { value: out + text.slice(last) };
  }

  /** `source:address, fallback, …` → the first alternative that resolves. */
  private expression(body: string, depth: number, seen: Set<string>): Resolved {
    const alternatives = splitTopLevel(body);
    let firstDynamic: Resolved | undefined;
    for (const alternative of alternatives) {
      const r = this.single(alternative.trim(), depth, seen);
      if ('value' in r || 'node' in r) return r;
      if ('dynamic' in r) {
        // Deploy-time sources with a fallback: the fallback decides; other sources are plainly dynamic.
        if (r.dynamic.startsWith('\u0000')) {
          firstDynamic ??= { dynamic: r.dynamic.slice(1) };
          continue;
        }
        return r;
      }
    }
    return firstDynamic ?? { missing: true };
  }

  private single(ref: string, depth: number, seen: Set<string>): Resolved {
    if (ref === '') return { missing: true };
    const quoted = /^(['"])(.*)\1$/s.exec(ref);
    if (quoted) return this.interpolate(quoted[2]!, depth + 1, seen);
    if (/^-?\d+(\.\d+)?$/.test(ref)) return { value: Number(ref) };
    if (ref === 'true' || ref === 'false') return { value: ref === 'true' };
    if (ref.includes('${')) {
      const inner = this.interpolate(ref, depth + 1, seen);
      if (!('value' in inner)) return inner;
      return this.single(String(inner.value), depth + 1, seen);
    }
    const colon = ref.indexOf(':');
    const source = colon === -1 ? ref : ref.slice(0, colon);
    const address = colon === -1 ? '' : ref.slice(colon + 1);
    if (source === 'self') return this.self(address, depth, seen);
    if (FALLBACK_SOURCES.has(source)) return { dynamic: `\u0000\${${ref}} is only known at deploy time` };
    return { dynamic: `\${${ref}} is resolved at deploy time` };
  }

  private self(address: string, depth: number, seen: Set<string>): Resolved {
    if (seen.has(address)) return { dynamic: `\${self:${address}} refers to itself` };
    let node: TNode | undefined = this.root ?? undefined;
    for (const part of address.split('.').filter(Boolean)) {
      if (node?.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${')) {
        const nested: Resolved = this.interpolate(node.value, depth + 1, new Set([...seen, address]));
        node = 'node' in nested ? nested.node : undefined;
      }
      if (node?.kind === 'seq' && /^\d+$/.test(part)) node = node.items[Number(part)];
      else node = get(node, part);
      if (!node) return { missing: true };
    }
    if (!node) return { missing: true };
    if (node.kind === 'scalar') {
      if (node.value === null) return { missing: true };
      if (typeof node.value === 'string' && node.value.includes('${'))
        return this.interpolate(node.value, depth + 1, new Set([...seen, address]));
      return { value: node.value };
    }
    return { node };
  }
}

/** Top-level `${…}` spans of a string, with nesting (`${self:custom.${opt:stage}}`) kept inside. */
function findVariables(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let i = text.indexOf('${');
  while (i !== -1) {
    let depth = 0;
    let j = i;
    for (; j < text.length; j++) {
      if (text[j] === '$' && text[j + 1] === '{') {
        depth++;
        j++;
      } else if (text[j] === '}') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) break;
    spans.push({ start: i, end: j + 1 });
    i = text.indexOf('${', j + 1);
  }
  return spans;
}

/** Splits `a, 'b, c', ${d, e}` on commas outside quotes and nested variables. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '$' && body[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
