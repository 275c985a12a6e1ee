import { lstatSync } from 'node:fs';

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
