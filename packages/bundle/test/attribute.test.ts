import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute, locatePackage } from '../src/attribute.js';

describe('locatePackage', () => {
  it.each([
    ['index.js', 'own', ''],
    ['src/lib/node_modules_helper.js', 'own', ''],
    ['node_modules/lodash/lodash.js', 'lodash', 'node_modules/lodash'],
    [
      'node_modules/@aws-sdk/client-s3/dist-cjs/index.js',
      '@aws-sdk/client-s3',
      'node_modules/@aws-sdk/client-s3',
    ],
    ['node_modules/a/node_modules/b/index.js', 'b', 'node_modules/a/node_modules/b'],
    [
      'node_modules/.pnpm/uuid@9.0.1/node_modules/uuid/dist/v4.js',
      'uuid',
      'node_modules/.pnpm/uuid@9.0.1/node_modules/uuid',
    ],
    [
      'node_modules/.pnpm/@smithy+types@3.0.0/node_modules/@smithy/types/index.js',
      '@smithy/types',
      'node_modules/.pnpm/@smithy+types@3.0.0/node_modules/@smithy/types',
    ],
    ['../../node_modules/esbuild-helper/x.js', 'esbuild-helper', '../../node_modules/esbuild-helper'],
    ['node_modules/.package-lock.json', 'node_modules', 'node_modules'],
    ['node_modules/.bin/tsc', '.bin', 'node_modules/.bin'],
    ['layer\\node_modules\\x\\y.js', 'x', 'layer/node_modules/x'],
  ])('%s → %s', (path, name, packagePath) => {
    const where = locatePackage(path);
    expect([where.name, where.path]).toEqual([name, packagePath]);
  });
});

describe('attribute', () => {
  it('puts own code first, packages by size, and keeps the same package at two paths apart', () => {
    const tree = attribute(
      [
        { path: 'index.js', size: 10 },
        { path: 'node_modules/a/x.js', size: 5 },
        { path: 'node_modules/b/node_modules/a/x.js', size: 7 },
        { path: 'node_modules/b/index.js', size: 100 },
      ],
      { name: 'fn', versionOf: (p) => (p === 'node_modules/a' ? '1.0.0' : undefined) },
    );
    expect(tree.groups.map((g) => [g.name, g.path, g.size, g.version])).toEqual([
      ['own', '', 10, undefined],
      ['b', 'node_modules/b', 100, undefined],
      ['a', 'node_modules/b/node_modules/a', 7, undefined],
      ['a', 'node_modules/a', 5, '1.0.0'],
    ]);
    expect(tree.total).toBe(122);
  });

  it('the tree always sums to the total, to the byte', () => {
    // Odd segments too (backslash separators, look-alike folders, drive prefixes): grouping goes by directory.
    const segment = fc.constantFrom(
      'node_modules',
      '@s',
      'a',
      'b',
      '.pnpm',
      'x@1',
      'lib',
      'f.js',
      'node_modules\\c',
      'd\\e.js',
      'xnode_modules',
      'C:',
      '',
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            path: fc.array(segment, { minLength: 1, maxLength: 7 }).map((s) => s.join('/')),
            size: fc.nat(1e9),
          }),
          { maxLength: 60 },
        ),
        (files) => {
          const tree = attribute(files, { name: 't' });
          const sum = files.reduce((s, f) => s + f.size, 0);
          expect(tree.total).toBe(sum);
          expect(tree.groups.reduce((s, g) => s + g.size, 0)).toBe(sum);
          expect(tree.groups.reduce((s, g) => s + g.files.length, 0)).toBe(files.length);
          for (const g of tree.groups)
            expect(g.files.every((f) => locatePackage(f.path).path === g.path)).toBe(true);
        },
      ),
    );
  });
});
