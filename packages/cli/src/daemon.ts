// `--daemon`: scans run in a background lambda-lint process that stays loaded, so a pre-commit run
// pays neither Node's start-up of the ESLint and TypeScript stacks nor a cold JIT, and a scan whose
// inputs did not change is replayed (replay.ts). The client side (everything up to
// `runThroughDaemon`) uses node built-ins only: it runs before anything heavy loads.
import { lstatSync, mkdirSync, readdirSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cliVersion } from './help.js';
import type { Recording } from './replay.js';

/** A server with no request for this long exits. */
const IDLE_MS = 15 * 60 * 1000;
/** A server exits after this many scans, or once its heap is this large: a long life must not grow without bound. */
const MAX_REQUESTS = 1000;
const MAX_HEAP_BYTES = 2 * 1024 ** 3;
/** How long a client waits for a server it started to listen. */
const START_TIMEOUT_MS = 10_000;
/** Replays kept (the most recent distinct requests): a pre-commit hook repeats one or two. */
const MAX_REPLAYS = 16;

interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** What a client sends: one JSON line. */
type Request =
  | {
      kind: 'run';
      argv: string[];
      cwd: string;
      env: Record<string, string>;
      stdoutTTY: boolean;
      stderrTTY: boolean;
    }
  | { kind: 'status' }
  | { kind: 'stop' };

/** What a server sends back: JSON lines. */
type Reply =
  | { out: string }
  | { err: string }
  | { exit: number }
  | {
      status: {
        pid: number;
        since: string;
        scans: number;
        replayed: number;
        version: string;
        notReplayable?: string;
      };
    };

/**
 * The socket of the server for this installation of lambda-lint: one per user, CLI version, Node and
 * set of files beside the entry script (a rebuilt or upgraded CLI gets a server of its own). On Unix
 * it lives in a directory only the user can enter; undefined when that cannot be made safe.
 */
export function daemonSocket(
  entry: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const parts = [JSON.stringify([cliVersion(), process.execPath, process.version])];
  try {
    const real = realpathSync(entry);
    const dir = path.dirname(real);
    parts.push(real);
    for (const name of readdirSync(dir).sort()) {
      const stats = statSync(path.join(dir, name));
      parts.push(`${name}\0${stats.size}\0${stats.mtimeMs}`);
    }
  } catch {
    return undefined;
  }
  const id = fingerprint(parts.join('\0'));
  if (process.platform === 'win32') return `\\\\.\\pipe\\lambda-lint-${os.userInfo().username}-${id}`;
  const base = path.join(env.TMPDIR || os.tmpdir(), `lambda-lint-${process.getuid?.() ?? 'user'}`);
  try {
    mkdirSync(base, { recursive: true, mode: 0o700 });
    const stats = lstatSync(base);
    // Someone else's directory, or one others can write to, could hold a socket that is not ours.
    if (!stats.isDirectory() || stats.uid !== process.getuid?.() || (stats.mode & 0o077) !== 0)
      return undefined;
  } catch {
    return undefined;
  }
  return path.join(base, `${id}.sock`);
}

/** 64 bits of FNV-1a (two 32-bit lanes): a name, not a secret, so node:crypto need not load on every run. */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

function connect(socket: string): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const connection = net.connect(socket);
    connection.once('connect', () => resolve(connection));
    connection.once('error', () => resolve(undefined));
  });
}

async function connectOrStart(entry: string, socket: string): Promise<net.Socket | undefined> {
  const running = await connect(socket);
  if (running) return running;
  const { spawn } = await import('node:child_process');
  // A larger young generation: a scan's garbage is short-lived, and fewer scavenges promote less of it.
  const child = spawn(process.execPath, ['--max-semi-space-size=32', entry, '--daemon-server', socket], {
    detached: true,
    stdio: 'ignore',
    cwd: process.platform === 'win32' ? os.tmpdir() : path.dirname(socket),
    env: process.env,
  });
  // A server that cannot start (or lost the race to another one) exits: stop waiting for it then.
  let exited = false;
  child.on('error', () => (exited = true));
  child.on('exit', () => (exited = true));
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (let wait = 10; Date.now() < deadline; wait = Math.min(wait * 2, 200)) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    const started = await connect(socket);
    if (started || exited) return started;
  }
  return undefined;
}

/** Sends one request and hands each reply line to `onReply`; resolves when the server closes the connection. */
function exchange(connection: net.Socket, request: Request, onReply: (reply: Reply) => void): Promise<void> {
  return new Promise((resolve) => {
    let buffer = '';
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          onReply(JSON.parse(line) as Reply);
        } catch {
          // Not a reply of ours: ignored, and the missing exit code says the run failed.
        }
      }
    });
    connection.on('error', () => resolve());
    connection.on('close', () => resolve());
    connection.write(`${JSON.stringify(request)}\n`);
  });
}

/**
 * Runs `argv` in the daemon (starting it when none is running) and resolves to its exit code, with
 * its output written to `stdout`/`stderr`; undefined when no daemon could serve it and nothing was
 * written, so that the caller runs the scan itself.
 */
export async function runThroughDaemon(
  entry: string,
  argv: readonly string[],
  io: { cwd: string; env: NodeJS.ProcessEnv; stdout: Stream; stderr: Stream },
): Promise<number | undefined> {
  const socket = daemonSocket(entry, io.env);
  const connection = socket && (await connectOrStart(entry, socket));
  if (!connection) return undefined;
  let exit: number | undefined;
  let wrote = false;
  const env = Object.fromEntries(
    Object.entries(io.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  await exchange(
    connection,
    {
      kind: 'run',
      argv: [...argv],
      cwd: io.cwd,
      env,
      stdoutTTY: io.stdout.isTTY === true,
      stderrTTY: io.stderr.isTTY === true,
    },
    (reply) => {
      if ('exit' in reply) exit = reply.exit;
      else if ('out' in reply || 'err' in reply) {
        wrote = true;
        if ('out' in reply) io.stdout.write(reply.out);
        else io.stderr.write(reply.err);
      }
    },
  );
  if (exit !== undefined || !wrote) return exit;
  io.stderr.write('lambda-lint: the daemon stopped during the scan; run again without --daemon.\n');
  return 2;
}

/** `lambda-lint daemon status|stop`. */
export async function daemonControl(
  entry: string,
  action: 'status' | 'stop',
  stdout: Stream,
): Promise<number> {
  const socket = daemonSocket(entry);
  const connection = socket && (await connect(socket));
  if (!connection) {
    stdout.write('lambda-lint: no daemon is running.\n');
    return action === 'stop' ? 0 : 1;
  }
  await exchange(connection, { kind: action }, (reply) => {
    if (!('status' in reply)) return;
    const { pid, since, scans, replayed, version, notReplayable } = reply.status;
    stdout.write(
      action === 'stop'
        ? `lambda-lint: daemon ${pid} stopped after ${scans} scans.\n`
        : `lambda-lint: daemon ${pid} (lambda-lint ${version}) running since ${since}, ${scans} scans (${replayed} replayed).${notReplayable ? `\nThe last scan cannot be replayed: ${notReplayable}.` : ''}\n`,
    );
  });
  return 0;
}

/**
 * Makes `process.env` the client's environment: rules and loaders that read it see what the client
 * has. Package sizes always come from the public fs calls, which the replay records (the bundle
 * analyzer's faster fs-binding path would hide them).
 */
function adoptEnvironment(env: Record<string, string>): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env, { LAMBDA_LINT_PORTABLE_STAT: '1' });
}

/** Scans with the same arguments, directory, environment, terminal and day give the same output from the same inputs. */
function replayKey(request: Extract<Request, { kind: 'run' }>): string {
  const { argv, cwd, env, stdoutTTY, stderrTTY } = request;
  return JSON.stringify([argv, cwd, env, stdoutTTY, stderrTTY, new Date().toISOString().slice(0, 10)]);
}

/**
 * The server: listens on `socket` and runs each client's scan in turn, in the client's directory and
 * environment, with output streamed back as it is written. Resolves when it stops (idle, `daemon
 * stop`, or worn out), after which the process exits.
 */
export async function serveDaemon(socket: string): Promise<void> {
  const { run } = await import('./run.js');
  const { record } = await import('./replay.js');
  const since = new Date().toISOString();
  let scans = 0;
  let replayed = 0;
  /** Why the last scan that ran cannot be replayed, for `daemon status`. */
  let notReplayable: string | undefined;
  const replays = new Map<string, { recording: Recording; replies: Reply[] }>();
  let queue = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;
  const server = net.createServer();
  const stop = () => {
    clearTimeout(idle);
    server.close();
  };
  const resetIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(stop, IDLE_MS);
  };

  const serve = async (connection: net.Socket, request: Extract<Request, { kind: 'run' }>) => {
    clearTimeout(idle);
    const send = (reply: Reply) => {
      if (!connection.destroyed) connection.write(`${JSON.stringify(reply)}\n`);
    };
    const key = replayKey(request);
    const known = replays.get(key);
    if (known && known.recording.unchanged()) {
      for (const reply of known.replies) send(reply);
      replayed += 1;
    } else {
      replays.delete(key);
      const replies: Reply[] = [];
      const { code, recording } = await scanOnce(request, (reply) => {
        replies.push(reply);
        send(reply);
      });
      replies.push({ exit: code });
      send({ exit: code });
      // A progress line on a terminal depends on time, not only on the inputs.
      const timed = request.stderrTTY && replies.some((r) => 'err' in r && r.err.includes('\r'));
      notReplayable = !recording
        ? 'it failed'
        : (recording.unreplayable ?? (timed ? 'it drew a progress line' : undefined));
      if (recording && !recording.unreplayable && !timed) {
        replays.set(key, { recording, replies });
        if (replays.size > MAX_REPLAYS) replays.delete(replays.keys().next().value!);
      }
    }
    connection.end();
    scans += 1;
    if (scans >= MAX_REQUESTS || process.memoryUsage().heapUsed > MAX_HEAP_BYTES) stop();
    else resetIdle();
  };

  /** One scan in the client's directory and environment, its file system reads recorded. */
  const scanOnce = async (
    request: Extract<Request, { kind: 'run' }>,
    emit: (reply: Reply) => void,
  ): Promise<{ code: number; recording?: Recording }> => {
    try {
      process.chdir(request.cwd);
      adoptEnvironment(request.env);
      await forgetPerProcessState();
      const { result, recording } = await record(() =>
        run(request.argv, {
          cwd: request.cwd,
          env: request.env,
          stdout: { write: (out: string) => emit({ out }), isTTY: request.stdoutTTY },
          stderr: { write: (err: string) => emit({ err }), isTTY: request.stderrTTY },
        }),
      );
      return { code: result, recording };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      emit({
        err: `lambda-lint: internal error, please report it at https://github.com/lambda-lint/lambda-lint/issues: ${message}\n`,
      });
      return { code: 2 };
    }
  };

  server.on('connection', (connection) => {
    let buffer = '';
    connection.setEncoding('utf8');
    connection.on('error', () => {});
    const onData = (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      connection.off('data', onData);
      let request: Request;
      try {
        request = JSON.parse(buffer.slice(0, newline)) as Request;
      } catch {
        connection.destroy();
        return;
      }
      if (request.kind === 'run') {
        queue = queue.then(() => serve(connection, request));
        return;
      }
      connection.end(
        `${JSON.stringify({
          status: {
            pid: process.pid,
            since,
            scans,
            replayed,
            version: cliVersion(),
            ...(notReplayable !== undefined && { notReplayable }),
          },
        } satisfies Reply)}\n`,
      );
      if (request.kind === 'stop') queue = queue.then(stop);
    };
    connection.on('data', onData);
  });

  await listen(server, socket);
  resetIdle();
  await new Promise<void>((resolve) => server.on('close', resolve));
}

/** Listens on `socket`, taking over a socket file left by a server that died; rejects if one is alive. */
async function listen(server: net.Server, socket: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socket, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 0) throw error;
      const alive = await connect(socket);
      if (alive) {
        alive.destroy();
        throw error;
      }
      unlinkSync(socket);
    }
  }
}

/** Module-level caches with a time-to-live (the editor plugin's template lookup) start empty for each scan. */
async function forgetPerProcessState(): Promise<void> {
  try {
    const plugin = (await import('@lambda-lint/eslint-plugin')) as { clearTemplateCaches?: () => void };
    plugin.clearTemplateCaches?.();
  } catch {
    // Not installed: nothing to forget.
  }
}
