import type { Finding, Severity, Tool } from '../finding.js';
import type { FunctionReport } from '../function-report.js';
import type { RuleMeta } from '../rule.js';
import type { SummaryTable } from '../scanner.js';

/** Everything a reporter may show: the findings of one run plus what was scanned and which rules exist. */
export interface ReportInput {
  findings: Finding[];
  filesScanned: number;
  tables?: SummaryTable[];
  /** Report cards of the functions (and packages) the project layer joined; their findings are among `findings`. */
  functions?: FunctionReport[];
  /** Directory that finding paths are relative to. */
  cwd: string;
  /** Every rule that took part in the run (for SARIF rule descriptors and help links). */
  rules: readonly RuleMeta[];
  /** Version of the lambda-lint CLI that produced the report. */
  toolVersion: string;
}

export interface ReporterOptions {
  /** Emit ANSI colours; the CLI decides from the TTY, NO_COLOR, FORCE_COLOR and --no-color. */
  color: boolean;
}

/** Turns a run's findings into the text of one output format. Pure: no I/O. */
export type Reporter = (result: ReportInput, opts: ReporterOptions) => string;

export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
  /** Findings whose input could not be read or parsed. */
  fatal: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { errors: 0, warnings: 0, infos: 0, fatal: 0 };
  for (const f of findings) {
    if (f.severity === 'error') counts.errors++;
    else if (f.severity === 'warning') counts.warnings++;
    else counts.infos++;
    if (f.fatal) counts.fatal++;
  }
  return counts;
}

/** Order in which tool parts appear in multi-part reports. */
export const TOOL_ORDER: readonly Tool[] = [
  'iac',
  'bundle',
  'eslint',
  'python',
  'project',
  'diagnostics',
  'core',
];

export const PROJECT_URL = 'https://github.com/lambda-lint/lambda-lint';

export function severityRank(severity: Severity): number {
  return severity === 'error' ? 3 : severity === 'warning' ? 2 : 1;
}
