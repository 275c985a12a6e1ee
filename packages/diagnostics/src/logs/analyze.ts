import path from 'node:path';
import type { Readable } from 'node:stream';
import { runRules, type ConfigView, type Finding, type SummaryTable } from '@lambda-lint/core';
import type { LambdaFunction } from '@lambda-lint/iac';
import type { LogsFunction, LogsModel } from './model.js';
import { collectLogs, logInputs, UNKNOWN_FUNCTION, type LogCollection } from './reader.js';
import { logRules } from './rules/index.js';
import type { FunctionStats } from './stats.js';

export interface AnalyzeLogsOptions {
  paths: readonly string[];
  cwd: string;
  stdin: () => Readable;
  config: ConfigView;
  functionName?: string;
  /** Template to compare memory and timeout against (absolute or relative to cwd). */
  template?: string;
}

export interface LogsAnalysis {
  functions: FunctionStats[];
  findings: Finding[];
  collection: LogCollection;
  /** Log functions that matched no template function (with `--template`). */
  unmatched: string[];
}

/**
 * The template function a log group belongs to: its literal FunctionName / Serverless name, its
 * logical ID, or the generated `<stack>-<LogicalId>-<suffix>` name CloudFormation gives it.
 */
export function matchTemplateFunction(
  logName: string,
  functions: readonly LambdaFunction[],
): LambdaFunction | undefined {
  return (
    functions.find((fn) => fn.name === logName) ??
    functions.find((fn) => fn.id === logName) ??
    functions.find((fn) => logName.includes(`-${fn.id}-`) || logName.endsWith(`-${fn.id}`)) ??
    // CloudFormation truncates long logical IDs inside generated names.
    functions.find((fn) => fn.id.length > 20 && logName.includes(`-${fn.id.slice(0, 20)}`))
  );
}

/** Reads the logs, matches functions to the template, runs the log rules. */
export async function analyzeLogs(options: AnalyzeLogsOptions): Promise<LogsAnalysis> {
  const inputs = logInputs(options.paths, options.cwd, options.stdin);
  const collection = await collectLogs(
    inputs,
    options.functionName === undefined ? {} : { functionName: options.functionName },
  );
  const findings: Finding[] = [];
  let templateFunctions: LambdaFunction[] = [];
  if (options.template !== undefined) {
    const abs = path.resolve(options.cwd, options.template);
    const rel = path.relative(options.cwd, abs);
    const display = rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : abs;
    // The template loader (and its YAML parser) is loaded only when a template is given.
    const { loadTemplateModel } = await import('@lambda-lint/iac');
    const loaded = await loadTemplateModel(abs, display);
    findings.push(...loaded.findings.filter((f) => f.fatal));
    templateFunctions = loaded.model?.functions ?? [];
  }
  const model: LogsModel = { functions: [] };
  const unmatched: string[] = [];
  const byName = [...collection.functions.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const acc of byName) {
    const fn: LogsFunction = { stats: acc.summary(), evidence: acc.evidence };
    if (options.template !== undefined) {
      const match =
        acc.name === UNKNOWN_FUNCTION && templateFunctions.length === 1
          ? templateFunctions[0]
          : matchTemplateFunction(acc.name, templateFunctions);
      if (match) fn.template = match;
      else unmatched.push(acc.name);
    }
    model.functions.push(fn);
  }
  const configFile = inputs[0]?.display ?? '<stdin>';
  findings.push(...runRules(logRules, model, configFile, options.config));
  return { functions: model.functions.map((f) => f.stats), findings, collection, unmatched };
}

const round = (v: number | null, digits = 0) => (v === null ? '–' : v.toFixed(digits));

/** The stylish table: one per function, a figure a row. */
export function logTables(functions: readonly FunctionStats[]): SummaryTable[] {
  return functions.map((s) => {
    const rows: string[][] = [
      ['invocations', String(s.invocations), ''],
      [
        'cold starts (init)',
        `${s.coldStarts} (${(s.coldStartRate * 100).toFixed(1)}%)`,
        `init p50 ${round(s.initDurationMs.p50)} · p95 ${round(s.initDurationMs.p95)} · max ${round(s.initDurationMs.max)} ms`,
      ],
    ];
    if (s.restores > 0)
      rows.push([
        'restores (SnapStart)',
        `${s.restores} (${(s.restoreRate * 100).toFixed(1)}%)`,
        `restore p50 ${round(s.restoreDurationMs.p50)} · p95 ${round(s.restoreDurationMs.p95)} · max ${round(s.restoreDurationMs.max)} ms`,
      ]);
    rows.push(
      [
        'duration',
        `p50 ${round(s.durationMs.p50, 1)} ms`,
        `p95 ${round(s.durationMs.p95, 1)} · p99 ${round(s.durationMs.p99, 1)} · max ${round(s.durationMs.max, 1)} ms`,
      ],
      [
        'billed duration',
        `${Math.round(s.billedDurationMs.total)} ms total`,
        `p50 ${round(s.billedDurationMs.p50)} · p99 ${round(s.billedDurationMs.p99)} ms`,
      ],
      [
        'memory',
        `${s.memorySizesMB.length ? s.memorySizesMB.join('/') : '–'} MB configured`,
        `max used p99 ${round(s.maxMemoryUsedMB.p99)} · max ${round(s.maxMemoryUsedMB.max)} MB`,
      ],
      [
        'timeouts',
        String(s.timeouts),
        s.observedTimeoutSeconds !== null ? `Task timed out after ${s.observedTimeoutSeconds} s` : '',
      ],
      [
        'errors',
        String(s.errors),
        Object.entries(s.errorTypes)
          .map(([t, n]) => `${t} ×${n}`)
          .join(', '),
      ],
    );
    if (s.initFailures || s.restoreFailures)
      rows.push(['failed inits / restores', `${s.initFailures} / ${s.restoreFailures}`, '']);
    const exact = s.durationMs.exact && s.initDurationMs.exact && s.maxMemoryUsedMB.exact;
    return {
      title: `${s.name}${exact ? '' : ' (percentiles from a sample, see docs/diagnostics.md)'}`,
      columns: ['', 'value', 'detail'],
      rows,
    };
  });
}
