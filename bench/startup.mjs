// Start-up cost of `lambda-lint --version` against a bare `node -e 0`, measured alternately in one run.
// Usage: node bench/startup.mjs [runs=30] [bin=packages/cli/dist/bundled/bin.mjs]   (build first: pnpm build)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './bench-lib.mjs';

const runs = Number(process.argv[2] ?? 30);
const bin = path.resolve(
  fileURLToPath(new URL('..', import.meta.url)),
  process.argv[3] ?? 'packages/cli/dist/bundled/bin.mjs',
);
if (!existsSync(bin)) {
  console.error(`${bin} not found: run \`pnpm build\` first`);
  process.exit(2);
}

const commands = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'lambda-lint --version': [process.execPath, [bin, '--version']],
};

function timeOnce([cmd, args]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
  return ms;
}

// One warm-up each (disk cache), then alternate so machine noise hits both sides alike.
for (const command of Object.values(commands)) timeOnce(command);
const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, command] of Object.entries(commands)) samples[name].push(timeOnce(command));
}

const baseline = median(samples['node -e 0']);
const cli = median(samples['lambda-lint --version']);
for (const [name, values] of Object.entries(samples)) {
  console.log(`${name.padEnd(24)} median ${median(values).toFixed(1).padStart(7)} ms  (${runs} runs)`);
}
const ratio = cli / baseline;
console.log(`ratio ${ratio.toFixed(2)}x  (bar: < 3x)  ${ratio < 3 ? 'OK' : 'OVER BUDGET'}`);
