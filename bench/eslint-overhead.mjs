#!/usr/bin/env node
// Overhead bench: the cost of lambda-lint on top of a typical baseline config.
// Generates ≥ 2,000 varied, realistic TypeScript Lambda handlers into a temp dir (one SAM template per service
// folder, so template discovery is on and does real work), lints them with
//   baseline = @typescript-eslint/parser + @eslint/js recommended
//   plugin   = baseline + lambda-lint/all
// interleaved file by file, in several fresh processes one after the other, prints every run and the pooled
// overhead ratio (bar: ≤ 5%), then the rules ranked by time from three passes per process with ESLint's
// `stats: true` (the data behind TIMING=1; bar: no lambda-lint rule in the top three). About seven minutes.
// Usage: node bench/eslint-overhead.mjs [--files 2000] [--processes 4] [--runs 3 (per process)] [--keep]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import plugin from '../packages/eslint-plugin/dist/index.js';
import { median } from './bench-lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const fileCount = option('--files', 2000);
const runs = option('--runs', 3);
const processes = option('--processes', 4);
const statsPasses = 3;

/** Deterministic pseudo-random numbers so every run lints the same corpus. */
let seed = 0x9e3779b9;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (items) => items[Math.floor(random() * items.length)];
const entities = [
  'order',
  'invoice',
  'customer',
  'shipment',
  'payment',
  'session',
  'report',
  'ticket',
  'device',
  'upload',
];
const capitalize = (word) => word[0].toUpperCase() + word.slice(1);

function helpers(entity, count) {
  const out = [];
  for (let index = 0; index < count; index++) {
    out.push(`
function normalize${capitalize(entity)}${index}(input: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    result[key.trim().toLowerCase()] = typeof value === 'string' ? value.trim() : value;
  }
  if (Object.keys(result).length === 0) {
    throw new Error('empty ${entity} payload ${index}');
  }
  return result;
}`);
  }
  return out.join('\n');
}

const templates = [
  // API Gateway + DynamoDB DocumentClient, module-scope client (the good pattern).
  (entity, n) => `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.TABLE_NAME;

interface ${capitalize(entity)} { id: string; status: string; total: number; updatedAt: string }
${helpers(entity, n)}

async function load${capitalize(entity)}(id: string): Promise<${capitalize(entity)} | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: TABLE, Key: { id } }));
  return Item as ${capitalize(entity)} | undefined;
}

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.pathParameters?.id;
  if (!id) return { statusCode: 400, body: JSON.stringify({ message: 'missing id' }) };
  if (event.httpMethod === 'GET') {
    const found = await load${capitalize(entity)}(id);
    return found ? { statusCode: 200, body: JSON.stringify(found) } : { statusCode: 404, body: '' };
  }
  const body = normalize${capitalize(entity)}0(JSON.parse(event.body ?? '{}'));
  const item = { ...body, id, updatedAt: new Date().toISOString() };
  await documents.send(new PutCommand({ TableName: TABLE, Item: item }));
  return { statusCode: 201, body: JSON.stringify(item) };
};
`,
  // SQS batch processor with partial batch failures; client built per invocation (a finding).
  (entity, n) => `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSBatchResponse } from 'aws-lambda';
${helpers(entity, n)}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const sqs = new SQSClient({ region: 'eu-west-1' });
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const payload = normalize${capitalize(entity)}0(JSON.parse(record.body));
      await sqs.send(new SendMessageCommand({ QueueUrl: process.env.NEXT_QUEUE_URL, MessageBody: JSON.stringify(payload) }));
    } catch (error) {
      console.error('failed ${entity}', record.messageId, error);
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
`,
  // S3 event processor with a helper class reached from the handler.
  (entity, n) => `import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';

const s3 = new S3Client({});
${helpers(entity, n)}

class ${capitalize(entity)}Transformer {
  private readonly prefix: string;
  constructor(prefix: string) {
    this.prefix = prefix;
  }
  async transform(bucket: string, key: string): Promise<string> {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await object.Body?.transformToString()) ?? '';
    const lines = text.split('\\n').filter((line) => line.length > 0);
    const output = lines.map((line) => JSON.stringify(normalize${capitalize(entity)}0({ line }))).join('\\n');
    const target = this.prefix + key;
    await s3.send(new PutObjectCommand({ Bucket: process.env.OUTPUT_BUCKET, Key: target, Body: output, ContentType: 'application/x-ndjson' }));
    return target;
  }
}

export const handler = async (event: S3Event): Promise<string[]> => {
  const transformer = new ${capitalize(entity)}Transformer('processed/');
  const written: string[] = [];
  for (const record of event.Records) {
    written.push(await transformer.transform(record.s3.bucket.name, decodeURIComponent(record.s3.object.key)));
  }
  return written;
};
`,
  // EventBridge publisher wrapped with middy; one hardcoded ARN (a finding).
  (entity, n) => `import middy from '@middy/core';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';

const events = new EventBridgeClient({});
const sns = new SNSClient({});
const ALERT_TOPIC = 'arn:aws:sns:us-east-1:123456789012:${entity}-alerts';
${helpers(entity, n)}

const base = async (event: { detail: Record<string, unknown>; source: string }) => {
  const detail = normalize${capitalize(entity)}0(event.detail);
  await events.send(new PutEventsCommand({ Entries: [{ EventBusName: 'default', Source: '${entity}.service', DetailType: '${capitalize(entity)}Changed', Detail: JSON.stringify(detail) }] }));
  if (detail.severity === 'high') {
    await sns.send(new PublishCommand({ TopicArn: ALERT_TOPIC, Message: JSON.stringify(detail) }));
  }
  return { ok: true };
};

export const handler = middy(base);
`,
  // Plain utility module (not a handler file): the per-file gate should make it almost free.
  (entity, n) => `export interface ${capitalize(entity)}Page { items: unknown[]; next?: string }
${helpers(entity, n + 1)}

export function paginate${capitalize(entity)}(items: unknown[], size: number): ${capitalize(entity)}Page[] {
  const pages: ${capitalize(entity)}Page[] = [];
  for (let index = 0; index < items.length; index += size) {
    pages.push({ items: items.slice(index, index + size), next: index + size < items.length ? String(index + size) : undefined });
  }
  return pages;
}

export const format${capitalize(entity)} = (value: number): string => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
`,
  // Postgres handler with lazy init (the valid pattern) and a Secrets Manager lookup.
  (entity, n) => `import { Pool } from 'pg';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';

const secrets = new SecretsManagerClient({});
let pool: Pool | undefined;
${helpers(entity, n)}

async function getPool(): Promise<Pool> {
  if (!pool) {
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.DB_SECRET_ARN }));
    const { username, password, host } = JSON.parse(secret.SecretString ?? '{}');
    pool = new Pool({ user: username, password, host, database: process.env.DB_NAME, max: 1 });
  }
  return pool;
}

export const lambdaHandler = async (event: { ${entity}Id: string }): Promise<unknown[]> => {
  const db = await getPool();
  const result = await db.query('select * from ${entity}s where id = $1', [event.${entity}Id]);
  return result.rows.map((row) => normalize${capitalize(entity)}0(row));
};
`,
];

/**
 * Each service folder gets a SAM template naming its handlers (export names and environments), so the plugin's
 * template discovery does its real work: a walk per folder, one template read per folder, a lookup per file.
 * The template leaves DB_NAME unset, so env-var-declared reports the reads of it.
 */
function generateCorpus(directory) {
  const services = new Map();
  for (let index = 0; index < fileCount; index++) {
    const entity = pick(entities);
    const template = templates[index % templates.length];
    const helperCount = 1 + Math.floor(random() * 4);
    const service = `service-${index % 40}`;
    const folder = path.join(directory, service);
    mkdirSync(folder, { recursive: true });
    const text = template(entity, helperCount);
    writeFileSync(path.join(folder, `${entity}-${index}.ts`), text);
    const exportName = text.includes('export const lambdaHandler') ? 'lambdaHandler' : 'handler';
    services.set(service, [...(services.get(service) ?? []), `${entity}-${index}.${exportName}`]);
  }
  for (const [service, handlers] of services) {
    const functions = handlers.map(
      (handler, index) =>
        `  Function${index}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: ${handler}\n`,
    );
    writeFileSync(
      path.join(directory, service, 'template.yaml'),
      `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs20.x\n    CodeUri: .\n    Environment:\n      Variables:\n        TABLE_NAME: !Ref Table\n        NEXT_QUEUE_URL: !Ref Queue\n        OUTPUT_BUCKET: !Ref Bucket\n        DB_SECRET_ARN: !Ref Secret\nResources:\n${functions.join('')}`,
    );
  }
}

const baselineConfig = [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' } },
  { files: ['**/*.ts'], ...js.configs.recommended },
  // TypeScript checks these; the JS versions misfire on type-only names.
  { files: ['**/*.ts'], rules: { 'no-undef': 'off', 'no-unused-vars': 'off' } },
];
const pluginConfig = [...baselineConfig, plugin.configs.all];
const make = (directory, overrideConfig, stats = false) =>
  new ESLint({ cwd: directory, overrideConfigFile: true, overrideConfig, stats });
// CPU time of this process: far less sensitive than wall time to other work on a shared machine.
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
/** Lints the whole corpus once; the generated files must all parse. */
const lintCorpus = async (eslint) => {
  const results = await eslint.lintFiles(['**/*.ts']);
  const fatal = results.reduce((count, result) => count + result.fatalErrorCount, 0);
  if (fatal > 0) throw new Error(`${fatal} fatal errors in the generated corpus`);
  return results;
};
/** The corpus files (sorted, relative to `directory`) and their text. */
const readCorpus = (directory) => {
  const files = readdirSync(directory, { recursive: true })
    .filter((file) => file.endsWith('.ts'))
    .sort();
  return { files, sources: files.map((file) => readFileSync(path.join(directory, file), 'utf8')) };
};

/**
 * One worker process: warm both configurations up, then `runs` runs that interleave them file by file (order
 * flipped on every file), so both see the same machine state. Prints one JSON line with the totals per run.
 */
async function measure(directory) {
  const baseline = make(directory, baselineConfig);
  const withPlugin = make(directory, pluginConfig);
  await lintCorpus(baseline);
  const findings = (await lintCorpus(withPlugin))
    .flatMap((result) => result.messages)
    .filter((message) => message.ruleId?.startsWith('lambda-lint/'));
  const { files, sources } = readCorpus(directory);
  const lintOne = async (eslint, index) => {
    const started = cpuMs();
    await eslint.lintText(sources[index], { filePath: path.join(directory, files[index]) });
    return cpuMs() - started;
  };
  const baselineTimes = [];
  const pluginTimes = [];
  for (let run = 0; run < runs; run++) {
    let baselineTotal = 0;
    let pluginTotal = 0;
    for (let index = 0; index < files.length; index++) {
      if ((index + run) % 2 === 0) {
        baselineTotal += await lintOne(baseline, index);
        pluginTotal += await lintOne(withPlugin, index);
      } else {
        pluginTotal += await lintOne(withPlugin, index);
        baselineTotal += await lintOne(baseline, index);
      }
    }
    baselineTimes.push(baselineTotal);
    pluginTimes.push(pluginTotal);
  }
  // ESLint's per-rule timings (what TIMING=1 prints), summed over all files and averaged over the passes.
  // Each lambda-lint rule's time is also split by whether it reported in the file: a finding costs ESLint's
  // report machinery (message interpolation, eagerly built suggestion fixes) besides the rule's own checks.
  const statsLinter = make(directory, pluginConfig, true);
  const timing = {};
  const split = {};
  let parse = 0;
  await lintCorpus(statsLinter); // warm-up of the stats wrappers
  for (let pass = 0; pass < statsPasses; pass++) {
    for (const result of await lintCorpus(statsLinter)) {
      const reporting = new Set(result.messages.map((message) => message.ruleId));
      for (const step of result.stats?.times.passes ?? []) {
        parse += (step.parse?.total ?? 0) / statsPasses;
        for (const [ruleId, { total }] of Object.entries(step.rules ?? {})) {
          timing[ruleId] = (timing[ruleId] ?? 0) + total / statsPasses;
          if (!ruleId.startsWith('lambda-lint/')) continue;
          split[ruleId] ??= { withFindings: [0, 0], without: [0, 0] };
          const side = reporting.has(ruleId) ? split[ruleId].withFindings : split[ruleId].without;
          side[0] += pass === 0 ? 1 : 0;
          side[1] += total / statsPasses;
        }
      }
    }
  }
  const ruleIds = [...new Set(findings.map((finding) => finding.ruleId))];
  console.log(
    JSON.stringify({ findings: findings.length, ruleIds, baselineTimes, pluginTimes, timing, split, parse }),
  );
}

const workerIndex = args.indexOf('--worker');
if (workerIndex >= 0) {
  await measure(args[workerIndex + 1]);
  process.exit(0);
}

const directory = mkdtempSync(path.join(tmpdir(), 'lambda-lint-overhead-'));
try {
  generateCorpus(directory);
  // Per-file timings are dominated by where the garbage collector happens to run (a scavenge every few files,
  // a few ms each), and a process's JIT decisions tilt a whole run: one process's runs can all sit a point or
  // two high or low. So the runs come from several fresh processes, one after the other, and are pooled.
  const measured = [];
  for (let worker = 0; worker < processes; worker++) {
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--worker', directory, '--runs', String(runs)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
    );
    if (child.status !== 0) throw new Error(`worker ${worker + 1} failed (status ${child.status})`);
    measured.push(JSON.parse(child.stdout.trim().split('\n').pop()));
  }
  const baselineTimes = measured.flatMap((result) => result.baselineTimes);
  const pluginTimes = measured.flatMap((result) => result.pluginTimes);
  const ratios = baselineTimes.map((baselineTotal, index) => pluginTimes[index] / baselineTotal);
  const sum = (values) => values.reduce((total, value) => total + value, 0);
  // The pooled ratio is total CPU with the plugin over total CPU without it, over every run.
  const overhead = sum(pluginTimes) / sum(baselineTimes) - 1;
  const mean = sum(ratios) / ratios.length;
  const spread = Math.sqrt(sum(ratios.map((ratio) => (ratio - mean) ** 2)) / (ratios.length - 1));
  const margin = (1.96 * spread) / Math.sqrt(ratios.length);
  const { findings, ruleIds } = measured[0];
  console.log(`corpus:     ${fileCount} generated TypeScript handler files in ${directory}`);
  console.log(`findings:   ${findings} lambda-lint findings per run (${ruleIds.join(', ')})`);
  console.log(
    `baseline:   median ${median(baselineTimes).toFixed(0)} ms CPU per run (${processes} processes × ${runs} runs: ${baselineTimes.map((t) => t.toFixed(0)).join(', ')})`,
  );
  console.log(
    `+ plugin:   median ${median(pluginTimes).toFixed(0)} ms CPU per run (${pluginTimes.map((t) => t.toFixed(0)).join(', ')})`,
  );
  console.log(
    `ratios:     ${measured.map((result) => result.pluginTimes.map((t, index) => (t / result.baselineTimes[index]).toFixed(3)).join(' ')).join(' | ')} (per run, by process)`,
  );
  console.log(
    `overhead:   ${(overhead * 100).toFixed(1)}%  (pooled ratio ${(1 + overhead).toFixed(3)}, 95% interval of the mean run ratio ±${(margin * 100).toFixed(1)} points; bar ≤ 5%) ${overhead <= 0.05 ? 'OK' : 'OVER BAR'}`,
  );

  // The handler analysis that all lambda-lint rules share is memoised per file and built lazily, so ESLint
  // charges it to whichever rule asks first: it is measured inside that rule (no separate probe), exactly as
  // TIMING=1 would show it. The workers' per-rule timings are averaged like the runs above.
  const { files, sources } = readCorpus(directory);
  // Which rule builds the shared analysis: only getHandlerAnalysis reads `context.settings`, and only when it
  // builds the analysis, so a context proxy on a small untimed sample shows the rule that ESLint charges.
  const analysisCarriers = new Map();
  const tracedRules = Object.fromEntries(
    Object.entries(plugin.rules).map(([name, rule]) => [
      name,
      {
        ...rule,
        create(context) {
          const traced = new Proxy(context, {
            get(target, key) {
              if (key === 'settings')
                analysisCarriers.set(
                  `lambda-lint/${name}`,
                  (analysisCarriers.get(`lambda-lint/${name}`) ?? 0) + 1,
                );
              return Reflect.get(target, key, target);
            },
          });
          return rule.create(traced);
        },
      },
    ]),
  );
  const attributionLinter = make(directory, [
    ...baselineConfig,
    { ...plugin.configs.all, plugins: { 'lambda-lint': { ...plugin, rules: tracedRules } } },
  ]);
  const sampleCount = Math.min(files.length, 120);
  for (let index = 0; index < sampleCount; index++)
    await attributionLinter.lintText(sources[index], { filePath: path.join(directory, files[index]) });
  const average = (pick) => sum(measured.map(pick)) / measured.length;
  const ruleTimes = new Map(
    Object.keys(measured[0].timing).map((ruleId) => [
      ruleId,
      average((result) => result.timing[ruleId] ?? 0),
    ]),
  );
  const parseTime = average((result) => result.parse);
  const split = new Map(
    Object.keys(measured[0].split).map((ruleId) => {
      const side = (name) => [
        measured[0].split[ruleId][name][0],
        average((result) => result.split[ruleId]?.[name][1] ?? 0),
      ];
      return [ruleId, { withFindings: side('withFindings'), without: side('without') }];
    }),
  );
  const ranked = [...ruleTimes.entries()].sort((a, b) => b[1] - a[1]);
  const rulesTotal = ranked.reduce((sum, [, total]) => sum + total, 0);
  console.log(
    `\nrule timings (stats: true, mean of ${processes} processes × ${statsPasses} passes), parse ${parseTime.toFixed(0)} ms, all rules ${rulesTotal.toFixed(0)} ms:`,
  );
  console.log('rank  rule                                       time ms  share');
  ranked.slice(0, 12).forEach(([ruleId, total], index) => {
    console.log(
      `${String(index + 1).padStart(4)}  ${ruleId.padEnd(42)} ${total.toFixed(1).padStart(8)}  ${((total / rulesTotal) * 100).toFixed(1)}%`,
    );
  });
  for (const [ruleId, total] of ranked.filter(([id]) => id.startsWith('lambda-lint/'))) {
    console.log(
      `      ${ruleId.padEnd(42)} ${total.toFixed(1).padStart(8)}  rank ${ranked.findIndex(([id]) => id === ruleId) + 1}`,
    );
  }
  const perFile = ([files, ms]) =>
    files === 0 ? '—' : `${ms.toFixed(1)} ms in ${files} files (${((ms / files) * 1000).toFixed(0)} µs/file)`;
  for (const [ruleId, { withFindings, without }] of split) {
    if (withFindings[0] === 0) continue;
    console.log(
      `      ${ruleId}: files it reports in ${perFile(withFindings)}; other files ${perFile(without)}`,
    );
  }
  for (const [ruleId, count] of [...analysisCarriers.entries()].sort((a, b) => b[1] - a[1])) {
    const rank = ranked.findIndex(([id]) => id === ruleId) + 1;
    console.log(
      `shared handler analysis: built (and charged by ESLint) in ${ruleId} for ${count} of ${sampleCount} sampled files; that rule, analysis included, ranks ${rank}`,
    );
  }
  const inTopThree = ranked.slice(0, 3).filter(([id]) => id.startsWith('lambda-lint/'));
  console.log(
    `top three:  ${inTopThree.length === 0 ? 'no lambda-lint rule (OK)' : `lambda-lint rules in top three: ${inTopThree.map(([id]) => id).join(', ')} (OVER BAR)`}`,
  );
  process.exitCode = overhead <= 0.05 && inTopThree.length === 0 ? 0 : 1;
} finally {
  if (!args.includes('--keep')) rmSync(directory, { recursive: true, force: true });
}
