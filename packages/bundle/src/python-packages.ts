/**
 * Python packages in a deployment package or layer, laid out as `pip install -t` makes them: a
 * site root (the package top, `python/` or `python/lib/python3.x/site-packages/` in layers) holding
 * top-level modules and one `<name>-<version>.dist-info` folder per distribution. Files are attributed
 * to a distribution by its `RECORD`, else its `top_level.txt`, else the folder named like it; in a
 * layer root, any other top-level folder is a package of its own. The rest is the function's own code.
 */
import { inflateRawSync } from 'node:zlib';
import { closeSync, openSync, readSync } from 'node:fs';
import type { SizeFile, SizeGroup, SizeTree } from './size-tree.js';
import type { ZipEntry } from './sources/zip-reader.js';

const DIST_INFO = /^(.*?)([^/]+)-([^-/]+)\.dist-info\/[^/]+$/;
/** Layer roots Lambda adds to `sys.path` (`/opt/python`, `/opt/python/lib/python3.x/site-packages`). */
const LAYER_ROOT = /^(python\/lib\/python3\.\d+\/site-packages\/|python\/)/;

/** PEP 503 normalisation, used to compare distribution and folder names (`PyYAML` ↔ `pyyaml`, `typing_extensions`). */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** True when some file of the tree's own code is in a `*.dist-info` folder or a layer's `python/` root. */
export function hasPythonPackages(tree: SizeTree): boolean {
  const own = tree.groups.find((g) => g.kind === 'own');
  return (
    own !== undefined && own.files.some((f) => f.path.includes('.dist-info/') || LAYER_ROOT.test(f.path))
  );
}

interface Distribution {
  name: string;
  version: string;
  root: string;
  distInfo: string;
  /** Top-level module folders and files (`requests`, `six.py`), relative to the root. */
  topLevel: Set<string>;
  /** Exact files from RECORD (full paths inside the package). */
  recorded: Set<string>;
}

/** Resolves a RECORD path (relative to the site root); undefined when it leaves the package (`../../bin/pip`). */
function resolvePath(root: string, relative: string): string | undefined {
  const out: string[] = [];
  for (const part of (root + relative).split('/')) {
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

/** The top-level name a path starts with below `root` (`requests` for `requests/api.py`, `six.py`). */
function topLevelOf(path: string, root: string): string {
  const rest = path.slice(root.length);
  const slash = rest.indexOf('/');
  return slash === -1 ? rest : rest.slice(0, slash);
}

/**
 * Regroups the own-code files of `tree` into Python distributions. `readText` returns a small file
 * of the package (RECORD, top_level.txt, METADATA) or undefined when contents are not available.
 */
export function attributePythonPackages(
  tree: SizeTree,
  readText: (path: string) => string | undefined,
): SizeTree {
  const own = tree.groups.find((g) => g.kind === 'own');
  if (!own) return tree;
  const distributions = new Map<string, Distribution>();
  for (const file of own.files) {
    const match = DIST_INFO.exec(file.path);
    if (!match) continue;
    const [, root = '', rawName = '', version = ''] = match;
    const distInfo = `${root}${rawName}-${version}.dist-info`;
    if (distributions.has(distInfo)) continue;
    distributions.set(distInfo, {
      name: rawName,
      version,
      root,
      distInfo,
      topLevel: new Set(),
      recorded: new Set(),
    });
  }
  for (const dist of distributions.values()) {
    const metadata = readText(`${dist.distInfo}/METADATA`);
    const declared = metadata && /^Name:\s*(\S+)/m.exec(metadata)?.[1];
    if (declared) dist.name = declared;
    const record = readText(`${dist.distInfo}/RECORD`);
    if (record) {
      for (const line of record.split(/\r?\n/)) {
        const path = line.split(',')[0]?.trim();
        if (!path) continue;
        const full = resolvePath(dist.root, path);
        if (full === undefined) continue;
        dist.recorded.add(full);
        if (full.startsWith(dist.root) && !full.startsWith(`${dist.distInfo}/`)) {
          const top = topLevelOf(full, dist.root);
          if (top !== '__pycache__' && top !== 'bin') dist.topLevel.add(top);
        }
      }
    }
    const topLevelText = dist.topLevel.size === 0 ? readText(`${dist.distInfo}/top_level.txt`) : undefined;
    for (const line of topLevelText?.split(/\r?\n/) ?? []) if (line.trim()) dist.topLevel.add(line.trim());
    if (dist.topLevel.size === 0) dist.topLevel.add(dist.name.replace(/[-.]/g, '_'));
  }
  // Lookup tables: exact recorded paths first, then top-level names under each root.
  const byRecordedPath = new Map<string, Distribution>();
  const byTopLevel = new Map<string, Distribution>();
  for (const dist of distributions.values()) {
    for (const path of dist.recorded) byRecordedPath.set(path, dist);
    for (const top of dist.topLevel) byTopLevel.set(`${dist.root}\0${top.toLowerCase()}`, dist);
  }
  const roots = [...new Set([...distributions.values()].map((d) => d.root))].sort(
    (a, b) => b.length - a.length,
  );

  const groups = new Map<string, SizeGroup>();
  const ownFiles: SizeFile[] = [];
  const groupFor = (name: string, version: string | undefined, path: string): SizeGroup => {
    let group = groups.get(path);
    if (!group) {
      group = {
        kind: 'package',
        ecosystem: 'python',
        name,
        path,
        size: 0,
        files: [],
        ...(version && { version }),
      };
      groups.set(path, group);
    }
    return group;
  };
  for (const file of own.files) {
    const path = file.path;
    let dist = byRecordedPath.get(path);
    if (!dist) {
      const distInfoMatch = /^(.*?[^/]+-[^-/]+\.dist-info)\//.exec(path);
      dist = distInfoMatch ? distributions.get(distInfoMatch[1]!) : undefined;
    }
    if (!dist) {
      const root = roots.find((r) => path.startsWith(r)) ?? LAYER_ROOT.exec(path)?.[1];
      if (root !== undefined) {
        const top = topLevelOf(path, root);
        const moduleName = top.replace(/\.py$|\..*\.so$|\.so$/, '').toLowerCase();
        dist = byTopLevel.get(`${root}\0${top.toLowerCase()}`) ?? byTopLevel.get(`${root}\0${moduleName}`);
        if (
          !dist &&
          LAYER_ROOT.test(root) &&
          path.length > root.length + top.length &&
          top !== '__pycache__'
        ) {
          // A top-level folder of a layer without metadata: a package named by its folder.
          const group = groupFor(top, undefined, `${root}${top}`);
          group.files.push(file);
          group.size += file.size;
          continue;
        }
      }
    }
    if (!dist) {
      ownFiles.push(file);
      continue;
    }
    const group = groupFor(dist.name, dist.version, `${dist.root}${mainModule(dist)}`);
    group.files.push(file);
    group.size += file.size;
  }
  const python = [...groups.values()];
  const others = tree.groups.filter((g) => g !== own);
  const packages = [...others, ...python].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
  const ownGroup: SizeGroup = { ...own, files: ownFiles, size: ownFiles.reduce((sum, f) => sum + f.size, 0) };
  return { ...tree, groups: ownFiles.length > 0 ? [ownGroup, ...packages] : packages };
}

/** The top-level module named like the distribution (`yaml` is PyYAML's only if nothing matches), else the first. */
function mainModule(dist: Distribution): string {
  const wanted = normalizePythonName(dist.name);
  const tops = [...dist.topLevel];
  return tops.find((top) => normalizePythonName(top.replace(/\.py$/, '')) === wanted) ?? tops[0]!;
}

/** A small file of a zip, inflated on demand (RECORD, METADATA): undefined when it is absent, large or unreadable. */
export function zipTextReader(
  file: string,
  entries: readonly ZipEntry[],
): (path: string) => string | undefined {
  const byName = new Map(entries.map((e) => [e.name, e]));
  return (path) => {
    const entry = byName.get(path);
    if (!entry || entry.encrypted || entry.compressedSize > 4 * 1024 * 1024) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const header = Buffer.alloc(30);
      readSync(fd, header, 0, 30, entry.localHeaderOffset);
      if (header.readUInt32LE(0) !== 0x04034b50) return undefined;
      const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      const data = Buffer.alloc(entry.compressedSize);
      readSync(fd, data, 0, data.length, start);
      if (entry.method === 0) return data.toString('utf8');
      if (entry.method === 8)
        return inflateRawSync(data, { maxOutputLength: 16 * 1024 * 1024 }).toString('utf8');
      return undefined;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
}
