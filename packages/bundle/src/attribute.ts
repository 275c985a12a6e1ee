import { classifyPath, directoryKind, FileKind, fileKind, rememberFileIndex } from './file-index.js';
import type { SizeFile, SizeGroup, SizeTree } from './size-tree.js';

/** Where a path belongs: own code, or the npm package directory that holds it. */
export interface PackageLocation {
  /** `own`, or the package name (`@scope/name`, `name`), or a `node_modules` dot-folder (`.bin`). */
  name: string;
  /** Package directory inside the bundle (`node_modules/.pnpm/x@1/node_modules/x`), `''` for own code. */
  path: string;
  kind: 'own' | 'package';
}

const OWN: PackageLocation = { name: 'own', path: '', kind: 'own' };

/**
 * The package a path belongs to, from its LAST `node_modules/` segment: npm, yarn and
 * pnpm (`node_modules/.pnpm/<x>/node_modules/<name>/…`) layouts alike. Never parses
 * versions out of `.pnpm` folder names. Backslashes are treated as separators.
 */
export function locatePackage(filePath: string): PackageLocation {
  const path = filePath.includes('\\') ? filePath.replace(/\\/g, '/') : filePath;
  const marker = path.lastIndexOf('node_modules/');
  if (marker < 0 || (marker > 0 && path[marker - 1] !== '/' && path[marker - 1] !== ':')) return OWN;
  const after = marker + 'node_modules/'.length;
  const first = path.indexOf('/', after);
  if (first < 0) {
    // A file directly in node_modules (`.package-lock.json`, `.modules.yaml`): node_modules metadata.
    return { name: 'node_modules', path: path.slice(0, after - 1), kind: 'package' };
  }
  let end = first;
  if (path[after] === '@') {
    const second = path.indexOf('/', first + 1);
    if (second < 0) return { name: path.slice(after, first), path: path.slice(0, first), kind: 'package' };
    end = second;
  }
  return { name: path.slice(after, end), path: path.slice(0, end), kind: 'package' };
}

export interface AttributeOptions {
  /** Display name of the tree (function ID, zip path). */
  name: string;
  /** Version of the package at `packagePath` (from its package.json), or undefined when it cannot be read. */
  versionOf?: (packagePath: string) => string | undefined;
}

/**
 * Groups files into own code and one group per package directory. Invariant: `total`
 * is the sum of every file's size, to the byte. Own code first, then packages by size.
 */
export function attribute(files: Iterable<SizeFile>, options: AttributeOptions): SizeTree {
  const builder = new TreeBuilder();
  for (const file of files) builder.add(file);
  return builder.finish(options);
}

/** The classification of one group's files so far, in the order of `group.files`. */
interface GroupKinds {
  kinds: number[];
  /** How many of them are not FileKind.Code. */
  notCode: number;
}

/** A directory seen by a TreeBuilder: its group and the classification of its path. */
interface DirectoryInfo {
  group: SizeGroup;
  classified: GroupKinds;
  insideNodeModules: boolean;
  /** `directoryKind` of the directory, for files whose last separator is a `/`. */
  kind: number;
  /** Where the path inside the package starts (after `node_modules/<name>/`), 0 for own code. */
  from: number;
}

/**
 * Builds a SizeTree one file at a time, so readers can group entries in the same pass that decodes them,
 * and classifies each file (the FileIndex the rules share) in that same pass. A file's package depends
 * only on its directory, so groups are looked up by the directory part of the path (one slice and one
 * Map lookup per file, none while files of one directory come in a row); `locatePackage` and the
 * directory's classification run once per new directory.
 */
export class TreeBuilder {
  private readonly groups = new Map<string, SizeGroup>();
  private readonly groupKinds = new Map<SizeGroup, GroupKinds>();
  /** Directory part of a path (up to and including its last `/` or `\\`) → what is known of it. */
  private readonly directories = new Map<string, DirectoryInfo>();
  private lastDirectory = '';
  private last: DirectoryInfo | undefined;
  private total = 0;
  private compressed = 0;
  private anyCompressed = false;
  private sourceMapBytes = 0;
  private sourceMapFiles = 0;

  add(file: SizeFile): void {
    const path = file.path;
    // Native searches, not a loop over characters: readers call this before the JIT has optimized it.
    let separator = path.lastIndexOf('/');
    if (path.indexOf('\\', separator + 1) >= 0) separator = path.lastIndexOf('\\');
    const dot = path.lastIndexOf('.');
    let info = this.last;
    if (!info || separator + 1 !== this.lastDirectory.length || !path.startsWith(this.lastDirectory)) {
      const directory = path.slice(0, separator + 1);
      info = this.directories.get(directory) ?? this.newDirectory(directory, path, separator);
      this.lastDirectory = directory;
      this.last = info;
    }
    const group = info.group;
    group.files.push(file);
    group.size += file.size;
    this.total += file.size;
    if (file.compressed !== undefined) {
      this.compressed += file.compressed;
      this.anyCompressed = true;
    }
    // Classification goes by `/` alone: a basename after a backslash takes the general path.
    const kind =
      separator >= 0 && path.charCodeAt(separator) === 0x5c
        ? classifyPath(path, info.insideNodeModules, info.from)
        : fileKind(path, separator + 1, dot, info.kind, info.insideNodeModules);
    info.classified.kinds.push(kind);
    if (kind !== FileKind.Code) {
      info.classified.notCode += 1;
      if (kind === FileKind.SourceMap) {
        this.sourceMapBytes += file.size;
        this.sourceMapFiles += 1;
      }
    }
  }

  private newDirectory(directory: string, path: string, separator: number): DirectoryInfo {
    const located = locatePackage(path);
    let group = this.groups.get(located.path);
    if (!group) {
      group = { kind: located.kind, name: located.name, path: located.path, size: 0, files: [] };
      this.groups.set(located.path, group);
      this.groupKinds.set(group, { kinds: [], notCode: 0 });
    }
    const insideNodeModules = group.kind === 'package';
    const from = insideNodeModules && group.path ? group.path.length + 1 : 0;
    const info: DirectoryInfo = {
      group,
      classified: this.groupKinds.get(group)!,
      insideNodeModules,
      kind: directoryKind(path, from, separator),
      from,
    };
    this.directories.set(directory, info);
    return info;
  }

  finish(options: AttributeOptions): SizeTree {
    const groups = this.groups;
    const own = groups.get('');
    const packages: SizeGroup[] = [];
    for (const group of groups.values()) if (group !== own) packages.push(group);
    packages.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
    if (options.versionOf) {
      for (const group of packages) {
        const version = options.versionOf(group.path);
        if (version !== undefined) group.version = version;
      }
    }
    const tree: SizeTree = {
      name: options.name,
      total: this.total,
      ...(this.anyCompressed && { compressed: this.compressed }),
      groups: own ? [own, ...packages] : packages,
    };
    const classified = tree.groups.map((group) => this.groupKinds.get(group)!);
    rememberFileIndex(tree, {
      kinds: classified.map((c) => Uint8Array.from(c.kinds)),
      notCode: Uint32Array.from(classified, (c) => c.notCode),
      sourceMapBytes: this.sourceMapBytes,
      sourceMapFiles: this.sourceMapFiles,
    });
    return tree;
  }
}
