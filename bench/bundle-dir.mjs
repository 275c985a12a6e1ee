#!/usr/bin/env node
// Bench: totalling a 100,000-file directory vs `du -sb` on the same directory (bar: ratio < 2).
// Two figures, both measured in this run with alternated runs:
//   - process: `node bench/bundle-runner.mjs dir` (scanner + attribution + rules, Node start-up included) vs `du -sb`
//   - cli:     the whole `lambda-lint bundle dir` run vs `du -sb`, when the CLI is built
// Usage: node bench/bundle-dir.mjs [runs=7]   (run after `pnpm build`)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alternate, analyzerCommand, repo, timeProcess } from './bench-lib.mjs';

const FILES = 100_000;
const runs = Number(process.argv[2] ?? 7);

/** 200 packages × 10 folders × 50 files, sizes 0–2,999 bytes; returns the exact byte total. */
function generate(root) {
  let total = 0;
  let n = 0;
  for (let p = 0; n < FILES; p++) {
    writeFileSync(join(root, `pkg-${p}.json`), '');
    for (let d = 0; d < 10 && n < FILES; d++) {
      const dir = join(root, 'node_modules', `pkg-${p}`, `lib-${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 50 && n < FILES; f++, n++) {
        const size = (n * 7919) % 3000;
        writeFileSync(join(dir, `f${f}.js`), 'x'.repeat(size));
        total += size;
      }
    }
  }
  return total;
}

const dir = mkdtempSync(join(tmpdir(), 'lambda-lint-bench-dir-'));
try {
  const t0 = performance.now();
  const expected = generate(dir);
  console.log(`generated ${FILES} files (${expected} bytes) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Correctness first: the analyzer's total must equal the sum of the file sizes.
  const { listDirectory } = await import(join(repo, 'packages/bundle/dist/index.js'));
  const listing = await listDirectory(dir);
  if (listing.total !== expected) throw new Error(`total ${listing.total} != expected ${expected}`);
  console.log(`analyzer total ${listing.total} bytes = sum of file sizes (du -sb also counts directory inodes)`);

  const du = () => timeProcess(['du', '-sb', dir]).ms;
  const runner = [process.execPath, join(repo, 'bench/bundle-runner.mjs'), dir];
  const processRun = alternate(runs, du, () => timeProcess(runner).ms);
  console.log(`process: du -sb median ${processRun.baseline.toFixed(0)} ms, bundle-runner median ${processRun.candidate.toFixed(0)} ms, ratio ${(processRun.candidate / processRun.baseline).toFixed(2)}x (bar < 2x)`);

  const analyzer = analyzerCommand(dir);
  if (analyzer.label !== 'bench/bundle-runner.mjs') {
    const cliRun = alternate(runs, du, () => timeProcess(analyzer.argv).ms);
    console.log(`cli:     du -sb median ${cliRun.baseline.toFixed(0)} ms, ${analyzer.label} median ${cliRun.candidate.toFixed(0)} ms, ratio ${(cliRun.candidate / cliRun.baseline).toFixed(2)}x`);
  }

  // In-process listing only (no Node start-up, no rules), for reference.
  const inProcess = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await listDirectory(dir);
    inProcess.push(performance.now() - t);
  }
  inProcess.sort((a, b) => a - b);
  console.log(`in-process listDirectory median ${inProcess[inProcess.length >> 1].toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
