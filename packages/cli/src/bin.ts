#!/usr/bin/env node
// Start-up path: only argv parsing and node built-ins load before we know a scan is wanted.
import { DAEMON_COMMANDS, parseCliArgs, UsageError } from './args.js';
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
  if (argv[0] === '--daemon-server' && argv[1]) {
    await (await import('./daemon.js')).serveDaemon(argv[1]);
    // Stopped: whatever a scan left open (an esbuild service, a timer) must not keep it alive.
    process.exit(0);
  }
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
  if (args.command === 'daemon')
    return (await import('./daemon.js')).daemonControl(
      process.argv[1]!,
      args.paths[0] as 'status' | 'stop',
      process.stdout,
    );
  if ((args.daemon || process.env.LAMBDA_LINT_DAEMON === '1') && DAEMON_COMMANDS.includes(args.command)) {
    const code = await (
      await import('./daemon.js')
    ).runThroughDaemon(process.argv[1]!, argv, {
      cwd: process.cwd(),
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
    });
    if (code !== undefined) return code;
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
