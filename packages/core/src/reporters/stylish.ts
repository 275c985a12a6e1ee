import { compareFindings, type Finding, type Severity } from '../finding.js';
import { formatBytes } from '../format.js';
import type { Concern, FunctionReport } from '../function-report.js';
import type { SummaryTable } from '../scanner.js';
import { countFindings, type Reporter } from './types.js';

type Paint = (text: string) => string;

const MAX_ALIGNED_MESSAGE = 80;

function palette(color: boolean) {
  const wrap =
    (open: number, close: number): Paint =>
    (text) =>
      color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    underline: wrap(4, 24),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    green: wrap(32, 39),
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Pads to a visible width; colour codes are added after padding so they never skew alignment. */
function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

function renderTable(table: SummaryTable, paint: ReturnType<typeof palette>): string[] {
  const widths = table.columns.map((col, i) =>
    Math.max(col.length, ...table.rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => padEnd(cell, i === cells.length - 1 ? 0 : widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    paint.bold(table.title),
    paint.dim(line(table.columns)),
    ...table.rows.map((row) => line(table.columns.map((_, i) => row[i] ?? ''))),
  ];
}

const CONCERN_LABEL: Record<Concern, string> = {
  'cold-start': 'cold start',
  resilience: 'resilience',
  scaling: 'scaling',
  observability: 'observability',
  deployment: 'deployment',
};
const LABEL_WIDTH = 14;

/** One block per function: where it is, its code and package, then one line per concern. */
function renderFunctions(
  functions: readonly FunctionReport[],
  shown: ReadonlySet<Finding>,
  paint: ReturnType<typeof palette>,
): string[] {
  const out: string[] = ['', paint.bold('Functions')];
  const row = (label: string, text: string) => `  ${padEnd(label, LABEL_WIDTH)} ${text}`;
  for (const fn of functions) {
    const title = fn.name !== undefined && fn.template ? `${fn.id} (${fn.name})` : fn.id;
    const where = fn.template ? `${fn.template.file}:${fn.template.line}` : 'package';
    out.push(
      '',
      `${paint.bold(title)}  ${paint.dim(where)}${fn.runtime !== undefined ? `  ${fn.runtime}` : ''}`,
    );
    const handler = fn.handler;
    if (handler) {
      const target =
        handler.file !== undefined
          ? `${handler.file}${handler.exportName !== undefined ? ` → ${handler.exportName}` : ''}`
          : '';
      const note = handler.note !== undefined ? paint.dim(handler.note) : '';
      out.push(
        row(
          'handler',
          [target, handler.state === 'resolved' ? '' : note].filter(Boolean).join('  ') || 'unknown',
        ),
      );
    }
    if (fn.package) {
      const { bytes, budgetBytes, lowerBound, note } = fn.package;
      const share = budgetBytes > 0 ? ` (${((bytes / budgetBytes) * 100).toFixed(1)}%)` : '';
      out.push(
        row(
          'package',
          `${lowerBound === true ? 'at least ' : ''}${formatBytes(bytes)} of ${formatBytes(budgetBytes)} budget${share}  ${paint.dim(fn.package.source)}` +
            (note !== undefined ? `  ${paint.dim(note)}` : ''),
        ),
      );
    } else if (fn.template) {
      out.push(row('package', 'not measured'));
    }
    for (const concern of fn.concerns) {
      const findings = concern.findings.filter((f) => shown.has(f));
      const label = CONCERN_LABEL[concern.concern];
      if (findings.length > 0) {
        const first = findings[0]!;
        const more = findings.length > 1 ? paint.dim(` (+${findings.length - 1} more)`) : '';
        const mark =
          first.severity === 'error'
            ? paint.red('✗')
            : first.severity === 'warning'
              ? paint.yellow('✗')
              : paint.cyan('✗');
        out.push(
          row(
            label,
            `${mark} ${first.ruleId} ${paint.dim(`${first.file}:${first.range.line}:${first.range.column}`)}${more}`,
          ),
        );
      } else if (concern.status === 'unknown') {
        out.push(row(label, `unknown${concern.note !== undefined ? paint.dim(` (${concern.note})`) : ''}`));
      } else {
        out.push(row(label, paint.green('✓')));
      }
    }
  }
  return out;
}

/**
 * Human output, grouped by file like ESLint's stylish:
 * `line:col  severity  message  rule-id`, with the help text on the next line.
 */
export const stylish: Reporter = (result, opts) => {
  const paint = palette(opts.color);
  const severityPaint: Record<Severity, Paint> = {
    error: paint.red,
    warning: paint.yellow,
    info: paint.cyan,
  };
  const byFile = new Map<string, Finding[]>();
  for (const finding of [...result.findings].sort(compareFindings)) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }

  const out: string[] = [];
  for (const [file, findings] of byFile) {
    out.push('', paint.underline(file));
    const positions = findings.map((f) => `${f.range.line}:${f.range.column}`);
    const labels = findings.map((f) => (f.fatal ? 'fatal' : f.severity));
    const posWidth = Math.max(...positions.map((p) => p.length));
    const labelWidth = Math.max(...labels.map((l) => l.length));
    // A multi-line message keeps the rule id on its first line and indents the rest under it.
    const messageLines = findings.map((f) => f.message.split(/\r?\n/));
    // Align rule ids only across short messages; a long one would push every id off screen.
    const messageWidth = Math.min(MAX_ALIGNED_MESSAGE, Math.max(...messageLines.map((m) => m[0]!.length)));
    const indent = ' '.repeat(2 + posWidth + 2 + labelWidth + 2);
    findings.forEach((f, i) => {
      const label = severityPaint[f.severity](padEnd(labels[i]!, labelWidth));
      const [first, ...rest] = messageLines[i]!;
      out.push(
        `  ${paint.dim(padEnd(positions[i]!, posWidth))}  ${label}  ${padEnd(first!, messageWidth)}  ${paint.dim(f.ruleId)}`,
      );
      for (const line of rest) out.push(`${indent}${line}`.trimEnd());
      if (f.help) out.push(`${indent}${paint.dim('help:')} ${f.help}`);
    });
  }

  const counts = countFindings(result.findings);
  const total = result.findings.length;
  out.push('');
  if (total === 0) {
    out.push(paint.green(`✔ No problems found (${plural(result.filesScanned, 'file')} scanned)`));
  } else {
    const summary = `✖ ${plural(total, 'problem')} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'info')})`;
    const colour = counts.errors > 0 ? paint.red : counts.warnings > 0 ? paint.yellow : paint.cyan;
    out.push(paint.bold(colour(summary)));
    if (counts.fatal > 0) {
      out.push(
        paint.red(
          `  ${plural(counts.fatal, 'input')} could not be read, parsed or built: the results are incomplete.`,
        ),
      );
    }
  }
  if (result.functions && result.functions.length > 0) {
    out.push(...renderFunctions(result.functions, new Set(result.findings), paint));
  }
  for (const table of result.tables ?? []) {
    out.push('', ...renderTable(table, paint));
  }
  return out.join('\n').replace(/^\n/, '') + '\n';
};
