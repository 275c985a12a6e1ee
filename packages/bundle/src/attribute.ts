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

/** Length of `locatePackage(path).path` for a path with `/` separators only, without building it. */
function packagePathEnd(path: string): number {
  const marker = path.lastIndexOf('node_modules/');
  if (marker < 0 || (marker > 0 && path[marker - 1] !== '/' && path[marker - 1] !== ':')) return 0;
  const after = marker + 13;
  const first = path.indexOf('/', after);
  if (first < 0) return after - 1;
  if (path.charCodeAt(after) !== 0x40 /* @ */) return first;
  const second = path.indexOf('/', first + 1);
  return second < 0 ? first : second;
}

/**
 * Whether `locatePackage(path).path` is `groupPath`, answered without building a string: the
 * path lies under the group's directory and no other `node_modules/` follows (the one that
 * ends a `.../node_modules` group path included). Anything unusual answers false (exact lookup).
 */
function insideGroup(path: string, groupPath: string): boolean {
  const length = groupPath.length;
  if (length > 0 && !(path.length > length && path.charCodeAt(length) === 0x2f && path.startsWith(groupPath)))
    return false;
  return path.indexOf('node_modules/', length > 12 ? length - 12 : 0) < 0 && path.indexOf('\\') < 0;
}

/** FNV-1a over `text[0, end)`. */
function hashPrefix(text: string, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
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

/** Builds a SizeTree one file at a time, so readers can group entries in the same pass that decodes them. */
export class TreeBuilder {
  private readonly groups = new Map<string, SizeGroup>();
  /** Open addressing on a hash of the package-path prefix: finds a path's group without slicing the prefix out. */
  private slots = new Int32Array(64);
  private readonly slotGroups: SizeGroup[] = [];
  private lastGroup: SizeGroup | undefined;
  private total = 0;
  private compressed = 0;
  private anyCompressed = false;

  add(file: SizeFile): void {
    const path = file.path;
    let group = this.lastGroup;
    if (!group || !insideGroup(path, group.path)) {
      const end = path.indexOf('\\') < 0 ? packagePathEnd(path) : -1;
      group = end < 0 ? this.groupAt(locatePackage(path).path, path) : this.groupOfPrefix(path, end);
      this.lastGroup = group;
    }
    group.files.push(file);
    group.size += file.size;
    this.total += file.size;
    if (file.compressed !== undefined) {
      this.compressed += file.compressed;
      this.anyCompressed = true;
    }
  }

  /** The group whose path is `path[0, end)`, created on first sight. */
  private groupOfPrefix(path: string, end: number): SizeGroup {
    const mask = this.slots.length - 1;
    let slot = hashPrefix(path, end) & mask;
    for (;;) {
      const stored = this.slots[slot]!;
      if (stored === 0) break;
      const candidate = this.slotGroups[stored - 1]!;
      if (candidate.path.length === end && path.startsWith(candidate.path)) return candidate;
      slot = (slot + 1) & mask;
    }
    return this.groupAt(path.slice(0, end), path);
  }

  /** The group of package path `key`, which `path` (a file in it) locates when the group is new. */
  private groupAt(key: string, path: string): SizeGroup {
    let group = this.groups.get(key);
    if (!group) {
      const located = locatePackage(path);
      group = { kind: located.kind, name: located.name, path: located.path, size: 0, files: [] };
      this.groups.set(located.path, group);
      this.slotGroups.push(group);
      if (this.slotGroups.length * 2 > this.slots.length) this.rehash(this.slots.length * 2);
      else this.place(this.slotGroups.length - 1, this.slots);
    }
    return group;
  }

  private place(index: number, slots: Int32Array): void {
    const path = this.slotGroups[index]!.path;
    const mask = slots.length - 1;
    let slot = hashPrefix(path, path.length) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = index + 1;
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(capacity);
    for (let i = 0; i < this.slotGroups.length; i++) this.place(i, slots);
    this.slots = slots;
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
    return {
      name: options.name,
      total: this.total,
      ...(this.anyCompressed && { compressed: this.compressed }),
      groups: own ? [own, ...packages] : packages,
    };
  }
}
