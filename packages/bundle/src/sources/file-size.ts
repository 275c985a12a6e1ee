import { lstatSync, readdirSync, type Dirent } from 'node:fs';

/** `lstat` as Node's fs binding exposes it: the raw stat fields in a shared Float64Array (index 1 mode, 8 size). */
type RawLstat = (
  path: string,
  useBigint: false,
  request: undefined,
  throwIfNoEntry: boolean,
) => Float64Array | undefined;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

let raw: RawLstat | undefined | null;

/**
 * Node 20's `lstatSync` builds a Stats object with four Dates per call: on 100,000 files that
 * allocation costs more than the system calls. The binding behind it returns the numbers only.
 * It is used only after it agreed with `lstatSync` on a real file; any doubt falls back to the public API.
 */
function rawLstat(probe: string): RawLstat | undefined {
  if (raw !== undefined) return raw ?? undefined;
  if (process.env.LAMBDA_LINT_PORTABLE_STAT === '1') {
    raw = null;
    return undefined;
  }
  let lstat: RawLstat;
  try {
    const binding = (process as unknown as { binding?: (name: string) => { lstat?: unknown } }).binding?.(
      'fs',
    );
    const candidate = binding?.lstat;
    if (typeof candidate !== 'function') throw new Error('no fs binding');
    lstat = candidate.bind(binding) as RawLstat;
  } catch {
    raw = null;
    return undefined;
  }
  let expected;
  try {
    expected = lstatSync(probe);
  } catch {
    return undefined; // the probe itself is gone: decide on the next path
  }
  try {
    const fields = lstat(probe, false, undefined, false);
    raw =
      fields instanceof Float64Array &&
      fields.length >= 10 &&
      fields[8] === expected.size &&
      fields[1] === expected.mode
        ? lstat
        : null;
  } catch {
    raw = null;
  }
  return raw ?? undefined;
}

/** `entrySize` codes for what is not a regular file. */
export const NOT_FOUND = -1;
export const DIRECTORY = -2;
export const SYMLINK = -3;
export const OTHER = -4;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/**
 * One `lstat`: the byte size of a regular file, or DIRECTORY, SYMLINK, OTHER (FIFO, socket,
 * device), NOT_FOUND (gone or unreadable). Lets a walk type and size each entry with one call.
 */
export function entrySize(path: string): number {
  const lstat = rawLstat(path);
  try {
    let mode: number;
    let size: number;
    if (lstat) {
      const fields = lstat(path, false, undefined, false);
      if (!fields) return NOT_FOUND;
      mode = fields[1]!;
      size = fields[8]!;
    } else {
      const stats = lstatSync(path, { bigint: false, throwIfNoEntry: false });
      if (!stats) return NOT_FOUND;
      mode = stats.mode;
      size = stats.size;
    }
    const type = mode & S_IFMT;
    return type === S_IFREG ? size : type === S_IFDIR ? DIRECTORY : type === S_IFLNK ? SYMLINK : OTHER;
  } catch {
    return NOT_FOUND;
  }
}

/**
 * Byte size of the regular file at `path` without following a final symlink; -1 when it is gone,
 * unreadable or no longer a regular file.
 */
export function regularFileSize(path: string): number {
  const lstat = rawLstat(path);
  try {
    if (lstat) {
      const fields = lstat(path, false, undefined, false);
      if (!fields) return -1;
      return (fields[1]! & S_IFMT) === S_IFREG ? fields[8]! : -1;
    }
    const stats = lstatSync(path, { bigint: false, throwIfNoEntry: false });
    return stats?.isFile() ? stats.size : -1;
  } catch {
    return -1;
  }
}

/** libuv's `uv_dirent_type_t`, the types Node's readdir binding reports (`fs.constants.UV_DIRENT_*`). */
export const DirentType = {
  Unknown: 0,
  File: 1,
  Directory: 2,
  Link: 3,
  Fifo: 4,
  Socket: 5,
  CharacterDevice: 6,
  BlockDevice: 7,
} as const;

/** `readdir` with types as Node's fs binding exposes it: names and their DirentType, no Dirent objects. */
type RawReaddir = (path: string, encoding: 'utf8', withTypes: true) => [string[], number[]] | undefined;

let rawDir: RawReaddir | undefined | null;

/**
 * Names and DirentType types of the entries of `dir` (throws like `readdirSync`).
 * 100,000 Dirent objects are garbage the walk never needs; the binding's two arrays are not.
 * The binding is used only after it agreed with `readdirSync` on the first directory.
 */
export function readdirTypes(dir: string): { names: string[]; types: number[] } {
  if (rawDir === undefined) rawDir = probeRawReaddir(dir);
  if (rawDir) {
    const result = rawDir(dir, 'utf8', true);
    if (Array.isArray(result) && result.length === 2) return { names: result[0], types: result[1] };
  }
  const entries = readdirSync(dir, { withFileTypes: true });
  return { names: entries.map((e) => e.name), types: entries.map(direntType) };
}

function direntType(entry: Dirent): number {
  if (entry.isFile()) return DirentType.File;
  if (entry.isDirectory()) return DirentType.Directory;
  if (entry.isSymbolicLink()) return DirentType.Link;
  if (entry.isFIFO()) return DirentType.Fifo;
  if (entry.isSocket()) return DirentType.Socket;
  if (entry.isCharacterDevice()) return DirentType.CharacterDevice;
  if (entry.isBlockDevice()) return DirentType.BlockDevice;
  return DirentType.Unknown;
}

function probeRawReaddir(dir: string): RawReaddir | null {
  if (process.env.LAMBDA_LINT_PORTABLE_STAT === '1') return null;
  try {
    const binding = (process as unknown as { binding?: (name: string) => { readdir?: unknown } }).binding?.(
      'fs',
    );
    const candidate = binding?.readdir;
    if (typeof candidate !== 'function') return null;
    const readdir = candidate.bind(binding) as RawReaddir;
    const expected = readdirSync(dir, { withFileTypes: true });
    const got = readdir(dir, 'utf8', true);
    if (!Array.isArray(got) || got.length !== 2 || got[0].length !== expected.length) return null;
    for (let i = 0; i < expected.length; i++)
      if (got[0][i] !== expected[i]!.name || got[1][i] !== direntType(expected[i]!)) return null;
    return readdir;
  } catch {
    return null;
  }
}

/** A batch of files for the stat worker: paths relative to `root`. */
export interface StatRequest {
  root: string;
  rels: string[];
}

/** `sizes[i] = regularFileSize(root/rels[i])` for `i` in `[from, to)`; each joined path is garbage right after its call. */
export function statRange(root: string, rels: string[], sizes: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) sizes[i] = regularFileSize(`${root}/${rels[i]!}`);
}
