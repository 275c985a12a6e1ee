import { Lexer } from 'yaml';
import { ruleDocsUrl, type Finding, type TextEdit } from '@lambda-lint/core';
import type { LineIndex } from './positions.js';

export const FLOW_INDENTATION_RULE_ID = 'flow-indentation';

/** A flow collection (`[ … ]` or `{ … }`) spanning lines, some of them indented less than YAML 1.2 allows. */
export interface ShallowFlow {
  start: number;
  /** One past the closing bracket. */
  end: number;
}

/** Most flow collections repaired in one file: each repair lexes the file again, so this bounds the work. */
const MAX_REPAIRS = 100;

/** The lexer's zero-width markers; every other token is source text. */
const ZERO_WIDTH_TOKENS = new Set(['\x02', '\x18', '\x1f']);
/** The marker the lexer emits when a flow collection ends early because a line is not indented enough. */
const FLOW_ABORTED = '\x18';

/**
 * PyYAML (the SAM CLI's and CloudFormation's parser) ignores indentation inside `[ … ]` and `{ … }`;
 * YAML 1.2 requires every line there to be indented deeper than the enclosing block. This finds the
 * flow collections the lexer gives up on and rewrites each onto one line — line breaks and comments
 * become spaces, so every offset (and so every position reported) stays that of the original text.
 * Undefined when there is nothing such to repair or a collection has no closing bracket.
 */
export function repairShallowFlows(text: string): { text: string; flows: ShallowFlow[] } | undefined {
  let current = text;
  const flows: ShallowFlow[] = [];
  for (let round = 0; round <= MAX_REPAIRS; round++) {
    const start = firstAbortedFlow(current);
    if (start === undefined) return flows.length > 0 ? { text: current, flows } : undefined;
    if (round === MAX_REPAIRS || flows.some((flow) => flow.start === start)) return undefined;
    const end = flowEnd(current, start);
    if (end === undefined) return undefined;
    current = current.slice(0, start) + oneLine(current.slice(start, end)) + current.slice(end);
    flows.push({ start, end });
  }
  return undefined;
}

/** Offset of the outermost flow collection holding the first place where the lexer gave up on one. */
function firstAbortedFlow(text: string): number | undefined {
  let offset = 0;
  let level = 0;
  let outerStart = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === FLOW_ABORTED) return outerStart;
    if (token === '[' || token === '{') {
      if (level === 0) outerStart = offset;
      level++;
    } else if ((token === ']' || token === '}') && level > 0) level--;
    if (!ZERO_WIDTH_TOKENS.has(token)) offset += token.length;
  }
  return undefined;
}

/** One past the bracket closing the collection opened at `start`, skipping quoted scalars and comments. */
function flowEnd(text: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (--depth === 0) return i + 1;
    } else if ((c === '"' || c === "'") && startsToken(text, i)) {
      const close = quotedEnd(text, i);
      if (close === undefined) return undefined;
      i = close - 1;
    } else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      const newline = text.indexOf('\n', i);
      if (newline === -1) return undefined;
      i = newline - 1;
    }
  }
  return undefined;
}

/** The collection's text with line breaks and comments outside quoted scalars turned into spaces (same length). */
function oneLine(flow: string): string {
  let out = '';
  for (let i = 0; i < flow.length; i++) {
    const c = flow[i];
    if ((c === '"' || c === "'") && startsToken(flow, i)) {
      const close = quotedEnd(flow, i) ?? flow.length;
      out += flow.slice(i, close);
      i = close - 1;
    } else if (c === '#' && /\s/.test(flow[i - 1] ?? ' ')) {
      const newline = flow.indexOf('\n', i);
      const stop = newline === -1 ? flow.length : newline;
      out += ' '.repeat(stop - i);
      i = stop - 1;
    } else out += c === '\n' || c === '\r' ? ' ' : c;
  }
  return out;
}

/** A quote opens a quoted scalar only where a value starts (`it's` is a plain scalar). */
function startsToken(text: string, i: number): boolean {
  const before = text[i - 1];
  return before === undefined || /[\s[{,:]/.test(before);
}

/** One past the quote closing the scalar opened at `open` (`\"` escapes in double quotes, `''` in single). */
function quotedEnd(text: string, open: number): number | undefined {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return undefined;
}

/**
 * A warning at the collection, with a fix that indents its continuation lines two spaces deeper than
 * the key (or list item) it belongs to, keeping their layout relative to each other.
 */
export function shallowFlowFinding(file: string, text: string, lines: LineIndex, flow: ShallowFlow): Finding {
  const range = lines.range(flow.start, flow.end);
  const firstLineStart = flow.start - (range.column - 1);
  const ownerIndent = /^[ ]*(?:-[ ]+)*/.exec(text.slice(firstLineStart, flow.start))![0].length;
  const continuationStarts: number[] = [];
  let shallowest = Infinity;
  for (let i = text.indexOf('\n', flow.start); i !== -1 && i + 1 < flow.end; i = text.indexOf('\n', i + 1)) {
    const indent = /^[ ]*/.exec(text.slice(i + 1, flow.end))![0].length;
    if (/^[ ]*(\r?\n|$)/.test(text.slice(i + 1, flow.end))) continue;
    continuationStarts.push(i + 1);
    shallowest = Math.min(shallowest, indent);
  }
  const shift = Math.max(1, ownerIndent + 2 - shallowest);
  const edits: TextEdit[] = continuationStarts.map((at) => ({
    file,
    start: at,
    end: at,
    text: ' '.repeat(shift),
  }));
  const kind = text[flow.start] === '[' ? 'flow sequence "[ … ]"' : 'flow mapping "{ … }"';
  return {
    ruleId: FLOW_INDENTATION_RULE_ID,
    severity: 'warning',
    message: `This ${kind} spans lines ${range.line}–${range.endLine ?? range.line} and some of its lines are indented no deeper than the key it belongs to on line ${range.line}. The SAM CLI and CloudFormation (PyYAML) accept that, but YAML 1.2 parsers — such as the YAML language server in editors — reject the file.`,
    help: `Indent every line inside the brackets at least ${ownerIndent + 1} spaces (deeper than line ${range.line}'s key), or write the value as a block list or map.`,
    file,
    range,
    docsUrl: ruleDocsUrl(FLOW_INDENTATION_RULE_ID),
    tool: 'iac',
    fix: {
      description: `Indent lines ${range.line + 1}–${range.endLine ?? range.line} by ${shift} more spaces`,
      edits,
    },
  };
}
