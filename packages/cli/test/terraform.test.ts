import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The shipped CLI (the esbuild bundle, whose HCL grammar has the editor half of @codemirror/language stubbed out) on Terraform.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'packages/cli/dist/bundled/bin.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-cli-tf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args, '--format', 'json'], { cwd, encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as {
    findings: { ruleId: string; file: string; range: { line: number } }[];
  };
  return { code: r.status, findings: report.findings.map((f) => `${f.ruleId}@${f.file}:${f.range.line}`) };
}

describe('lambda-lint on Terraform', () => {
  it('`iac <folder>` reads the root module and exits 1 on its errors', () => {
    const { code, findings } = run(['iac', 'fixtures/terraform/raw/fail']);
    expect(code).toBe(1);
    expect(findings).toContain('tracing-active@fixtures/terraform/raw/fail/main.tf:2');
    expect(findings).toContain('timeout-alignment@fixtures/terraform/raw/fail/queues.tf:3');
  });

  it('`iac <plan.json>` reports at the .tf line when the configuration is there, else at the address', () => {
    const { code, findings } = run(['iac', 'fixtures/terraform/plan/plan.json']);
    expect(code).toBe(1);
    expect(findings).toContain('tracing-active@fixtures/terraform/plan/main.tf:5');
    expect(findings).toContain('runtime-lifecycle@fixtures/terraform/plan/plan.json:52');
  });

  it('plain `lambda-lint <folder>` finds Terraform; a broken .tf file exits 2 and the others are still reported', () => {
    const project = path.join(tmp, 'infra');
    mkdirSync(project);
    writeFileSync(path.join(project, 'broken.tf'), 'resource "aws_sqs_queue" "q" {\n  name =\n}\n');
    writeFileSync(
      path.join(project, 'main.tf'),
      'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  tracing_config {\n    mode = "PassThrough"\n  }\n}\n',
    );
    const { code, findings } = run(['.'], tmp);
    expect(code).toBe(2);
    // The whole scan also looks for the function's code: this one names none.
    expect(findings).toEqual([
      'parse-error@infra/broken.tf:3',
      'handler-unresolved@infra/main.tf:1',
      'tracing-active@infra/main.tf:4',
    ]);
  });
});
