// Shared helpers for the benches: timing of whole processes, alternated, median of runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
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

export function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/**
 * A generated project: `services` SAM services of `functionsPerService` TypeScript functions each,
 * sharing `src/` and a `lib/` barrel (helper modules), with a built `.aws-sam/build/<Fn>` bundle per function.
 */
export function generateProject(root, services, functionsPerService) {
  for (let s = 0; s < services; s++) {
    const dir = join(root, `svc-${s}`);
    const resources = [];
    for (let f = 0; f < functionsPerService; f++) {
      const id = `Fn${f}`;
      resources.push(`  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: fn${f}.handler
      Timeout: ${f % 3 === 0 ? 60 : 10}
      Environment:
        Variables:
          TABLE_NAME: !Ref Table
          EXTRA_${f}: value
      Events:
        Api:
          Type: Api
          Properties:
            Path: /fn${f}
            Method: get
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [fn${f}.ts]
`);
      write(
        join(dir, 'src', `fn${f}.ts`),
        `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { format, getClient } from './lib/index.js';

const shared = new DynamoDBClient({});

export const handler = async (event: { id: string }) => {
  ${f % 4 === 0 ? 'const perCall = new DynamoDBClient({});\n  await perCall.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { id: { S: event.id } } }));' : ''}
  const client = getClient();
  const item = await shared.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { id: { S: event.id } } }));
  await client.send(new GetItemCommand({ TableName: 'orders-prod', Key: { id: { S: event.id } } }));
  return format(item.Item ?? {});
};
`,
      );
      // The built bundle sam build leaves: the handler and a few dependency files.
      const build = join(dir, '.aws-sam', 'build', id);
      write(
        join(build, `fn${f}.js`),
        `"use strict";${'/* bundled code */ '.repeat(400)}\nexports.handler=async()=>1;\n`,
      );
      write(join(build, 'node_modules', 'uuid', 'package.json'), '{"name":"uuid","version":"9.0.0"}');
      write(join(build, 'node_modules', 'uuid', 'index.js'), 'module.exports = {};\n'.repeat(200));
    }
    write(
      join(dir, 'template.yaml'),
      `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    MemorySize: 256
Resources:
  Table:
    Type: AWS::DynamoDB::Table
${resources.join('')}`,
    );
    write(join(dir, 'src', 'lib', 'index.ts'), "export * from './db.js';\nexport * from './format.js';\n");
    write(
      join(dir, 'src', 'lib', 'db.ts'),
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
let client: DynamoDBClient | undefined;
export function getClient(): DynamoDBClient {
  client ??= new DynamoDBClient({});
  return client;
}
`,
    );
    write(
      join(dir, 'src', 'lib', 'format.ts'),
      `export function format(item: Record<string, unknown>): { statusCode: number; body: string } {
  return { statusCode: 200, body: JSON.stringify(item) };
}
`,
    );
  }
}
