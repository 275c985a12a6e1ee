// Micro-benchmark: @lambda-lint/iac loadText (parse + TNode tree with positions) against
// yaml.parseDocument alone, on the same generated corpus in the same process.
// Run after `npx tsc -b packages/iac`: node bench/iac-load.mjs [templates=1000] [rounds=3]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(new URL('../packages/iac/package.json', import.meta.url));
const YAML = require('yaml');
const { loadText } = await import('../packages/iac/dist/load/index.js');
const { CLOUDFORMATION_YAML_TAGS } = await import('../packages/iac/dist/load/intrinsics.js');

const templateCount = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 3);

function samTemplate(seed) {
  const functions = 3 + (seed % 8);
  let out = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nDescription: generated template ${seed}\n`;
  out += `Parameters:\n  Stage:\n    Type: String\n    Default: dev\n    AllowedValues: [dev, prod]\n`;
  out += `Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\n`;
  out += `Globals:\n  Function:\n    Runtime: nodejs20.x\n    Timeout: 10\n    MemorySize: 256\n    Tracing: Active\n    Environment:\n      Variables:\n        STAGE: !Ref Stage\n`;
  out += `Resources:\n`;
  for (let i = 0; i < functions; i++) {
    out += `  Function${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: src/handler${i}.handler\n      CodeUri: ./\n`;
    out += `      ReservedConcurrentExecutions: ${i + 1}\n      Policies:\n        - SQSSendMessagePolicy:\n            QueueName: !GetAtt Queue${i}.QueueName\n`;
    out += `      DeadLetterQueue:\n        Type: SQS\n        TargetArn: !GetAtt Dlq${i}.Arn\n`;
    out += `      Environment:\n        Variables:\n          TABLE: !Ref Table\n          URL: !Sub 'https://\${AWS::Region}.example.com/${i}'\n          MODE: !If [IsProd, fast, slow]\n`;
    out += `      Events:\n        Queue:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Queue${i}.Arn\n            BatchSize: 10\n`;
    out += `  Queue${i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Dlq${i}.Arn\n        maxReceiveCount: 5\n`;
    out += `  Dlq${i}:\n    Type: AWS::SQS::Queue\n`;
  }
  out += `  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n`;
  out += `Outputs:\n  Arn:\n    Value: !GetAtt Function0.Arn\n    Export:\n      Name: !Join ['-', [!Ref 'AWS::StackName', arn]]\n`;
  return out;
}

const yamlCorpus = Array.from({ length: templateCount }, (_, i) => samTemplate(i));
const jsonCorpus = yamlCorpus.map((text) =>
  JSON.stringify(YAML.parse(text, { customTags: cfnTagsAsStrings() }), null, 2),
);

function cfnTagsAsStrings() {
  const names = ['!Ref', '!GetAtt', '!Sub', '!If', '!Join', '!Equals'];
  return names.flatMap((tag) => [
    { tag, resolve: (s) => s },
    { tag, collection: 'seq', resolve: (seq) => seq },
  ]);
}

function time(fn, corpus) {
  const start = performance.now();
  for (const text of corpus) fn(text);
  return performance.now() - start;
}

// yaml.parseDocument as a user would call it (unknown !Tags cost a warning each), and with the
// loader's own CloudFormation tags registered and no warnings: the pure parse cost, the stricter baseline.
const strictOptions = {
  customTags: (defaults) => defaults.concat(CLOUDFORMATION_YAML_TAGS),
  prettyErrors: false,
};

function measure(label, corpus, format) {
  const plain = (text) => YAML.parseDocument(text);
  const strict = (text) => YAML.parseDocument(text, strictOptions);
  const candidate = (text) => {
    const result = loadText(text, 'template.' + format, format);
    if (!result.ok) throw new Error(result.finding.message);
  };
  // Warm up both, then alternate rounds and keep the best of each to damp noise from other processes.
  const best = { plain: Infinity, strict: Infinity, candidate: Infinity };
  for (let round = 0; round < rounds + 1; round++) {
    const plainMs = time(plain, corpus);
    const strictMs = time(strict, corpus);
    const candidateMs = time(candidate, corpus);
    if (round === 0) continue; // warm-up
    best.plain = Math.min(best.plain, plainMs);
    best.strict = Math.min(best.strict, strictMs);
    best.candidate = Math.min(best.candidate, candidateMs);
  }
  const bytes = corpus.reduce((n, t) => n + t.length, 0);
  console.log(
    `${label}: ${corpus.length} templates, ${(bytes / 1024 / 1024).toFixed(1)} MiB | parseDocument ${best.plain.toFixed(0)} ms, with CFN tags ${best.strict.toFixed(0)} ms | loadText ${best.candidate.toFixed(0)} ms` +
      ` | ratio ${(best.candidate / best.plain).toFixed(2)}x (vs CFN-tag parse ${(best.candidate / best.strict).toFixed(2)}x)`,
  );
}

measure('YAML', yamlCorpus, 'yaml');
measure('JSON', jsonCorpus, 'json');
