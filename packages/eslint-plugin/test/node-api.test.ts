import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { ESLint as ESLint9 } from 'eslint9';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

// The VS Code ESLint extension lints unsaved buffers with `lintText(text, { filePath })` from the
// workspace folder; these tests do exactly that, with ESLint 10 and ESLint 9.

const workspace = mkdtempSync(path.join(tmpdir(), 'lambda-lint-node-api-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const typescriptFiles = { files: ['**/*.ts', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } };

const handlerSource = [
  "import AWS from 'aws-sdk';", // 1
  "import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';", // 2
  '', // 3
  "const REGION = 'eu-west-1';", // 4
  'const db = new DynamoDBClient({ region: REGION });', // 5
  "const legacy = new AWS.SQS({ accessKeyId: 'AKIA2E0A8F3B244C9986' });", // 6
  '', // 7
  'export const handler = async (event: { id: string }, context: unknown, callback: unknown) => {', // 8
  "  await db.send(new PutItemCommand({ TableName: 'orders-prod', Item: { id: { S: event.id } } }));", // 9
  '  return legacy;', // 10
  '};', // 11
].join('\n');

interface Finding {
  ruleId: string | null;
  severity: number;
  line: number;
  column: number;
  endLine: number | undefined;
  endColumn: number | undefined;
}

const expectedHandlerFindings: Finding[] = [
  { ruleId: 'lambda-lint/no-aws-sdk-v2', severity: 2, line: 1, column: 17, endLine: 1, endColumn: 26 },
  { ruleId: 'lambda-lint/no-hardcoded-config', severity: 1, line: 5, column: 41, endLine: 5, endColumn: 47 },
  {
    ruleId: 'lambda-lint/no-hardcoded-credentials',
    severity: 2,
    line: 6,
    column: 43,
    endLine: 6,
    endColumn: 65,
  },
  { ruleId: 'lambda-lint/no-callback-handler', severity: 2, line: 8, column: 72, endLine: 8, endColumn: 89 },
  { ruleId: 'lambda-lint/no-hardcoded-config', severity: 1, line: 9, column: 49, endLine: 9, endColumn: 62 },
];

const variants = [
  {
    name: 'ESLint 10',
    create: (cwd: string) =>
      new ESLint({
        cwd,
        overrideConfigFile: true,
        overrideConfig: [plugin.configs.recommended, typescriptFiles],
      }),
  },
  {
    name: 'ESLint 9',
    create: (cwd: string) =>
      new ESLint9({
        cwd,
        overrideConfigFile: true,
        // eslint9 has its own (structurally identical) config types.
        overrideConfig: [
          plugin.configs.recommended,
          typescriptFiles,
        ] as unknown as ESLint9.Options['overrideConfig'],
      }),
  },
];

function findingsOf(
  messages: readonly {
    ruleId: string | null;
    severity: number;
    line: number;
    column: number;
    endLine?: number;
    endColumn?: number;
  }[],
): Finding[] {
  return messages
    .filter((message) => message.ruleId?.startsWith('lambda-lint/'))
    .map(({ ruleId, severity, line, column, endLine, endColumn }) => ({
      ruleId,
      severity,
      line,
      column,
      endLine,
      endColumn,
    }));
}

describe.each(variants)('ESLint Node API ($name)', ({ create }) => {
  const eslint = create(workspace);

  it('lints an unsaved TypeScript handler by file path and returns exact ranges', async () => {
    const [result] = await eslint.lintText(handlerSource, {
      filePath: path.join(workspace, 'src', 'handler.ts'),
    });
    expect(result?.messages.filter((message) => message.fatal)).toEqual([]);
    expect(findingsOf(result?.messages ?? [])).toEqual(expectedHandlerFindings);
    const region = result?.messages.find((message) => message.line === 5);
    expect(region?.message).toContain('Hardcoded region `eu-west-1` (from `const REGION` on line 4)');
    expect(region?.suggestions?.map((suggestion) => suggestion.desc)).toEqual([
      "Read `process.env.AWS_REGION` instead (Lambda sets it to the function's region).",
    ]);
  });

  it('runs handler-only rules only in handler files, file-wide rules everywhere', async () => {
    // Not named like a handler, and `(event, options, done)` is no handler signature.
    const library = handlerSource
      .replace('export const handler', 'export const helper')
      .replace('context: unknown, callback: unknown', 'options: unknown, done: unknown');
    const [result] = await eslint.lintText(library, {
      filePath: path.join(workspace, 'src', 'lib', 'db.ts'),
    });
    expect(findingsOf(result?.messages ?? []).map((finding) => `${finding.ruleId}@${finding.line}`)).toEqual([
      'lambda-lint/no-aws-sdk-v2@1',
      'lambda-lint/no-hardcoded-credentials@6',
    ]);
  });

  it('lints a CommonJS JavaScript handler with the default parser', async () => {
    const source =
      "const AWS = require('aws-sdk');\nexports.handler = function (event, context, callback) {\n  context.succeed({ ok: true });\n};\n";
    const [result] = await eslint.lintText(source, {
      filePath: path.join(workspace, 'functions', 'legacy.cjs'),
    });
    expect(findingsOf(result?.messages ?? [])).toEqual([
      { ruleId: 'lambda-lint/no-aws-sdk-v2', severity: 2, line: 1, column: 21, endLine: 1, endColumn: 30 },
      {
        ruleId: 'lambda-lint/no-callback-handler',
        severity: 2,
        line: 2,
        column: 45,
        endLine: 2,
        endColumn: 53,
      },
      {
        ruleId: 'lambda-lint/no-callback-handler',
        severity: 2,
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 18,
      },
    ]);
  });
});
