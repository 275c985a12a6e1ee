// `lambda-lint logs` on a generated 100 MB plain-text log against `node -e 0` + `grep -c REPORT` on the same
// file (Node's start-up is the floor of any Node CLI; grep is the cost of reading the file once), alternated in
// one run. Also prints the CLI's max RSS. Usage: node bench/logs.mjs [runs=5] [megabytes=100]   (build first)
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { alternate, loadText, printComparison, repo, timeProcess } from './bench-lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const megabytes = Number(process.argv[3] ?? 100);
const bin = path.join(repo, 'packages/cli/dist/bundled/bin.mjs');
if (!existsSync(bin)) {
  console.error(`${bin} not found: run \`pnpm build\` first`);
  process.exit(2);
}
const outDir = path.join(repo, 'bench/.out');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `logs-${megabytes}mb.txt`);

/** `aws logs tail` output of three functions: START, two application lines, END, REPORT (+XRAY) per invocation. */
async function generate() {
  const out = createWriteStream(file);
  const target = megabytes * 1024 * 1024;
  let written = 0;
  let seed = 1;
  const rand = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
  const names = ['orders', 'payments', 'search'];
  for (let n = 0; written < target; n++) {
    const name = names[n % 3];
    const id = `${(n >>> 0).toString(16).padStart(8, '0')}-5e1c-4a7b-9f00-${String(n).padStart(12, '0')}`;
    const t = new Date(Date.UTC(2024, 4, 1) + n * 37).toISOString().replace('Z', '000+00:00');
    const prefix = `${t} /aws/lambda/${name} 2024/05/01/[$LATEST]8f3e0c2b9a7d4e61`;
    const d = (rand() * 400).toFixed(2);
    const cold = rand() < 0.03 ? `\tInit Duration: ${(200 + rand() * 800).toFixed(2)} ms` : '';
    const chunk =
      `${prefix} START RequestId: ${id} Version: $LATEST\n` +
      `${prefix} ${t.slice(0, 23)}Z\t${id}\tINFO\tloaded cart with ${Math.floor(rand() * 20)} items for customer c-${Math.floor(rand() * 1e6)}\n` +
      `${prefix} ${t.slice(0, 23)}Z\t${id}\tINFO\t{"level":"info","msg":"order accepted","latencyMs":${d},"region":"eu-west-1"}\n` +
      `${prefix} END RequestId: ${id}\n` +
      `${prefix} REPORT RequestId: ${id}\tDuration: ${d} ms\tBilled Duration: ${Math.ceil(Number(d))} ms\tMemory Size: 512 MB\tMax Memory Used: ${80 + Math.floor(rand() * 60)} MB${cold}\t\n` +
      `XRAY TraceId: 1-66318a00-${id.slice(0, 24)}\tSegmentId: ${id.slice(0, 16)}\tSampled: true\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}

if (!existsSync(file) || statSync(file).size < megabytes * 1024 * 1024) await generate();
const size = statSync(file).size;
console.log(`input: ${path.relative(repo, file)} (${(size / 1024 / 1024).toFixed(0)} MiB)`);

const baseline = () => timeProcess([process.execPath, '-e', '0']).ms + timeProcess(['grep', '-c', 'REPORT', file]).ms;
const candidate = () => {
  const result = timeProcess([process.execPath, bin, 'logs', file, '--format', 'json', '--output', path.join(outDir, 'logs.json')]);
  if (result.status !== 0 && result.status !== 1) throw new Error(`lambda-lint logs exited ${result.status}: ${result.stderr}`);
  return result.ms;
};
const result = alternate(runs, baseline, candidate);
printComparison('lambda-lint logs vs node -e 0 + grep -c REPORT', result, 4);

// Max RSS of one more run, read by the child itself when it exits.
const rss = spawnSync(
  process.execPath,
  ['--input-type=module', '-e', `process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n')); process.argv.splice(1, 0, ${JSON.stringify(bin)}); await import(${JSON.stringify(bin)});`, 'logs', file, '--format', 'json', '--output', path.join(outDir, 'logs.json')],
  { encoding: 'utf8' },
);
const kib = Number(/MAXRSS (\d+)/.exec(rss.stderr)?.[1] ?? NaN);
console.log(`  max RSS ${(kib / 1024).toFixed(0)} MiB (bar < 200 MiB: ${kib / 1024 < 200 ? 'PASS' : 'FAIL'})  ${loadText()}`);
