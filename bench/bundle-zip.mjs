#!/usr/bin/env node
// Bench: the analyzer's whole run on a 250 MiB, 50,000-entry zip vs `node -e 0` + `unzip -Zt` on the
// same file (Node's start-up is the floor for any Node CLI). Bar: ratio < 3. Run after `pnpm build`.
// Prints medians of at least 5 alternated rounds and the ratio. Usage: node bench/bundle-zip.mjs [runs=7]
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomFillSync } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { alternate, analyzerCommand, loadText, printComparison, timeProcess } from './bench-lib.mjs';

const ENTRIES = 50_000;
const TOTAL = 250 * 1024 * 1024;
const runs = Number(process.argv[2] ?? 7);

/**
 * Writes a STORED zip of random (incompressible) data, streaming: one pool of random bytes, sliced per entry.
 * Entries of the 400 packages alternate (the worst case for grouping, the bar); `grouped` writes each
 * package's files together, the directory order `zip -r` and SAM/CDK/Serverless packaging produce.
 */
function writeBenchZip(file, grouped = false) {
  const pool = randomFillSync(Buffer.alloc(8 << 20));
  const fd = openSync(file, 'w');
  const central = [];
  let offset = 0;
  const base = Math.floor(TOTAL / ENTRIES);
  for (let i = 0; i < ENTRIES; i++) {
    const size = base + (i < TOTAL - base * ENTRIES ? 1 : 0);
    const start = (i * 7919) % (pool.length - size);
    const data = pool.subarray(start, start + size);
    const pkg = grouped ? Math.floor((i * 400) / ENTRIES) : i % 400;
    const name = Buffer.from(`node_modules/pkg-${pkg}/lib/file-${i}.js`);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    writeSync(fd, local);
    writeSync(fd, name);
    writeSync(fd, data);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(0x031e, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(size, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    record.writeUInt32LE(offset, 42);
    central.push(record, name);
    offset += 30 + name.length + size;
  }
  const cd = Buffer.concat(central);
  writeSync(fd, cd);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(ENTRIES, 8);
  eocd.writeUInt16LE(ENTRIES, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  writeSync(fd, eocd);
  closeSync(fd);
}

// `BENCH_ZIP_OUT=/path/to.zip node bench/bundle-zip.mjs [grouped]` only writes the zip (for profiling).
if (process.env.BENCH_ZIP_OUT) {
  writeBenchZip(process.env.BENCH_ZIP_OUT, process.argv.includes('grouped'));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'lambda-lint-bench-zip-'));
try {
  const file = join(dir, 'function.zip');
  const t0 = performance.now();
  writeBenchZip(file);
  console.log(
    `generated ${file}: ${ENTRIES} entries, ${statSync(file).size} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const analyzer = analyzerCommand(file);
  const reference = timeProcess(['unzip', '-Zt', file]);
  const check = timeProcess(analyzer.argv);
  console.log(`unzip -Zt: ${reference.stdout.trim()}`);
  console.log(
    `${analyzer.label} (exit ${check.status}):\n${check.stdout.trim().split('\n').slice(-3).join('\n')}`,
  );

  console.log(`${runs} alternated rounds per comparison (medians), ${loadText()}`);
  const result = alternate(
    runs,
    () => timeProcess([process.execPath, '-e', '0']).ms + timeProcess(['unzip', '-Zt', file]).ms,
    () => timeProcess(analyzer.argv).ms,
  );
  printComparison(`ZIP  node -e 0 + unzip -Zt  vs  ${analyzer.label} (whole run, 50,000 entries)`, result, 3);

  // For reference: the same zip with each package's entries together, as packaging tools write them.
  const grouped = join(dir, 'grouped.zip');
  writeBenchZip(grouped, true);
  const groupedCommand = analyzerCommand(grouped);
  const groupedResult = alternate(
    runs,
    () => timeProcess([process.execPath, '-e', '0']).ms + timeProcess(['unzip', '-Zt', grouped]).ms,
    () => timeProcess(groupedCommand.argv).ms,
  );
  printComparison(
    `ZIP  node -e 0 + unzip -Zt  vs  ${groupedCommand.label} (same sizes, entries in directory order)`,
    groupedResult,
  );

  // Where the time goes: the same command on an empty zip is the fixed start-up cost (Node, module loading).
  const tiny = join(dir, 'tiny.zip');
  writeFileSync(tiny, Buffer.from('504b0506000000000000000000000000000000000000', 'hex'));
  const tinyCommand = analyzerCommand(tiny);
  const split = alternate(
    runs,
    () => timeProcess([process.execPath, '-e', '0']).ms,
    () => timeProcess(tinyCommand.argv).ms,
  );
  printComparison(
    `START node -e 0  vs  ${tinyCommand.label} on an empty zip (start-up + module loading)`,
    split,
  );
  console.log(
    `so the 50,000-entry package itself costs about ${(result.candidate - split.candidate).toFixed(0)} ms over the start-up`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
