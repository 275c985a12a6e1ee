import { parseArgs } from 'node:util';
// Type-only import: this module runs before anything heavy is loaded, so it must stay dependency-free.
import type { Severity } from '@lambda-lint/core';

/** A mistake in the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** False when --help would not help (a missing scanner, an unwritable output file). */
    readonly pointToHelp = true,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--format` names of scan reports; kept equal to core's REPORTER_NAMES by a test. */
export const REPORT_FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
export const RULES_FORMATS = ['text', 'json', 'markdown'] as const;
const FAIL_ON = ['info', 'warning', 'error'] as const;

export type Command =
  'scan' | 'iac' | 'bundle' | 'rules' | 'python' | 'logs' | 'init-time' | 'init' | 'daemon';

/** One report to write: to `output` when given, else to stdout. */
export interface ReportTarget {
  format: string;
  output?: string;
}

export interface CliArgs {
  command: Command;
  paths: string[];
  reports: ReportTarget[];
  config?: string;
  maxWarnings?: number;
  quiet: boolean;
  failOn?: Severity;
  noColor: boolean;
  reportUnusedDisable: boolean;
  treemap?: string;
  /** `logs`: only this function (log group `/aws/lambda/<name>`). */
  functionName?: string;
  /** `logs`: compare against this template's memory and timeout. */
  template?: string;
  /** `init-time`: fresh processes per function (default 10). */
  runs?: number;
  /** `--changed`: only the functions touched by uncommitted changes. */
  changed: boolean;
  /** `--since <ref>`: only the functions touched by changes since that git ref. */
  since?: string;
  cache: boolean;
  cacheLocation?: string;
  /** `--daemon`: run the scan in the background lambda-lint process (started when none runs). */
  daemon: boolean;
  help: boolean;
  version: boolean;
  /** `init`: replace an existing lambda-lint.config.yaml. */
  force: boolean;
}

const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  output: { type: 'string', short: 'o', multiple: true },
  config: { type: 'string', short: 'c' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'fail-on': { type: 'string' },
  'no-color': { type: 'boolean' },
  'report-unused-disable': { type: 'boolean' },
  report: { type: 'string' },
  function: { type: 'string' },
  template: { type: 'string' },
  runs: { type: 'string' },
  changed: { type: 'boolean' },
  since: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  daemon: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  force: { type: 'boolean' },
} as const;

const SUBCOMMANDS: readonly string[] = [
  'iac',
  'bundle',
  'rules',
  'python',
  'logs',
  'init-time',
  'init',
  'daemon',
];
/** Commands `--daemon` can run in the background process: scans, which read no standard input and run no user code. */
export const DAEMON_COMMANDS: readonly Command[] = ['scan', 'iac', 'bundle', 'python'];
/** Commands that take their inputs explicitly: no `.` default. */
const EXPLICIT_INPUT: readonly Command[] = ['logs', 'init-time'];

/** Turns node:util's long parse errors into one short line. */
function usageErrorFrom(error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  // node:util quotes the option as '--name', '-x' or '-x, --name <value>'; keep the long name.
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option ${option ?? message}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing|ambiguous/.test(message)) return new UsageError(`option ${option} needs a value`);
    if (/does not take an argument/.test(message))
      return new UsageError(`option ${option} does not take a value`);
  }
  return new UsageError(message);
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value "${value}" for ${option}; expected one of ${allowed.join(', ')}`);
}

/**
 * Parses the command line. `--output` belongs to the `--format` given just before it; a `--format`
 * without its own `--output` prints to stdout; an `--output` with no `--format` before it is stylish.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    throw usageErrorFrom(error);
  }
  const { values, positionals, tokens } = parsed;

  const first = positionals[0];
  const command: Command = first !== undefined && SUBCOMMANDS.includes(first) ? (first as Command) : 'scan';
  const paths = command === 'scan' ? positionals : positionals.slice(1);
  if (command === 'rules' && paths.length > 0) {
    throw new UsageError(`"rules" takes no paths (got ${paths.join(' ')})`);
  }
  if (EXPLICIT_INPUT.includes(command) && paths.length === 0) {
    throw new UsageError(
      command === 'logs'
        ? '"logs" needs a log file, a directory of them, or - for standard input'
        : '"init-time" needs a handler file, a built bundle or a template',
    );
  }
  let runs: number | undefined;
  if (values.runs !== undefined) {
    if (!/^\d+$/.test(values.runs) || Number(values.runs) < 1 || Number(values.runs) > 1000)
      throw new UsageError(
        `invalid value "${values.runs}" for --runs; expected a whole number from 1 to 1000`,
      );
    runs = Number(values.runs);
  }
  if (command === 'init' && paths.length > 1) {
    throw new UsageError(`"init" takes one project directory (got ${paths.join(' ')})`);
  }
  if (values.force === true && command !== 'init') throw new UsageError('--force is an option of "init"');
  if (command === 'daemon' && (paths.length !== 1 || !['status', 'stop'].includes(paths[0]!)))
    throw new UsageError('"daemon" takes one of: status, stop');
  if (values.daemon === true && !DAEMON_COMMANDS.includes(command))
    throw new UsageError(`--daemon runs scans only (${DAEMON_COMMANDS.join(', ')}), not "${command}"`);

  const formats = command === 'rules' ? RULES_FORMATS : REPORT_FORMATS;
  const reports: ReportTarget[] = [];
  let pending: ReportTarget | undefined;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'format') {
      pending = { format: oneOf('--format', token.value ?? '', formats) };
      reports.push(pending);
    } else if (token.name === 'output') {
      if (!token.value) throw new UsageError('option --output needs a file name');
      if (!pending) {
        pending = { format: formats[0] };
        reports.push(pending);
      }
      pending.output = token.value;
      pending = undefined;
    }
  }
  if (reports.length === 0) reports.push({ format: formats[0] });
  if (reports.filter((r) => r.output === undefined).length > 1) {
    throw new UsageError('only one --format can print to stdout; give the others an --output file');
  }
  if (command === 'rules' && reports.length > 1) throw new UsageError('"rules" writes one format at a time');

  if (values.changed && values.since !== undefined)
    throw new UsageError('--changed and --since cannot be combined (--since includes uncommitted changes)');
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    if (!/^\d+$/.test(raw))
      throw new UsageError(`invalid value "${raw}" for --max-warnings; expected a whole number ≥ 0`);
    maxWarnings = Number(raw);
  }

  return {
    command,
    paths: paths.length ? paths : ['.'],
    reports,
    ...(values.config !== undefined && { config: values.config }),
    ...(maxWarnings !== undefined && { maxWarnings }),
    quiet: values.quiet === true,
    ...(values['fail-on'] !== undefined && { failOn: oneOf('--fail-on', values['fail-on'], FAIL_ON) }),
    noColor: values['no-color'] === true,
    reportUnusedDisable: values['report-unused-disable'] === true,
    ...(values.report !== undefined && { treemap: values.report }),
    ...(values.function !== undefined && { functionName: values.function }),
    ...(values.template !== undefined && { template: values.template }),
    ...(runs !== undefined && { runs }),
    changed: values.changed === true,
    ...(values.since !== undefined && { since: values.since }),
    cache: values.cache === true || values['cache-location'] !== undefined,
    ...(values['cache-location'] !== undefined && { cacheLocation: values['cache-location'] }),
    daemon: values.daemon === true,
    help: values.help === true,
    version: values.version === true,
    force: values.force === true,
  };
}
