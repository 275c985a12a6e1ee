import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineRule, REPORTER_NAMES, runRules, type Scanner, type ScanRequest } from '@lambda-lint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { REPORT_FORMATS, run, shouldColor } from '../src/index.js';

/** A model the fake scanner builds from each `*.yaml` file: one entry per `fn:` line. */
interface FakeModel {
  file: string;
  functions: { name: string; line: number; tracing: boolean }[];
}

const tracingRule = defineRule<
  FakeModel,
  z.ZodObject<{ ignoreNames: z.ZodDefault<z.ZodArray<z.ZodString>> }>
>({
  meta: {
    id: 'fake-tracing',
    description: 'Every function has tracing on',
    severity: 'warning',
    tool: 'iac',
    options: z.object({ ignoreNames: z.array(z.string()).default([]) }),
  },
  check(model, ctx) {
    for (const fn of model.functions) {
      if (fn.tracing || ctx.options.ignoreNames.includes(fn.name)) continue;
      ctx.report({
        at: {
          file: model.file,
          range: { line: fn.line, column: 3, endLine: fn.line, endColumn: 3 + fn.name.length },
        },
        message: `${fn.name}: X-Ray tracing is not enabled`,
        help: 'Set Tracing: Active',
        subject: { kind: 'function', id: fn.name },
      });
    }
  },
});

const timeoutRule = defineRule<FakeModel, z.ZodObject>({
  meta: { id: 'fake-timeout', description: 'Timeouts fit API Gateway', severity: 'error', tool: 'iac' },
  check(model, ctx) {
    for (const fn of model.functions) {
      if (fn.name.startsWith('Api')) {
        ctx.report({
          at: { file: model.file, range: { line: fn.line, column: 3 } },
          message: `${fn.name}: Timeout 60 exceeds 29 s`,
        });
      }
    }
  },
});

/** Reads real files from disk and runs real rules through runRules, as the iac scanner will. */
function fakeIacScanner(seen: ScanRequest[] = []): Scanner {
  const rules = [tracingRule, timeoutRule];
  return {
    name: 'iac',
    rules,
    async scan(request) {
      seen.push(request);
      const findings = [];
      let filesScanned = 0;
      for (const p of request.paths) {
        const abs = path.resolve(request.cwd, p);
        const file = path.relative(request.cwd, abs).split(path.sep).join('/');
        if (!file.endsWith('.yaml') || request.config.isIgnored(file)) continue;
        filesScanned++;
        const text = readFileSync(abs, 'utf8');
        if (text.includes('%%broken')) {
          findings.push({
            ruleId: 'parse-error',
            severity: 'error' as const,
            message: 'cannot parse',
            file,
            range: { line: 1, column: 1 },
            tool: 'iac' as const,
            fatal: true,
          });
          continue;
        }
        const functions = text.split('\n').flatMap((line, i) => {
          const m = /^fn: (\w+)( traced)?/.exec(line);
          return m ? [{ name: m[1]!, line: i + 1, tracing: m[2] !== undefined }] : [];
        });
        findings.push(...runRules(rules, { file, functions }, file, request.config));
      }
      return {
        findings,
        filesScanned,
        tables: [{ title: 'Functions', columns: ['Function'], rows: [['Worker']] }],
      };
    },
  };
}

const bundleScanner: Scanner = {
  name: 'bundle',
  rules: [
    defineRule({
      meta: { id: 'fake-size', description: 'Packages stay small', severity: 'info', tool: 'bundle' },
      check() {},
    }),
  ],
  async scan() {
    return {
      filesScanned: 1,
      findings: [
        {
          ruleId: 'fake-size',
          severity: 'info',
          message: 'orders.zip is 4 MiB',
          file: 'orders.zip',
          range: { line: 1, column: 1 },
          tool: 'bundle',
        },
      ],
    };
  },
};

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-run-'));
  writeFileSync(path.join(dir, 'warn.yaml'), 'fn: Worker\nfn: Report traced\n');
  writeFileSync(path.join(dir, 'error.yaml'), 'fn: ApiOrders traced\n');
  writeFileSync(path.join(dir, 'broken.yaml'), '%%broken\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(
  argv: string[],
  opts: { scanners?: Scanner[]; env?: Record<string, string>; tty?: boolean; cwd?: string } = {},
) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    cwd: opts.cwd ?? dir,
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s) },
    env: opts.env ?? {},
    scanners: opts.scanners ?? [fakeIacScanner(), bundleScanner],
  });
  return { code, stdout, stderr };
}

describe('exit codes', () => {
  it('exits 0 when only warnings are found, and prints them', async () => {
    const r = await cli(['warn.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1:3 +warning +Worker: X-Ray tracing is not enabled +fake-tracing/);
    expect(r.stdout).toContain('✖ 2 problems (0 errors, 1 warning, 1 info)');
    expect(r.stdout).toContain('Functions');
  });

  it('exits 1 on an error finding', async () => {
    const r = await cli(['error.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1:3 +error +ApiOrders: Timeout 60 exceeds 29 s +fake-timeout/);
  });

  it('exits 1 on warnings with --fail-on warning, and 0 with --fail-on error', async () => {
    expect((await cli(['warn.yaml', '--fail-on', 'warning'])).code).toBe(1);
    expect((await cli(['warn.yaml', '--fail-on', 'error'])).code).toBe(0);
  });

  it('exits 1 when warnings exceed --max-warnings, and says why', async () => {
    const r = await cli(['warn.yaml', '--max-warnings', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('too many warnings (1; maximum: 0)');
    expect((await cli(['warn.yaml', '--max-warnings', '1'])).code).toBe(0);
  });

  it('--quiet reports errors only', async () => {
    const r = await cli(['warn.yaml', 'error.yaml', '--quiet', '--max-warnings', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Worker: X-Ray');
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 infos)');
    expect(r.stderr).toBe('');
  });

  it('exits 2 on unparsable input but still reports the other files', async () => {
    const r = await cli(['broken.yaml', 'error.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/broken\.yaml\n +1:1 +fatal +cannot parse/);
    expect(r.stdout).toContain('ApiOrders: Timeout 60 exceeds 29 s');
  });

  it('turns a crashing scanner into an internal-error finding and keeps the other scanner results', async () => {
    const crashing: Scanner = {
      name: 'iac',
      rules: [],
      scan: () => {
        throw new Error('boom');
      },
    };
    const r = await cli(['warn.yaml', '--format', 'json'], { scanners: [crashing, bundleScanner] });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as {
      findings: { ruleId: string; message: string; fatal: boolean }[];
    };
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(['fake-size', 'internal-error']);
    expect(report.findings.find((f) => f.ruleId === 'internal-error')).toMatchObject({
      fatal: true,
      message: expect.stringContaining('boom'),
    });
  });

  it('exits 2 with one line on an unknown option, a bad value or a missing path', async () => {
    for (const [argv, text] of [
      [['--frmat', 'json'], 'unknown option --frmat'],
      [['--format', 'xml'], 'invalid value "xml" for --format'],
      [['--fail-on', 'fatal'], 'invalid value "fatal" for --fail-on'],
      [['--max-warnings', 'many'], 'invalid value "many" for --max-warnings'],
      [['--format'], 'option --format needs a value'],
      [['nope.yaml'], 'no such file or directory: nope.yaml'],
      [['--format', 'json', '--format', 'sarif'], 'only one --format can print to stdout'],
    ] as const) {
      const r = await cli([...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.startsWith(`lambda-lint: ${text}`), r.stderr).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});

describe('configuration', () => {
  it('applies the config found next to the scanned files (severity and options)', async () => {
    const sub = mkdtempSync(path.join(dir, 'cfg-'));
    writeFileSync(path.join(sub, 't.yaml'), 'fn: Worker\nfn: Billing\n');
    writeFileSync(
      path.join(sub, 'lambda-lint.config.yaml'),
      'rules:\n  fake-tracing: [error, { ignoreNames: [Billing] }]\n',
    );
    const r = await cli([path.relative(dir, path.join(sub, 't.yaml')), '--format', 'json']);
    const report = JSON.parse(r.stdout) as {
      findings: { ruleId: string; severity: string; message: string }[];
    };
    expect(report.findings.filter((f) => f.ruleId === 'fake-tracing')).toEqual([
      expect.objectContaining({ severity: 'error', message: 'Worker: X-Ray tracing is not enabled' }),
    ]);
    expect(r.code).toBe(1);
  });

  it('exits 2 with the ConfigError paragraph (file and key path), no stack', async () => {
    writeFileSync(path.join(dir, 'bad.json'), '{ "rules": { "fake-tracing": "loud" } }');
    const r = await cli(['warn.yaml', '--config', 'bad.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json.*"rules\.fake-tracing"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('honours failOn and ignore from the config; --fail-on wins', async () => {
    writeFileSync(path.join(dir, 'strict.json'), '{ "failOn": "warning", "ignore": ["error.yaml"] }');
    expect((await cli(['warn.yaml', '--config', 'strict.json'])).code).toBe(1);
    expect((await cli(['warn.yaml', '--config', 'strict.json', '--fail-on', 'error'])).code).toBe(0);
    const ignored = await cli(['error.yaml', '--config', 'strict.json']);
    expect(ignored.stdout).not.toContain('ApiOrders');
  });
});

describe('reports', () => {
  it('writes several --format/--output pairs in one run and one format to stdout', async () => {
    const out = mkdtempSync(path.join(dir, 'out-'));
    const r = await cli([
      'warn.yaml',
      '--format',
      'stylish',
      '--format',
      'sarif',
      '--output',
      path.join(out, 'report.sarif'),
      '--format',
      'junit',
      '--output',
      path.join(out, 'nested/junit.xml'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Worker: X-Ray tracing is not enabled');
    const sarif = JSON.parse(readFileSync(path.join(out, 'report.sarif'), 'utf8')) as {
      version: string;
      runs: unknown[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(readFileSync(path.join(out, 'nested/junit.xml'), 'utf8')).toContain('<testcase');
  });

  it('an --output with no --format before it gets stylish, without colour', async () => {
    const file = path.join(dir, 'plain.txt');
    const r = await cli(['warn.yaml', '--output', file], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toBe('');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('✖ 2 problems');
    expect(text).not.toContain('\u001b[');
  });

  it('colours stdout on a TTY unless NO_COLOR or --no-color; FORCE_COLOR forces it', async () => {
    expect((await cli(['warn.yaml'], { tty: true })).stdout).toContain('\u001b[');
    expect((await cli(['warn.yaml'], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect(
      (await cli(['warn.yaml', '--no-color'], { tty: true, env: { FORCE_COLOR: '1' } })).stdout,
    ).not.toContain('\u001b[');
    expect((await cli(['warn.yaml'], { tty: false, env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
    expect(shouldColor(false, { FORCE_COLOR: '0' }, true)).toBe(false);
  });

  it('offers exactly the reporters core provides', () => {
    expect([...REPORT_FORMATS].sort()).toEqual([...REPORTER_NAMES].sort());
  });
});

describe('scanners and requests', () => {
  it('`bundle` runs only the bundle scanner', async () => {
    const seen: ScanRequest[] = [];
    const r = await cli(['bundle', 'warn.yaml', '--format', 'json'], {
      scanners: [fakeIacScanner(seen), bundleScanner],
    });
    expect(seen).toHaveLength(0);
    expect(
      (JSON.parse(r.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId),
    ).toEqual(['fake-size']);
  });

  it('`iac` fails with exit 2 when that scanner is not installed', async () => {
    const r = await cli(['iac', '.'], { scanners: [bundleScanner] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the iac scanner is not available');
  });

  it('passes paths, --report and --report-unused-disable to the scanners', async () => {
    const seen: ScanRequest[] = [];
    await cli(['warn.yaml', 'error.yaml', '--report', 'out/treemap.html', '--report-unused-disable'], {
      scanners: [fakeIacScanner(seen)],
    });
    expect(seen[0]).toMatchObject({
      paths: ['warn.yaml', 'error.yaml'],
      cwd: dir,
      reportUnusedDisable: true,
      outputs: { treemap: path.join(dir, 'out/treemap.html') },
    });
  });

  it('runs end to end with no scanner at all', async () => {
    const r = await cli(['.'], { scanners: [] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ No problems found (0 files scanned)');
  });
});

describe('rules', () => {
  it('lists every rule with tool, default severity, description and docs link', async () => {
    const r = await cli(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /fake-tracing +iac +warning +Every function has tracing on +https:\/\/\S+\/docs\/rules\/fake-tracing\.md/,
    );
    expect(r.stdout).toMatch(/unused-disable +core +warning/);
    const json = JSON.parse((await cli(['rules', '--format', 'json'])).stdout) as {
      id: string;
      tool: string;
    }[];
    expect(json.map((x) => x.id)).toEqual([
      'duplicate-key',
      'fake-timeout',
      'fake-tracing',
      'flow-indentation',
      'parse-error',
      'unsupported-template',
      'fake-size',
      'internal-error',
      'report-output',
      'unused-disable',
    ]);
    const md = (await cli(['rules', '--format', 'markdown'])).stdout;
    expect(md).toContain('| [`fake-size`](./fake-size.md) | info | Packages stay small |');
  });

  it('rejects report formats and paths', async () => {
    expect((await cli(['rules', '--format', 'sarif'])).code).toBe(2);
    expect((await cli(['rules', 'x'])).code).toBe(2);
  });
});
