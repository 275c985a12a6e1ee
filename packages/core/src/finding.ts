/** Severity of a finding, from least to most serious. `off` exists only in configuration. */
export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** True when `severity` is at least as serious as `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[a] - RANK[b];
}

/**
 * A source range, 1-based like editors and ESLint. `endColumn` is exclusive
 * (one past the last character), as in ESLint. End is present where known.
 */
export interface Range {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** A place in a file. `file` is relative to the working directory, with `/` separators. */
export interface Location {
  file: string;
  range: Range;
}

/** What a finding is about: the thing a user would search for in their project. */
export interface Subject {
  kind:
    'function' | 'resource' | 'template' | 'package' | 'file' | 'layer' | 'queue' | 'api' | 'state-machine';
  /** Logical ID, function name, npm package name or file path. */
  id: string;
  /** Friendlier name where one exists (CDK construct path, Serverless function name). */
  name?: string;
}

/** One textual replacement. Offsets are 0-based UTF-16 indices into the file text. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

/** A fix (applied by `--fix`-like tooling) or a suggestion (shown, never applied automatically). */
export interface Fix {
  description: string;
  edits: TextEdit[];
}

/**
 * The part of lambda-lint that produced a finding: the template scanner, the package analyzer, the
 * ESLint plugin, the Python analyzer, measured diagnostics (logs, init-time), the per-function join
 * (project) and the core itself (parse errors, unused suppressions, config).
 */
export type Tool = 'iac' | 'bundle' | 'eslint' | 'python' | 'diagnostics' | 'project' | 'core';

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** What is wrong and why it matters for Lambda. */
  message: string;
  /** What to write instead. */
  help?: string;
  file: string;
  range: Range;
  subject?: Subject;
  docsUrl?: string;
  tool: Tool;
  fix?: Fix;
  suggestions?: Fix[];
  /** The input could not be read or parsed (exit code 2). */
  fatal?: boolean;
}

/** Where rule documentation lives; one page per rule id. */
export const DOCS_BASE_URL = 'https://github.com/lambda-lint/lambda-lint/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** Stable order: file, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.line - b.range.line ||
    a.range.column - b.range.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
