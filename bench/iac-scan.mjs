// Benchmark: the whole IaC scan (discover + read + load + normalize + every rule + suppressions)
// against `yaml.parseDocument` of the same texts, in the same process; then scaling with the
// number of functions in one template; then one CLI run including Node's start-up.
// Run after `pnpm build` (tsc -b and the CLI bundle): node bench/iac-scan.mjs [templates=1000] [rounds=3]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'packages/iac/package.json'));
const YAML = require('yaml');
const iacDist = process.env.BENCH_IAC_DIST ?? path.join(root, 'packages/iac/dist');
const { iacScanner, iacRules, scanTemplateText } = await import(path.join(iacDist, 'index.js'));
const { createConfigView } = await import(path.join(root, 'packages/core/dist/index.js'));

// The loader's own CloudFormation tags registered and no warnings: the stricter parse-only baseline.
const { CLOUDFORMATION_YAML_TAGS } = await import(path.join(iacDist, 'load/intrinsics.js'));
const STRICT_OPTIONS = { prettyErrors: false, customTags: CLOUDFORMATION_YAML_TAGS };

const templateCount = Number(process.argv[2] ?? 1000);
const rounds = Math.max(5, Number(process.argv[3] ?? 5));

// ---------------------------------------------------------------------------------------------
// Realistic generated templates: SAM with Globals and mixed triggers, plain CloudFormation with
// separate mapping/permission resources, and Serverless services with provider defaults.

const RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'python3.12', 'python3.9', 'java21', 'provided.al2023'];

function samTemplate(seed, functions = 3 + (seed % 8)) {
  let out = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nDescription: generated SAM template ${seed}\n`;
  out += `Parameters:\n  Stage:\n    Type: String\n    Default: dev\n    AllowedValues: [dev, prod]\n  AlertTopic:\n    Type: String\n`;
  out += `Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\n`;
  out += `Globals:\n  Function:\n    Runtime: ${RUNTIMES[seed % RUNTIMES.length]}\n    Timeout: 10\n    MemorySize: 256\n`;
  if (seed % 3 !== 0) out += `    Tracing: Active\n`;
  out += `    Environment:\n      Variables:\n        STAGE: !Ref Stage\n        LOG_LEVEL: info\n`;
  out += `Resources:\n`;
  for (let i = 0; i < functions; i++) {
    // lambda-lint-disable comments on some functions exercise the suppression path.
    if (i % 7 === 3) out += `  # lambda-lint-disable-next-line concurrency-limit -- shared pool on purpose\n`;
    out += `  Function${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: src/handler${i}.handler\n      CodeUri: ./\n`;
    if (i % 2 === 0) out += `      ReservedConcurrentExecutions: ${i + 1}\n`;
    out += `      Policies:\n        - SQSSendMessagePolicy:\n            QueueName: !GetAtt Queue${i}.QueueName\n`;
    if (i % 3 === 0)
      out += `      DeadLetterQueue:\n        Type: SQS\n        TargetArn: !GetAtt Dlq${i}.Arn\n`;
    if (i % 5 === 1)
      out += `      AutoPublishAlias: live\n      DeploymentPreference:\n        Type: Canary10Percent5Minutes\n`;
    out += `      Environment:\n        Variables:\n          TABLE: !Ref Table\n          URL: !Sub 'https://\${AWS::Region}.example.com/${i}'\n          MODE: !If [IsProd, fast, slow]\n`;
    out += `      Events:\n`;
    switch (i % 4) {
      case 0:
        out += `        Queue:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Queue${i}.Arn\n            BatchSize: 10\n`;
        break;
      case 1:
        out += `        Api:\n          Type: Api\n          Properties:\n            Path: /items/${i}\n            Method: get\n`;
        break;
      case 2:
        out += `        Upload:\n          Type: S3\n          Properties:\n            Bucket: !Ref Bucket\n            Events: s3:ObjectCreated:*\n`;
        break;
      default:
        out += `        Stream:\n          Type: Kinesis\n          Properties:\n            Stream: !GetAtt Stream.Arn\n            StartingPosition: LATEST\n`;
    }
    out += `  Queue${i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: ${i % 2 ? 30 : 60}\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Dlq${i}.Arn\n        maxReceiveCount: 5\n`;
    out += `  Dlq${i}:\n    Type: AWS::SQS::Queue\n`;
  }
  out += `  Bucket:\n    Type: AWS::S3::Bucket\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n`;
  out += `  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n`;
  out += `Outputs:\n  Arn:\n    Value: !GetAtt Function0.Arn\n    Export:\n      Name: !Join ['-', [!Ref 'AWS::StackName', arn]]\n`;
  return out;
}

function cfnTemplate(seed) {
  const functions = 2 + (seed % 6);
  let out = `AWSTemplateFormatVersion: '2010-09-09'\nDescription: generated CloudFormation template ${seed}\nResources:\n`;
  out += `  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n`;
  out += `  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 20\n`;
  for (let i = 0; i < functions; i++) {
    out += `  Fn${i}:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: fn-${seed}-${i}\n      Runtime: ${RUNTIMES[(seed + i) % RUNTIMES.length]}\n      Handler: index.handler\n      Role: !GetAtt Role.Arn\n      Timeout: ${5 + i * 10}\n`;
    out += `      Code:\n        S3Bucket: artifacts-bucket\n        S3Key: fn${i}.zip\n`;
    if (i % 2) out += `      TracingConfig:\n        Mode: Active\n      ReservedConcurrentExecutions: 5\n`;
    out += `      Environment:\n        Variables:\n          DB_PASSWORD: ${i % 3 === 0 ? 'hunter2-literal' : '!Ref DbSecret'}\n`;
    if (i % 2 === 0) {
      out += `  Fn${i}Mapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      FunctionName: !Ref Fn${i}\n      EventSourceArn: !GetAtt Queue.Arn\n`;
    } else {
      out += `  Fn${i}FromSns:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !GetAtt Fn${i}.Arn\n      Principal: sns.amazonaws.com\n`;
      out += `  Fn${i}Failures:\n    Type: AWS::Lambda::EventInvokeConfig\n    Properties:\n      FunctionName: !Ref Fn${i}\n      Qualifier: $LATEST\n      DestinationConfig:\n        OnFailure:\n          Destination: !GetAtt Queue.Arn\n`;
    }
  }
  return out;
}

function serverlessTemplate(seed) {
  const functions = 2 + (seed % 6);
  let out = `service: generated-${seed}\nframeworkVersion: '3'\ncustom:\n  stage: \${opt:stage, 'dev'}\n  table: items-\${self:custom.stage}\n`;
  out += `provider:\n  name: aws\n  runtime: ${RUNTIMES[seed % 3]}\n  stage: \${self:custom.stage}\n  memorySize: 512\n  logRetentionInDays: 14\n`;
  if (seed % 2) out += `  tracing:\n    lambda: true\n`;
  out += `  environment:\n    TABLE: \${self:custom.table}\n    API_KEY: \${ssm:/generated/api-key}\nfunctions:\n`;
  for (let i = 0; i < functions; i++) {
    out += `  fn${i}:\n    handler: src/fn${i}.handler\n    timeout: ${6 + i * 5}\n`;
    if (i % 3 === 0) out += `    reservedConcurrency: 3\n`;
    if (i % 4 === 1) out += `    onError: arn:aws:sns:eu-west-1:123456789012:failures\n`;
    out += `    events:\n`;
    if (i % 3 === 0) out += `      - sqs:\n          arn: !GetAtt Queue.Arn\n          batchSize: 5\n`;
    else if (i % 3 === 1) out += `      - schedule: rate(5 minutes)\n`;
    else out += `      - httpApi:\n          path: /fn${i}\n          method: get\n`;
  }
  out += `resources:\n  Resources:\n    Queue:\n      Type: AWS::SQS::Queue\n      Properties:\n        VisibilityTimeout: 30\n`;
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs every candidate once per round, `rounds` rounds after one warm-up, alternating the order
 * each round; returns each candidate's times (ms) by round, so ratios can be taken round by round.
 */
async function alternatingRounds(candidates) {
  const names = Object.keys(candidates);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await candidates[name]();
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      if (round > 0) {
        times[name].push(ms);
        // CPU time of this process (all its threads: GC helpers, file reads), which other processes' load barely moves.
        (times[`${name}Cpu`] ??= []).push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  return times;
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (values) => values.map((v) => v.toFixed(2)).join(', ');

const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-iac-bench-'));
try {
  const files = [];
  for (let i = 0; i < templateCount; i++) {
    const kind = i % 3;
    const sub = path.join(dir, `project-${i}`);
    mkdirSync(sub);
    const file = path.join(sub, kind === 2 ? 'serverless.yml' : 'template.yaml');
    writeFileSync(file, kind === 0 ? samTemplate(i) : kind === 1 ? cfnTemplate(i) : serverlessTemplate(i));
    files.push(file);
  }
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + t.length, 0);

  // The configuration view the CLI builds (no config file: every rule at its defaults).
  const config = createConfigView({ dir, config: {} }, iacRules, dir);
  let findings = 0;
  const ms = await alternatingRounds({
    parse: () => {
      for (const text of texts) YAML.parseDocument(text);
    },
    scan: async () => {
      const result = await iacScanner.scan({ paths: ['.'], cwd: dir, config });
      if (result.filesScanned !== templateCount)
        throw new Error(`scanned ${result.filesScanned} of ${templateCount} files`);
      findings = result.findings.length;
    },
  });
  // Secondary baselines, measured after the main comparison so they do not sit between its rounds.
  const others = await alternatingRounds({
    // The stricter baseline: the CloudFormation tags registered, so no "unresolved tag" warnings are built.
    strictParse: () => {
      for (const text of texts) YAML.parseDocument(text, STRICT_OPTIONS);
    },
    readParse: () => {
      for (const file of files) YAML.parseDocument(readFileSync(file, 'utf8'));
    },
  });
  const scanRatios = ms.scan.map((scan, i) => scan / ms.parse[i]);
  console.log(
    `1) ${templateCount} templates (SAM / CloudFormation / Serverless), ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${findings} findings, ${rounds} alternating rounds`,
  );
  console.log(
    `   yaml.parseDocument of the texts: median ${median(ms.parse).toFixed(0)} ms (with the CloudFormation tags registered: ${median(others.strictParse).toFixed(0)} ms; read + parse: ${median(others.readParse).toFixed(0)} ms)`,
  );
  console.log(
    `   full scan (discover + read + load + model + ${iacRules.length} rules + suppressions): median ${median(ms.scan).toFixed(0)} ms`,
  );
  console.log(`   per-round ratios full scan / parseDocument: ${fmt(scanRatios)}`);
  console.log(
    `   RATIO full scan / parseDocument, wall clock (median of ${rounds} rounds): ${median(scanRatios).toFixed(2)}x (bar < 1.5x); vs tagged parse: ${(median(ms.scan) / median(others.strictParse)).toFixed(2)}x; vs read + parse: ${(median(ms.scan) / median(others.readParse)).toFixed(2)}x`,
  );
  const scanCpuRatios = ms.scanCpu.map((scan, i) => scan / ms.parseCpu[i]);
  console.log(
    `   RATIO full scan / parseDocument, CPU time (median of ${rounds} rounds; per round ${fmt(scanCpuRatios)}): ${median(scanCpuRatios).toFixed(2)}x`,
  );

  // 2) Scaling: the 500- and 5,000-function templates scanned alternately in every round.
  const small = samTemplate(500, 500);
  const large = samTemplate(5000, 5000);
  const scaling = await alternatingRounds({
    f500: () => scanTemplateText(small, 'template.yaml', 'yaml', config),
    f5000: () => scanTemplateText(large, 'template.yaml', 'yaml', config),
  });
  const perFunction500 = scaling.f500.map((t) => t / 500);
  const perFunction5000 = scaling.f5000.map((t) => t / 5000);
  for (const [n, text, perFunction] of [
    [500, small, perFunction500],
    [5000, large, perFunction5000],
  ]) {
    const start = performance.now();
    YAML.parseDocument(text);
    const parseMs = performance.now() - start;
    console.log(
      `2) one template, ${n} functions (${(text.length / 1024 / 1024).toFixed(1)} MiB): scan median ${(median(perFunction) * n).toFixed(0)} ms = ${(median(perFunction) * 1000).toFixed(1)} µs/function (yaml.parseDocument alone, one run: ${parseMs.toFixed(0)} ms = ${((parseMs / n) * 1000).toFixed(1)} µs/function)`,
    );
  }
  const scalingRatios = perFunction5000.map((t, i) => t / perFunction500[i]);
  console.log(`   per-round ratios µs/function 5000 / 500: ${fmt(scalingRatios)}`);
  console.log(
    `   RATIO time per function at 5000 vs 500 functions, wall clock (median of ${rounds} rounds): ${median(scalingRatios).toFixed(2)}x (1.00 = perfectly linear)`,
  );
  const cpuPerFunction500 = scaling.f500Cpu.map((t) => t / 500);
  const cpuPerFunction5000 = scaling.f5000Cpu.map((t) => t / 5000);
  const cpuScalingRatios = cpuPerFunction5000.map((t, i) => t / cpuPerFunction500[i]);
  console.log(
    `   CPU time per function: ${(median(cpuPerFunction500) * 1000).toFixed(1)} µs at 500, ${(median(cpuPerFunction5000) * 1000).toFixed(1)} µs at 5000`,
  );
  console.log(
    `   RATIO time per function at 5000 vs 500 functions, CPU time (median of ${rounds} rounds; per round ${fmt(cpuScalingRatios)}): ${median(cpuScalingRatios).toFixed(2)}x`,
  );

  const bin = path.join(root, 'packages/cli/dist/bundled/bin.mjs');
  if (existsSync(bin)) {
    const one = files[0];
    const times = [];
    let status;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const run = spawnSync(process.execPath, [bin, 'iac', one], { cwd: dir, encoding: 'utf8' });
      times.push(performance.now() - start);
      status = run.status;
    }
    times.sort((a, b) => a - b);
    console.log(
      `3) CLI "lambda-lint iac" on one template incl. Node start-up: median ${times[2].toFixed(0)} ms, best ${times[0].toFixed(0)} ms (exit ${status}; bar < 150 ms)`,
    );
    const start = performance.now();
    spawnSync(process.execPath, ['-e', ''], { encoding: 'utf8' });
    console.log(`   (bare "node -e ''" on this machine: ${(performance.now() - start).toFixed(0)} ms)`);
  } else {
    console.log(
      '3) packages/cli/dist/bundled/bin.mjs not built (pnpm build): CLI timing skipped; see also bench/cli-one-template.mjs',
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
