// What `--changed` and `--cache` save on the project of bench/project-scan.mjs (200 functions).
//
// `node bench/changed.mjs` generates the project in a git repository (built bundles ignored, as sam
// build's output is) and times, in fresh CLI processes, alternated: (a) a full scan, (b) a warm
// `--changed --cache` run after editing one handler (edited anew before every run), (c) a `--cache`
// rerun on the unchanged project, and (d) `--changed` without a cache after the same kind of edit;
// then (b) and (c) again with `--daemon`, served by a background process that stays loaded (its
// socket under a TMPDIR of the bench's own, stopped at the end): (b) lints the edited handler in the
// warm process, (c) is answered by the daemon's replay once it sees that no input changed. It prints the medians and the
// ratios to (a); the bar is (b) and (c) under 10%: a fresh process cannot reach it for (b), since
// loading ESLint and the TypeScript parser alone takes a fifth of the full run (the bench says so).
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateProject, loadText, median, repo, timeProcess, write } from './bench-lib.mjs';

const SERVICES = 10;
const FUNCTIONS_PER_SERVICE = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BAR = 0.1;
// The shipped bundle when built (rebuild it with `pnpm build` after a change), else the tsc output.
const cli = [`${repo}packages/cli/dist/bundled/bin.mjs`, `${repo}packages/cli/dist/bin.js`].find(existsSync);

const root = mkdtempSync(path.join(tmpdir(), 'lambda-lint-changed-bench-'));
const daemonTmp = path.join(root, '.daemon-tmp');
const git = (...args) =>
  execFileSync('git', args, {
    cwd: root,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    },
  });

/** One CLI run in a fresh process; exit 0 or 1 (findings), never 2. */
function lint(...args) {
  const result = timeProcess([process.execPath, cli, ...args], {
    cwd: root,
    env: { ...process.env, TMPDIR: daemonTmp, LAMBDA_LINT_DAEMON: '' },
  });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`lambda-lint ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
}

let edits = 0;
/** A new edit of one handler, so the cache has never seen this content. */
function editHandler() {
  appendFileSync(path.join(root, 'svc-3', 'src', 'fn7.ts'), `// edit ${++edits}\n`);
}

try {
  generateProject(root, SERVICES, FUNCTIONS_PER_SERVICE);
  write(path.join(root, '.gitignore'), '.aws-sam/\n.lambda-lint-cache/\n.daemon-tmp/\n');
  mkdirSync(daemonTmp, { mode: 0o700 });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'generated');
  lint('--cache'); // the warm cache every cached run starts from
  const times = { full: [], changed: [], cache: [], changedNoCache: [], daemonChanged: [], daemonCache: [] };
  let selected = '';
  for (let run = 0; run < RUNS + 1; run++) {
    const full = lint().ms;
    editHandler();
    const changed = lint('--changed', '--cache');
    selected = changed.stderr.trim();
    git('commit', '-q', '-am', `edit ${edits}`);
    lint('--cache'); // back to a cache of the whole, committed project
    const cache = lint('--cache').ms;
    editHandler();
    const changedNoCache = lint('--changed').ms;
    git('commit', '-q', '-am', `edit ${edits}`);
    lint('--cache');
    editHandler();
    const daemonChanged = lint('--daemon', '--changed', '--cache').ms;
    git('commit', '-q', '-am', `edit ${edits}`);
    lint('--daemon', '--cache'); // as for (c): the run before the rerun is the same command
    const daemonCache = lint('--daemon', '--cache').ms;
    if (run === 0) continue; // warm-up (it also starts the daemon)
    times.full.push(full);
    times.changed.push(changed.ms);
    times.cache.push(cache);
    times.changedNoCache.push(changedNoCache);
    times.daemonChanged.push(daemonChanged);
    times.daemonCache.push(daemonCache);
  }
  const nodeAlone = median(Array.from({ length: RUNS }, () => timeProcess([process.execPath, '-e', '0']).ms));
  const full = median(times.full);
  const line = (label, values) =>
    `  ${label.padEnd(44)} median ${median(values).toFixed(0).padStart(6)} ms [${values.map((v) => v.toFixed(0)).join(' ')}]`;
  console.log(
    `--changed / --cache: ${SERVICES * FUNCTIONS_PER_SERVICE} functions in ${SERVICES} SAM services, ${RUNS} runs (${cli.slice(repo.length)})`,
  );
  console.log(line('full scan', times.full));
  console.log(line('--changed --cache, one handler edited', times.changed));
  console.log(line('--cache, nothing changed', times.cache));
  console.log(line('--changed (no cache), one handler edited', times.changedNoCache));
  console.log(line('--daemon --changed --cache, one handler edited', times.daemonChanged));
  console.log(line('--daemon --cache, nothing changed', times.daemonCache));
  console.log(`  node -e 0 alone: median ${nodeAlone.toFixed(0)} ms`);
  console.log(`  ${selected}`);
  const ratio = (values, bar) => {
    const value = median(values) / full;
    return `${(value * 100).toFixed(1)}%${bar ? ` (bar < ${bar * 100}%: ${value < bar ? 'PASS' : 'FAIL'})` : ''}`;
  };
  console.log(`  RATIO --changed --cache / full:          ${ratio(times.changed)}  (fresh process)`);
  console.log(`  RATIO --cache rerun / full:              ${ratio(times.cache)}  (fresh process)`);
  console.log(`  RATIO --daemon --changed --cache / full: ${ratio(times.daemonChanged, BAR)}`);
  console.log(`  RATIO --daemon --cache rerun / full:     ${ratio(times.daemonCache, BAR)}`);
  console.log(
    `  RATIO --changed alone / full:            ${ratio(times.changedNoCache)}  (no bar: it lints the 20 functions sharing src/)`,
  );
  console.log(`  ${loadText()}`);
} finally {
  try {
    lint('daemon', 'stop');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
