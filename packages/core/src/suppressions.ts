import { ruleDocsUrl, type Finding, type Range } from './finding.js';

/** A region of a file in which findings of some rules are not reported. */
export interface Suppression {
  file: string;
  kind: 'comment' | 'metadata';
  /** Rule ids; empty means every rule. */
  rules: string[];
  reason?: string;
  /** First and last line (inclusive, 1-based) the suppression covers. */
  fromLine: number;
  toLine: number;
  /** Where the directive itself is written, for "unused suppression" findings. */
  at: Range;
}

const DIRECTIVE = /lambda-lint-(disable-next-line|disable-line|disable|enable)(?![\w-])(.*)$/;

function parseDirectiveBody(body: string): { rules: string[]; reason?: string } {
  const separator = body.indexOf('--');
  const rulesText = separator === -1 ? body : body.slice(0, separator);
  const reason = separator === -1 ? undefined : body.slice(separator + 2).trim() || undefined;
  const rules = rulesText
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return reason === undefined ? { rules } : { rules, reason };
}

/** Index of the comment start on a line, or -1. The prefix must start the line or follow whitespace. */
function commentStart(line: string, prefix: '#' | '//'): number {
  let from = 0;
  for (;;) {
    const i = line.indexOf(prefix, from);
    if (i === -1) return -1;
    if (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t') return i;
    from = i + prefix.length;
  }
}

/**
 * Reads suppression comments: `lambda-lint-disable-next-line <rules> -- reason` (covers the next
 * line that is not blank or a comment), `lambda-lint-disable-line`, and `lambda-lint-disable` /
 * `lambda-lint-enable` blocks (an unclosed block runs to the end of the file).
 */
export function parseCommentSuppressions(
  file: string,
  text: string,
  commentPrefix: '#' | '//',
): Suppression[] {
  if (!text.includes('lambda-lint-')) return [];
  const lines = text.split(/\r?\n/);
  const result: Suppression[] = [];
  const open: { rules: string[]; reason?: string; line: number; at: Range }[] = [];
  const isCodeLine = (line: string) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith(commentPrefix);
  };
  lines.forEach((line, index) => {
    const start = commentStart(line, commentPrefix);
    if (start === -1) return;
    const comment = line.slice(start + commentPrefix.length);
    const match = DIRECTIVE.exec(comment);
    if (!match) return;
    const lineNo = index + 1;
    const at: Range = { line: lineNo, column: start + 1, endLine: lineNo, endColumn: line.length + 1 };
    const { rules, reason } = parseDirectiveBody(match[2] ?? '');
    const base = { file, kind: 'comment' as const, rules, ...(reason !== undefined && { reason }), at };
    switch (match[1]) {
      case 'disable-line':
        result.push({ ...base, fromLine: lineNo, toLine: lineNo });
        break;
      case 'disable-next-line': {
        let target = index + 1;
        while (target < lines.length && !isCodeLine(lines[target]!)) target++;
        const targetLine = Math.min(target, lines.length - 1) + 1;
        result.push({ ...base, fromLine: targetLine, toLine: targetLine });
        break;
      }
      case 'disable':
        open.push({ rules, ...(reason !== undefined && { reason }), line: lineNo, at });
        break;
      case 'enable': {
        for (let i = open.length - 1; i >= 0; i--) {
          const block = open[i]!;
          const closes =
            rules.length === 0 || (block.rules.length > 0 && block.rules.every((r) => rules.includes(r)));
          if (!closes) continue;
          result.push({
            file,
            kind: 'comment',
            rules: block.rules,
            ...(block.reason !== undefined && { reason: block.reason }),
            fromLine: block.line,
            toLine: lineNo,
            at: block.at,
          });
          open.splice(i, 1);
        }
        break;
      }
    }
  });
  for (const block of open) {
    result.push({
      file,
      kind: 'comment',
      rules: block.rules,
      ...(block.reason !== undefined && { reason: block.reason }),
      fromLine: block.line,
      toLine: lines.length,
      at: block.at,
    });
  }
  return result.sort((a, b) => a.at.line - b.at.line);
}

function covers(s: Suppression, f: Finding): boolean {
  return (
    s.file === f.file &&
    f.range.line >= s.fromLine &&
    f.range.line <= s.toLine &&
    (s.rules.length === 0 || s.rules.includes(f.ruleId))
  );
}

/** Suppressions spanning more lines than this are checked for every finding instead of indexed line by line. */
const MAX_INDEXED_SPAN = 256;

/**
 * The suppressions that may cover a given line: a line → suppressions table for the usual short spans,
 * so thousands of findings against hundreds of comments stay linear instead of findings × suppressions.
 */
function indexByLine(suppressions: Suppression[]): (line: number) => readonly Suppression[] {
  const byLine = new Map<number, Suppression[]>();
  const wide: Suppression[] = [];
  for (const s of suppressions) {
    if (s.toLine - s.fromLine > MAX_INDEXED_SPAN) {
      wide.push(s);
      continue;
    }
    for (let line = s.fromLine; line <= s.toLine; line++) {
      const list = byLine.get(line);
      if (list === undefined) byLine.set(line, [s]);
      else list.push(s);
    }
  }
  return (line) => {
    const short = byLine.get(line);
    if (wide.length === 0) return short ?? [];
    return short === undefined ? wide : [...short, ...wide];
  };
}

/**
 * Removes findings covered by a suppression. Fatal findings (unreadable input) are never
 * suppressed. With `reportUnused`, each suppression that covered nothing becomes an
 * `unused-disable` warning at the directive.
 */
export function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  opts: { reportUnused?: boolean } = {},
): Finding[] {
  if (suppressions.length === 0) return findings;
  const used = new Set<Suppression>();
  const candidatesFor = indexByLine(suppressions);
  const kept = findings.filter((finding) => {
    if (finding.fatal) return true;
    let suppressed = false;
    for (const s of candidatesFor(finding.range.line)) {
      if (covers(s, finding)) {
        used.add(s);
        suppressed = true;
      }
    }
    return !suppressed;
  });
  if (opts.reportUnused) {
    for (const s of suppressions) {
      if (used.has(s)) continue;
      const what = s.rules.length ? s.rules.map((r) => `"${r}"`).join(', ') : 'all rules';
      kept.push({
        ruleId: 'unused-disable',
        severity: 'warning',
        message:
          s.kind === 'metadata'
            ? `Metadata ignore for ${what} suppresses nothing: the problem it was added for is gone.`
            : `Suppression comment for ${what} suppresses nothing: the problem it was added for is gone.`,
        help:
          s.kind === 'metadata'
            ? 'Remove this entry from Metadata.lambda-lint.ignore.'
            : 'Remove this comment.',
        file: s.file,
        range: s.at,
        docsUrl: ruleDocsUrl('unused-disable'),
        tool: 'core',
      });
    }
  }
  return kept;
}
