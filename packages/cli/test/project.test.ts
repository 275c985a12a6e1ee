import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-project-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The real CLI with the project pipeline (no injected scanners). */
async function cli(argv: string[], cwd = repo) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    cwd,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
  });
  return { code, stdout, stderr };
}

/** A SAM template of one function with tracing and concurrency set, so only what a test is about is reported. */
function samFunction(id: string, properties: string): string {
  return `Transform: AWS::Serverless-2016-10-31
Resources:
  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs24.x
      Tracing: Active
      ReservedConcurrentExecutions: 5
${properties}`;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  range: { line: number; column: number };
  tool: string;
  suggestions: { description: string; edits: { file: string; start: number; end: number; text: string }[] }[];
}
interface JsonFunction {
  id: string;
  template: { file: string; line: number } | null;
  runtime: string | null;
  handler: { state: string; file: string | null; exportName: string | null; note: string | null } | null;
  package: {
    source: string;
    bytes: number;
    budgetBytes: number;
    lowerBound: boolean;
    note: string | null;
  } | null;
  concerns: { concern: string; status: string; findings: number[]; note: string | null }[];
  findings: number[];
}
interface JsonReport {
  findings: JsonFinding[];
  functions: JsonFunction[];
}

async function json(argv: string[], cwd = repo): Promise<{ code: number; report: JsonReport }> {
  const r = await cli([...argv, '--format', 'json'], cwd);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as JsonReport;
  const validate = new Ajv2020({ strict: true }).compile(
    JSON.parse(readFileSync(path.join(repo, 'docs/schema/report.schema.json'), 'utf8')) as object,
  );
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return { code: r.code, report };
}

/** `concern: status rule@file:line` lines of one card, as the stylish block shows them. */
function card(report: JsonReport, id: string) {
  const fn = report.functions.find((f) => f.id === id);
  if (!fn) throw new Error(`no card for ${id}`);
  return {
    handler: fn.handler && `${fn.handler.state} ${fn.handler.file ?? '-'} ${fn.handler.exportName ?? '-'}`,
    concerns: Object.fromEntries(
      fn.concerns.map((c) => [
        c.concern,
        c.status === 'problem'
          ? c.findings.map(
              (i) =>
                `${report.findings[i]!.ruleId}@${report.findings[i]!.file}:${report.findings[i]!.range.line}`,
            )
          : c.status,
      ]),
    ),
  };
}

describe('fixtures/sam-app: one scan, joined per function', () => {
  it('lints the handler code with the template: the client src/worker.ts builds per invocation', async () => {
    const { code, report } = await json(['fixtures/sam-app']);
    expect(code).toBe(1);
    const worker = report.findings.filter((f) => f.file === 'fixtures/sam-app/src/worker.ts');
    expect(worker.map((f) => [f.ruleId, f.tool, f.range.line, f.range.column])).toEqual([
      ['no-client-in-handler', 'eslint', 7, 21],
      ['no-client-in-handler', 'eslint', 7, 49],
    ]);
    // The helper api.ts imports is function code too, and clean.
    expect(report.findings.filter((f) => f.file.includes('src/lib/'))).toEqual([]);
  });

  it('gives each function its report card', async () => {
    const { report } = await json(['fixtures/sam-app']);
    expect(report.functions.map((f) => f.id)).toEqual([
      'OrdersApiFunction',
      'OrderWorkerFunction',
      'ReceiptFunction',
      'NightlyReportFunction',
    ]);
    expect(card(report, 'OrderWorkerFunction')).toEqual({
      handler: 'resolved fixtures/sam-app/src/worker.ts handler',
      concerns: {
        'cold-start': [
          'no-client-in-handler@fixtures/sam-app/src/worker.ts:7',
          'no-client-in-handler@fixtures/sam-app/src/worker.ts:7',
        ],
        resilience: ['timeout-alignment@fixtures/sam-app/template.yaml:72'],
        scaling: ['concurrency-limit@fixtures/sam-app/template.yaml:83'],
        observability: ['tracing-active@fixtures/sam-app/template.yaml:17'],
        deployment: [
          'runtime-lifecycle@fixtures/sam-app/template.yaml:13',
          'env-var-unused@fixtures/sam-app/template.yaml:22',
        ],
      },
    });
    expect(card(report, 'NightlyReportFunction').concerns).toMatchObject({
      'cold-start': 'ok',
      resilience: 'ok',
      scaling: 'ok',
      observability: 'ok',
    });
    const api = report.functions.find((f) => f.id === 'OrdersApiFunction')!;
    expect(api.template).toEqual({ file: 'fixtures/sam-app/template.yaml', line: 37 });
    expect(api.runtime).toBe('nodejs20.x');
    // Sizes are integer bytes, so scripts compare numbers.
    expect(Number.isInteger(api.package!.bytes) && api.package!.bytes > 0).toBe(true);
    expect(api.package!.budgetBytes).toBe(10 * 1024 * 1024);
  });

  it('shows the cards in stylish, one line per concern', async () => {
    const r = await cli(['fixtures/sam-app']);
    const block = r.stdout.slice(r.stdout.indexOf('OrderWorkerFunction  fixtures/sam-app/template.yaml:83'));
    expect(block.split('\n').slice(0, 8)).toEqual([
      'OrderWorkerFunction  fixtures/sam-app/template.yaml:83  nodejs20.x',
      '  handler        fixtures/sam-app/src/worker.ts → handler',
      expect.stringMatching(
        /^ {2}package {8}1\.0 KiB of 10\.0 MiB budget \(0\.0%\) {2}fixtures\/sam-app\/src\/worker\.ts$/,
      ),
      '  cold start     ✗ no-client-in-handler fixtures/sam-app/src/worker.ts:7:21 (+1 more)',
      '  resilience     ✗ timeout-alignment fixtures/sam-app/template.yaml:72:7',
      '  scaling        ✗ concurrency-limit fixtures/sam-app/template.yaml:83:3',
      '  observability  ✗ tracing-active fixtures/sam-app/template.yaml:17:5',
      '  deployment     ✗ runtime-lifecycle fixtures/sam-app/template.yaml:13:5 (+1 more)',
    ]);
  });

  it('reports ESLint findings in SARIF as their own run', async () => {
    const r = await cli(['fixtures/sam-app', '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout) as {
      runs: {
        tool: { driver: { name: string } };
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const eslint = sarif.runs.find((run) =>
      run.results.some((res) => res.ruleId === 'no-client-in-handler'),
    )!;
    expect(eslint.results.map((res) => res.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      'fixtures/sam-app/src/worker.ts',
      'fixtures/sam-app/src/worker.ts',
    ]);
    expect(sarif.runs.find((run) => run.results.some((res) => res.ruleId === 'tracing-active'))).not.toBe(
      eslint,
    );
  });
});

describe('fixtures/serverless-app: handler exports not named handler, TypeScript, an imported helper', () => {
  it('reports the client built in the helper on every invocation, with the call chain', async () => {
    const { report } = await json(['fixtures/serverless-app']);
    const store = report.findings.filter((f) => f.file === 'fixtures/serverless-app/src/lib/store.ts');
    expect(store.map((f) => [f.ruleId, f.range.line])).toEqual([['no-client-in-handler', 8]]);
    expect(store[0]!.message).toContain('createOrder → putOrder → new DynamoDBClient');
    expect(card(report, 'createOrder').handler).toBe(
      'resolved fixtures/serverless-app/src/orders.ts createOrder',
    );
    expect(card(report, 'processOrder').handler).toBe(
      'resolved fixtures/serverless-app/src/queue.ts processOrder',
    );
  });

  it('process.env.TABLE vs TABLE_NAME: env-var-declared at the read, env-var-unused at the variable', async () => {
    const { report } = await json(['fixtures/serverless-app']);
    const drift = report.findings.filter((f) => f.ruleId.startsWith('env-var-'));
    expect(drift.map((f) => [f.ruleId, f.tool, f.file, f.range.line])).toEqual([
      ['env-var-unused', 'project', 'fixtures/serverless-app/serverless.yml', 32],
      ['env-var-declared', 'eslint', 'fixtures/serverless-app/src/orders.ts', 9],
    ]);
    expect(drift[1]!.message).toContain('Did you mean `process.env.TABLE_NAME`?');
    expect(card(report, 'createOrder').concerns.deployment).toContain(
      'env-var-declared@fixtures/serverless-app/src/orders.ts:9',
    );
  });

  it('a Python function with a packaged artifact gets template checks and says why its code is not read', async () => {
    const { report } = await json(['fixtures/serverless-app']);
    const notify = report.functions.find((f) => f.id === 'notify')!;
    expect(notify.handler).toMatchObject({
      state: 'bundled',
      file: 'fixtures/serverless-app/dist/notify.zip',
    });
    expect(notify.concerns.find((c) => c.concern === 'observability')!.status).toBe('problem');
  });
});

describe('fixtures/cdk-app: an unbundled TypeScript asset and a bundled one', () => {
  it('lints the unbundled asset and its helper, measures the bundled one', async () => {
    const { report } = await json(['fixtures/cdk-app']);
    expect(card(report, 'Notifier6E7F8091').handler).toBe(
      'resolved fixtures/cdk-app/cdk.out/asset.5d6e7f8091/index.ts handler',
    );
    expect(
      report.findings
        .filter((f) => f.file.startsWith('fixtures/cdk-app/cdk.out/asset.5d6e7f8091/'))
        .map((f) => [f.ruleId, f.file, f.range.line]),
    ).toEqual([['no-hardcoded-config', 'fixtures/cdk-app/cdk.out/asset.5d6e7f8091/lib/format.ts', 8]]);
    // The plugin's suggestion comes along, with offsets into the file.
    const hardcoded = report.findings.find((f) => f.ruleId === 'no-hardcoded-config')!;
    const edit = hardcoded.suggestions[0]!.edits[0]!;
    const text = readFileSync(path.join(repo, edit.file), 'utf8');
    expect([text.slice(edit.start, edit.end), edit.text]).toEqual([
      "'orders-templates-prod'",
      'process.env.BUCKET_NAME',
    ]);
    const processor = report.functions.find((f) => f.id === 'Processor5B6C7D8E')!;
    expect(processor.handler).toEqual({
      state: 'bundled',
      file: 'fixtures/cdk-app/cdk.out/asset.3f2a9c0d1e',
      exportName: null,
      note: 'bundled CDK asset: its package is measured; its source is covered by the ESLint plugin in the editor',
    });
    expect(processor.package!.bytes).toBeGreaterThan(0);
  });
});

describe('the command line', () => {
  it('a handler file given maps to its functions through the nearest template; other files are skipped, not parsed as YAML', async () => {
    const dir = path.join(tmp, 'mixed');
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(
      path.join(dir, 'template.yaml'),
      samFunction(
        'UsersFunction',
        `      CodeUri: src/
      Handler: handler.createUser
`,
      ),
    );
    writeFileSync(
      path.join(dir, 'src/handler.mjs'),
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const createUser = async () => {
  const db = new DynamoDBClient({});
  return db;
};
`,
    );
    writeFileSync(path.join(dir, 'README.md'), '# Users\n\n: not: [yaml\n');
    const r = await json(['template.yaml', 'src/handler.mjs', 'README.md'], dir);
    expect(r.code).toBe(1);
    // `createUser` is a handler because the template says so: no naming convention needed.
    expect(r.report.findings.map((f) => [f.ruleId, f.file, f.range.line])).toEqual([
      ['no-client-in-handler', 'src/handler.mjs', 3],
    ]);

    // The handler file alone: the same finding, found through the nearest template.
    const alone = await json(['src/handler.mjs'], dir);
    expect(alone.report.findings.map((f) => [f.ruleId, f.file, f.range.line])).toEqual([
      ['no-client-in-handler', 'src/handler.mjs', 3],
    ]);
    expect(alone.report.functions).toEqual([]);
  });

  it('a template that cannot be parsed is reported once: it is loaded once', async () => {
    const dir = path.join(tmp, 'broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'template.yaml'), 'Resources:\n  Fn: [unclosed\n');
    const r = await json(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.report.findings.map((f) => f.ruleId)).toEqual(['parse-error']);
  });

  it("lambda-lint's configuration sets the ESLint rules' severities, and `iac` runs no code analysis", async () => {
    const dir = path.join(tmp, 'configured');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'template.yaml'),
      samFunction(
        'UsersFunction',
        `      CodeUri: .
      Handler: handler.main
`,
      ),
    );
    writeFileSync(
      path.join(dir, 'handler.js'),
      `const { S3Client } = require('@aws-sdk/client-s3');
module.exports.main = async () => new S3Client({});
`,
    );
    const byDefault = await json(['.'], dir);
    expect(byDefault.report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['no-client-in-handler', 'error'],
    ]);
    writeFileSync(
      path.join(dir, 'lambda-lint.config.json'),
      JSON.stringify({ rules: { 'no-client-in-handler': 'warning' } }),
    );
    const warned = await json(['.'], dir);
    expect(warned.report.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['no-client-in-handler', 'warning'],
    ]);
    writeFileSync(
      path.join(dir, 'lambda-lint.config.json'),
      JSON.stringify({ rules: { 'no-client-in-handler': 'off' } }),
    );
    expect((await json(['.'], dir)).report.findings).toEqual([]);
    rmSync(path.join(dir, 'lambda-lint.config.json'));
    const iacOnly = await json(['iac', '.'], dir);
    expect(iacOnly.report.findings).toEqual([]);
    expect(iacOnly.report.functions.map((f) => f.handler?.state)).toEqual(['resolved']);
  });

  it('inline ZipFile code is linted, with findings on the template lines', async () => {
    const dir = path.join(tmp, 'inline');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'template.yaml'),
      `Resources:
  InlineFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs24.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/inline
      TracingConfig:
        Mode: Active
      ReservedConcurrentExecutions: 1
      Code:
        ZipFile: |
          const { SQSClient } = require('@aws-sdk/client-sqs');
          exports.handler = async () => {
            const sqs = new SQSClient({});
            return sqs;
          };
`,
    );
    const r = await json(['.'], dir);
    expect(r.report.findings.map((f) => [f.ruleId, f.tool, f.file, f.range.line, f.range.column])).toEqual([
      ['no-client-in-handler', 'eslint', 'template.yaml', 15, 25],
    ]);
    expect(r.report.functions[0]!.handler).toMatchObject({
      state: 'inline',
      file: 'template.yaml',
      exportName: 'handler',
    });
  });

  it('a handler that cannot be found is an info finding on the function, never a crash', async () => {
    const dir = path.join(tmp, 'unresolved');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'template.yaml'),
      samFunction(
        'GoneFunction',
        `      CodeUri: src/
      Handler: app.handler
      Environment:
        Variables:
          UNREAD: x
`,
      ),
    );
    const r = await json(['.'], dir);
    // env-var-unused stays quiet: the function's code is unknown.
    expect(r.report.findings.map((f) => [f.ruleId, f.severity, f.range.line])).toEqual(
      [['handler-unresolved', 'info', 10], expect.arrayContaining(['package-integrity'])].slice(0, 1),
    );
    expect(r.report.findings[0]!.message).toContain('the code directory src/ does not exist');
    expect(r.report.functions[0]!.concerns.find((c) => c.concern === 'cold-start')!.status).not.toBe('ok');
  });

  it('a package measured on its own appears in functions with its integer byte total', async () => {
    const dir = path.join(tmp, 'package');
    mkdirSync(path.join(dir, 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'dist/index.js'), 'exports.handler = async () => 1;\n');
    const r = await json(['bundle', 'dist'], dir);
    expect(r.report.functions).toEqual([
      {
        id: 'dist',
        name: null,
        template: null,
        runtime: null,
        handler: null,
        package: { source: 'dist', bytes: 33, budgetBytes: 10 * 1024 * 1024, lowerBound: false, note: null },
        concerns: [],
        findings: [],
      },
    ]);
  });
});

describe('fixtures/terraform/app: a Terraform root module, joined per function', () => {
  const app = 'fixtures/terraform/app';

  it('lints the TypeScript handler that archive_file zips, and words template findings in Terraform', async () => {
    const { code, report } = await json([app]);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.tool, f.file, f.range.line, f.range.column])).toEqual([
      ['async-failure-destination', 'iac', `${app}/main.tf`, 8, 1],
      ['concurrency-limit', 'iac', `${app}/main.tf`, 8, 1],
      ['tracing-active', 'iac', `${app}/main.tf`, 8, 1],
      ['env-var-unused', 'project', `${app}/main.tf`, 20, 7],
      ['no-client-in-handler', 'eslint', `${app}/src/index.ts`, 7, 14],
    ]);
    const byRule = new Map(report.findings.map((f) => [f.ruleId, f]));
    expect(byRule.get('tracing-active')!.message).toContain('aws_lambda_function.thumbnails');
    expect(JSON.stringify(byRule.get('tracing-active'))).toContain(
      '`tracing_config { mode = \\"Active\\" }`',
    );
    expect(JSON.stringify(byRule.get('async-failure-destination'))).toContain('dead_letter_config');
    expect(JSON.stringify(byRule.get('env-var-unused'))).toContain(
      'Remove LEGACY_MODE from `environment { variables }`',
    );
    // The helper the handler imports is function code too, and clean.
    expect(report.findings.filter((f) => f.file.includes('/src/lib/'))).toEqual([]);
  });

  it('gives the function its report card under its Terraform address', async () => {
    const { report } = await json([app]);
    expect(report.functions.map((f) => f.id)).toEqual(['aws_lambda_function.thumbnails']);
    const fn = report.functions[0]!;
    expect(fn.template).toEqual({ file: `${app}/main.tf`, line: 8 });
    expect(fn.runtime).toBe('nodejs24.x');
    // archive_file zips src/ as it is: that directory is the package.
    expect(fn.package!.source).toBe(`${app}/src`);
    expect(fn.package!.bytes).toBeGreaterThan(0);
    expect(card(report, 'aws_lambda_function.thumbnails')).toEqual({
      handler: `resolved ${app}/src/index.ts handler`,
      concerns: {
        'cold-start': [`no-client-in-handler@${app}/src/index.ts:7`],
        resilience: [`async-failure-destination@${app}/main.tf:8`],
        scaling: [`concurrency-limit@${app}/main.tf:8`],
        observability: [`tracing-active@${app}/main.tf:8`],
        deployment: [`env-var-unused@${app}/main.tf:20`],
      },
    });
  });

  it('a .tf file named alone reports only what it defines; a handler named alone is joined with its module', async () => {
    expect((await json([`${app}/variables.tf`])).report).toMatchObject({ findings: [], functions: [] });
    const main = await json([`${app}/main.tf`]);
    expect(main.report.functions.map((f) => f.id)).toEqual(['aws_lambda_function.thumbnails']);
    expect(new Set(main.report.findings.map((f) => f.file))).toEqual(
      new Set([`${app}/main.tf`, `${app}/src/index.ts`]),
    );
    const copy = path.join(tmp, 'tf-handler');
    cpSync(path.join(repo, app), copy, { recursive: true });
    const handler = path.join(copy, 'src/index.ts');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace('THUMBNAIL_BUCKET,', 'THUMBNAIL_BUCKT,'));
    const { report } = await json(['tf-handler/src/index.ts'], tmp);
    const declared = report.findings.find((f) => f.ruleId === 'env-var-declared');
    expect(declared?.message).toContain('is not set for aws_lambda_function.thumbnails');
  });

  it('honours a `#` suppression in the .tf file for a finding of the project rules', async () => {
    const copy = path.join(tmp, 'tf-app');
    cpSync(path.join(repo, app), copy, { recursive: true });
    const main = path.join(copy, 'main.tf');
    writeFileSync(
      main,
      readFileSync(main, 'utf8').replace(
        '      LEGACY_MODE',
        '      # lambda-lint-disable-next-line env-var-unused -- read by the image library\n      LEGACY_MODE',
      ),
    );
    const { report } = await json(['tf-app', '--report-unused-disable'], tmp);
    expect(report.findings.map((f) => f.ruleId)).toEqual([
      'async-failure-destination',
      'concurrency-limit',
      'tracing-active',
      'no-client-in-handler',
    ]);
  });
});

describe('fixtures/python-sam-unbuilt: Python functions before `sam build`', () => {
  const app = 'fixtures/python-sam-unbuilt';
  const lowerBoundNote = `CodeUri as \`sam build\` copies it: the dependencies ${app}/orders/requirements.txt lists are not included until \`sam build\`, so this is a lower bound`;

  it('measures CodeUri as sam build copies it, and says the dependencies are not included', async () => {
    const { report } = await json([app]);
    const packages = Object.fromEntries(report.functions.map((f) => [f.id, f.package]));
    expect(packages).toEqual({
      // app.py, requirements.txt and tests/ (1,176 bytes); __pycache__/*.pyc are left out as sam build leaves them out.
      OrdersFunction: {
        source: `${app}/orders`,
        bytes: 1_176,
        budgetBytes: 10 * 1024 * 1024,
        lowerBound: true,
        note: lowerBoundNote,
      },
      ReportsFunction: {
        source: `${app}/reports`,
        bytes: 111,
        budgetBytes: 10 * 1024 * 1024,
        lowerBound: false,
        note: 'CodeUri as `sam build` copies it, which is the whole package: no requirements.txt dependencies to install',
      },
      // A Node.js function without a build keeps its esbuild measurement.
      NotifyFunction: {
        source: `${app}/notify/index.mjs`,
        bytes: expect.any(Number) as number,
        budgetBytes: 10 * 1024 * 1024,
        lowerBound: false,
        note: null,
      },
      // Deploy-time (!Ref) and S3 code are never measured.
      ParamFunction: null,
      ArchiveFunction: null,
    });
  });

  it('reports the boto3 line of requirements.txt and the tests CodeUri ships, on the function card', async () => {
    const { report } = await json([app]);
    const packageFindings = report.findings.filter((f) => f.tool === 'bundle');
    expect(packageFindings.map((f) => [f.ruleId, f.severity, f.file, f.range])).toEqual([
      [
        'aws-sdk-bundled',
        'info',
        `${app}/orders/requirements.txt`,
        { line: 2, column: 1, endLine: 2, endColumn: 14 },
      ],
      ['junk-files', 'warning', `${app}/template.yaml`, { line: 16, column: 3, endLine: 16, endColumn: 17 }],
    ]);
    // The fixture's lambda-lint.config.json lowers junk-files' minBytes to 256 bytes.
    expect(packageFindings[1]!.message).toContain('tests 627 B in 2 files');
    expect(packageFindings[1]!.message).not.toMatch(/bytecode/);
    expect(card(report, 'OrdersFunction').concerns['cold-start']).toEqual([
      `junk-files@${app}/template.yaml:16`,
      `aws-sdk-bundled@${app}/orders/requirements.txt:2`,
      `cold-start@${app}/template.yaml:16`,
    ]);
    expect(card(report, 'NotifyFunction').concerns['cold-start']).toBe('ok');
  });

  it('shows "at least" and the note on the stylish card; the Node.js card keeps its text', async () => {
    const { stdout } = await cli([app]);
    const lines = stdout.split('\n');
    const after = (title: RegExp) => lines[lines.findIndex((l) => title.test(l)) + 2];
    expect(after(/^OrdersFunction /)).toBe(
      `  package        at least 1.1 KiB of 10.0 MiB budget (0.0%)  ${app}/orders  ${lowerBoundNote}`,
    );
    expect(after(/^NotifyFunction /)).toMatch(
      /^ {2}package {8}\d+ B of 10\.0 MiB budget \(0\.0%\) {2}fixtures\/python-sam-unbuilt\/notify\/index\.mjs$/,
    );
    expect(after(/^ParamFunction /)).toBe('  package        not measured');
    expect(stdout).toMatch(
      /OrdersFunction \(fixtures\/python-sam-unbuilt\/template\.yaml\) +≥ 1\.1 KiB +10\.0 MiB/,
    );
  });

  it('after sam build, the built package is measured and the source folder is not', async () => {
    const copy = path.join(tmp, 'python-built');
    cpSync(path.join(repo, app), copy, { recursive: true });
    const built = path.join(copy, '.aws-sam/build/OrdersFunction');
    mkdirSync(path.join(built, 'requests-2.32.3.dist-info'), { recursive: true });
    writeFileSync(path.join(built, 'app.py'), readFileSync(path.join(copy, 'orders/app.py')));
    writeFileSync(
      path.join(built, 'requests-2.32.3.dist-info/METADATA'),
      'Name: requests\nVersion: 2.32.3\n',
    );
    const { report } = await json(['python-built'], tmp);
    const orders = report.functions.find((f) => f.id === 'OrdersFunction')!;
    expect(orders.package).toMatchObject({
      source: 'python-built/.aws-sam/build/OrdersFunction',
      lowerBound: false,
      note: null,
    });
    expect(report.findings.filter((f) => f.file.startsWith('python-built/orders/'))).toEqual([]);
  });
});
