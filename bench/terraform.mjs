// Benchmark: Terraform scanning against the chosen parser alone (the Lezer HCL grammar), in the same process.
// 1) 1,000 generated .tf files (100 root modules of 10 files): full scan (discover + read + parse + model +
//    every rule + suppressions) vs reading and parsing the same files with the parser only. Bar: <= 1.5x.
// 2) One root module through the CLI (Node start-up included) vs `node -e 0` plus the parse of that
//    module's files. Bar: <= 2x.
// Run after `pnpm build`: node bench/terraform.mjs [rounds=5]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadText, repo } from './bench-lib.mjs';

const require = createRequire(path.join(repo, 'packages/iac/package.json'));
const { hclLanguage } = await import(pathToFileURL(require.resolve('codemirror-lang-hcl')).href);
const { iacScanner, iacRules } = await import(path.join(repo, 'packages/iac/dist/index.js'));
const { defaultConfigView } = await import(path.join(repo, 'packages/core/dist/index.js'));
const cli = path.join(repo, 'packages/cli/dist/bundled/bin.mjs');

const rounds = Math.max(3, Number(process.argv[2] ?? 5));
const MODULES = 100;
const FILES_PER_MODULE = 10;
const RUNTIMES = ['nodejs22.x', 'nodejs20.x', 'python3.12', 'python3.9', 'java21'];

/** One generated file: a function with its triggers, a queue, variables and locals, comments and a heredoc. */
function generatedFile(moduleIndex, fileIndex) {
  const n = `${moduleIndex}_${fileIndex}`;
  const traced = fileIndex % 3 !== 0;
  return `# generated module ${moduleIndex}, file ${fileIndex}
variable "timeout_${fileIndex}" {
  type    = number
  default = ${10 + fileIndex}
}

locals {
  name_${fileIndex} = "fn-${n}-\${var.stage}"
}

resource "aws_lambda_function" "fn_${fileIndex}" {
  function_name = local.name_${fileIndex}
  role          = aws_iam_role.lambda.arn
  runtime       = "${RUNTIMES[(moduleIndex + fileIndex) % RUNTIMES.length]}"
  handler       = "index.handler"
  filename      = "build/fn_${fileIndex}.zip"
  timeout       = var.timeout_${fileIndex}
  memory_size   = 256
${fileIndex % 2 === 0 ? `  reserved_concurrent_executions = ${fileIndex + 1}\n` : ''}${traced ? '  tracing_config {\n    mode = "Active"\n  }\n' : ''}
  environment {
    variables = {
      TABLE = aws_dynamodb_table.main.name
      STAGE = var.stage
    }
  }

  tags = merge(local.common_tags, { Name = "fn-${n}" })
}

resource "aws_sqs_queue" "q_${fileIndex}" {
  name                       = "q-${n}"
  visibility_timeout_seconds = ${fileIndex % 4 === 0 ? 30 : 180}
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_lambda_event_source_mapping" "q_${fileIndex}" {
  event_source_arn = aws_sqs_queue.q_${fileIndex}.arn
  function_name    = aws_lambda_function.fn_${fileIndex}.arn
  batch_size       = 10
}

# lambda-lint-disable-next-line async-failure-destination -- replayed from the bucket
resource "aws_lambda_permission" "s3_${fileIndex}" {
  function_name = aws_lambda_function.fn_${fileIndex}.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.uploads.arn
}

resource "aws_iam_policy" "p_${fileIndex}" {
  policy = <<-EOT
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "\${aws_sqs_queue.q_${fileIndex}.arn}"}]}
  EOT
}
`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-bench-tf-'));
try {
  const files = [];
  for (let m = 0; m < MODULES; m++) {
    const moduleDir = path.join(dir, `module-${String(m).padStart(3, '0')}`);
    mkdirSync(moduleDir);
    writeFileSync(path.join(moduleDir, 'variables.tf'), 'variable "stage" {\n  type = string\n}\n');
    for (let f = 0; f < FILES_PER_MODULE - 1; f++) {
      const file = path.join(moduleDir, `fn_${f}.tf`);
      writeFileSync(file, generatedFile(m, f));
      files.push(file);
    }
    files.push(path.join(moduleDir, 'variables.tf'));
  }
  const bytes = files.reduce((sum, f) => sum + readFileSync(f).length, 0);
  console.log(
    `Terraform bench: ${files.length} .tf files in ${MODULES} root modules, ${(bytes / 1024).toFixed(0)} KiB, ${rounds} rounds, ${loadText()}`,
  );
  console.log('(other helpers may be loading this 2-core machine: compare the ratios, not the times)');

  const parseOnly = () => {
    for (const file of files) {
      const tree = hclLanguage.parser.parse(readFileSync(file, 'utf8'));
      if (tree.length === 0) throw new Error('empty parse');
    }
  };
  const config = defaultConfigView(iacRules);
  let findings = 0;
  const fullScan = async () => {
    const result = await iacScanner.scan({ paths: ['.'], cwd: dir, config });
    findings = result.findings.length;
  };

  // Warm both paths (JIT, module loading) before measuring.
  parseOnly();
  await fullScan();
  const parseMs = [];
  const scanMs = [];
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate the order so neither side always runs on a warmer (or more loaded) machine.
    const order = r % 2 === 0 ? ['parse', 'scan'] : ['scan', 'parse'];
    const times = {};
    for (const which of order) {
      const start = performance.now();
      if (which === 'parse') parseOnly();
      else await fullScan();
      times[which] = performance.now() - start;
    }
    parseMs.push(times.parse);
    scanMs.push(times.scan);
    ratios.push(times.scan / times.parse);
  }
  console.log(
    `1) read + Lezer parse of the files: median ${median(parseMs).toFixed(0)} ms [${parseMs.map((v) => v.toFixed(0)).join(' ')}]`,
  );
  console.log(
    `   full scan (${iacRules.length} rules, ${findings} findings): median ${median(scanMs).toFixed(0)} ms [${scanMs.map((v) => v.toFixed(0)).join(' ')}]`,
  );
  console.log(
    `   RATIO full scan / parse alone: ${median(ratios).toFixed(2)}x (per round ${ratios.map((v) => v.toFixed(2)).join(' ')}; bar <= 1.5x)`,
  );

  // 2) One folder through the CLI vs `node -e` running only the parse of that folder's files (a fresh process
  //    each: the grammar is imported and the parser is cold, as in the CLI), and vs `node -e 0` plus the warm parse.
  const one = path.join(dir, 'module-000');
  const oneFiles = readdirSync(one).map((f) => path.join(one, f));
  const parseScript = `const { hclLanguage } = await import(${JSON.stringify(pathToFileURL(require.resolve('codemirror-lang-hcl')).href)});
const fs = await import('node:fs');
for (const f of ${JSON.stringify(oneFiles)}) hclLanguage.parser.parse(fs.readFileSync(f, 'utf8'));`;
  const timeProcess = (argv) => {
    const start = performance.now();
    const run = spawnSync(process.execPath, argv, { cwd: one, encoding: 'utf8' });
    if (run.error) throw run.error;
    return { ms: performance.now() - start, status: run.status };
  };
  const cliMs = [];
  const nodeMs = [];
  const coldParseMs = [];
  const warmParseMs = [];
  const coldRatios = [];
  const warmRatios = [];
  let status;
  for (let r = 0; r < Math.max(rounds, 7); r++) {
    const node = timeProcess(['-e', '0']).ms;
    const cold = timeProcess(['--input-type=module', '-e', parseScript]).ms;
    const run = timeProcess([cli, 'iac', '.']);
    status = run.status;
    const start = performance.now();
    for (const file of oneFiles) hclLanguage.parser.parse(readFileSync(file, 'utf8'));
    const warm = performance.now() - start;
    nodeMs.push(node);
    coldParseMs.push(cold);
    cliMs.push(run.ms);
    warmParseMs.push(warm);
    coldRatios.push(run.ms / cold);
    warmRatios.push(run.ms / (node + warm));
  }
  console.log(
    `2) CLI "lambda-lint iac <folder>" (${oneFiles.length} files, exit ${status}): median ${median(cliMs).toFixed(0)} ms; node -e 0: ${median(nodeMs).toFixed(0)} ms; node -e <import the grammar, parse the folder>: ${median(coldParseMs).toFixed(0)} ms; warm in-process parse of the folder: ${median(warmParseMs).toFixed(1)} ms`,
  );
  console.log(
    `   RATIO CLI / (node -e 0 + the parse, in a fresh process): ${median(coldRatios).toFixed(2)}x (per round ${coldRatios.map((v) => v.toFixed(2)).join(' ')}; bar <= 2x)`,
  );
  console.log(
    `   ratio CLI / (node -e 0 + the warm in-process parse): ${median(warmRatios).toFixed(2)}x (per round ${warmRatios.map((v) => v.toFixed(2)).join(' ')})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
