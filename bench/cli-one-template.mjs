// Wall-clock of `lambda-lint iac <one template>` (Node start-up included) against `node -e 0`,
// alternated in one run, medians. Bar (issue 3): the CLI under 150 ms.
// Usage: node bench/cli-one-template.mjs [runs=20] [bin=packages/cli/dist/bundled/bin.mjs] [template]
// (build first: pnpm build). Pass packages/cli/dist/bin.js as bin to time the unbundled tsc output.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './bench-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 20);
const bin = path.resolve(root, process.argv[3] ?? 'packages/cli/dist/bundled/bin.mjs');
// Our own sample project: a realistic SAM template with Globals, mixed triggers and planted problems.
const template = path.resolve(root, process.argv[4] ?? 'fixtures/sam-app/template.yaml');
for (const file of [bin, template]) {
  if (!existsSync(file)) {
    console.error(`${file} not found (run \`pnpm build\` first)`);
    process.exit(2);
  }
}

const commands = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'lambda-lint iac <template>': [process.execPath, [bin, 'iac', template, '--no-color']],
};

function timeOnce([cmd, args]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Exit 1 is expected: the sample template has planted problems. 2 would mean it could not scan.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return ms;
}

// One warm-up each (disk cache), then alternate so load from other processes hits both sides alike.
for (const command of Object.values(commands)) timeOnce(command);
const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, command] of Object.entries(commands)) samples[name].push(timeOnce(command));
}

console.log(`bin: ${path.relative(root, bin)}, template: ${path.relative(root, template)}`);
for (const [name, values] of Object.entries(samples)) {
  const best = Math.min(...values);
  console.log(
    `${name.padEnd(28)} median ${median(values).toFixed(1).padStart(7)} ms  best ${best.toFixed(1).padStart(7)} ms  (${runs} runs)`,
  );
}
const cli = median(samples['lambda-lint iac <template>']);
const baseline = median(samples['node -e 0']);
// The bar is wall-clock on an idle machine, where `node -e 0` takes about 70 ms; on a busy one the
// ratio is the number to compare (150 / 70 ≈ 2.1x).
console.log(
  `ratio ${(cli / baseline).toFixed(2)}x node -e 0 (idle-machine equivalent of the bar: < ${(150 / 70).toFixed(1)}x); ` +
    `${cli.toFixed(0)} ms vs bar 150 ms: ${cli < 150 ? 'OK' : baseline > 85 ? 'OVER (machine busy: compare the ratio)' : 'OVER BUDGET'}`,
);
