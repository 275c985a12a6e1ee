// 1,000 generated Python handler files analysed in one `lambda-lint python <dir>` run, against
// CPython's own `ast.parse` of the same files (one python3 process reading and parsing them all),
// alternated in the same run, medians. Bar (issue 13): the CLI within 3x of ast.parse.
// Usage: node bench/python.mjs [runs=5] [files=1000]   (build first: pnpm build; needs python3)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alternate, printComparison, repo, timeProcess } from './bench-lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const count = Number(process.argv[3] ?? 1000);
const bin = `${repo}packages/cli/dist/bundled/bin.mjs`;
const dir = path.join(repo, 'bench/.out/python-handlers');

/** A deterministic pseudo-random generator, so every run analyses the same files. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const SERVICES = ['s3', 'sqs', 'sns', 'dynamodb', 'events', 'secretsmanager', 'ssm', 'kinesis'];

/** One realistic handler module: imports, module-scope and per-invocation clients, helpers, a class, env reads, literals. */
function handlerFile(i) {
  const r = random(i + 1);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const lines = [
    `"""Handler ${i}: generated for bench/python.mjs."""`,
    'import json',
    'import logging',
    'import os',
    'from functools import lru_cache',
    '',
    'import boto3',
    'import requests',
    'from aws_lambda_powertools import Logger, Tracer',
    '',
    'logger = Logger()',
    'tracer = Tracer()',
    `TABLE = os.environ.get("TABLE_NAME", "orders-${i}")`,
    `client = boto3.client("${pick(SERVICES)}")`,
    '_cache = None',
    '',
  ];
  const helpers = 3 + Math.floor(r() * 6);
  for (let h = 0; h < helpers; h++) {
    lines.push(
      '',
      `def helper_${h}(payload, retries=3):`,
      `    """Helper ${h}."""`,
      '    result = []',
      '    for index, item in enumerate(payload.get("items", [])):',
      `        if index % ${h + 2} == 0 and item:`,
      '            result.append({"id": item["id"], "value": item.get("value", 0) * 2})',
      '        elif isinstance(item, dict):',
      '            result.extend(sorted(item.items(), key=lambda kv: kv[0]))',
      r() < 0.3 ? `    s = boto3.client("${pick(SERVICES)}")` : '    s = client',
      `    logger.info("helper_${h} done", extra={"count": len(result)})`,
      '    return {"items": result, "client": str(s)}',
    );
  }
  lines.push(
    '',
    '@lru_cache(maxsize=None)',
    'def cached_session():',
    '    return requests.Session()',
    '',
    '',
    'class Repository:',
    '    def __init__(self, table_name):',
    '        self.table = boto3.resource("dynamodb").Table(table_name)',
    '',
    '    def save(self, item):',
    '        return self.table.put_item(Item=item)',
    '',
    '    def load(self, key):',
    '        response = self.table.get_item(Key={"id": key})',
    '        return response.get("Item")',
    '',
    '',
    '@logger.inject_lambda_context',
    '@tracer.capture_lambda_handler',
    'def lambda_handler(event, context):',
    '    global _cache',
    '    if _cache is None:',
    '        _cache = boto3.client("s3")',
    '    body = json.loads(event.get("body") or "{}")',
    `    out = helper_${Math.floor(r() * helpers)}(body)`,
    '    repo = Repository(TABLE)',
    '    repo.save({"id": body.get("id", "x"), **out})',
    '    queue = os.environ["QUEUE_URL"]',
    '    client.send_message(QueueUrl=queue, MessageBody=json.dumps(out)) if hasattr(client, "send_message") else None',
    '    return {"statusCode": 200, "body": json.dumps({"ok": True, "n": len(out["items"])})}',
    '',
  );
  return lines.join('\n');
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
let bytes = 0;
for (let i = 0; i < count; i++) {
  const text = handlerFile(i);
  bytes += text.length;
  writeFileSync(path.join(dir, `handler_${String(i).padStart(4, '0')}.py`), text);
}

const python = [
  'python3',
  '-c',
  'import ast, pathlib, sys\nfor p in sorted(pathlib.Path(sys.argv[1]).glob("*.py")): ast.parse(p.read_text())',
  dir,
];
const cli = [process.execPath, bin, 'python', dir, '--format', 'json', '--quiet'];

// Sanity: both parse every file; the CLI finds the planted per-invocation clients.
const check = timeProcess(cli, { cwd: repo });
if (check.status !== 0 && check.status !== 1)
  throw new Error(`lambda-lint exited with ${check.status}: ${check.stderr}`);
const report = JSON.parse(check.stdout);
const findings = (Array.isArray(report) ? report : (report.findings ?? [])).length;
if (timeProcess(python).status !== 0) throw new Error('python3 could not parse the generated files');

const result = alternate(
  runs,
  () => timeProcess(python).ms,
  () => timeProcess(cli, { cwd: repo }).ms,
);
console.log(`${count} Python handler files, ${(bytes / 1024).toFixed(0)} KiB, ${findings} error findings`);
printComparison('python3 ast.parse (baseline) vs lambda-lint python (candidate), same files', result, 3);
