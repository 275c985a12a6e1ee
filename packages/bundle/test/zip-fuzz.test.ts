import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfigView, runRules } from '@lambda-lint/core';
import { bufferSource, readZipDirectory } from '../src/sources/zip-reader.js';
import { attribute } from '../src/attribute.js';
import packageIntegrity from '../src/rules/package-integrity.js';
import type { BundleModel } from '../src/model.js';
import { noise, writeZip } from './helpers/zip-writer.js';

const pristine = writeZip(
  [
    { name: 'index.js', data: noise(700, 1), method: 8 },
    { name: 'node_modules/lodash/lodash.js', data: noise(1_500, 2) },
    { name: 'node_modules/@scope/pkg/', data: undefined },
    { name: 'node_modules/@scope/pkg/a.js', data: Buffer.alloc(3_000, 65), method: 8 },
  ],
  {},
);
const pristine64 = writeZip(
  [
    { name: 'a.js', data: noise(300, 3) },
    { name: 'b.js', data: noise(200, 4) },
  ],
  { zip64: true },
);
const reference = readZipDirectory(bufferSource(pristine));
const reference64 = readZipDirectory(bufferSource(pristine64));

/** Runs the reader and the package-integrity rule like the scanner does: neither may throw. */
function analyse(bytes: Buffer) {
  const directory = readZipDirectory(bufferSource(bytes));
  const model: BundleModel = {
    subject: { kind: 'package', id: 'fuzz.zip' },
    location: { file: 'fuzz.zip', range: { line: 1, column: 1 } },
    kind: 'zip',
    source: 'fuzz.zip',
    tree: attribute(
      directory.entries
        .filter((e) => !e.isDirectory)
        .map((e) => ({ path: e.name, size: e.uncompressedSize, compressed: e.compressedSize })),
      { name: 'fuzz.zip' },
    ),
    layers: [],
    problems: directory.problems,
  };
  const findings = runRules([packageIntegrity], model, 'fuzz.zip', defaultConfigView([packageIntegrity]));
  expect(findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
  return { directory, findings };
}

/** Same entries and sizes as the pristine archive: the bytes changed nothing the analyzer reads. */
function unchanged(directory: ReturnType<typeof readZipDirectory>, base = reference): boolean {
  return (
    directory.entries.length === base.entries.length &&
    directory.entries.every((e, i) => {
      const r = base.entries[i]!;
      return (
        e.name === r.name &&
        e.uncompressedSize === r.uncompressedSize &&
        e.compressedSize === r.compressedSize &&
        e.localHeaderOffset === r.localHeaderOffset
      );
    })
  );
}

describe('fuzzed archives never throw and each malformation gives a finding', () => {
  it('truncated at any length: always a fatal finding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: pristine.length - 1 }), (length) => {
        const { findings } = analyse(pristine.subarray(0, length));
        expect(findings.some((f) => f.fatal === true && f.ruleId === 'package-integrity')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('bit flips anywhere: either the read is unchanged or there is a finding', () => {
    for (const [base, baseDirectory] of [
      [pristine, reference],
      [pristine64, reference64],
    ] as const) {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: base.length - 1 }),
          fc.integer({ min: 0, max: 7 }),
          (offset, bit) => {
            const bytes = Buffer.from(base);
            bytes[offset]! ^= 1 << bit;
            const { directory, findings } = analyse(bytes);
            if (!unchanged(directory, baseDirectory)) {
              // Names may change harmlessly (a flipped letter); sizes, counts and offsets must not change silently.
              const sizesOrCountChanged =
                directory.entries.length !== baseDirectory.entries.length ||
                directory.entries.some(
                  (e, i) =>
                    e.uncompressedSize !== baseDirectory.entries[i]!.uncompressedSize ||
                    e.compressedSize !== baseDirectory.entries[i]!.compressedSize,
                );
              if (sizesOrCountChanged) expect(findings.length).toBeGreaterThan(0);
            }
          },
        ),
        { numRuns: 1500 },
      );
    }
  });

  it('lying sizes, counts and offsets in the end record and central headers', () => {
    const eocd = pristine.length - 22;
    const cdStart = pristine.readUInt32LE(eocd + 16);
    const fields = [
      // [offset, width] of the numbers that locate or size things
      [eocd + 8, 2],
      [eocd + 10, 2],
      [eocd + 12, 4],
      [eocd + 16, 4],
      [eocd + 20, 2],
      [cdStart + 20, 4],
      [cdStart + 24, 4],
      [cdStart + 28, 2],
      [cdStart + 30, 2],
      [cdStart + 32, 2],
      [cdStart + 42, 4],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.nat(), ([offset, width], raw) => {
        const bytes = Buffer.from(pristine);
        const value = width === 2 ? raw % 0x10000 : raw % 0x100000000;
        const before = width === 2 ? bytes.readUInt16LE(offset) : bytes.readUInt32LE(offset);
        if (value === before) return;
        if (width === 2) bytes.writeUInt16LE(value, offset);
        else bytes.writeUInt32LE(value >>> 0, offset);
        const { findings } = analyse(bytes);
        expect(findings.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('random bytes are reported, never thrown', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (raw) => {
        const { findings } = analyse(Buffer.from(raw));
        expect(findings.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
