import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfigView, type Finding } from '@lambda-lint/core';
import { iacRules, iacScanner, loadTemplateModel } from '../../src/index.js';
import { parseHcl } from '../../src/terraform/hcl-parse.js';
import { parseTerraformJson } from '../../src/terraform/hcl-json.js';

const config = defaultConfigView(iacRules);
const roots: string[] = [];

/** Writes files (paths may have folders) into a fresh folder. */
function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-tf-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** Writes a root module into a fresh folder and scans it as the CLI does. */
async function scanModule(files: Record<string, string>, target = '.'): Promise<Finding[]> {
  return (await iacScanner.scan({ paths: [target], cwd: writeTree(files), config })).findings;
}

async function modelOf(files: Record<string, string>) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-tf-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  return (await loadTemplateModel(root, '.')).model!;
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const ids = (findings: Finding[]) => findings.map((f) => `${f.ruleId}@${f.file}:${f.range.line}`);

/** An S3-triggered function: tracing, DLQ and concurrency findings are certain unless the test sets them. */
function triggered(fnBody: string): string {
  return `resource "aws_lambda_function" "fn" {
  function_name = "fn"
  runtime       = "nodejs24.x"
  handler       = "index.handler"
  filename      = "fn.zip"
${fnBody}
}

resource "aws_lambda_permission" "s3" {
  function_name = aws_lambda_function.fn.function_name
  principal     = "s3.amazonaws.com"
}
`;
}

describe('HCL parsing', () => {
  it('reads heredocs, comments, templates, escapes and nested blocks with positions', () => {
    const result = parseHcl(`# comment
/* block
   comment */
resource "aws_lambda_function" "a" { // trailing
  description = <<-EOT
    line one
      line two
    EOT
  name = "x-\${var.stage}-\\"q\\" $\${literal}"
  tracing_config {
    mode = "Active"
  }
}
`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const block = result.body.blocks[0]!;
    expect(block.labels).toEqual(['aws_lambda_function', 'a']);
    expect(block.headerRange).toMatchObject({ line: 4, column: 1, endLine: 4, endColumn: 35 });
    const [description, name] = block.body.attributes;
    expect(description!.expr).toMatchObject({ kind: 'template', parts: ['line one\n  line two\n'] });
    expect(description!.range).toMatchObject({ line: 5, column: 3 });
    expect(name!.expr).toMatchObject({
      kind: 'template',
      parts: ['x-', { kind: 'traversal', root: 'var', path: ['stage'] }, '-"q" ${literal}'],
    });
    expect(block.body.blocks[0]!.body.attributes[0]!.range).toMatchObject({
      line: 11,
      column: 5,
      endColumn: 20,
    });
  });

  it('a syntax error is a failure at its line; a repeated attribute too', () => {
    const broken = parseHcl('resource "a" "b" {\n  x = \n}\n');
    expect(broken).toMatchObject({ ok: false, range: { line: 3 } });
    const repeated = parseHcl('locals {\n  a = 1\n  a = 2\n}\n');
    expect(repeated).toMatchObject({
      ok: false,
      range: { line: 3 },
      message: expect.stringContaining('`a` is set twice'),
    });
  });

  it('accepts what the grammar alone rejects but Terraform takes: 1e3, and in / if as keys', () => {
    const result = parseHcl('a = 1e3\nb = { in = 80, if = 2 }\nc = 2E+2\nin = "x"\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body.attributes.map((a) => a.name)).toEqual(['a', 'b', 'c', 'in']);
    expect(result.body.attributes[0]!.expr).toMatchObject({ kind: 'literal', value: 1000 });
    expect(result.body.attributes[1]!.expr).toMatchObject({
      kind: 'object',
      entries: [
        { key: 'in', value: { value: 80 } },
        { key: 'if', value: { value: 2 } },
      ],
    });
    expect(result.body.attributes[2]!.expr).toMatchObject({ kind: 'literal', value: 200 });
    // A real error is still reported where it is.
    expect(parseHcl('a = 1e3\nb = \n')).toMatchObject({ ok: false, range: { line: 3 } });
  });

  it('reads the JSON syntax with `${…}` references', () => {
    const result = parseTerraformJson(
      '{"resource": {"aws_lambda_function": {"a": {"timeout": 30, "role": "${aws_iam_role.r.arn}", "tracing_config": {"mode": "Active"}}}}}',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const block = result.body.blocks[0]!;
    expect(block.labels).toEqual(['aws_lambda_function', 'a']);
    expect(block.body.attributes.find((a) => a.name === 'role')!.expr).toMatchObject({
      kind: 'traversal',
      root: 'aws_iam_role',
      path: ['r', 'arn'],
    });
  });
});

describe('Terraform values', () => {
  it('variables with defaults, terraform.tfvars and *.auto.tfvars (later wins) and locals are literals', async () => {
    const model = await modelOf({
      'main.tf': `resource "aws_lambda_function" "fn" {
  runtime     = var.runtime
  timeout     = local.timeout
  memory_size = var.memory
  handler     = var.handler
}
locals {
  timeout = var.base_timeout * 2
}
variable "runtime" { default = "nodejs20.x" }
variable "memory" {}
variable "handler" { default = "a.b" }
variable "base_timeout" { default = 10 }
`,
      'terraform.tfvars': 'memory = 256\nhandler = "x.y"\n',
      'prod.auto.tfvars': 'handler = "z.handler"\n',
    });
    const fn = model.functions[0]!;
    expect(fn.runtime).toMatchObject({ state: 'set', value: 'nodejs20.x', origin: { range: { line: 2 } } });
    expect(fn.memorySize).toMatchObject({ state: 'set', value: 256 });
    expect(fn.handler).toMatchObject({ state: 'set', value: 'z.handler' });
    // Arithmetic is not evaluated: dynamic, never a literal.
    expect(fn.timeout).toMatchObject({ state: 'dynamic' });
  });

  it('unknowns are dynamic and never reported: variables without default, data sources, functions, dynamic blocks', async () => {
    const findings = await scanModule({
      'main.tf': triggered(`  timeout                        = var.timeout
  reserved_concurrent_executions = data.aws_ssm_parameter.limit.value
  dynamic "tracing_config" {
    for_each = var.tracing ? [1] : []
    content {
      mode = "Active"
    }
  }
  dead_letter_config {
    target_arn = lookup(var.dlqs, "fn")
  }
  environment {
    variables = {
      DB_PASSWORD = var.db_password
      API_KEY     = data.aws_secretsmanager_secret_version.key.secret_string
    }
  }`),
      'variables.tf':
        'variable "timeout" {}\nvariable "tracing" {}\nvariable "dlqs" {}\nvariable "db_password" {}\n',
    });
    expect(ids(findings)).toEqual([]);
  });

  it('reserved_concurrent_executions = -1 means unreserved', async () => {
    const findings = await scanModule({
      'main.tf': triggered(`  reserved_concurrent_executions = -1
  tracing_config {
    mode = "Active"
  }
  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }`),
    });
    expect(ids(findings)).toEqual(['concurrency-limit@main.tf:1']);
  });

  it('count = 0 deploys nothing; an unknown count keeps the function', async () => {
    const none = await scanModule({ 'main.tf': triggered('  count = 0') });
    expect(ids(none)).toEqual([]);
    const some = await scanModule({
      'main.tf': triggered('  count = var.enabled ? 1 : 0'),
      'v.tf': 'variable "enabled" {}\n',
    });
    expect(ids(some)).toEqual([
      'async-failure-destination@main.tf:1',
      'concurrency-limit@main.tf:1',
      'tracing-active@main.tf:1',
    ]);
  });

  it('joins triggers by literal function name and ARN as well as by reference', async () => {
    const model = await modelOf({
      'main.tf': `resource "aws_lambda_function" "fn" {
  function_name = "orders"
}
resource "aws_lambda_permission" "sns" {
  function_name = "orders"
  principal     = "sns.amazonaws.com"
}
resource "aws_cloudwatch_event_rule" "nightly" {
  schedule_expression = "cron(0 3 * * ? *)"
}
resource "aws_cloudwatch_event_rule" "audit" {
  event_pattern = jsonencode({ source = ["aws.s3"] })
}
resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
}
resource "aws_cloudwatch_event_target" "audit" {
  rule = aws_cloudwatch_event_rule.audit.name
  arn  = aws_lambda_function.fn.arn
}
resource "aws_scheduler_schedule" "hourly" {
  schedule_expression = "rate(1 hour)"
  target {
    arn = aws_lambda_function.fn.arn
  }
}
`,
    });
    expect(model.functions[0]!.events.map((e) => [e.id, e.type, e.invocation])).toEqual([
      ['aws_lambda_permission.sns', 'Permission:sns', 'asynchronous'],
      ['aws_cloudwatch_event_target.nightly', 'Schedule', 'asynchronous'],
      ['aws_cloudwatch_event_target.audit', 'EventBridgeRule', 'asynchronous'],
      ['aws_scheduler_schedule.hourly', 'ScheduleV2', 'asynchronous'],
    ]);
  });

  it("an API integration's own timeout_milliseconds is the limit the function timeout is checked against", async () => {
    const module = (fnTimeout: number, integrationMs: string) => ({
      'main.tf': `resource "aws_lambda_function" "api" {
  function_name = "api"
  timeout       = ${fnTimeout}
}
resource "aws_api_gateway_integration" "api" {
  type                 = "AWS_PROXY"
  uri                  = aws_lambda_function.api.invoke_arn
  timeout_milliseconds = ${integrationMs}
}
`,
      'v.tf': 'variable "ms" {}\n',
    });
    const short = (await scanModule(module(20, '10000'))).filter((f) => f.ruleId === 'timeout-alignment');
    expect(short.map((f) => [f.range.line, f.message.match(/stops waiting after \d+ s/)?.[0]])).toEqual([
      [3, 'stops waiting after 10 s'],
    ]);
    const raised = (await scanModule(module(40, '60000'))).filter((f) => f.ruleId === 'timeout-alignment');
    expect(raised).toEqual([]);
    const unknown = (await scanModule(module(40, 'var.ms'))).filter((f) => f.ruleId === 'timeout-alignment');
    expect(unknown).toEqual([]);
    const defaulted = (await scanModule(module(40, 'null'))).filter((f) => f.ruleId === 'timeout-alignment');
    expect(defaulted.map((f) => f.message.match(/stops waiting after \d+ s/)?.[0])).toEqual([
      'stops waiting after 29 s',
    ]);
  });

  it('layers from aws_lambda_layer_version join the functions that list them, with their package', async () => {
    const model = await modelOf({
      'main.tf': `resource "aws_lambda_layer_version" "deps" {
  layer_name = "deps"
  filename   = data.archive_file.deps.output_path
}
data "archive_file" "deps" {
  type        = "zip"
  source_dir  = "\${path.module}/layers/deps"
  output_path = "build/deps.zip"
}
resource "aws_lambda_function" "fn" {
  layers = [aws_lambda_layer_version.deps.arn, "arn:aws:lambda:eu-west-1:123456789012:layer:x:1"]
}
`,
    });
    expect(model.layers.get('aws_lambda_layer_version.deps')).toMatchObject({
      name: 'deps',
      content: { state: 'set', value: { type: 'path', path: 'layers/deps' } },
    });
    expect(model.functions[0]!.layers).toMatchObject({
      state: 'set',
      value: [
        { logicalId: 'aws_lambda_layer_version.deps' },
        { text: 'arn:aws:lambda:eu-west-1:123456789012:layer:x:1' },
      ],
    });
  });

  it('a permission that only allows a trigger already seen (a schedule) is not a second, pattern-like trigger', async () => {
    const model = await modelOf({
      'main.tf': `resource "aws_lambda_function" "fn" {
  function_name = "fn"
}
resource "aws_cloudwatch_event_rule" "nightly" {
  schedule_expression = "cron(0 3 * * ? *)"
}
resource "aws_cloudwatch_event_rule" "other" {
  event_pattern = "{}"
}
resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.fn.arn
}
resource "aws_lambda_permission" "nightly" {
  function_name = aws_lambda_function.fn.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.nightly.arn
}
resource "aws_lambda_permission" "other" {
  function_name = aws_lambda_function.fn.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.other.arn
}
`,
    });
    expect(model.functions[0]!.events.map((e) => [e.id, e.type])).toEqual([
      ['aws_cloudwatch_event_target.nightly', 'Schedule'],
      ['aws_lambda_permission.other', 'Permission:events'],
    ]);
  });

  it('an SNS topic that reaches the function through an SQS queue is a poll source, not an async one', async () => {
    const model = await modelOf({
      'main.tf': `resource "aws_lambda_function" "fn" {}
resource "aws_sns_topic_subscription" "to_queue" {
  topic_arn = aws_sns_topic.t.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.q.arn
}
resource "aws_sqs_queue" "q" {}
resource "aws_lambda_event_source_mapping" "q" {
  event_source_arn = aws_sqs_queue.q.arn
  function_name    = aws_lambda_function.fn.arn
  scaling_config {
    maximum_concurrency = 5
  }
}
`,
    });
    const [event] = model.functions[0]!.events;
    expect(model.functions[0]!.events).toHaveLength(1);
    expect(event).toMatchObject({
      type: 'SQS',
      invocation: 'poll',
      maximumConcurrency: { state: 'set', value: 5 },
    });
  });
});

describe('Terraform modules', () => {
  it('follows a local module output to the function it names', async () => {
    const findings = await scanModule({
      'main.tf': `module "worker" {
  source = "./modules/worker"
  name   = "worker"
}
resource "aws_lambda_permission" "events" {
  function_name = module.worker.function_name
  principal     = "events.amazonaws.com"
}
`,
      'modules/worker/main.tf': `variable "name" {}
resource "aws_lambda_function" "this" {
  function_name = var.name
  runtime       = "nodejs24.x"
  tracing_config {
    mode = "Active"
  }
}
output "function_name" {
  value = aws_lambda_function.this.function_name
}
`,
    });
    expect(findings.map((f) => [f.ruleId, f.file, f.range.line, f.subject?.id])).toEqual([
      ['async-failure-destination', 'modules/worker/main.tf', 2, 'module.worker.aws_lambda_function.this'],
      ['concurrency-limit', 'modules/worker/main.tf', 2, 'module.worker.aws_lambda_function.this'],
    ]);
    expect(findings[0]!.message).toContain(
      'EventBridge permission aws_lambda_permission.events at main.tf:5',
    );
  });
});

describe('terraform-aws-modules/lambda/aws', () => {
  it('maps its inputs, also when used from a local copy, and its stream mappings with destination_arn_on_failure', async () => {
    const model = await modelOf({
      'main.tf': `module "stream" {
  source                         = "terraform-aws-modules/lambda/aws"
  version                        = "7.2.1"
  function_name                  = "stream"
  runtime                        = "python3.13"
  tracing_mode                   = "PassThrough"
  reserved_concurrent_executions = -1
  event_source_mapping = {
    clicks = {
      event_source_arn           = aws_kinesis_stream.clicks.arn
      destination_arn_on_failure = aws_sqs_queue.failed.arn
      scaling_config = {
        maximum_concurrency = 4
      }
    }
  }
}
module "layer" {
  source       = "terraform-aws-modules/lambda/aws"
  create_layer = true
  layer_name   = "deps"
}
module "off" {
  source = "terraform-aws-modules/lambda/aws"
  create = false
}
resource "aws_kinesis_stream" "clicks" {}
resource "aws_sqs_queue" "failed" {}
`,
    });
    expect(model.functions.map((f) => f.id)).toEqual(['module.stream']);
    const fn = model.functions[0]!;
    expect(fn.tracing).toMatchObject({ state: 'set', value: 'PassThrough', origin: { range: { line: 6 } } });
    expect(fn.reservedConcurrency).toEqual({ state: 'unset' });
    expect(fn.events[0]).toMatchObject({
      type: 'Kinesis',
      onFailure: { state: 'set', value: { type: 'SQS', target: { logicalId: 'aws_sqs_queue.failed' } } },
      maximumConcurrency: { state: 'set', value: 4 },
    });
  });

  it('a local folder that declares the module inputs is read as the module', async () => {
    const root = writeTree({
      'examples/simple/main.tf': `module "fn" {
  source       = "../../"
  runtime      = "nodejs24.x"
  tracing_mode = "Active"
}
`,
      'variables.tf': [
        'source_path',
        'tracing_mode',
        'create_async_event_config',
        'allowed_triggers',
        'runtime',
      ]
        .map((v) => `variable "${v}" {\n  default = null\n}\n`)
        .join(''),
      'main.tf': `resource "aws_lambda_function" "this" {
  count = var.create ? 1 : 0
  dynamic "tracing_config" {
    for_each = var.tracing_mode == null ? [] : [true]
    content {
      mode = var.tracing_mode
    }
  }
}
`,
    });
    const { model } = await loadTemplateModel(path.join(root, 'examples/simple'), 'examples/simple');
    expect(model!.functions.map((f) => [f.id, f.resourceType, f.tracing.state])).toEqual([
      ['module.fn', 'module:terraform-aws-modules/lambda/aws', 'set'],
    ]);
  });
});

describe('Terraform files that cannot be read', () => {
  it('a broken file is a parse-error at its line and the other files are still scanned', async () => {
    const findings = await scanModule({
      'broken.tf': 'resource "aws_sqs_queue" "q" {\n  name = "q"\n  visibility_timeout_seconds =\n}\n',
      'main.tf': triggered(''),
    });
    expect(ids(findings)).toEqual([
      'parse-error@broken.tf:4',
      'async-failure-destination@main.tf:1',
      'concurrency-limit@main.tf:1',
      'tracing-active@main.tf:1',
    ]);
    expect(findings[0]).toMatchObject({ severity: 'error', fatal: true, tool: 'iac' });
  });

  it('an unreadable file is a parse-error with the reason', async () => {
    if (process.getuid?.() === 0) return; // root reads every file
    const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-tf-'));
    roots.push(root);
    writeFileSync(path.join(root, 'main.tf'), 'locals {}\n');
    chmodSync(path.join(root, 'main.tf'), 0);
    const { findings } = await iacScanner.scan({ paths: ['.'], cwd: root, config });
    expect(findings.map((f) => f.ruleId)).toEqual(['parse-error']);
  });

  it('suppression comments with # and // apply in .tf files', async () => {
    const findings = await scanModule({
      'main.tf': `# lambda-lint-disable-next-line tracing-active, concurrency-limit -- traced by the SDK wrapper
resource "aws_lambda_function" "fn" {
  function_name = "fn"
}
// lambda-lint-disable-next-line async-failure-destination -- failures are replayed from S3
resource "aws_lambda_function" "other" {
  function_name = "other"
}
resource "aws_lambda_permission" "a" {
  function_name = aws_lambda_function.fn.function_name
  principal     = "s3.amazonaws.com"
}
resource "aws_lambda_permission" "b" {
  function_name = aws_lambda_function.other.function_name
  principal     = "s3.amazonaws.com"
}
`,
    });
    expect(ids(findings)).toEqual([
      'async-failure-destination@main.tf:2',
      'concurrency-limit@main.tf:6',
      'tracing-active@main.tf:6',
    ]);
  });

  it('does not read .tf files the configuration ignores', async () => {
    const root = writeTree({ 'main.tf': triggered(''), 'generated.tf': 'resource "a" "b" {\n  x =\n}\n' });
    const ignoring = { ...config, isIgnored: (file: string) => file === 'generated.tf' };
    const { findings } = await iacScanner.scan({ paths: ['.'], cwd: root, config: ignoring });
    expect(findings.map((f) => f.ruleId)).toEqual([
      'async-failure-destination',
      'concurrency-limit',
      'tracing-active',
    ]);
  });

  it('skips .terraform/ and finds root modules below the given folder', async () => {
    const findings = await scanModule({
      'infra/main.tf': triggered(''),
      '.terraform/modules/x/main.tf': triggered(''),
    });
    expect(new Set(findings.map((f) => f.file))).toEqual(new Set(['infra/main.tf']));
  });
});

describe('unused Terraform suppressions', () => {
  it('are reported in the file they are in, once, with --report-unused-disable', async () => {
    const root = writeTree({
      'a/main.tf': '# lambda-lint-disable-next-line tracing-active -- nothing to trace\nlocals {}\n',
      'b/main.tf': 'locals {}\n',
    });
    const { findings } = await iacScanner.scan({
      paths: ['.'],
      cwd: root,
      config,
      reportUnusedDisable: true,
    });
    expect(findings.map((f) => [f.ruleId, f.file, f.range.line])).toEqual([
      ['unused-disable', 'a/main.tf', 1],
    ]);
  });
});
