import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import * as z from 'zod';
import {
  ConfigError,
  compareFindings,
  countFindings,
  createConfigView,
  isAtLeast,
  loadConfig,
  reporters,
  ruleDocsUrl,
  type Finding,
  type ReporterName,
  type RuleMeta,
  type Scanner,
  type ScanRequest,
  type ScanResult,
  type Severity,
} from '@lambda-lint/core';
import { parseCliArgs, UsageError, type CliArgs } from './args.js';
import { CORE_RULES } from './core-rules.js';
import { runInitTime, runLogs, type DiagnosticsIo } from './diagnostics.js';
import { RULE_IDS } from './rule-ids.js';
import { HELP_TEXT, cliVersion } from './help.js';
import { initProject } from './init.js';
import { progressLine } from './progress.js';
import { rulesJson, rulesMarkdown, rulesText } from './rules-list.js';
import { loadDiagnosticsRules, loadProject, loadScanners, type ScannerName } from './scanners.js';
import type { ProjectPass, ScanOptions } from '@lambda-lint/project';

// A CLI run parses each rule's options a handful of times: zod's interpreter is cheaper then than
// generating and compiling a fast path for every schema.
z.config({ jitless: true });

/** Where the CLI reads and writes; the real process in bin.ts, buffers in tests. */
export interface RunEnvironment {
  cwd: string;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env?: Record<string, string | undefined>;
  /** The clock of the progress line (tests). */
  now?: () => number;
  /** Use these scanners instead of loading the installed ones (tests, embedding). */
  scanners?: readonly Scanner[];
  /** Standard input, for `lambda-lint logs -`. */
  stdin?: () => Readable;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Colour for stdout: --no-color, then FORCE_COLOR, then NO_COLOR, then whether stdout is a terminal. */
export function shouldColor(
  noColorFlag: boolean,
  env: Record<string, string | undefined>,
  isTTY: boolean,
): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

function scannerFailure(name: Scanner['name'] | 'project', error: unknown, file: string): ScanResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    filesScanned: 0,
    findings: [
      {
        ruleId: 'internal-error',
        severity: 'error',
        message: `The ${name} scanner failed: ${message}. Its other results are lost; please report this bug.`,
        help: 'Run again with LAMBDA_LINT_DEBUG=1 and attach the stack trace to the bug report.',
        file,
        range: { line: 1, column: 1 },
        docsUrl: ruleDocsUrl('internal-error'),
        tool: name,
        fatal: true,
      },
    ],
  };
}

function writeReport(target: string, text: string, cwd: string): void {
  const file = path.resolve(cwd, target);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(
      `cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      false,
    );
  }
}

async function listRules(args: CliArgs, io: RunEnvironment): Promise<number> {
  const project = io.scanners ? undefined : await loadProject();
  const scanners = io.scanners ?? (project ? [] : await loadScanners());
  const rules: RuleMeta[] = [
    ...(project
      ? await project.rulesForPasses(['iac', 'bundle', 'code'])
      : scanners.flatMap((s) => s.rules)
    ).map((r) => r.meta),
    ...(io.scanners ? [] : await loadDiagnosticsRules()),
    ...CORE_RULES,
  ];
  const target = args.reports[0]!;
  const text =
    target.format === 'markdown'
      ? rulesMarkdown(rules)
      : target.format === 'json'
        ? rulesJson(rules)
        : rulesText(rules);
  if (target.output) writeReport(target.output, text, io.cwd);
  else io.stdout.write(text);
  return EXIT_OK;
}

async function scan(args: CliArgs, io: RunEnvironment): Promise<number> {
  const env = io.env ?? {};
  const debug = env.LAMBDA_LINT_DEBUG === '1';
  for (const p of args.paths) {
    if (!existsSync(path.resolve(io.cwd, p))) throw new UsageError(`no such file or directory: ${p}`);
  }

  const only = args.command === 'scan' ? undefined : (args.command as ScannerName);
  // The project pipeline, unless scanners are injected (tests, embedders): then those run side by side.
  const project = io.scanners ? undefined : await loadProject();
  const available = io.scanners ?? (project ? [] : await loadScanners(only));
  const scanners = only ? available.filter((s) => s.name === only) : available;
  const passes: ProjectPass[] =
    only === 'iac' ? ['iac'] : only === 'bundle' ? ['bundle'] : ['iac', 'bundle', 'code'];
  if (!project && only && scanners.length === 0) {
    throw new UsageError(
      `the ${only} scanner is not available (is @lambda-lint/${only} installed and built?)`,
      false,
    );
  }
  if (!project && scanners.length === 0) {
    io.stderr.write(
      'lambda-lint: no scanner is installed (@lambda-lint/iac, @lambda-lint/bundle); nothing was scanned.\n',
    );
  }
  const scannerRules = project ? await project.rulesForPasses(passes) : scanners.flatMap((s) => s.rules);
  const loadedIds = new Set(scannerRules.map((r) => r.meta.id));

  let loaded;
  try {
    loaded = await loadConfig({
      start: path.resolve(io.cwd, args.paths[0]!),
      ...(args.config !== undefined && { explicit: path.resolve(io.cwd, args.config) }),
      rules: scannerRules,
      otherRuleIds: Object.values(RULE_IDS)
        .flat()
        .filter((id) => !loadedIds.has(id)),
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT_ERROR;
  }
  const { config } = loaded;
  const options = project
    ? scanOptions(
        args,
        io,
        project,
        // Everything but the files that decides an analysis: the version, the passes, the configuration.
        JSON.stringify([cliVersion(), passes, args.reportUnusedDisable, config]),
      )
    : {};
  if ((args.changed || args.since !== undefined || args.cache) && !project)
    throw new UsageError(
      '--changed, --since and --cache need the project layer (@lambda-lint/project)',
      false,
    );

  const request: ScanRequest = {
    paths: args.paths,
    cwd: io.cwd,
    config: createConfigView(loaded, scannerRules, io.cwd),
    reportUnusedDisable: args.reportUnusedDisable || config.reportUnusedDisable === true,
    ...(args.treemap !== undefined && { outputs: { treemap: path.resolve(io.cwd, args.treemap) } }),
  };
  const progress = progressLine(io.stderr, io.now);
  options.onProgress = (p) => progress.update(p);
  const failed = (name: Scanner['name'] | 'project', error: unknown): ScanResult => {
    if (debug && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return scannerFailure(name, error, args.paths[0]!);
  };
  // A crashing scanner becomes a finding; the other scanners' results are still reported.
  const results: ScanResult[] = project
    ? [
        await Promise.resolve()
          .then(() => project.scanProject(request, passes, options))
          .then((result) => {
            progress.done();
            options.cache?.save(options.changed !== undefined);
            if (result.selection)
              io.stderr.write(
                `lambda-lint: ${result.selection.functions} of ${result.selection.of} functions touched by ${options.changed!.size} changed files.\n`,
              );
            return result;
          })
          .catch((error: unknown) => failed('project', error))
          .finally(() => progress.done()),
      ]
    : await Promise.all(
        scanners.map((scanner) =>
          // Through a promise chain so that a scanner throwing synchronously is caught too.
          Promise.resolve()
            .then(() => scanner.scan(request))
            .catch((error: unknown) => failed(scanner.name, error)),
        ),
      );

  let findings: Finding[] = results.flatMap((r) => r.findings).sort(compareFindings);
  // Like ESLint's --quiet: lower severities are dropped before the exit code is decided.
  if (args.quiet) findings = findings.filter((f) => f.severity === 'error');
  const input = {
    findings,
    filesScanned: results.reduce((sum, r) => sum + r.filesScanned, 0),
    tables: results.flatMap((r) => r.tables ?? []),
    functions: results.flatMap((r) => r.functions ?? []),
    cwd: io.cwd,
    rules: [...scannerRules.map((r) => r.meta), ...CORE_RULES],
    toolVersion: cliVersion(),
  };
  const color = shouldColor(args.noColor, env, io.stdout.isTTY === true);
  for (const target of args.reports) {
    const reporter = reporters[target.format as ReporterName];
    if (target.output) writeReport(target.output, reporter(input, { color: false }), io.cwd);
    else io.stdout.write(reporter(input, { color }));
  }

  const counts = countFindings(findings);
  if (counts.fatal > 0) return EXIT_ERROR;
  const failOn: Severity = args.failOn ?? config.failOn ?? 'error';
  if (findings.some((f) => isAtLeast(f.severity, failOn))) return EXIT_FINDINGS;
  const maxWarnings = args.maxWarnings ?? config.maxWarnings;
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) {
    io.stderr.write(`lambda-lint found too many warnings (${counts.warnings}; maximum: ${maxWarnings}).\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

function init(args: CliArgs, io: RunEnvironment): number {
  const result = initProject(path.resolve(io.cwd, args.paths[0] ?? '.'), args.force);
  (result.ok ? io.stdout : io.stderr).write(result.ok ? result.text : `lambda-lint: ${result.text}\n`);
  return result.ok ? EXIT_OK : EXIT_ERROR;
}

/** `--changed`, `--since`, `--cache`: the changed files from git, the cache opened at its location. */
function scanOptions(
  args: CliArgs,
  io: RunEnvironment,
  project: typeof import('@lambda-lint/project'),
  salt: string,
): ScanOptions {
  const options: ScanOptions = {};
  if (args.changed || args.since !== undefined) {
    try {
      options.changed = new Set(project.changedFiles(io.cwd, args.since));
    } catch (error) {
      if (error instanceof project.GitError) throw new UsageError(error.message, false);
      throw error;
    }
  }
  if (args.cache) {
    const location =
      args.cacheLocation ??
      (existsSync(path.join(io.cwd, 'node_modules'))
        ? 'node_modules/.cache/lambda-lint'
        : '.lambda-lint-cache');
    options.cache = project.AnalysisCache.open(path.resolve(io.cwd, location), salt);
  }
  return options;
}

/**
 * Runs the CLI for `argv` (without the node and script names) and resolves to the exit code.
 * User errors are printed as one line; unexpected exceptions propagate to the caller.
 */
export async function run(argv: readonly string[], io: RunEnvironment): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.stdout.write(HELP_TEXT);
      return EXIT_OK;
    }
    if (args.version) {
      io.stdout.write(`${cliVersion()}\n`);
      return EXIT_OK;
    }
    if (args.command === 'logs' || args.command === 'init-time') {
      const diagnosticsIo: DiagnosticsIo = {
        ...io,
        color: shouldColor(args.noColor, io.env ?? {}, io.stdout.isTTY === true),
        writeReport: (target, text) => writeReport(target, text, io.cwd),
      };
      return args.command === 'logs'
        ? await runLogs(args, diagnosticsIo)
        : await runInitTime(args, diagnosticsIo);
    }
    if (args.command === 'init') return init(args, io);
    if (args.command === 'daemon')
      throw new UsageError('"daemon" controls the background process of the lambda-lint executable', false);
    return args.command === 'rules' ? await listRules(args, io) : await scan(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`lambda-lint: ${error.message}${error.pointToHelp ? ' (see lambda-lint --help)' : ''}\n`);
    return EXIT_ERROR;
  }
}
