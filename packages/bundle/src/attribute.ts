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
  const groups = new Map<string, SizeGroup>();
  // Consecutive files usually share a package directory: skip the lookup for them.
  let lastDirectory = '';
  let lastGroup: SizeGroup | undefined;
  let total = 0;
  let compressed = 0;
  let anyCompressed = false;
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const directory = slash < 0 ? '' : file.path.slice(0, slash);
    let group: SizeGroup | undefined;
    if (lastGroup && directory === lastDirectory) {
      group = lastGroup;
    } else {
      const where = locatePackage(file.path);
      group = groups.get(where.path);
      if (!group) {
        group = { kind: where.kind, name: where.name, path: where.path, size: 0, files: [] };
        groups.set(where.path, group);
      }
      lastDirectory = directory;
      lastGroup = group;
    }
    group.files.push(file);
    group.size += file.size;
    total += file.size;
    if (file.compressed !== undefined) {
      compressed += file.compressed;
      anyCompressed = true;
    }
  }
  const own = groups.get('');
  groups.delete('');
  const packages = [...groups.values()].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
  if (options.versionOf) {
    for (const group of packages) {
      const version = options.versionOf(group.path);
      if (version !== undefined) group.version = version;
    }
  }
  return {
    name: options.name,
    total,
    ...(anyCompressed && { compressed }),
    groups: own ? [own, ...packages] : packages,
  };
}
