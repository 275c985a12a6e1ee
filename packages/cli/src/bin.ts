#!/usr/bin/env node
// Start-up path: only argv parsing and node built-ins load before we know a scan is wanted.
import { parseCliArgs, UsageError } from './args.js';
import { HELP_TEXT, cliVersion } from './help.js';

const debug = process.env.LAMBDA_LINT_DEBUG === '1';
// The shipped CLI is a minified bundle: map stack traces of the chunks loaded from here on to the tsc output.
if (debug) process.setSourceMapsEnabled(true);

// `lambda-lint | head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`lambda-lint: ${error.message} (see lambda-lint --help)\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  const { run } = await import('./run.js');
  return run(argv, {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdin: () => process.stdin,
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `lambda-lint: internal error, please report it at https://github.com/lambda-lint/lambda-lint/issues: ${message}\n`,
    );
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('Set LAMBDA_LINT_DEBUG=1 to see the stack trace.\n');
    process.exitCode = 2;
  },
);
