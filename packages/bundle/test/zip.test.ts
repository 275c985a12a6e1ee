import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZipDirectory, readZipFile, bufferSource } from '../src/sources/zip-reader.js';
import { measureZip } from '../src/sources/measure.js';
import type { SizeTree } from '../src/size-tree.js';
import { hasUnzip, hasZip, unzipTotals } from './helpers/oracle.js';
import { noise, writeZip, type WriterEntry } from './helpers/zip-writer.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-lint-zip-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function treeSum(tree: SizeTree): number {
  return tree.groups.reduce((sum, g) => sum + g.files.reduce((s, f) => s + f.size, 0), 0);
}

function save(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe.skipIf(!hasUnzip || !hasZip)('a zip built by Debian zip', () => {
  it('totals a project zip like unzip -Zt, to the byte, attributing npm, scoped and pnpm packages', () => {
    const project = join(dir, 'project');
    const files: Record<string, Buffer | string> = {
      'index.js': 'exports.handler = async () => 1;\n'.repeat(40),
      'lib/util.js': noise(3_000, 2),
      'node_modules/lodash/package.json': '{"name":"lodash","version":"4.17.21"}',
      'node_modules/lodash/lodash.js': noise(70_000, 3),
      'node_modules/@aws-sdk/client-s3/dist/index.js': noise(120_000, 4),
      'node_modules/.pnpm/uuid@9.0.1/node_modules/uuid/dist/index.js': noise(9_000, 5),
      'node_modules/.pnpm/uuid@9.0.1/node_modules/uuid/package.json': '{"name":"uuid","version":"9.0.1"}',
      'node_modules/.bin/uuid': '#!/bin/sh\n',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(project, path, '..'), { recursive: true });
      writeFileSync(join(project, path), content);
    }
    const zip = join(dir, 'project.zip');
    execFileSync('zip', ['-q', '-r', '-9', zip, '.'], { cwd: project });

    const model = measureZip(zip, 'project.zip');
    const reference = unzipTotals(zip);
    expect(model.tree.total).toBe(reference.uncompressed);
    expect(treeSum(model.tree)).toBe(model.tree.total);
    expect(model.problems).toEqual([]);
    expect(model.kind).toBe('zip');
    expect(model.zippedSize).toBeGreaterThan(0);
    const names = model.tree.groups.map((g) => g.name);
    expect(names[0]).toBe('own');
    expect(names).toEqual(expect.arrayContaining(['@aws-sdk/client-s3', 'lodash', 'uuid', '.bin']));
    const uuid = model.tree.groups.find((g) => g.name === 'uuid')!;
    expect(uuid.path).toBe('node_modules/.pnpm/uuid@9.0.1/node_modules/uuid');
    // Zips are never inflated, so versions stay unknown (documented in docs/bundle.md).
    expect(uuid.version).toBeUndefined();
    expect(model.tree.groups.find((g) => g.name === 'own')!.size).toBe(40 * 33 + 3_000);
  });
});

describe.skipIf(!hasUnzip)('large archives', () => {
  it('totals a 50,000-entry zip (stored and deflated entries) like unzip -Zt', () => {
    const entries: WriterEntry[] = [];
    for (let i = 0; i < 50_000; i++) {
      entries.push({
        name: `node_modules/pkg-${i % 100}/lib/f${i}.js`,
        data: Buffer.from('x'.repeat(i % 211)),
        method: i % 3 === 0 ? 8 : 0,
      });
    }
    const file = save('many.zip', writeZip(entries));
    const model = measureZip(file, 'many.zip');
    const reference = unzipTotals(file);
    expect(reference.files).toBe(50_000);
    expect(model.tree.total).toBe(reference.uncompressed);
    expect(treeSum(model.tree)).toBe(reference.uncompressed);
    expect(model.tree.groups.filter((g) => g.kind === 'package')).toHaveLength(100);
    expect(model.problems).toEqual([]);
  });

  it('reads a 70,000-entry ZIP64 archive and matches unzip -Zt', () => {
    const entries: WriterEntry[] = [];
    for (let i = 0; i < 70_000; i++)
      entries.push({
        name: `node_modules/p${i % 50}/f${i}.txt`,
        data: Buffer.from(`entry ${i}\n`.repeat(i % 7)),
      });
    const file = save('zip64.zip', writeZip(entries));
    const directory = readZipFile(file);
    expect(directory.zip64).toBe(true);
    expect(directory.entries).toHaveLength(70_000);
    expect(directory.problems).toEqual([]);
    const reference = unzipTotals(file);
    expect(reference.files).toBe(70_000);
    expect(directory.totalUncompressed).toBe(reference.uncompressed);
    expect(treeSum(measureZip(file, 'zip64.zip').tree)).toBe(reference.uncompressed);
  });

  it('reads ZIP64 sizes above 4 GiB from the extra field (declared sizes, nothing inflated)', () => {
    const file = save(
      'huge.zip',
      writeZip(
        [
          {
            name: 'big.bin',
            data: noise(1_000),
            declaredUncompressed: 5 * 2 ** 30,
            declaredCompressed: 1_000,
          },
        ],
        { zip64: true },
      ),
    );
    const directory = readZipFile(file, { bombRatio: 1e12 });
    expect(directory.zip64).toBe(true);
    expect(directory.totalUncompressed).toBe(5 * 2 ** 30);
    if (hasUnzip) expect(unzipTotals(file).uncompressed).toBe(5 * 2 ** 30);
  });
});

describe('hostile and broken archives become problems', () => {
  const kinds = (bytes: Buffer) =>
    readZipDirectory(bufferSource(bytes)).problems.map((p) => [p.kind, p.entry, p.fatal ?? false]);

  it('reports zip-slip names: "..", absolute, drive letters and backslash traversal', () => {
    const bytes = writeZip(
      ['ok/a.js', '../evil.js', '/etc/passwd', 'C:/Windows/x.dll', 'a\\..\\..\\b.js', 'dots..fine/x.js'].map(
        (name) => ({ name, data: Buffer.from('x') }),
      ),
    );
    expect(kinds(bytes)).toEqual([
      ['zip-slip', '../evil.js', false],
      ['zip-slip', '/etc/passwd', false],
      ['zip-slip', 'C:/Windows/x.dll', false],
      ['zip-slip', 'a\\..\\..\\b.js', false],
    ]);
  });

  it('reports duplicate names once per name', () => {
    const bytes = writeZip([
      { name: 'index.js' },
      { name: 'index.js' },
      { name: 'index.js' },
      { name: 'other.js' },
    ]);
    expect(kinds(bytes)).toEqual([['duplicate-entry', 'index.js', false]]);
  });

  it('reports entries whose local-file ranges overlap', () => {
    const bytes = writeZip([
      { name: 'a.bin', data: noise(5_000) },
      { name: 'b.bin', data: noise(5_000, 9), localOffsetOf: 0 },
    ]);
    const problems = readZipDirectory(bufferSource(bytes)).problems;
    expect(problems.map((p) => p.kind)).toContain('overlapping-entries');
    expect(problems.find((p) => p.kind === 'overlapping-entries')!.entry).toBe('b.bin');
  });

  it('reports overlaps when the central directory lists entries out of file order too', () => {
    const bytes = writeZip([
      { name: 'a.bin', data: noise(5_000) },
      { name: 'b.bin', data: noise(5_000, 9) },
      { name: 'c.bin', data: noise(5_000, 7), localOffsetOf: 0 },
    ]);
    const overlaps = readZipDirectory(bufferSource(bytes)).problems.filter(
      (p) => p.kind === 'overlapping-entries',
    );
    expect(overlaps.map((p) => p.entry)).toEqual(['c.bin']);
    expect(overlaps[0]!.detail).toContain('overlaps "a.bin"');
  });

  it('reports a real deflated bomb entry and the archive ratio', () => {
    const bytes = writeZip([{ name: 'zeros.bin', data: Buffer.alloc(40 * 2 ** 20), method: 8 }]);
    const problems = readZipDirectory(bufferSource(bytes), { bombRatio: 500 }).problems;
    expect(problems.map((p) => [p.kind, p.entry])).toEqual([
      ['zip-bomb', 'zeros.bin'],
      ['zip-bomb', undefined],
    ]);
    expect(problems[0]!.detail).toMatch(/expands .* KiB to 40\.0 MiB \(ratio \d+:1\), above 500:1/);
  });

  it('keeps small, well-compressed files quiet', () => {
    const bytes = writeZip([
      { name: 'package-lock.json', data: Buffer.from('{}'.repeat(100_000)), method: 8 },
    ]);
    expect(kinds(bytes)).toEqual([]);
  });

  it('reports a truncated archive as fatal', () => {
    const bytes = writeZip([{ name: 'a.js', data: noise(2_000) }]);
    expect(kinds(bytes.subarray(0, bytes.length - 10))).toEqual([['truncated-archive', undefined, true]]);
    expect(kinds(Buffer.alloc(0))).toEqual([['truncated-archive', undefined, true]]);
    expect(kinds(Buffer.from('not a zip at all, just some text that is long enough'))).toEqual([
      ['truncated-archive', undefined, true],
    ]);
  });

  it('reports a central directory cut short (fewer entries than declared) as fatal', () => {
    const bytes = writeZip([{ name: 'a.js' }, { name: 'b.js' }]);
    const eocd = bytes.length - 22;
    bytes.writeUInt16LE(3, eocd + 8);
    bytes.writeUInt16LE(3, eocd + 10);
    const problems = readZipDirectory(bufferSource(bytes)).problems;
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'corrupt-archive',
        fatal: true,
        detail: expect.stringContaining('declares 3 entries but the central directory holds 2'),
      }),
    ]);
  });

  it('reports a central directory pointing past the end record as fatal', () => {
    const bytes = writeZip([{ name: 'a.js', data: noise(100) }]);
    bytes.writeUInt32LE(bytes.length, bytes.length - 22 + 16);
    expect(kinds(bytes)).toEqual([['corrupt-archive', undefined, true]]);
  });

  it('reports lying stored sizes without throwing', () => {
    const bytes = writeZip([{ name: 'a.js', data: noise(100), declaredUncompressed: 100_000 }]);
    const problems = readZipDirectory(bufferSource(bytes)).problems;
    expect(problems.map((p) => [p.kind, p.entry, p.detail])).toEqual([
      [
        'corrupt-archive',
        'a.js',
        'the entry is stored (not compressed) but declares 100000 bytes unpacked and 100 packed: the sizes are wrong',
      ],
      [
        'corrupt-archive',
        'a.js',
        'the local header disagrees with the central directory on the uncompressed size: one of them lies',
      ],
    ]);
  });

  it('reports an understated compressed size from the bytes no entry accounts for', () => {
    const bytes = writeZip([
      { name: 'a.js', data: noise(5_000), method: 8, declaredCompressed: 10 },
      { name: 'b.js', data: noise(10) },
    ]);
    const problems = readZipDirectory(bufferSource(bytes)).problems;
    expect(problems.map((p) => p.detail)).toContain(
      'the local header disagrees with the central directory on the compressed size: one of them lies',
    );
  });

  it('tolerates bytes prepended to the archive, like unzip', () => {
    const inner = writeZip([{ name: 'a.js', data: noise(100) }]);
    const directory = readZipDirectory(bufferSource(Buffer.concat([Buffer.alloc(64, 1), inner])));
    expect(directory.totalUncompressed).toBe(100);
    expect(directory.problems.map((p) => [p.kind, p.fatal ?? false])).toEqual([['corrupt-archive', false]]);
  });

  it('counts directory entries as zero bytes', () => {
    const directory = readZipDirectory(
      bufferSource(writeZip([{ name: 'lib/' }, { name: 'lib/a.js', data: noise(10) }])),
    );
    expect(directory.entries.map((e) => e.isDirectory)).toEqual([true, false]);
    expect(directory.totalUncompressed).toBe(10);
  });

  it('lists the first problems of a kind and summarises the rest', () => {
    const entries: WriterEntry[] = Array.from({ length: 50 }, (_, i) => ({ name: `../x${i}.js` }));
    const problems = readZipDirectory(bufferSource(writeZip(entries))).problems;
    expect(problems).toHaveLength(21);
    expect(problems[20]!.detail).toBe('30 more entries have the same problem (50 in all)');
  });
});
