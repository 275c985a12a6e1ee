// The joined scan against the three passes it replaces, on a generated project of 200 functions.
//
// `node bench/project-scan.mjs` generates 10 SAM services of 20 functions each (TypeScript handlers that
// import a helper module and an `index` barrel, and a built `.aws-sam/build/<Fn>` bundle per function),
// then times, in fresh processes, (a) the iac scanner, the bundle scanner and ESLint with the plugin's
// recommended config run one after another, as a user did before the join, and (b) one project scan
// (`scanProject`: templates loaded once, template rules, packages, handler code and its imports linted
// once, joined per function). It prints both medians and the ratio; the bar is a full scan faster than (a).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateProject, loadText, median, repo, timeProcess } from './bench-lib.mjs';

const SERVICES = 10;
const FUNCTIONS_PER_SERVICE = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// Each pass runs in a fresh process, as a user runs each tool.
const CHILD = `
const [mode, dir] = process.argv.slice(1);
const load = (pkg) => import(${JSON.stringify(`${repo}packages/`)} + pkg + '/dist/index.js');
const { defaultConfigView } = await load('core');
const request = (rules) => ({ paths: [dir], cwd: dir, config: defaultConfigView(rules) });
let count = 0;
if (mode === 'iac' || mode === 'bundle') {
  const mod = await load(mode);
  const scanner = mod[mode + 'Scanner'];
  count = (await scanner.scan(request(scanner.rules))).findings.length;
} else if (mode === 'eslint') {
  const { createRequire } = await import('node:module');
  const require = createRequire(${JSON.stringify(`${repo}packages/project/package.json`)});
  const { ESLint } = await import(require.resolve('eslint'));
  const parser = await import(require.resolve('@typescript-eslint/parser'));
  const plugin = (await import(require.resolve('@lambda-lint/eslint-plugin'))).default;
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser }, ...plugin.configs.recommended }],
  });
  count = (await eslint.lintFiles(['svc-*/src/**/*.ts'])).reduce((n, r) => n + r.messages.length, 0);
} else {
  const project = await load('project');
  const rules = await project.rulesForPasses(project.ALL_PASSES);
  count = (await project.scanProject(request(rules))).findings.length;
}
console.log(count);
`;

function timeMode(mode, dir) {
  const result = timeProcess([process.execPath, '--input-type=module', '-e', CHILD, mode, dir]);
  if (result.status !== 0) throw new Error(`${mode} failed: ${result.stderr}`);
  return { ms: result.ms, findings: Number(result.stdout.trim()) };
}

const root = mkdtempSync(path.join(tmpdir(), 'lambda-lint-project-bench-'));
try {
  generateProject(root, SERVICES, FUNCTIONS_PER_SERVICE);
  const separate = [];
  const joined = [];
  let counts;
  for (let run = 0; run < RUNS; run++) {
    // Alternated, so that a change in machine load hits both sides.
    const parts = ['iac', 'bundle', 'eslint'].map((mode) => timeMode(mode, root));
    separate.push(parts.reduce((sum, part) => sum + part.ms, 0));
    const full = timeMode('full', root);
    joined.push(full.ms);
    counts = { separate: parts.map((p) => p.findings), full: full.findings };
  }
  const baseline = median(separate);
  const candidate = median(joined);
  console.log(
    `project scan: ${SERVICES * FUNCTIONS_PER_SERVICE} functions in ${SERVICES} SAM services, ${RUNS} runs`,
  );
  console.log(
    `  iac + bundle + eslint, one after another: median ${baseline.toFixed(0)} ms [${separate.map((v) => v.toFixed(0)).join(' ')}]`,
  );
  console.log(
    `  lambda-lint project scan (joined):         median ${candidate.toFixed(0)} ms [${joined.map((v) => v.toFixed(0)).join(' ')}]`,
  );
  console.log(
    `  findings: iac ${counts.separate[0]}, bundle ${counts.separate[1]}, eslint ${counts.separate[2]}; joined ${counts.full}`,
  );
  const ratio = candidate / baseline;
  console.log(`  RATIO ${ratio.toFixed(2)}x (bar < 1.00x: ${ratio < 1 ? 'PASS' : 'FAIL'})  ${loadText()}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
