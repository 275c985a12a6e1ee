import {
  compareFindings,
  ruleDocsUrl,
  type Finding,
  type Fix,
  type Range,
  type Severity,
  type Subject,
  type Tool,
} from '../finding.js';
import type { Concern, FunctionReport, HandlerReport, PackageReport } from '../function-report.js';
import type { SummaryTable } from '../scanner.js';
import { countFindings, type Reporter } from './types.js';

/** Version of the JSON report shape; bumped only on breaking changes (see docs/schema/report.schema.json). */
export const JSON_REPORT_VERSION = 1;

export interface JsonReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  help: string | null;
  file: string;
  range: Range;
  subject: Subject | null;
  docsUrl: string;
  tool: Tool;
  fatal: boolean;
  fix: Fix | null;
  suggestions: Fix[];
}

/** A function's report card; findings are indices into the report's `findings`. */
export interface JsonReportFunction {
  id: string;
  name: string | null;
  template: { file: string; line: number } | null;
  runtime: string | null;
  handler: {
    state: HandlerReport['state'];
    file: string | null;
    exportName: string | null;
    note: string | null;
  } | null;
  package: (Omit<PackageReport, 'lowerBound' | 'note'> & { lowerBound: boolean; note: string | null }) | null;
  concerns: Array<{
    concern: Concern;
    status: 'ok' | 'problem' | 'unknown';
    findings: number[];
    note: string | null;
  }>;
  findings: number[];
}

/** The document the `json` reporter writes; every key is always present so scripts need no guards. */
export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  tool: { name: 'lambda-lint'; version: string };
  summary: { errors: number; warnings: number; infos: number; filesScanned: number; fatal: number };
  findings: JsonReportFinding[];
  tables: SummaryTable[];
  functions: JsonReportFunction[];
}

function toJsonFinding(f: Finding): JsonReportFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    help: f.help ?? null,
    file: f.file,
    range: f.range,
    subject: f.subject ?? null,
    docsUrl: f.docsUrl ?? ruleDocsUrl(f.ruleId),
    tool: f.tool,
    fatal: f.fatal === true,
    fix: f.fix ?? null,
    suggestions: f.suggestions ?? [],
  };
}

function toJsonFunction(report: FunctionReport, index: ReadonlyMap<Finding, number>): JsonReportFunction {
  // Findings dropped from the run (--quiet) are dropped from the cards too.
  const refs = (findings: readonly Finding[]) =>
    findings.flatMap((f) => (index.has(f) ? [index.get(f)!] : []));
  const handler = report.handler;
  return {
    id: report.id,
    name: report.name ?? null,
    template: report.template ?? null,
    runtime: report.runtime ?? null,
    handler: handler
      ? {
          state: handler.state,
          file: handler.file ?? null,
          exportName: handler.exportName ?? null,
          note: handler.note ?? null,
        }
      : null,
    package: report.package
      ? {
          source: report.package.source,
          bytes: report.package.bytes,
          budgetBytes: report.package.budgetBytes,
          lowerBound: report.package.lowerBound === true,
          note: report.package.note ?? null,
        }
      : null,
    concerns: report.concerns.map((c) => ({
      concern: c.concern,
      status: c.status,
      findings: refs(c.findings),
      note: c.note ?? null,
    })),
    findings: refs(report.findings),
  };
}

export function jsonReport(result: Parameters<Reporter>[0]): JsonReport {
  const counts = countFindings(result.findings);
  const sorted = [...result.findings].sort(compareFindings);
  const index = new Map(sorted.map((f, i) => [f, i]));
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: 'lambda-lint', version: result.toolVersion },
    summary: {
      errors: counts.errors,
      warnings: counts.warnings,
      infos: counts.infos,
      filesScanned: result.filesScanned,
      fatal: counts.fatal,
    },
    findings: sorted.map(toJsonFinding),
    tables: result.tables ?? [],
    functions: (result.functions ?? []).map((report) => toJsonFunction(report, index)),
  };
}

/** Machine-readable report for CI scripts; shape documented by docs/schema/report.schema.json. */
export const json: Reporter = (result) => `${JSON.stringify(jsonReport(result), null, 2)}\n`;
