import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  ConfigError,
  compareFindings,
  countFindings,
  createConfigView,
  isAtLeast,
  jsonReport,
  loadConfig,
  reporters,
  type Finding,
  type ReportInput,
  type ReporterName,
  type Rule,
  type Severity,
} from '@lambda-lint/core';
import { existsSync } from 'node:fs';
import { UsageError, type CliArgs } from './args.js';
import { CORE_RULES } from './core-rules.js';
import { cliVersion } from './help.js';
import { RULE_IDS } from './rule-ids.js';

/** What the diagnostics commands need from the CLI's environment (a subset of RunEnvironment). */
export interface DiagnosticsIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin?: () => Readable;
  env?: Record<string, string | undefined>;
  writeReport(target: string, text: string): void;
  color: boolean;
}

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

/** The configuration with the diagnostics rules' options; undefined (after printing why) when it is invalid. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules with different models and option schemas
async function diagnosticsConfig(args: CliArgs, io: DiagnosticsIo, rules: readonly Rule<any, any>[]) {
  const first = args.paths.find((p) => p !== '-') ?? '.';
  try {
    const loaded = await loadConfig({
      start: path.resolve(io.cwd, first),
      ...(args.config !== undefined && { explicit: path.resolve(io.cwd, args.config) }),
      rules,
      otherRuleIds: [...RULE_IDS.iac, ...RULE_IDS.bundle],
    });
    return { loaded, view: createConfigView(loaded, rules, io.cwd) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return undefined;
  }
}

/** Writes the reports and returns the exit code, as a scan does. */
function finish(
  args: CliArgs,
  io: DiagnosticsIo,
  findings: Finding[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules with different models and option schemas
  rules: readonly Rule<any, any>[],
  extra: { filesScanned: number; tables: ReportInput['tables']; json: Record<string, unknown> },
  failOnConfig: Severity | undefined,
  failed: boolean,
): number {
  let shown = [...findings].sort(compareFindings);
  if (args.quiet) shown = shown.filter((f) => f.severity === 'error');
  const input: ReportInput = {
    findings: shown,
    filesScanned: extra.filesScanned,
    tables: extra.tables ?? [],
    cwd: io.cwd,
    rules: [...rules.map((r) => r.meta), ...CORE_RULES],
    toolVersion: cliVersion(),
  };
  for (const target of args.reports) {
    const text =
      target.format === 'json'
        ? `${JSON.stringify({ ...jsonReport(input), tables: [], ...extra.json }, null, 2)}\n`
        : reporters[target.format as ReporterName](input, { color: target.output ? false : io.color });
    if (target.output) io.writeReport(target.output, text);
    else io.stdout.write(text);
  }
  if (failed || countFindings(shown).fatal > 0) return EXIT_ERROR;
  const failOn: Severity = args.failOn ?? failOnConfig ?? 'error';
  return shown.some((f) => isAtLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

/** `lambda-lint logs <file|dir|->`. */
export async function runLogs(args: CliArgs, io: DiagnosticsIo): Promise<number> {
  for (const p of args.paths) {
    if (p !== '-' && !existsSync(path.resolve(io.cwd, p)))
      throw new UsageError(`no such file or directory: ${p}`);
  }
  if (args.template !== undefined && !existsSync(path.resolve(io.cwd, args.template)))
    throw new UsageError(`no such template: ${args.template}`);
  const diagnostics = await import('@lambda-lint/diagnostics');
  const config = await diagnosticsConfig(args, io, diagnostics.diagnosticsRules);
  if (!config) return EXIT_ERROR;
  const stdin = io.stdin;
  const analysis = await diagnostics.analyzeLogs({
    paths: args.paths,
    cwd: io.cwd,
    stdin: () => {
      if (!stdin) throw new Error('standard input is not available');
      return stdin();
    },
    config: config.view,
    ...(args.functionName !== undefined && { functionName: args.functionName }),
    ...(args.template !== undefined && { template: args.template }),
  });
  const { collection } = analysis;
  for (const error of collection.inputErrors)
    io.stderr.write(`lambda-lint: ${error.file}: ${error.message}\n`);
  if (collection.skipped.count > 0) {
    const first = collection.skipped.examples[0]!;
    io.stderr.write(
      `lambda-lint: skipped ${collection.skipped.count} unreadable line${collection.skipped.count === 1 ? '' : 's'} (first: ${first.at.file}:${first.at.line}, ${first.reason})\n`,
    );
  }
  if (analysis.functions.length === 0) {
    io.stderr.write(
      `lambda-lint: no Lambda REPORT lines found${args.functionName !== undefined ? ` for function ${args.functionName}` : ''} in ${collection.inputs} input${collection.inputs === 1 ? '' : 's'}.\n`,
    );
  }
  if (analysis.unmatched.length > 0) {
    io.stderr.write(
      `lambda-lint: no function of ${args.template} matches the log group${analysis.unmatched.length === 1 ? '' : 's'} ${analysis.unmatched.join(', ')}; their findings point at the logs.\n`,
    );
  }
  if (args.treemap !== undefined)
    io.writeReport(args.treemap, diagnostics.renderLogsReport(analysis.functions, collection.skipped.count));
  const functions = analysis.functions.map((f) => ({ ...f, histograms: undefined, timeline: undefined }));
  return finish(
    args,
    io,
    analysis.findings,
    diagnostics.diagnosticsRules,
    {
      filesScanned: collection.inputs,
      tables: diagnostics.logTables(analysis.functions),
      json: {
        functions: JSON.parse(JSON.stringify(functions)) as unknown,
        skippedLines: collection.skipped.count,
        bytesRead: collection.bytes,
        percentiles: 'nearest-rank',
      },
    },
    config.loaded.config.failOn,
    collection.inputErrors.length > 0,
  );
}

/** `lambda-lint init-time <handler-file | bundle | template>`: runs the function's code, so only on request. */
export async function runInitTime(args: CliArgs, io: DiagnosticsIo): Promise<number> {
  if (args.paths.length !== 1)
    throw new UsageError('"init-time" measures one handler file, bundle or template at a time');
  const input = args.paths[0]!;
  if (!existsSync(path.resolve(io.cwd, input))) throw new UsageError(`no such file or directory: ${input}`);
  const diagnostics = await import('@lambda-lint/diagnostics');
  const config = await diagnosticsConfig(args, io, diagnostics.diagnosticsRules);
  if (!config) return EXIT_ERROR;
  const analysis = await diagnostics.analyzeInitTime({
    input,
    cwd: io.cwd,
    runs: args.runs ?? 10,
    config: config.view,
  });
  for (const reason of analysis.skipped) io.stderr.write(`lambda-lint: not measured: ${reason}\n`);
  const failed = analysis.measurements.some((m) => m.buildError !== undefined || m.measured === 0);
  for (const m of analysis.measurements) {
    if (m.buildError) io.stderr.write(`lambda-lint: ${m.target.name}: ${m.buildError}\n`);
    else if (m.measured === 0)
      io.stderr.write(
        `lambda-lint: ${m.target.name}: no run finished loading (${m.failures[0]?.message ?? 'unknown'})\n`,
      );
  }
  const measurements = analysis.measurements.map((m) => ({
    name: m.target.name,
    file: path.relative(io.cwd, m.target.file).split(path.sep).join('/'),
    runs: m.runs,
    measured: m.measured,
    medianMs: m.medianMs,
    p95Ms: m.p95Ms,
    minMs: m.minMs,
    maxMs: m.maxMs,
    attributed: m.attributed,
    modules: m.modules,
    networkAttempts: m.attempts,
    failures: m.failures,
    output: m.output,
  }));
  const code = finish(
    args,
    io,
    analysis.findings,
    diagnostics.diagnosticsRules,
    {
      filesScanned: analysis.measurements.length,
      tables: diagnostics.initTimeTables(analysis.measurements),
      json: { functions: measurements, note: diagnostics.INIT_TIME_CAVEAT },
    },
    config.loaded.config.failOn,
    failed || analysis.measurements.length === 0,
  );
  if (args.reports.some((r) => r.format !== 'json' && r.output === undefined))
    io.stdout.write(`\nNote: ${diagnostics.INIT_TIME_CAVEAT}\n`);
  return code;
}
