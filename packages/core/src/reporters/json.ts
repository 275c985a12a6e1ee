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

/** The document the `json` reporter writes; every key is always present so scripts need no guards. */
export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  tool: { name: 'lambda-lint'; version: string };
  summary: { errors: number; warnings: number; infos: number; filesScanned: number; fatal: number };
  findings: JsonReportFinding[];
  tables: SummaryTable[];
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

export function jsonReport(result: Parameters<Reporter>[0]): JsonReport {
  const counts = countFindings(result.findings);
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
    findings: [...result.findings].sort(compareFindings).map(toJsonFinding),
    tables: result.tables ?? [],
  };
}

/** Machine-readable report for CI scripts; shape documented by docs/schema/report.schema.json. */
export const json: Reporter = (result) => `${JSON.stringify(jsonReport(result), null, 2)}\n`;
