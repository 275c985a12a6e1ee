import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunctionEnvironment, FunctionRef, ModuleFacts, ProjectFileFacts } from '@lambda-lint/core';
import { analyzePythonFile, pythonScanner } from '../src/index.js';
import { configWith, defaultConfig, expectations, repoRoot, summary } from './helpers.js';

/** What the project layer hands the analyzer for one file (built by hand from the templates here). */
function facts(
  handlers: Array<[string, FunctionRef[]]>,
  environments: FunctionEnvironment[],
  perInvocationExports: ProjectFileFacts['perInvocationExports'] = [],
): ProjectFileFacts {
  return {
    handlers: handlers.map(([exportName, functions]) => ({ exportName, functions })),
    perInvocationExports,
    environments,
  };
}

const samTemplate = 'fixtures/python-sam-app/template.yaml';
const orders: FunctionRef = { id: 'OrdersFunction', template: samTemplate, line: 16 };
const reports: FunctionRef = { id: 'ReportsFunction', template: samTemplate, line: 23 };
const ordersEnv: FunctionEnvironment = {
  ...orders,
  names: ['TABLE_NAME', 'DB_HOST', 'BUCKET_NAME'],
  unknown: false,
  environmentLine: 19,
};
const reportsEnv: FunctionEnvironment = {
  ...reports,
  names: ['TABLE_NAME', 'DB_HOST'],
  unknown: false,
  environmentLine: 23,
};

function run(file: string, project: ProjectFileFacts, config = defaultConfig) {
  const collected: ModuleFacts[] = [];
  const result = analyzePythonFile({
    text: readFileSync(path.join(repoRoot, file), 'utf8'),
    file,
    config,
    reportUnusedDisable: true,
    project: { ...project, collect: (f) => collected.push(f) },
  });
  return { ...result, collected };
}

describe('SAM app with Python handlers', () => {
  it('app.py: every finding and non-finding', () => {
    const file = 'fixtures/python-sam-app/src/app.py';
    const {
      findings,
      facts: moduleFacts,
      collected,
    } = run(file, facts([['lambda_handler', [orders]]], [ordersEnv]));
    expect(summary(findings)).toEqual(expectations(file));
    expect(collected).toEqual([moduleFacts]);
    expect(moduleFacts.imports).toEqual([
      {
        specifier: '.db',
        perInvocationCalls: [{ imported: 'get_pool', callText: 'get_pool', fromExport: 'lambda_handler' }],
        reExports: [],
      },
    ]);
    expect(moduleFacts.envReads.map((r) => r.name)).toEqual([
      'TABLE_NAME',
      'DB_HOST',
      'BUCKET_NAME',
      'QUEUE_URL',
      'PAYMENTS_URL',
      'FEATURE_FLAG',
    ]);
  });

  it('names the handler, the template function and the call chain', () => {
    const file = 'fixtures/python-sam-app/src/app.py';
    const { findings } = run(file, facts([['lambda_handler', [orders]]], [ordersEnv]));
    const messages = findings.filter((f) => f.ruleId === 'no-client-in-handler').map((f) => f.message);
    expect(messages).toContain(
      '`boto3.client("sns")` runs on every invocation in the Lambda handler `lambda_handler` of OrdersFunction: a new client re-resolves credentials and opens new TLS connections on every call, which adds latency to every warm invocation.',
    );
    expect(messages.find((m) => m.startsWith('`psycopg2.connect(…)`'))).toContain(
      'in `load_customer`, which the Lambda handler of OrdersFunction calls (lambda_handler → load_customer)',
    );
    expect(messages.find((m) => m.startsWith('`make_client("s3")`'))).toContain(
      '(lambda_handler → Receipts)',
    );
    const env = findings.find((f) => f.ruleId === 'env-var-declared')!;
    expect(env.message).toBe(
      '`os.environ["PAYMENTS_URL"]` reads PAYMENTS_URL, which the template does not set on OrdersFunction (fixtures/python-sam-app/template.yaml:19): the read raises KeyError on every invocation of the deployed function.',
    );
    expect(findings.every((f) => f.tool === 'python')).toBe(true);
  });

  it('reports event-dependent clients only with reportEventDependent', () => {
    const file = 'fixtures/python-sam-app/src/app.py';
    const { findings } = run(
      file,
      facts([['lambda_handler', [orders]]], [ordersEnv]),
      configWith('no-client-in-handler', { reportEventDependent: true }),
    );
    const extra = summary(findings).filter((s) => !expectations(file).includes(s));
    // `secrets_for` is lazy as well as event-dependent: still not reported.
    expect(extra).toEqual(['63 no-client-in-handler']);
    expect(findings.find((f) => f.range.line === 63)!.message).toContain('depend on `event`');
  });

  it('db.py: a per-invocation export reached from another module, lazily initialised', () => {
    const file = 'fixtures/python-sam-app/src/db.py';
    const project = facts(
      [],
      [ordersEnv],
      [{ exportName: 'get_pool', chain: ['lambda_handler', 'get_pool'], functions: [orders] }],
    );
    expect(summary(run(file, project).findings)).toEqual(expectations(file));
    // Without the lazy guard the same construction is reported, naming the chain from the other module.
    const eager = readFileSync(path.join(repoRoot, file), 'utf8').replace(
      '    if not _pool:\n        _pool',
      '    _pool',
    );
    const findings = analyzePythonFile({ text: eager, file, config: defaultConfig, project }).findings;
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'in `get_pool`, which the Lambda handler of OrdersFunction calls (lambda_handler → get_pool)',
      ),
    ]);
  });

  it('reports.py: a Powertools event_source handler', () => {
    const file = 'fixtures/python-sam-app/src/reports.py';
    expect(summary(run(file, facts([['handler', [reports]]], [reportsEnv])).findings)).toEqual(
      expectations(file),
    );
  });

  it('finds the same handlers by convention when scanned without a template', async () => {
    const result = await pythonScanner.scan({
      paths: ['fixtures/python-sam-app/src'],
      cwd: repoRoot,
      config: defaultConfig,
    });
    expect(result.filesScanned).toBe(3);
    // Without the template there are no environments: env-var-declared stays quiet.
    const expected = ['app.py', 'db.py', 'reports.py'].flatMap((name) =>
      expectations(`fixtures/python-sam-app/src/${name}`)
        .filter((e) => !e.endsWith('env-var-declared'))
        .map((e) => `${name} ${e}`),
    );
    const got = result.findings.map((f) => `${path.basename(f.file)} ${f.range.line} ${f.ruleId}`);
    // db.py has no handler of its own: nothing in it runs per invocation by convention.
    expect(got.sort()).toEqual(expected.sort());
  });
});

describe('Serverless app with Python handlers', () => {
  const sls = 'fixtures/python-serverless-app/serverless.yml';
  const fn = (id: string, line: number): FunctionRef => ({ id, template: sls, line });
  const env = (ref: FunctionRef, names: string[]): FunctionEnvironment => ({
    ...ref,
    names,
    unknown: false,
    environmentLine: ref.line,
  });

  it.each([
    ['orders.py', 'create', fn('create', 12), ['STAGE', 'TABLE_NAME']],
    ['api.py', 'lambda_handler', fn('api', 16), ['STAGE']],
    ['worker.py', 'handler', fn('worker', 18), ['STAGE', 'OPENAI_API_KEY', 'BUCKET', 'TOPIC_ARN']],
  ] as const)('%s: every finding and non-finding', (name, exportName, ref, names) => {
    const file = `fixtures/python-serverless-app/handlers/${name}`;
    const { findings } = run(file, facts([[exportName, [ref]]], [env(ref, [...names])]));
    expect(summary(findings)).toEqual(expectations(file));
  });

  it('worker.py: a module-level instance of a class is the handler; its __init__ runs once', () => {
    const file = 'fixtures/python-serverless-app/handlers/worker.py';
    const { findings } = run(file, facts([['handler', [fn('worker', 18)]]], []));
    expect(findings[0]!.message).toContain(
      'in `Worker.notify`, which the Lambda handler of worker calls (handler → Worker.__call__ → self.notify)',
    );
  });
});

describe('pythonScanner on folders', () => {
  it('skips test modules, virtualenvs, installed packages and caches; reads explicit files', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'lambda-lint-pyscan-'));
    const handler = 'import boto3\n\ndef lambda_handler(event, context):\n    return boto3.client("s3")\n';
    const files: Record<string, string> = {
      'app.py': handler,
      'test_app.py': handler,
      'conftest.py': handler,
      'tests/test_more.py': handler,
      '.venv/lib/x.py': handler,
      'requests/api.py': handler,
      'requests-2.32.3.dist-info/top_level.txt': 'requests\n',
      'lib/helpers.py': handler,
      'broken.py': 'def f(:\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    try {
      const result = await pythonScanner.scan({
        paths: ['.', 'test_app.py'],
        cwd: dir,
        config: defaultConfig,
      });
      expect(result.findings.map((f) => `${f.file}:${f.range.line} ${f.ruleId}`).sort()).toEqual([
        'app.py:4 no-client-in-handler',
        'broken.py:1 parse-error',
        'lib/helpers.py:4 no-client-in-handler',
        'test_app.py:4 no-client-in-handler',
      ]);
      expect(result.filesScanned).toBe(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
