// Shared helpers for the bundle benches: timing of whole processes, alternated, median of runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = `${repo}packages/cli/dist/bin.js`;

/** The command that runs the analyzer: the CLI when it is built, else the scanner in a fresh process. */
export function analyzerCommand(path) {
  return existsSync(cli)
    ? { label: 'lambda-lint bundle', argv: [process.execPath, cli, 'bundle', path] }
    : { label: 'bench/bundle-runner.mjs', argv: [process.execPath, `${repo}bench/bundle-runner.mjs`, path] };
}

/** Wall time of one process in ms; throws when it fails to start or dies of a signal. */
export function timeProcess(argv, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error || result.signal) throw new Error(`${argv.join(' ')} failed: ${result.error ?? result.signal}`);
  return { ms, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `baseline()` and `candidate()` alternately `runs` times (after one warm-up each) and returns medians. */
export function alternate(runs, baseline, candidate) {
  baseline();
  candidate();
  const base = [];
  const cand = [];
  for (let i = 0; i < runs; i++) {
    base.push(baseline());
    cand.push(candidate());
  }
  return { baseline: median(base), candidate: median(cand), baselineRuns: base, candidateRuns: cand };
}
