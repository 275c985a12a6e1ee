import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfigView } from '@lambda-lint/core';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeInitTime, diagnosticsRules, FAKE_CREDENTIALS } from '../src/index.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const tmp = mkdtempSync(path.join(tmpdir(), 'lambda-lint-init-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function measure(input: string, runs = 5) {
  return analyzeInitTime({ input, cwd: repo, runs, config: defaultConfigView(diagnosticsRules) });
}

describe('lambda-lint init-time', () => {
  it('a 200 ms busy-wait at module scope measures 200 ms ±15% over the trivial handler', async () => {
    const trivial = (await measure('fixtures/init-time/trivial.js', 10)).measurements[0]!;
    const busy = (await measure('fixtures/init-time/busy-wait.js', 10)).measurements[0]!;
    expect(trivial.measured).toBe(10);
    expect(busy.measured).toBe(10);
    const extra = busy.medianMs! - trivial.medianMs!;
    expect(extra).toBeGreaterThan(170);
    expect(extra).toBeLessThan(230);
    // Attributed to the module that waits, not to Node's loading.
    expect(busy.modules[0]).toMatchObject({ name: 'busy-wait.js' });
  });

  it('names an imported heavy module as the costliest, after building the TypeScript handler with esbuild', async () => {
    const { measurements, findings } = await measure('fixtures/init-time/heavy-module/handler.ts', 3);
    const m = measurements[0]!;
    expect(m.attributed).toBe(true);
    expect(m.modules[0]!.name).toBe('heavy-lib');
    expect(m.modules[0]!.medianMs).toBeGreaterThan(85);
    // 100 ms is within the default 500 ms budget.
    expect(findings.filter((f) => f.ruleId === 'init-time-budget')).toEqual([]);
  });

  it('reports init-time-budget over a per-function budget from the configuration', async () => {
    const config = defaultConfigView(diagnosticsRules);
    const view = {
      ...config,
      rule: (id: string, file: string) =>
        id === 'init-time-budget'
          ? {
              severity: 'warning' as const,
              options: { budgetMs: 500, functions: { 'fixtures/init-time/busy-wait.js': 50 } },
            }
          : config.rule(id, file),
    };
    const { findings } = await analyzeInitTime({
      input: 'fixtures/init-time/busy-wait.js',
      cwd: repo,
      runs: 2,
      config: view,
    });
    const budget = findings.find((f) => f.ruleId === 'init-time-budget');
    expect(budget).toMatchObject({
      file: 'fixtures/init-time/busy-wait.js',
      range: { line: 1 },
      tool: 'diagnostics',
    });
    expect(budget!.message).toMatch(
      /took 2\d\d ms \(median of 2 fresh processes.*over its 50 ms budget; costliest: busy-wait\.js 2\d\d ms/,
    );
  });

  it('blocks a network call at init, reports it at the calling line, and finishes in under 10 s', async () => {
    const started = performance.now();
    const { measurements, findings } = await measure('fixtures/init-time/network-at-init.mjs', 10);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(measurements[0]!.measured).toBe(10);
    const network = findings.filter((f) => f.ruleId === 'init-network-call');
    expect(network).toHaveLength(1);
    expect(network[0]).toMatchObject({ file: 'fixtures/init-time/network-at-init.mjs', range: { line: 2 } });
    expect(network[0]!.message).toContain('fetch https://config.example.com/orders.json, in 10 of 10 runs');
  });

  it('reports http and DNS attempts of CommonJS code too', async () => {
    const dir = path.join(tmp, 'cjs-net');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"type":"commonjs"}');
    writeFileSync(
      path.join(dir, 'index.js'),
      "const https = require('node:https');\nconst dns = require('node:dns');\nhttps.get('https://secrets.example.com/x', () => {}).on('error', () => {});\ndns.lookup('db.internal', () => {});\nexports.handler = async () => 1;\n",
    );
    const { measurements } = await measure(path.join(dir, 'index.js'), 1);
    const attempts = measurements[0]!.attempts.map((a) => `${a.api} ${a.target} line ${a.at?.line}`);
    expect(attempts).toEqual(['connect secrets.example.com:443 line 3', 'dns.lookup db.internal line 4']);
  });

  it("never shows the caller's credentials: fake AWS_* in the child, no credential files", async () => {
    const credentials = path.join(tmp, 'real-credentials');
    writeFileSync(credentials, '[default]\naws_secret_access_key = REALSECRETFROMTHEFILE\n');
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIAPARENTREALKEY123',
      AWS_SECRET_ACCESS_KEY: 'parent-real-secret-value',
      AWS_SESSION_TOKEN: 'parent-real-session-token',
      AWS_PROFILE: 'production',
      AWS_SHARED_CREDENTIALS_FILE: credentials,
    });
    try {
      const { measurements } = await measure('fixtures/init-time/prints-credentials.js', 1);
      const output = measurements[0]!.output;
      expect(output).toContain(`key=${FAKE_CREDENTIALS.AWS_ACCESS_KEY_ID}`);
      expect(output).toContain(`secret=${FAKE_CREDENTIALS.AWS_SECRET_ACCESS_KEY}`);
      for (const real of [
        'AKIAPARENTREALKEY123',
        'parent-real-secret-value',
        'parent-real-session-token',
        'production',
        'REALSECRETFROMTHEFILE',
      ])
        expect(output).not.toContain(real);
      expect(output).toMatch(/credentials: none\n.*credentials: none/s);
    } finally {
      process.env = saved;
    }
  });

  it('gives template functions their environment (dynamic values as placeholders) and Lambda variables', async () => {
    const dir = path.join(tmp, 'sam');
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(path.join(dir, 'src/package.json'), '{"type":"commonjs"}');
    writeFileSync(
      path.join(dir, 'src/app.js'),
      'console.log(JSON.stringify({ table: process.env.TABLE, secret: process.env.API_KEY, name: process.env.AWS_LAMBDA_FUNCTION_NAME, root: !!process.env.LAMBDA_TASK_ROOT, memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE }));\nexports.main = async () => 1;\n',
    );
    writeFileSync(
      path.join(dir, 'template.yaml'),
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  Key: { Type: String }',
        'Resources:',
        '  ApiFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: app.main',
        '      CodeUri: src/',
        '      MemorySize: 256',
        '      Environment:',
        '        Variables:',
        '          TABLE: orders',
        '          API_KEY: !Ref Key',
        '  PyFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: python3.12',
        '      Handler: app.handler',
        '      CodeUri: py/',
        '',
      ].join('\n'),
    );
    const { measurements, skipped } = await measure(path.join(dir, 'template.yaml'), 1);
    expect(skipped).toEqual(['PyFunction: runtime python3.12 (init-time measures Node.js functions)']);
    expect(measurements.map((m) => m.target.name)).toEqual(['ApiFunction']);
    expect(JSON.parse(measurements[0]!.output.trim())).toEqual({
      table: 'orders',
      secret: 'lambda-lint-placeholder-API_KEY',
      name: 'ApiFunction',
      root: true,
      memory: '256',
    });
  });
});
