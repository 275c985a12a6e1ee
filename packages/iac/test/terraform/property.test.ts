import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfigView, runRules } from '@lambda-lint/core';
import { iacRules } from '../../src/index.js';
import { parseConfigText } from '../../src/terraform/module-files.js';
import { buildTerraformModel } from '../../src/terraform/normalize.js';

const VALID = `# orders service
variable "stage" {
  type    = string
  default = "dev"
}

locals {
  tags = { Service = "orders", Stage = var.stage }
}

resource "aws_lambda_function" "orders" {
  function_name = "orders-\${var.stage}"
  runtime       = "nodejs24.x"
  handler       = "index.handler"
  filename      = "build/orders.zip"
  timeout       = 30
  count         = var.stage == "prod" ? 1 : 0
  tags          = merge(local.tags, { Name = "orders" })
  policy        = <<-EOT
    {"Version": "2012-10-17", "Stage": "\${var.stage}"}
  EOT

  tracing_config {
    mode = "Active"
  }

  dynamic "vpc_config" {
    for_each = var.subnets == null ? [] : [1]
    content {
      subnet_ids         = var.subnets
      security_group_ids = [for g in var.groups : g.id if g.enabled]
    }
  }
}

resource "aws_lambda_permission" "s3" {
  function_name = aws_lambda_function.orders[0].function_name
  principal     = "s3.amazonaws.com"
}
`;

const config = defaultConfigView(iacRules);

/** Parses and, when the text parses, normalizes and runs every rule: nothing may throw. */
function check(text: string, file: string): void {
  const { file: parsed, error } = parseConfigText(text, file);
  if (error) {
    expect(parsed).toBeUndefined();
    expect(error).toMatchObject({ ruleId: 'parse-error', severity: 'error', fatal: true, file });
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.range.line).toBeGreaterThanOrEqual(1);
    expect(error.range.line).toBeLessThanOrEqual(text.split('\n').length);
    expect(error.range.column).toBeGreaterThanOrEqual(1);
    return;
  }
  const { model } = buildTerraformModel({
    root: { dir: '/nowhere', files: [parsed!], tfvars: [], errors: [] },
    display: '.',
    readModule: (dir) => ({ dir, files: [], tfvars: [], errors: [] }),
    displayOf: (p) => p,
  });
  for (const finding of runRules(iacRules, model, model.file, config)) {
    expect(finding.ruleId).not.toBe('internal-error');
  }
}

const HCL_CHARS = fc.constantFrom(
  ...'{}[]()"=$#/*\\\n<-.,:?!%~ ab0'.split(''),
  '${',
  '%{',
  '<<EOT\n',
  '\nEOT\n',
  '//',
  '/*',
  '*/',
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.array(HCL_CHARS, { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
);

function mutate(text: string, edits: { kind: string; at: number; length?: number; text?: string }[]): string {
  let out = text;
  for (const edit of edits) {
    const at = edit.at % (out.length + 1);
    if (edit.kind === 'delete') out = out.slice(0, at) + out.slice(at + edit.length!);
    else if (edit.kind === 'insert') out = out.slice(0, at) + edit.text! + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + edit.length!) + out.slice(at);
  }
  return out;
}

describe('Terraform loader on mutated HCL', () => {
  it('the valid configuration parses', () => {
    expect(parseConfigText(VALID, 'main.tf').error).toBeUndefined();
  });

  it('never throws; every failure is a parse-error finding inside the file', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
        check(mutate(VALID, edits), 'main.tf');
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary text and deep nesting never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => check(text, 'x.tf')),
      { numRuns: 300 },
    );
    check(`a = ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'deep.tf');
    check(`${'b {\n'.repeat(400)}${'}\n'.repeat(400)}`, 'blocks.tf');
  });

  it('mutated JSON syntax never throws', () => {
    const json =
      '{"resource": {"aws_lambda_function": {"a": {"timeout": 30, "role": "${aws_iam_role.r.arn}"}}}}';
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (edits) =>
        check(mutate(json, edits), 'main.tf.json'),
      ),
      { numRuns: 300 },
    );
  });
});
