import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { untrackedInput } from '@lambda-lint/core';
import type { PackageProblem } from '../model.js';
import type { SizeFile } from '../size-tree.js';
import { errorMessage } from '../util.js';
import {
  DIRECTORY,
  DirentType,
  entrySize,
  NOT_FOUND,
  readdirTypes,
  SYMLINK,
  statRange,
  type StatRequest,
} from './file-size.js';

export interface DirectoryListing {
  /** Regular files (and files reached through symlinks), paths relative to the root with `/`. */
  files: SizeFile[];
  total: number;
  problems: PackageProblem[];
}

/** Above this many files a worker thread stats half of them while the main thread stats the rest. */
const WORKER_THRESHOLD = 20_000;
const WORKER_URL = new URL('./stat-worker.js', import.meta.url);

interface PendingDirectory {
  path: string;
  rel: string;
  /** Real path of the directory, derived from its parent's (one realpath call per followed symlink only). */
  real: string;
  /** Real paths of the symlinked directories on the way down: a target seen again is a loop. */
  linkChain: readonly string[];
}

export interface ListOptions {
  workerThreshold?: number;
  /** Names (files and folders, at any depth) left out, as a build's copy step leaves them out. */
  skip?: (name: string) => boolean;
}

/**
 * Lists `root` the way Lambda counts an unzipped package: the byte size of every regular
 * file; symlinks followed once (a link back into its own ancestry is a `symlink-loop`
 * problem); unreadable entries and dangling links are problems, never exceptions.
 */
export async function listDirectory(root: string, options: ListOptions = {}): Promise<DirectoryListing> {
  const workerThreshold = options.workerThreshold ?? WORKER_THRESHOLD;
  const skip = options.skip;
  const problems: PackageProblem[] = [];
  // Without a free core each entry is typed and sized by one lstat as soon as it is listed; with one, file sizes
  // are deferred so a worker can take half of them once the walk has seen `workerThreshold` files.
  // An explicit threshold decides (tests, benches): a finite one defers for the worker, Infinity stats inline.
  const deferStats =
    options.workerThreshold !== undefined ? Number.isFinite(options.workerThreshold) : secondCoreIsFree();
  const inlineFiles: SizeFile[] = [];
  let inlineTotal = 0;
  // Files to stat later, relative to `root`: each absolute path is built when the file is stat'ed, not kept.
  const relFiles: string[] = [];
  // Files reached through symlinks are stat'ed (following the link) on the main thread; there are few.
  const linkedFiles: SizeFile[] = [];

  // Start the worker before walking, so its start-up overlaps the readdir phase.
  let worker: Worker | undefined;
  const startWorker = (): void => {
    // Stats are only deferred when a worker is wanted: an explicit threshold, or a free second core.
    if (worker || !existsSync(fileURLToPath(WORKER_URL))) return;
    try {
      untrackedInput('a stat worker thread');
      worker = new Worker(WORKER_URL);
      worker.unref();
    } catch {
      worker = undefined;
    }
  };

  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch (error) {
    problems.push({
      kind: 'unreadable-input',
      detail: `the directory cannot be read: ${errorMessage(error)}`,
      fatal: true,
    });
    return { files: [], total: 0, problems };
  }

  const stack: PendingDirectory[] = [{ path: root, rel: '', real: rootReal, linkChain: [] }];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    if (!deferStats) {
      // One lstat per entry types and sizes it: no Dirent objects, no second pass over the files.
      let names: string[];
      try {
        names = readdirSync(dir.path);
      } catch (error) {
        problems.push(unlistable(dir, error));
        continue;
      }
      const prefix = dir.rel === '' ? '' : `${dir.rel}/`;
      for (const name of names) {
        if (skip?.(name)) continue;
        const path = `${dir.path}/${name}`;
        const size = entrySize(path);
        if (size >= 0) {
          inlineFiles.push({ path: prefix + name, size });
          inlineTotal += size;
        } else if (size === DIRECTORY) {
          stack.push({ path, rel: prefix + name, real: `${dir.real}/${name}`, linkChain: dir.linkChain });
        } else if (size === SYMLINK) {
          followLink(path, prefix + name, dir, stack, linkedFiles, relFiles, problems);
        } else if (size === NOT_FOUND) {
          problems.push(vanished(prefix + name));
        }
        // FIFOs, sockets and devices are not packaged by zip tools; they count nothing.
      }
      continue;
    }
    let listed: { names: string[]; types: number[] };
    try {
      listed = readdirTypes(dir.path);
    } catch (error) {
      problems.push(unlistable(dir, error));
      continue;
    }
    const { names, types } = listed;
    const prefix = dir.rel === '' ? '' : `${dir.rel}/`;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (skip?.(name)) continue;
      const type = types[i];
      const path = `${dir.path}/${name}`;
      if (type === DirentType.File) {
        relFiles.push(prefix + name);
        if (relFiles.length === workerThreshold) startWorker();
      } else if (type === DirentType.Directory) {
        stack.push({ path, rel: prefix + name, real: `${dir.real}/${name}`, linkChain: dir.linkChain });
      } else if (type === DirentType.Link || type === DirentType.Unknown) {
        // Some file systems report no type in readdir; those entries are lstat'ed like links.
        followLink(path, prefix + name, dir, stack, linkedFiles, relFiles, problems);
      }
      // FIFOs, sockets and devices are not packaged by zip tools; they count nothing.
    }
  }

  // Files found through links (and all files when stats were deferred) are stat'ed now.
  const sizes = await statFiles(root, relFiles, worker, workerThreshold);
  const files = inlineFiles;
  let total = inlineTotal;
  for (let i = 0; i < relFiles.length; i++) {
    const size = sizes[i]!;
    if (size < 0) {
      problems.push(vanished(relFiles[i]!));
      continue;
    }
    files.push({ path: relFiles[i]!, size });
    total += size;
  }
  for (const file of linkedFiles) {
    files.push(file);
    total += file.size;
  }
  return { files, total, problems };
}

function unlistable(dir: PendingDirectory, error: unknown): PackageProblem {
  return {
    kind: 'unreadable-entry',
    entry: dir.rel || '.',
    detail: `the directory cannot be listed: ${errorMessage(error)}`,
  };
}

function vanished(rel: string): PackageProblem {
  return {
    kind: 'unreadable-entry',
    entry: rel,
    detail: 'the file vanished or cannot be read while the package was measured',
  };
}

/**
 * Whether a second thread gets a core of its own. The 1-minute load average counts this process
 * and the one before it (a bench, a CI step), so about 1 means "only us": measured on 2 cores,
 * 100,000 files, the worker cuts the listing from 418 to 376 ms at load ~1 and adds 15% (510 →
 * 591 ms) when another process keeps the second core busy (load ≥ 2). Sampling per-core idle time
 * instead does not work: V8's own GC and compiler threads fill the second core during the walk.
 */
function secondCoreIsFree(): boolean {
  const now = Date.now();
  if (now - loadSampledAt > LOAD_SAMPLE_MS) {
    const cores = availableParallelism();
    coreFree = cores >= 2 && loadavg()[0]! < cores;
    loadSampledAt = now;
  }
  return coreFree;
}
/** The one-minute load average moves slowly: sampled at most this often, not once per package. */
const LOAD_SAMPLE_MS = 1000;
let loadSampledAt = -Infinity;
let coreFree = false;

function followLink(
  path: string,
  rel: string,
  dir: PendingDirectory,
  stack: PendingDirectory[],
  linkedFiles: SizeFile[],
  relFiles: string[],
  problems: PackageProblem[],
): void {
  try {
    const own = lstatSync(path);
    if (own.isFile()) {
      relFiles.push(rel);
      return;
    }
    if (own.isDirectory()) {
      stack.push({
        path,
        rel,
        real: `${dir.real}/${rel.slice(rel.lastIndexOf('/') + 1)}`,
        linkChain: dir.linkChain,
      });
      return;
    }
    if (!own.isSymbolicLink()) return;
    const target = statSync(path);
    if (target.isFile()) {
      linkedFiles.push({ path: rel, size: target.size });
      return;
    }
    if (!target.isDirectory()) return;
    const real = realpathSync(path);
    if (dir.real === real || dir.real.startsWith(`${real}/`) || dir.linkChain.includes(real)) {
      problems.push({
        kind: 'symlink-loop',
        entry: rel,
        detail: `the symlink points back to ${real === dir.real ? 'its own directory' : 'a directory it is inside'} (${real}); it was not followed`,
      });
      return;
    }
    stack.push({ path, rel, real, linkChain: [...dir.linkChain, real] });
  } catch (error) {
    problems.push({
      kind: 'unreadable-entry',
      entry: rel,
      detail: `the symlink is dangling or unreadable: ${errorMessage(error)}`,
    });
  }
}

/**
 * Sizes of the files at `root/<rel>` in order (-1 for files that cannot be stat'ed); a worker takes half
 * when there are many.
 */
async function statFiles(
  root: string,
  rels: string[],
  worker: Worker | undefined,
  threshold: number,
): Promise<Float64Array> {
  const sizes = new Float64Array(rels.length);
  if (!worker || rels.length < threshold) {
    void worker?.terminate();
    statRange(root, rels, sizes, 0, rels.length);
    return sizes;
  }
  const split = Math.floor(rels.length / 2);
  const fromWorker = new Promise<Float64Array | undefined>((resolve) => {
    worker.once('message', (result: Float64Array) => resolve(result));
    worker.once('error', () => resolve(undefined));
  });
  const request: StatRequest = { root, rels: rels.slice(split) };
  worker.postMessage(request);
  statRange(root, rels, sizes, 0, split);
  const rest = await fromWorker;
  void worker.terminate();
  if (rest && rest.length === rels.length - split) sizes.set(rest, split);
  else statRange(root, rels, sizes, split, rels.length);
  return sizes;
}
