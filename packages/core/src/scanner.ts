import type { Finding, Severity } from './finding.js';
import type { FunctionReport } from './function-report.js';
import type { Rule } from './rule.js';

/** Effective settings of one rule for one file, after config and overrides are applied. */
export interface RuleSetting {
  severity: Severity | 'off';
  /** Parsed and defaulted with the rule's options schema. */
  options: unknown;
}

/** Resolves the configuration for a file; scanners call it once per input file. */
export interface ConfigView {
  /** Setting for `ruleId` on `file` (relative POSIX path); unknown rules fall back to their meta. */
  rule(ruleId: string, file: string): RuleSetting;
  /** True when `file` matches an `ignore` glob. */
  isIgnored(file: string): boolean;
}

export interface ScanRequest {
  /** Paths as given on the command line (files or directories), relative to `cwd` or absolute. */
  paths: string[];
  cwd: string;
  config: ConfigView;
  /** Report suppression comments / Metadata ignores that matched nothing (`--report-unused-disable`). */
  reportUnusedDisable?: boolean;
  /** Extra artifacts to write, e.g. the bundle analyzer's treemap (`--report treemap.html`). */
  outputs?: { treemap?: string };
}

/** A table a reporter may print after the findings (e.g. per-function package sizes). */
export interface SummaryTable {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface ScanResult {
  findings: Finding[];
  /** Files (templates, packages, sources) actually examined. */
  filesScanned: number;
  tables?: SummaryTable[];
  /** Per-function report cards (the project layer). */
  functions?: FunctionReport[];
}

/** One part of the suite (iac, bundle, eslint) as the CLI sees it. */
export interface Scanner {
  name: 'iac' | 'bundle' | 'eslint' | 'python';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
  rules: readonly Rule<any, any>[];
  scan(request: ScanRequest): Promise<ScanResult>;
}
