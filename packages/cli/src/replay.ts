// The daemon's replay: a scan whose every input is unchanged is answered with the output it gave last
// time, without running it. Its inputs are what the scan read through this process's file system
// calls, recorded while it ran (with the file's or directory's stat taken before each access); a
// scan that read anything else (git, esbuild, a worker thread) or wrote a file is never replayed.
import fs from 'node:fs';
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import workerThreads from 'node:worker_threads';
import { setInputTracker } from '@lambda-lint/core';

/** How a path was read: its content (or an fd on it), a directory listing, or only its metadata. */
type AccessKind = 'stat' | 'lstat';

/**
 * File system calls that read, by whether they follow a symlink; their first argument is the path.
 * The callback names serve `fs.promises` too (a name a module lacks is skipped).
 */
const READS: Record<string, AccessKind> = {
  readFileSync: 'stat',
  readdirSync: 'stat',
  statSync: 'stat',
  lstatSync: 'lstat',
  existsSync: 'stat',
  realpathSync: 'stat',
  openSync: 'stat',
  accessSync: 'stat',
  opendirSync: 'stat',
  readlinkSync: 'lstat',
  createReadStream: 'stat',
  readFile: 'stat',
  readdir: 'stat',
  stat: 'stat',
  lstat: 'lstat',
  exists: 'stat',
  access: 'stat',
  open: 'stat',
  realpath: 'stat',
  opendir: 'stat',
};
const WRITES = [
  'writeFileSync',
  'appendFileSync',
  'mkdirSync',
  'mkdtempSync',
  'renameSync',
  'rmSync',
  'rmdirSync',
  'unlinkSync',
  'copyFileSync',
  'cpSync',
  'symlinkSync',
  'linkSync',
  'truncateSync',
  'utimesSync',
  'chmodSync',
  'createWriteStream',
  'writeFile',
  'appendFile',
  'mkdir',
  'rename',
  'rm',
  'unlink',
  'copyFile',
  'mkdtemp',
  'rmdir',
  'cp',
];
const PROCESSES = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];
/** fd-based calls: their file was opened (and recorded) first. Listed so that a test can tell every call our code makes is known. */
export const FD_CALLS = ['closeSync', 'readSync', 'fstatSync', 'writeSync'];
export const TRACKED_CALLS = new Set([...Object.keys(READS), ...WRITES, ...FD_CALLS]);

/** A coarse file system (1–2 s timestamps) cannot tell an edit in the same second: such stamps are not trusted that soon. */
const COARSE_RACE_NS = 2_000_000_000n;

// Taken before any patching: a stamp must not be recorded as a read of its own.
const { lstatSync, statSync } = fs;

/** What a path looked like: absent, or its type, inode, size and both times (ctime changes on any edit, and cannot be set back). */
function stampOf(file: string, kind: AccessKind): string {
  try {
    const stats =
      kind === 'lstat'
        ? lstatSync(file, { bigint: true, throwIfNoEntry: false })
        : statSync(file, { bigint: true, throwIfNoEntry: false });
    if (!stats) return 'absent';
    return `${stats.mode}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
  } catch (error) {
    return `error:${(error as NodeJS.ErrnoException).code ?? 'unknown'}`;
  }
}

/** True when a stamp's times are whole seconds and recent: possibly a coarse file system still in the same tick. */
function racy(stamp: string, nowNs: bigint): boolean {
  const parts = stamp.split(':');
  if (parts.length !== 5) return false;
  const mtime = BigInt(parts[3]!);
  const ctime = BigInt(parts[4]!);
  const whole = mtime % 1_000_000_000n === 0n && ctime % 1_000_000_000n === 0n;
  return whole && nowNs - (mtime > ctime ? mtime : ctime) < COARSE_RACE_NS;
}

/** The inputs of one scan: each path read, how, and its stamp before the first read. */
export class Recording {
  readonly inputs = new Map<string, string>();
  /** Why this scan cannot be replayed, when it cannot. */
  unreplayable: string | undefined;
  private readonly derived: string[] = [];

  isDerived(file: string): boolean {
    return this.derived.some((d) => file === d || file.startsWith(`${d}${path.sep}`));
  }

  derive(file: string): void {
    this.derived.push(path.resolve(file));
  }

  read(target: unknown, kind: AccessKind): void {
    if (this.unreplayable) return; // nothing to replay: no stamps to take
    const file = pathOf(target);
    if (file === undefined) {
      this.unreplayable ??= 'a read by file descriptor or URL it could not follow';
      return;
    }
    const key = `${kind}\0${file}`;
    if (this.inputs.has(key) || this.isDerived(file)) return;
    this.inputs.set(key, stampOf(file, kind));
  }

  write(target: unknown): void {
    const file = pathOf(target);
    if (file !== undefined && this.isDerived(file)) return;
    this.unreplayable ??= `it wrote ${file ?? 'a file'}`;
  }

  /** Whether the recorded stamps may be trusted as the state the output came from. */
  finish(): void {
    const now = BigInt(Date.now()) * 1_000_000n;
    for (const [key, stamp] of this.inputs) {
      if (racy(stamp, now)) {
        this.unreplayable ??= `${key.split('\0')[1]} changed too recently to be sure of its timestamps`;
        return;
      }
    }
  }

  /** True when every recorded input still looks the way it did (the derived files aside). */
  unchanged(): boolean {
    for (const [key, stamp] of this.inputs) {
      const [kind, file] = key.split('\0') as [AccessKind, string];
      if (stampOf(file, kind) !== stamp) return false;
    }
    return true;
  }
}

function pathOf(target: unknown): string | undefined {
  if (typeof target === 'string') return path.resolve(target);
  if (Buffer.isBuffer(target)) return path.resolve(target.toString());
  if (target instanceof URL && target.protocol === 'file:') return fileURLToPath(target);
  return undefined;
}

type Patchable = Record<string, unknown>;

/**
 * Records the file system calls of `work` (and refuses a replay for processes, workers, writes).
 * Only one recording runs at a time: the daemon serves one scan at a time.
 */
export async function record<T>(work: () => Promise<T>): Promise<{ result: T; recording: Recording }> {
  const recording = new Recording();
  const restore: Array<() => void> = [];
  const wrap = (target: Patchable, name: string, before: (first: unknown, second: unknown) => void) => {
    const original = target[name];
    if (typeof original !== 'function') return;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      before(args[0], args[1]);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    Object.assign(wrapped, original); // realpathSync.native, promisify.custom
    target[name] = wrapped;
    restore.push(() => (target[name] = original));
  };
  const fsModule = fs as unknown as Patchable;
  const promises = fs.promises as unknown as Patchable;
  // `open` for writing (a flag other than 'r') is a write.
  const access = (kind: AccessKind, name: string) => (p: unknown, flags: unknown) =>
    name === 'open' || name === 'openSync'
      ? typeof flags === 'string' && flags !== 'r' && flags !== 'rs'
        ? recording.write(p)
        : typeof flags === 'number' && flags !== fs.constants.O_RDONLY
          ? recording.write(p)
          : recording.read(p, kind)
      : recording.read(p, kind);
  for (const target of [fsModule, promises]) {
    for (const [name, kind] of Object.entries(READS)) wrap(target, name, access(kind, name));
    for (const name of WRITES) wrap(target, name, (p) => recording.write(p));
  }
  const nativeRealpath = (fs.realpathSync as unknown as Patchable).native;
  if (typeof nativeRealpath === 'function') {
    wrap(fs.realpathSync as unknown as Patchable, 'native', (p) => recording.read(p, 'stat'));
  }
  const untracked = (reason: string) => (recording.unreplayable ??= reason);
  for (const name of PROCESSES)
    wrap(childProcess as unknown as Patchable, name, () => untracked('it ran a child process'));
  const OriginalWorker = workerThreads.Worker;
  (workerThreads as unknown as Patchable).Worker = class extends OriginalWorker {
    constructor(...args: ConstructorParameters<typeof OriginalWorker>) {
      untracked('it started a worker thread');
      super(...args);
    }
  };
  restore.push(() => ((workerThreads as unknown as Patchable).Worker = OriginalWorker));
  setInputTracker({ untracked, derived: (file) => recording.derive(file) });
  // ES-module imports of built-ins (`import { readFileSync } from 'node:fs'`) see the wrappers too.
  syncBuiltinESMExports();
  try {
    const result = await work();
    recording.finish();
    return { result, recording };
  } finally {
    setInputTracker(undefined);
    for (const undo of restore.reverse()) undo();
    syncBuiltinESMExports();
  }
}
