import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribute } from '../src/attribute.js';
import { classifyPath, fileIndex, FileKind } from '../src/file-index.js';
import { topPackages } from '../src/model.js';
import junkFiles from '../src/rules/junk-files.js';
import sourcemapsShipped from '../src/rules/sourcemaps-shipped.js';
import { measureZip } from '../src/sources/measure.js';
import { writeZip } from './helpers/zip-writer.js';
import { check } from './rules/helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-lint-index-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function zipOf(name: string, entries: Record<string, number>) {
  const file = join(dir, name);
  writeFileSync(
    file,
    writeZip(
      Object.entries(entries).map(([entryName, size]) => ({
        name: entryName,
        data: Buffer.alloc(size, 0x61),
      })),
    ),
  );
  return measureZip(file, name);
}

describe('per-tree file index shared by the bundle rules', () => {
  it('classifies each file once, with the directory part worked out per directory', () => {
    const tree = attribute(
      [
        { path: 'index.js', size: 10 },
        { path: 'index.js.map', size: 0 },
        { path: 'node_modules/a/test/x.js', size: 3 },
        { path: 'node_modules/a/test/y.js', size: 4 },
        { path: 'node_modules/a/lib/z.js', size: 5 },
        { path: 'node_modules/a/README.md', size: 6 },
        { path: 'node_modules/a/lib/z.js.map', size: 7 },
      ],
      { name: 't' },
    );
    const index = fileIndex(tree);
    expect(fileIndex(tree)).toBe(index);
    const kinds = Object.fromEntries(
      tree.groups.flatMap((g, gi) => g.files.map((f, fi) => [f.path, index.kinds[gi]![fi]])),
    );
    expect(kinds).toEqual({
      'index.js': FileKind.Code,
      'index.js.map': FileKind.SourceMap,
      'node_modules/a/test/x.js': FileKind.Tests,
      'node_modules/a/test/y.js': FileKind.Tests,
      'node_modules/a/lib/z.js': FileKind.Code,
      'node_modules/a/README.md': FileKind.Documentation,
      'node_modules/a/lib/z.js.map': FileKind.SourceMap,
    });
    expect(index.sourceMapFiles).toBe(2);
    expect(index.sourceMapBytes).toBe(7);
    // Case-sensitive names stay case-sensitive: a `makefile` or `Yarn.lock` is not reported.
    expect(classifyPath('node_modules/a/makefile', true, 15)).toBe(FileKind.Code);
    expect(classifyPath('node_modules/a/Makefile', true, 15)).toBe(FileKind.ToolingConfig);
    expect(classifyPath('node_modules/a/Yarn.lock', true, 15)).toBe(FileKind.Code);
  });

  it('still reports an empty source map, and junk spread over interleaved zip entries', () => {
    const entries: Record<string, number> = { 'handler.js': 100, 'handler.js.map': 0 };
    // Entries of two packages alternate, as some zip tools write them.
    for (let i = 0; i < 40; i++) entries[`node_modules/${i % 2 ? 'b' : 'a'}/docs/page-${i}.md`] = 4_000;
    const model = zipOf('interleaved.zip', entries);
    const [maps] = check(sourcemapsShipped, model);
    expect(maps?.message).toContain('1 .map file: handler.js.map (0 B)');
    const [junk] = check(junkFiles, model, { minBytes: 0 });
    expect(junk?.message).toContain('documentation 156.3 KiB in 40 files');
    expect(junk?.message).toContain('Most from: a 78.1 KiB, b 78.1 KiB');
  });
});

describe('the index a TreeBuilder records while it groups files', () => {
  it('equals classifying every file of the finished tree afresh', () => {
    const segment = fc.constantFrom(
      'node_modules',
      '@s',
      'a',
      'test',
      'docs',
      'lib',
      'f.js',
      'f.js.map',
      'x.d.ts',
      'README.md',
      'LICENSE',
      'yarn.lock',
      'c\\test\\y.js',
      'coverage',
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            path: fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('/')),
            size: fc.nat(1e6),
          }),
          { maxLength: 60 },
        ),
        (files) => {
          const tree = attribute(files, { name: 't' });
          // A copy of the tree is not in the cache, so fileIndex classifies it from scratch.
          expect(fileIndex(tree)).toEqual(fileIndex({ ...tree }));
          expect(fileIndex({ ...tree })).not.toBe(fileIndex(tree));
        },
      ),
    );
  });
});

describe('a zip tree, grouped and classified while the reader decodes the names', () => {
  it('matches grouping and classifying the same files afterwards', () => {
    const sizes: Record<string, number> = {
      'index.js': 3,
      'index.js.map': 2,
      'lib/': 0,
      'node_modules/a/package.json': 4,
      'node_modules/b/docs/guide.md': 5,
      'node_modules/a/test/x.spec.js': 6,
      'node_modules/b/lib/y.d.ts': 7,
      'node_modules/@s/c/README': 8,
      'node_modules/é/lib/ü.js': 9,
      'node_modules/a/lib/.eslintrc.json': 10,
      'node_modules\\d\\tests\\z.js': 11,
      'node_modules/d/lib\\w.ts': 12,
      'node_modules/a/yarn.lock': 13,
      'node_modules/.bin/tool': 14,
      noext: 15,
    };
    const model = zipOf('grouped.zip', sizes);
    const files = Object.entries(sizes)
      .filter(([name]) => !name.endsWith('/'))
      .map(([path, size]) => ({ path, size }));
    const afterwards = attribute(files, { name: model.tree.name });
    const shape = (tree: typeof afterwards) =>
      tree.groups.map((g) => [g.name, g.path, g.size, g.files.map((f) => f.path)]);
    expect(shape(model.tree)).toEqual(shape(afterwards));
    expect(fileIndex(model.tree).kinds).toEqual(fileIndex({ ...model.tree }).kinds);
    expect(fileIndex(model.tree).kinds).toEqual(fileIndex(afterwards).kinds);
  });
});

describe('topPackages', () => {
  it('keeps the largest packages in order without sorting them all, ties by name', () => {
    const tree = attribute(
      [
        { path: 'node_modules/c/x.js', size: 5 },
        { path: 'node_modules/a/x.js', size: 5 },
        { path: 'node_modules/big/x.js', size: 50 },
        { path: 'node_modules/tiny/x.js', size: 1 },
        { path: 'own.js', size: 1_000 },
        { path: 'node_modules/b/x.js', size: 5 },
      ],
      { name: 't' },
    );
    expect(topPackages(tree, 3).map((g) => g.name)).toEqual(['big', 'a', 'b']);
    expect(topPackages(tree).map((g) => g.name)).toEqual(['big', 'a', 'b', 'c', 'tiny']);
    expect(topPackages(tree, 0)).toEqual([]);
  });
});
