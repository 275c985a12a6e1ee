import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDirectory } from '../src/sources/directory.js';
import {
  DIRECTORY,
  DirentType,
  entrySize,
  NOT_FOUND,
  OTHER,
  readdirTypes,
  SYMLINK,
} from '../src/sources/file-size.js';
import { measureDirectory } from '../src/sources/measure.js';
import type { SizeTree } from '../src/size-tree.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lambda-lint-dir-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(base: string, files: Record<string, string | number>): number {
  let total = 0;
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    const text = typeof content === 'number' ? 'z'.repeat(content) : content;
    writeFileSync(join(base, path), text);
    total += Buffer.byteLength(text);
  }
  return total;
}

/** `find -type f` sizes, the independent reference for "sum of file sizes". */
function findTotal(dir: string, follow = false): number {
  const out = execFileSync('find', [...(follow ? ['-L'] : []), dir, '-type', 'f', '-printf', '%s\\n'], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line), 0);
}

const treeSum = (tree: SizeTree) =>
  tree.groups.reduce((sum, g) => sum + g.files.reduce((s, f) => s + f.size, 0), 0);

describe('directory packages', () => {
  it('sums regular file sizes to the byte and attributes packages with versions from package.json', async () => {
    const dir = join(root, 'app');
    const written = write(dir, {
      'index.js': 1_234,
      'lib/a.js': 99,
      'node_modules/lodash/package.json': '{"name":"lodash","version":"4.17.21"}',
      'node_modules/lodash/lodash.js': 54_000,
      'node_modules/@aws-sdk/client-s3/package.json': '{"name":"@aws-sdk/client-s3","version":"3.600.0"}',
      'node_modules/@aws-sdk/client-s3/dist-cjs/index.js': 20_000,
      // pnpm: the version comes from package.json, never from the `.pnpm` folder name.
      'node_modules/.pnpm/uuid@9.0.0/node_modules/uuid/package.json': '{"name":"uuid","version":"9.0.1"}',
      'node_modules/.pnpm/uuid@9.0.0/node_modules/uuid/index.js': 700,
      'node_modules/.pnpm/lock.yaml': 30,
    });
    const model = await measureDirectory(dir, 'app');
    expect(model.tree.total).toBe(written);
    expect(model.tree.total).toBe(findTotal(dir));
    expect(treeSum(model.tree)).toBe(model.tree.total);
    expect(model.problems).toEqual([]);
    const byName = Object.fromEntries(model.tree.groups.map((g) => [g.name, g]));
    expect(byName.own!.size).toBe(1_333);
    expect(byName.lodash!.version).toBe('4.17.21');
    expect(byName['@aws-sdk/client-s3']!.version).toBe('3.600.0');
    expect(byName.uuid!.version).toBe('9.0.1');
    expect(byName.uuid!.path).toBe('node_modules/.pnpm/uuid@9.0.0/node_modules/uuid');
    expect(model.readTail?.('lib/a.js', 5)).toBe('zzzzz');
  });

  it('follows symlinks once, reports loops and dangling links, and keeps counting', async () => {
    const dir = join(root, 'links');
    write(dir, { 'real/data.js': 500, 'index.js': 10, 'shared/lib.js': 300 });
    symlinkSync('../shared', join(dir, 'real', 'shared-link'));
    symlinkSync('data.js', join(dir, 'real', 'data-link.js'));
    symlinkSync('..', join(dir, 'real', 'up'));
    symlinkSync('missing.js', join(dir, 'dangling.js'));
    const listing = await listDirectory(dir);
    // real/data.js, real/data-link.js (500 via the link), index.js, shared/lib.js, real/shared-link/lib.js
    expect(listing.total).toBe(500 + 500 + 10 + 300 + 300);
    expect(listing.problems.map((p) => [p.kind, p.entry])).toEqual(
      expect.arrayContaining([
        ['symlink-loop', 'real/up'],
        ['unreadable-entry', 'dangling.js'],
      ]),
    );
    expect(listing.problems).toHaveLength(2);
    expect(listing.problems.every((p) => !p.fatal)).toBe(true);
  });

  it('detects a loop made of two symlinks pointing at each other', async () => {
    const dir = join(root, 'ping-pong');
    write(dir, { 'a/x.js': 1, 'b/y.js': 2 });
    symlinkSync('../b', join(dir, 'a', 'to-b'));
    symlinkSync('../a', join(dir, 'b', 'to-a'));
    const listing = await listDirectory(dir);
    expect(listing.problems.some((p) => p.kind === 'symlink-loop')).toBe(true);
    expect(listing.total).toBeGreaterThan(0);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable directory without failing', async () => {
    const dir = join(root, 'locked');
    write(dir, { 'ok.js': 5, 'secret/x.js': 5 });
    chmodSync(join(dir, 'secret'), 0);
    try {
      const listing = await listDirectory(dir);
      expect(listing.total).toBe(5);
      expect(listing.problems).toEqual([
        expect.objectContaining({ kind: 'unreadable-entry', entry: 'secret' }),
      ]);
    } finally {
      chmodSync(join(dir, 'secret'), 0o755);
    }
  });

  it('reports a self-referencing symlink (ELOOP) as an unreadable entry, even when running as root', async () => {
    const dir = join(root, 'eloop');
    write(dir, { 'ok.js': 7 });
    symlinkSync('self', join(dir, 'self'));
    const listing = await listDirectory(dir);
    expect(listing.total).toBe(7);
    expect(listing.problems).toEqual([
      expect.objectContaining({
        kind: 'unreadable-entry',
        entry: 'self',
        detail: expect.stringContaining('ELOOP'),
      }),
    ]);
  });

  it('reports a missing directory as fatal', async () => {
    const listing = await listDirectory(join(root, 'nope'));
    expect(listing.problems).toEqual([expect.objectContaining({ kind: 'unreadable-input', fatal: true })]);
  });

  it('totals files exactly like find when a worker thread stats half of them', async () => {
    const dir = join(root, 'many');
    for (let p = 0; p < 6; p++) {
      const pkg = join(dir, 'node_modules', `p${p}`);
      mkdirSync(pkg, { recursive: true });
      for (let f = 0; f < 500; f++) writeFileSync(join(pkg, `${f}.js`), 'y'.repeat((p * 31 + f) % 97));
    }
    const built = new URL('../dist/sources/directory.js', import.meta.url);
    const module = existsSync(built)
      ? ((await import(built.href)) as { listDirectory: typeof listDirectory })
      : { listDirectory };
    const listing = await module.listDirectory(dir, { workerThreshold: 1_000 });
    expect(listing.files).toHaveLength(3_000);
    expect(listing.total).toBe(findTotal(dir));
    expect(listing.problems).toEqual([]);
  });

  it("gives the same files, sizes and problems whether entries are stat'ed inline or deferred to a worker", async () => {
    const dir = join(root, 'both-ways');
    const written = write(dir, {
      'index.js': 321,
      'empty.js': 0,
      'node_modules/a/index.js': 4_000,
      'node_modules/@s/b/lib/x.js': 77,
      'node_modules/@s/b/lib/deep/y.json': 5,
    });
    symlinkSync('../index.js', join(dir, 'node_modules', 'linked.js'));
    symlinkSync('nowhere', join(dir, 'dangling'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const inline = await listDirectory(dir, { workerThreshold: Number.POSITIVE_INFINITY });
    const deferred = await listDirectory(dir, { workerThreshold: 1 });
    const sorted = (files: { path: string; size: number }[]) =>
      [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(inline.total).toBe(written + 321);
    expect(inline.total).toBe(deferred.total);
    expect(sorted(inline.files)).toEqual(sorted(deferred.files));
    expect(sorted(inline.files).map((f) => f.path)).toEqual([
      'empty.js',
      'index.js',
      'node_modules/@s/b/lib/deep/y.json',
      'node_modules/@s/b/lib/x.js',
      'node_modules/a/index.js',
      'node_modules/linked.js',
    ]);
    expect(inline.problems.map((p) => [p.kind, p.entry])).toEqual([['unreadable-entry', 'dangling']]);
    expect(deferred.problems.map((p) => [p.kind, p.entry])).toEqual([['unreadable-entry', 'dangling']]);
  });

  it('types and sizes an entry with one lstat, like fs.lstatSync', () => {
    const dir = join(root, 'entry-size');
    write(dir, { 'f.txt': 1_000_003, 'sub/g.txt': 1 });
    symlinkSync('f.txt', join(dir, 'link'));
    expect(entrySize(join(dir, 'f.txt'))).toBe(1_000_003);
    expect(entrySize(join(dir, 'sub'))).toBe(DIRECTORY);
    expect(entrySize(join(dir, 'link'))).toBe(SYMLINK);
    expect(entrySize(join(dir, 'missing'))).toBe(NOT_FOUND);
    expect(entrySize('/dev/null')).toBe(OTHER);
  });

  it('lists names and types like readdirSync with file types, and throws like it on a missing directory', () => {
    const dir = join(root, 'dirent-types');
    write(dir, { 'f.txt': 3, 'sub/g.txt': 1 });
    symlinkSync('f.txt', join(dir, 'link'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const typeOf = (name: string): number => {
      const entry = readdirSync(dir, { withFileTypes: true }).find((e) => e.name === name)!;
      if (entry.isFile()) return DirentType.File;
      if (entry.isDirectory()) return DirentType.Directory;
      if (entry.isSymbolicLink()) return DirentType.Link;
      return entry.isFIFO() ? DirentType.Fifo : DirentType.Unknown;
    };
    const listed = readdirTypes(dir);
    const byName = listed.names.map((name, i) => [name, listed.types[i]]).sort();
    expect(byName).toEqual([
      ['f.txt', DirentType.File],
      ['link', DirentType.Link],
      ['pipe', DirentType.Fifo],
      ['sub', DirentType.Directory],
    ]);
    for (const [name, type] of byName) expect(type).toBe(typeOf(name as string));
    expect(() => readdirTypes(join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});
