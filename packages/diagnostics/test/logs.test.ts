import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { defaultConfigView } from '@lambda-lint/core';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeLogs, diagnosticsRules, type FunctionStats } from '../src/index.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const fixtures = path.join(repo, 'fixtures/logs');
const tmp = mkdtempSync(path.join(tmpdir(), 'lambda-lint-logs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const noStdin = () => {
  throw new Error('no stdin in this test');
};

async function analyze(
  paths: string[],
  extra: { functionName?: string; template?: string; stdin?: () => Readable } = {},
) {
  return analyzeLogs({
    paths,
    cwd: repo,
    stdin: extra.stdin ?? noStdin,
    config: defaultConfigView(diagnosticsRules),
    ...(extra.functionName !== undefined && { functionName: extra.functionName }),
    ...(extra.template !== undefined && { template: extra.template }),
  });
}

/**
 * The ten invocations every fixture of fixtures/logs describes, worked out by hand:
 * durations 12.5 8.1 230.4 9.0 15.2 3000.0 7.7 11.1 500.0 6.6 → sorted 6.6 7.7 8.1 9.0 11.1 12.5 15.2 230.4 500 3000;
 * nearest rank: p50 = 5th = 11.1, p95 = p99 = 10th = 3000. Init durations 812.34 640.10 905.50 → p50 = 2nd = 812.34,
 * p95 = 3rd = 905.5. Max Memory Used 80 81 95 82 83 120 84 85 90 86 → p99 = max = 120. One timeout (#6, both its REPORT
 * Status and the "Task timed out" line name it), one error (#9), one failed INIT_REPORT.
 */
const ORDERS = {
  invocations: 10,
  coldStarts: 3,
  coldStartRate: 0.3,
  initDurationMs: { count: 3, p50: 812.34, p95: 905.5, max: 905.5, exact: true },
  durationMs: { count: 10, p50: 11.1, p95: 3000, p99: 3000, max: 3000, exact: true },
  memorySizeMB: 512,
  maxMemoryUsedMB: { count: 10, p50: 84, p99: 120, max: 120, exact: true },
  errors: 1,
  // Billed: ceil of each duration: 13+9+231+9+16+3000+8+12+500+7.
  billedTotal: 3805,
};

function expectOrders(
  stats: FunctionStats | undefined,
  opts: { timeouts?: number; initFailures?: number; billed?: boolean } = {},
) {
  expect(stats).toBeDefined();
  const s = stats!;
  expect({
    invocations: s.invocations,
    coldStarts: s.coldStarts,
    coldStartRate: s.coldStartRate,
    initDurationMs: s.initDurationMs,
    durationMs: s.durationMs,
    memorySizeMB: s.memorySizeMB,
    maxMemoryUsedMB: s.maxMemoryUsedMB,
    errors: s.errors,
  }).toEqual({
    invocations: ORDERS.invocations,
    coldStarts: ORDERS.coldStarts,
    coldStartRate: ORDERS.coldStartRate,
    initDurationMs: ORDERS.initDurationMs,
    durationMs: ORDERS.durationMs,
    memorySizeMB: ORDERS.memorySizeMB,
    maxMemoryUsedMB: ORDERS.maxMemoryUsedMB,
    errors: opts.timeouts === 0 ? 0 : ORDERS.errors,
  });
  if (opts.billed !== false) expect(s.billedDurationMs.total).toBe(ORDERS.billedTotal);
  expect(s.timeouts).toBe(opts.timeouts ?? 1);
  expect(s.initFailures).toBe(opts.initFailures ?? 1);
}

describe('lambda-lint logs: every input form gives the same figures', () => {
  it('aws logs tail output (START/END/REPORT, XRAY lines, Task timed out, Status, INIT_REPORT)', async () => {
    const { functions, collection } = await analyze(['fixtures/logs/tail-orders.txt'], {
      functionName: 'orders',
    });
    expectOrders(functions.find((f) => f.name === 'orders'));
    expect(functions.find((f) => f.name === 'orders')!.observedTimeoutSeconds).toBe(3);
    expect(collection.skipped.count).toBe(0);
  });

  it('sam logs output', async () => {
    const { functions } = await analyze(['fixtures/logs/sam-logs.txt']);
    expect(functions.map((f) => f.name)).toEqual(['(unknown)']);
    expectOrders(functions[0]);
  });

  it('aws logs filter-log-events JSON', async () => {
    const { functions } = await analyze(['fixtures/logs/filter-log-events.json'], { functionName: 'orders' });
    expectOrders(functions[0]);
    expect(functions[0]!.firstTime).toBe(Date.UTC(2024, 4, 1, 10, 0, 4));
  });

  it('Logs Insights CSV with raw @message, two functions mixed (@log), and --function', async () => {
    const both = await analyze(['fixtures/logs/insights-messages.csv']);
    expect(both.functions.map((f) => f.name)).toEqual(['orders', 'payments']);
    for (const f of both.functions) expectOrders(f);
    const one = await analyze(['fixtures/logs/insights-messages.csv'], {
      functionName: '/aws/lambda/payments',
    });
    expect(one.functions.map((f) => f.name)).toEqual(['payments']);
  });

  it('Logs Insights CSV with parsed fields (memory in bytes)', async () => {
    const { functions } = await analyze(['fixtures/logs/insights-fields.csv']);
    expect(functions.map((f) => f.name)).toEqual(['orders']);
    // Parsed fields carry no Status, timeout line or INIT_REPORT.
    expectOrders(functions[0], { timeouts: 0, initFailures: 0 });
  });

  it('the Lambda JSON log format (platform.report / platform.initReport / platform.start)', async () => {
    const { functions } = await analyze(['fixtures/logs/json-format.log'], { functionName: 'orders' });
    expectOrders(functions[0]);
    expect(functions[0]!.timeline.map((p) => p.ms)).toEqual([812.34, 640.1, 905.5]);
  });

  it('gzip files in an S3 export tree, the function named by the export path', async () => {
    const dir = path.join(tmp, 'export/aws/lambda/orders/4d6f-task/2024/05/01/[$LATEST]0123');
    mkdirSync(dir, { recursive: true });
    const text = readFileSync(path.join(fixtures, 's3-export-000000.txt'));
    // Two members, as large exports are split: the second half in 000001.gz.
    const half = text.indexOf('\n', text.length / 2) + 1;
    writeFileSync(path.join(dir, '000000.gz'), gzipSync(text.subarray(0, half)));
    writeFileSync(path.join(dir, '000001.gz'), gzipSync(text.subarray(half)));
    const { functions, collection } = await analyze([path.join(tmp, 'export')]);
    expect(functions.map((f) => f.name)).toEqual(['orders']);
    expectOrders(functions[0]);
    expect(collection.skipped.count).toBe(0);
  });

  it('standard input as a stream, in small chunks that split lines', async () => {
    const text = readFileSync(path.join(fixtures, 'tail-orders.txt'));
    const chunks = Array.from({ length: Math.ceil(text.length / 37) }, (_, i) =>
      text.subarray(i * 37, i * 37 + 37),
    );
    const { functions } = await analyze(['-'], {
      functionName: 'orders',
      stdin: () => Readable.from(chunks),
    });
    expectOrders(functions[0]);
  });

  it('SnapStart: restores are kept apart from inits, RESTORE_REPORT failures counted', async () => {
    const { functions } = await analyze(['fixtures/logs/snapstart.txt']);
    const s = functions[0]!;
    expect(s.invocations).toBe(4);
    expect(s.coldStarts).toBe(0);
    expect(s.restores).toBe(2);
    expect(s.restoreRate).toBe(0.5);
    expect(s.restoreDurationMs).toEqual({ count: 2, p50: 290, p95: 310.5, max: 310.5, exact: true });
    expect(s.restoreFailures).toBe(1);
  });
});

describe('lambda-lint logs: hostile input', () => {
  it('skips and counts truncated lines, binary junk, a huge line and CRLF endings; the rest is still read', async () => {
    const good = readFileSync(path.join(fixtures, 'tail-orders.txt'), 'utf8').replace(/\n/g, '\r\n');
    const lines = good.split('\r\n');
    const reportAt = lines.findIndex((l) => l.includes('REPORT RequestId'));
    const truncated = lines[reportAt]!.slice(0, lines[reportAt]!.indexOf('Max Memory Used: ') + 18);
    const junk = Buffer.from([0x00, 0xff, 0xfe, 0x52, 0x45, 0x50, 0x4f, 0x52, 0x54, 0x20, 0xc3, 0x28, 0x0a]);
    const huge = `2024-05-01T10:30:00.000Z REPORT ${'x'.repeat(2 * 1024 * 1024)}\n`;
    const file = path.join(tmp, 'hostile.txt');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${truncated}\r\n`),
        junk,
        Buffer.from(huge),
        Buffer.from(good),
        Buffer.from('2024-05-01T10:31:00.000Z REPORT RequestId: 1234'),
      ]),
    );
    const { functions, collection } = await analyze([file], { functionName: 'orders' });
    expectOrders(functions[0]);
    // The truncated REPORT, the junk line, the 2 MiB line, the REPORT cut off at the end of the file.
    expect(collection.skipped.count).toBe(4);
    expect(collection.skipped.examples.map((e) => e.at.line)).toEqual([1, 2, 3, 4 + lines.length - 1]);
  });

  it('never throws on random bytes', async () => {
    let seed = 7;
    const bytes = Buffer.alloc(256 * 1024);
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    const file = path.join(tmp, 'random.bin');
    writeFileSync(file, bytes);
    const { functions } = await analyze([file]);
    expect(functions).toEqual([]);
  });
});

/** A simple, separate computation of the figures: sort and take the nearest rank. */
function nearest(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

describe('lambda-lint logs: generated logs against an independent computation', () => {
  it('two functions, 5,000 invocations each', async () => {
    let seed = 42;
    const rand = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
    const expected: Record<string, { d: number[]; i: number[]; m: number[] }> = {};
    const out: string[] = [];
    for (let n = 0; n < 10_000; n++) {
      const name = n % 3 === 0 ? 'checkout' : 'search';
      const e = (expected[name] ??= { d: [], i: [], m: [] });
      const d = Math.round(rand() * 200000) / 100;
      const m = 60 + Math.floor(rand() * 100);
      const cold = rand() < 0.08;
      const init = Math.round((300 + rand() * 900) * 100) / 100;
      e.d.push(d);
      e.m.push(m);
      if (cold) e.i.push(init);
      const id = `${String(n).padStart(8, '0')}-1111-4222-8333-444444444444`;
      const t = new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString();
      out.push(`${t} /aws/lambda/${name} START RequestId: ${id} Version: $LATEST`);
      out.push(
        `${t} /aws/lambda/${name} REPORT RequestId: ${id}\tDuration: ${d.toFixed(2)} ms\tBilled Duration: ${Math.ceil(d)} ms\tMemory Size: 256 MB\tMax Memory Used: ${m} MB\t${cold ? `Init Duration: ${init.toFixed(2)} ms\t` : ''}`,
      );
    }
    const file = path.join(tmp, 'generated.txt');
    writeFileSync(file, `${out.join('\n')}\n`);
    const { functions } = await analyze([file]);
    for (const [name, e] of Object.entries(expected)) {
      const s = functions.find((f) => f.name === name)!;
      expect(s.invocations).toBe(e.d.length);
      expect(s.coldStarts).toBe(e.i.length);
      expect(s.initDurationMs.p95).toBe(nearest(e.i, 95));
      expect(s.durationMs.p99).toBe(nearest(e.d, 99));
      expect(s.durationMs.p50).toBe(nearest(e.d, 50));
      expect(s.maxMemoryUsedMB.max).toBe(Math.max(...e.m));
    }
  });
});

describe('lambda-lint logs: findings', () => {
  it('reports timeouts, near-timeout and memory at the log line without a template', async () => {
    const { findings } = await analyze(['fixtures/logs/tail-orders.txt'], { functionName: 'orders' });
    const timeout = findings.find((f) => f.ruleId === 'timeouts-observed');
    expect(timeout).toMatchObject({
      tool: 'diagnostics',
      severity: 'error',
      file: 'fixtures/logs/tail-orders.txt',
    });
    expect(timeout!.message).toContain(
      'orders: 1 invocation timed out (Timeout 3 s, from "Task timed out after") out of 10',
    );
    // The first timeout line of the file: "Task timed out after 3.00 seconds".
    const text = readFileSync(path.join(fixtures, 'tail-orders.txt'), 'utf8').split('\n');
    expect(text[timeout!.range.line - 1]).toContain('Task timed out after 3.00 seconds');
  });

  it('cold-start-rate names the numbers, and stays quiet below its thresholds', async () => {
    const { findings } = await analyze(['fixtures/logs/insights-fields.csv']);
    // 10 invocations are fewer than minInvocations (20): no rate finding.
    expect(findings.filter((f) => f.ruleId === 'cold-start-rate')).toEqual([]);
    const many = path.join(tmp, 'many-cold.txt');
    const lines: string[] = [];
    for (let n = 0; n < 40; n++)
      lines.push(
        `REPORT RequestId: ${String(n).padStart(8, '0')}-1111-4222-8333-444444444444\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 1024 MB\tMax Memory Used: 100 MB\t${n % 4 === 0 ? 'Init Duration: 1200.00 ms\t' : ''}`,
      );
    writeFileSync(many, `${lines.join('\n')}\n`);
    const result = await analyze([many], { functionName: 'api' });
    const cold = result.findings.find((f) => f.ruleId === 'cold-start-rate');
    expect(cold?.message).toBe(
      'api: 10 of 40 invocations (25%) were cold starts, with init p50 1,200 ms, p95 1,200 ms, max 1,200 ms: about 12,000 ms of waiting in this window.',
    );
    // 100 of 1024 MB at p99: memory-oversized, with the CPU caveat.
    const over = result.findings.find((f) => f.ruleId === 'memory-oversized');
    expect(over?.message).toContain('Memory also sets the CPU share');
    expect(over?.help).toContain('Run test invocations at a few memory sizes');
  });

  it('with --template: compares against MemorySize and Timeout and points at their lines', async () => {
    const dir = path.join(tmp, 'app');
    mkdirSync(dir, { recursive: true });
    const template = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  OrdersFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: index.handler',
      '      CodeUri: src/',
      '      MemorySize: 128',
      '      Timeout: 4',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'template.yaml'), template);
    const logs = readFileSync(path.join(fixtures, 'tail-orders.txt'), 'utf8')
      .split('\n')
      .map((l) => (l ? `/aws/lambda/shop-OrdersFunction-AbC123 ${l}` : l))
      .join('\n');
    writeFileSync(path.join(dir, 'orders.log'), logs);
    const { findings, functions } = await analyze([path.join(dir, 'orders.log')], {
      template: path.join(dir, 'template.yaml'),
    });
    expect(functions.map((f) => f.name)).toEqual(['shop-OrdersFunction-AbC123']);
    const memory = findings.find((f) => f.ruleId === 'memory-near-limit');
    expect(memory).toMatchObject({ range: { line: 10 }, subject: { id: 'OrdersFunction' } });
    expect(memory!.file).toMatch(/template\.yaml$/);
    expect(memory!.message).toContain('used 120 MB of its 128 MB');
    const timeout = findings.find((f) => f.ruleId === 'timeouts-observed');
    expect(timeout).toMatchObject({ range: { line: 11 } });
    expect(timeout!.message).toContain('(Timeout 4 s)');
  });
});

describe('percentiles past the exact cap', () => {
  it('keep a uniform sample: counts and max stay exact, percentiles close, marked inexact', async () => {
    const { ValueSeries } = await import('../src/logs/stats.js');
    const series = new ValueSeries(1000);
    for (let i = 1; i <= 100_000; i++) series.add(i);
    expect(series.count).toBe(100_000);
    expect(series.max).toBe(100_000);
    expect(series.exact).toBe(false);
    const sorted = series.sorted();
    expect(sorted.length).toBe(1000);
    // A uniform sample of 1..100000: its median within a few percent of 50000.
    expect(Math.abs(sorted[499]! - 50_000)).toBeLessThan(5_000);
  });
});

describe('lambda-lint logs: other shapes people paste', () => {
  const report = (n: number, extra = '') =>
    `REPORT RequestId: ${String(n).padStart(8, '0')}-1111-4222-8333-444444444444\tDuration: ${n}.50 ms\tBilled Duration: ${n + 1} ms\tMemory Size: 256 MB\tMax Memory Used: ${60 + n} MB\t${extra}`;

  it('aws logs tail --format json, the console CSV download (epoch timestamps), space-separated and Serverless-style prefixes', async () => {
    const files: Record<string, string> = {
      'tail.json': [1, 2, 3]
        .map((n) =>
          JSON.stringify({
            timestamp: 1714557600000 + n,
            logStreamName: 's',
            message: `${report(n, n === 1 ? 'Init Duration: 300.00 ms\t' : '')}\n`,
          }),
        )
        .join('\n'),
      'console.csv': `timestamp,message\n${[1, 2, 3].map((n) => `${1714557600000 + n},"${report(n, n === 1 ? 'Init Duration: 300.00 ms\t' : '')}\n"`).join('\n')}\n`,
      'spaces.txt': [1, 2, 3]
        .map((n) => report(n, n === 1 ? 'Init Duration: 300.00 ms' : '').replace(/\t/g, ' '))
        .join('\n'),
      'sls.txt': [1, 2, 3]
        .map(
          (n) =>
            `2024-05-01 10:00:0${n}.123 (+00:00)\t${report(n, n === 1 ? 'Init Duration: 300.00 ms\t' : '')}`,
        )
        .join('\n'),
    };
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(tmp, name);
      writeFileSync(file, text);
      const { functions, collection } = await analyze([file], { functionName: 'api' });
      expect({ name, skipped: collection.skipped.count, n: functions[0]?.invocations }).toEqual({
        name,
        skipped: 0,
        n: 3,
      });
      expect(functions[0]!.coldStarts).toBe(1);
      // Durations 1.5 2.5 3.5: nearest-rank p99 is the 3rd; max used 63 MB.
      expect(functions[0]!.durationMs.p99).toBe(3.5);
      expect(functions[0]!.maxMemoryUsedMB.max).toBe(63);
    }
  });
});
