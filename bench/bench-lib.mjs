// Shared helpers for the benches: timing of whole processes, alternated, median of runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('..', import.meta.url));
/** The esbuild-bundled CLI (one file, what ships) when it is built, else the tsc output. */
const cliCandidates = [`${repo}packages/cli/dist/bundled/bin.mjs`, `${repo}packages/cli/dist/bin.js`];

/** The command that runs the analyzer: the CLI when it is built (bundled first), else the scanner in a fresh process. */
export function analyzerCommand(path) {
  const cli = cliCandidates.find((file) => existsSync(file));
  return cli
    ? {
        label: `lambda-lint bundle (${cli.slice(repo.length)})`,
        argv: [process.execPath, cli, 'bundle', path],
      }
    : { label: 'bench/bundle-runner.mjs', argv: [process.execPath, `${repo}bench/bundle-runner.mjs`, path] };
}

/** `load average 3.10 2.90 2.50`: benches on a shared machine must say how loaded it was. */
export function loadText() {
  return `load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`;
}

/** Both medians, every run, and the ratio against the bar. */
export function printComparison(name, result, bar) {
  const ratio = result.candidate / result.baseline;
  const runs = (values) => values.map((v) => v.toFixed(0)).join(' ');
  console.log(name);
  console.log(
    `  baseline  median ${result.baseline.toFixed(0).padStart(6)} ms  [${runs(result.baselineRuns)}]`,
  );
  console.log(
    `  candidate median ${result.candidate.toFixed(0).padStart(6)} ms  [${runs(result.candidateRuns)}]`,
  );
  console.log(
    `  RATIO ${ratio.toFixed(2)}x${bar ? ` (bar < ${bar}x: ${ratio < bar ? 'PASS' : 'FAIL'})` : ''}  ${loadText()}`,
  );
  return ratio;
}

/** Wall time of one process in ms; throws when it fails to start or dies of a signal. */
export function timeProcess(argv, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error || result.signal)
    throw new Error(`${argv.join(' ')} failed: ${result.error ?? result.signal}`);
  return { ms, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `baseline()` and `candidate()` alternately `runs` times (at least 5, after one warm-up each) and returns medians. */
export function alternate(runs, baseline, candidate) {
  runs = Math.max(5, runs);
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
