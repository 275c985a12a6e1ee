#!/usr/bin/env node
// Bench: totalling a 100,000-file directory vs `du -sb` on the same directory (bar: ratio < 2).
// Figures, each measured in this run as medians of alternated runs (at least 5):
//   - TOTAL: `node bench/bundle-runner.mjs --total dir` (fresh Node process that lists and totals) vs `du -sb` — the bar
//   - FULL:  `node bench/bundle-runner.mjs dir` (scanner + attribution + rules, Node start-up included) vs `du -sb`
//   - CLI:   the whole `lambda-lint bundle dir` run vs `du -sb`, when the CLI is built (bundled bin preferred)
// Usage: node bench/bundle-dir.mjs [runs=7]   (run after `pnpm build`; BENCH_DIR_OUT=/path only generates the tree)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  alternate,
  analyzerCommand,
  loadText,
  median,
  printComparison,
  repo,
  timeProcess,
} from './bench-lib.mjs';

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

// `BENCH_DIR_OUT=/path node bench/bundle-dir.mjs` only writes the tree (for profiling).
if (process.env.BENCH_DIR_OUT) {
  mkdirSync(process.env.BENCH_DIR_OUT, { recursive: true });
  console.log(`${generate(process.env.BENCH_DIR_OUT)} bytes`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'lambda-lint-bench-dir-'));
try {
  const t0 = performance.now();
  const expected = generate(dir);
  console.log(
    `generated ${FILES} files (${expected} bytes) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // Correctness first: the analyzer's total must equal the sum of the file sizes.
  const { listDirectory } = await import(join(repo, 'packages/bundle/dist/index.js'));
  const listing = await listDirectory(dir);
  if (listing.total !== expected) throw new Error(`total ${listing.total} != expected ${expected}`);
  console.log(
    `analyzer total ${listing.total} bytes = sum of file sizes (du -sb also counts directory inodes)`,
  );
  console.log(`${runs} alternated rounds per comparison (medians), ${loadText()}`);

  const du = () => timeProcess(['du', '-sb', dir]).ms;
  // The bar: a fresh Node process that totals the directory, against du -sb.
  const totalRun = alternate(
    runs,
    du,
    () => timeProcess([process.execPath, join(repo, 'bench/bundle-runner.mjs'), '--total', dir]).ms,
  );
  printComparison(
    'TOTAL  du -sb  vs  node bench/bundle-runner.mjs --total dir (fresh process, listing + sizes)',
    totalRun,
    2,
  );

  // For reference: the whole analysis (attribution, versions, rules, summary) in a fresh process, and the CLI.
  const fullRun = alternate(
    runs,
    du,
    () => timeProcess([process.execPath, join(repo, 'bench/bundle-runner.mjs'), dir]).ms,
  );
  printComparison(
    'FULL   du -sb  vs  node bench/bundle-runner.mjs dir (bundle scanner + rules, no CLI)',
    fullRun,
  );
  const analyzer = analyzerCommand(dir);
  if (analyzer.label !== 'bench/bundle-runner.mjs') {
    const cliRun = alternate(runs, du, () => timeProcess(analyzer.argv).ms);
    printComparison(`CLI    du -sb  vs  ${analyzer.label} dir`, cliRun);
  }

  // In-process listing only (no Node start-up, no rules), for reference.
  const inProcess = [];
  for (let i = 0; i < Math.max(5, runs); i++) {
    const t = performance.now();
    await listDirectory(dir);
    inProcess.push(performance.now() - t);
  }
  console.log(`in-process listDirectory median ${median(inProcess).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
