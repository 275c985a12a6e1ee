import { compareFindings, type Finding, type Severity } from '../finding.js';
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
  for (const table of result.tables ?? []) {
    out.push('', ...renderTable(table, paint));
  }
  return out.join('\n').replace(/^\n/, '') + '\n';
};
