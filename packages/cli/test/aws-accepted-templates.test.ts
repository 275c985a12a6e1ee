import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/index.js';

/** Templates `sam deploy` accepts but YAML 1.2 frowns on: the whole CLI analyses them and exits 1, never 2. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-accepted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Resize:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: handler.handler
      InlineCode: "exports.handler = async () => 1;"
      Timeout: 3
      Timeout: 5
      Policies: [
      AWSLambdaBasicExecutionRole
      ]
`;

describe('a template with a repeated key and a PyYAML-indented list', () => {
  it('is analysed: one duplicate-key error, one flow-indentation warning, the other rules too, exit code 1', async () => {
    writeFileSync(path.join(dir, 'template.yaml'), TEMPLATE);
    let stdout = '';
    const code = await run(['template.yaml', '--format', 'json'], {
      cwd: dir,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => undefined },
    });
    const findings = (JSON.parse(stdout) as { findings: { ruleId: string; range: { line: number } }[] })
      .findings;
    const at = findings.map((f) => `${f.range.line} ${f.ruleId}`);
    expect(code).toBe(1);
    expect(at.filter((f) => / (duplicate-key|flow-indentation|parse-error)$/.test(f))).toEqual([
      '10 duplicate-key',
      '11 flow-indentation',
    ]);
    expect(at).toContain('3 tracing-active');
  });
});
