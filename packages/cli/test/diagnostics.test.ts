import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/index.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-cli-diag-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[], stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    cwd: repo,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    ...(stdin !== undefined && { stdin: () => Readable.from([Buffer.from(stdin)]) }),
  });
  return { code, stdout, stderr };
}

describe('lambda-lint logs (CLI)', () => {
  it('prints a stylish table per function and exits 1 on the timeout finding', async () => {
    const { code, stdout, stderr } = await cli(['logs', 'fixtures/logs/insights-messages.csv']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('timeouts-observed');
    expect(stdout).toMatch(/^orders\n/m);
    expect(stdout).toMatch(/^payments\n/m);
    expect(stdout).toMatch(/cold starts \(init\)\s+3 \(30\.0%\)\s+init p50 812 · p95 906 · max 906 ms/);
  });

  it('writes JSON with every figure a number', async () => {
    const { stdout } = await cli([
      'logs',
      'fixtures/logs/tail-orders.txt',
      '--function',
      'orders',
      '--format',
      'json',
    ]);
    const report = JSON.parse(stdout) as { functions: Record<string, unknown>[]; skippedLines: number };
    const orders = report.functions[0]!;
    expect(orders).toMatchObject({
      name: 'orders',
      invocations: 10,
      coldStarts: 3,
      timeouts: 1,
      memorySizeMB: 512,
    });
    expect(orders.durationMs).toEqual({ count: 10, p50: 11.1, p95: 3000, p99: 3000, max: 3000, exact: true });
    expect(report.skippedLines).toBe(0);
  });

  it('reads standard input and says how many lines it skipped', async () => {
    const text = `${readFileSync(path.join(repo, 'fixtures/logs/tail-orders.txt'), 'utf8')}\u0000\u0001binary REPORT junk\nREPORT RequestId: 1 Duration: 1`;
    const { code, stderr, stdout } = await cli(['logs', '-', '--function', 'orders', '-f', 'json'], text);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^lambda-lint: skipped 2 unreadable lines \(first: <stdin>:\d+, binary data/);
    expect((JSON.parse(stdout) as { functions: { invocations: number }[] }).functions[0]!.invocations).toBe(
      10,
    );
  });

  it('needs an input, and says when there is nothing to read', async () => {
    expect((await cli(['logs'])).stderr).toContain(
      '"logs" needs a log file, a directory of them, or - for standard input',
    );
    const empty = path.join(tmp, 'empty.log');
    writeFileSync(empty, 'hello\n');
    const { code, stderr } = await cli(['logs', empty]);
    expect(code).toBe(0);
    expect(stderr).toContain('no Lambda REPORT lines found in 1 input');
  });

  it('takes thresholds from the lambda-lint configuration', async () => {
    const config = path.join(tmp, 'lambda-lint.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        rules: { 'timeouts-observed': 'off', 'duration-near-timeout': ['warning', { maxRatio: 0.5 }] },
      }),
    );
    const { code, stdout } = await cli(['logs', 'fixtures/logs/sam-logs.txt', '--config', config]);
    expect(stdout).not.toContain('timeouts-observed');
    expect(code).toBe(0);
    const bad = path.join(tmp, 'bad.config.json');
    writeFileSync(bad, JSON.stringify({ rules: { 'cold-start-rate': ['warning', { maxRat: 1 }] } }));
    const rejected = await cli(['logs', 'fixtures/logs/sam-logs.txt', '--config', bad]);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain(
      'rule "cold-start-rate" has no option "maxRat" (did you mean "maxRate"?)',
    );
  });
});

describe('lambda-lint init-time (CLI)', () => {
  it('prints the timings, the costliest modules and what local timing cannot tell', async () => {
    const { code, stdout } = await cli([
      'init-time',
      'fixtures/init-time/heavy-module/handler.ts',
      '--runs',
      '2',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^fixtures\/init-time\/heavy-module\/handler\.ts — module initialisation$/m);
    expect(stdout).toMatch(/^module\s+\d+\.\d ms\s+heavy-lib$/m);
    expect(stdout).toContain('Lambda gives a function CPU in proportion to its memory');
  });

  it('rejects a bad --runs', async () => {
    const { code, stderr } = await cli(['init-time', 'fixtures/init-time/trivial.js', '--runs', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('invalid value "0" for --runs');
  });
});

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('lambda-lint logs --report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is a self-contained page with init and duration histograms per function and the cold-start timeline', async () => {
    const file = path.join(tmp, 'logs.html');
    const { code } = await cli(['logs', 'fixtures/logs/insights-messages.csv', '--report', file]);
    expect(code).toBe(1);
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('section.function h2').allTextContents()).toEqual(['orders', 'payments']);
    const orders = page.locator('section[data-function="orders"]');
    expect(await orders.locator('.invocations').textContent()).toBe('10');
    // Three cold starts in the init histogram, ten invocations in the duration histogram.
    const counts = async (kind: string) =>
      (
        await orders
          .locator(`rect.bar[data-kind="${kind}"]`)
          .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-count'))))
      ).reduce((a, b) => a + b, 0);
    expect(await counts('init')).toBe(3);
    expect(await counts('duration')).toBe(10);
    expect(await page.locator('#timeline circle.cold-start').count()).toBe(6);
    const box = await page.locator('#timeline').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  });
});
