import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rule, { budgetFor } from '../../src/rules/package-size-budget.js';
import { parseSize } from '../../src/rule-helpers.js';
import { check, measureDirectoryAt, measureFixture, summary } from './helpers.js';

const FAIL_MESSAGE =
  'fixtures/rules/package-size-budget.fail: the deployment package is over budget by 5.4 KiB (5,557 bytes): 13.4 KiB (13,749 bytes) unzipped, ' +
  '167.8% of its budget of 8.0 KiB (8,192 bytes). Every cold start downloads and unpacks it, and bigger packages load slower. ' +
  'Largest contributors: @aws-sdk/client-s3 6.0 KiB, typescript 4.0 KiB, moment 3.1 KiB, uuid 171 B, own code 197 B.';
const FAIL_HELP =
  "To shrink it: leave out @aws-sdk/* and @smithy/*, which the nodejs20.x runtime already provides (esbuild `external: ['@aws-sdk/*']`; 6.0 KiB); " +
  'install production dependencies only (`npm ci --omit=dev`) to drop typescript (4.0 KiB); ' +
  'bundle the handler with esbuild (`bundle: true, minify: true`, tree shaking) instead of shipping node_modules (13.2 KiB).';

describe('package-size-budget', () => {
  it('stays quiet on a small package at the default 10 MiB budget', async () => {
    expect(check(rule, await measureFixture('package-size-budget.pass'))).toEqual([]);
  });

  it('reports a package over its budget with the total, the share of the budget, the top contributors and what to cut', async () => {
    const model = await measureFixture('package-size-budget.fail', { runtime: 'nodejs20.x' });
    expect(check(rule, model, { budget: '8KiB' }).map(summary)).toEqual([
      {
        severity: 'error',
        message: FAIL_MESSAGE,
        help: FAIL_HELP,
        file: 'fixtures/rules/package-size-budget.fail',
        line: 1,
      },
    ]);
  });

  it('warns, without failing, above the warnAt fraction of the budget', async () => {
    const model = await measureFixture('package-size-budget.fail', { runtime: 'nodejs20.x' });
    const [finding] = check(rule, model, { budget: 16384, warnAt: 0.8 });
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain(
      'the deployment package is above 80.0% of its budget and close to it: 13.4 KiB (13,749 bytes) unzipped, 83.9% of its budget of 16.0 KiB (16,384 bytes)',
    );
    expect(check(rule, model, { budget: 16384, warnAt: 0.9 })).toEqual([]);
    expect(check(rule, model, { budget: 16384, warnAt: 1 })).toEqual([]);
  });

  it('caps both tiers at the configured severity', async () => {
    const model = await measureFixture('package-size-budget.fail');
    expect(check(rule, model, { budget: '8KiB' }, 'warning').map((f) => f.severity)).toEqual(['warning']);
    expect(check(rule, model, { budget: 16384 }, 'info').map((f) => f.severity)).toEqual(['info']);
  });

  it('applies per-function budgets: exact names before globs, then the first matching glob', async () => {
    const model = await measureFixture('package-size-budget.fail', {
      subject: { kind: 'function', id: 'OrdersFunction', name: 'orders-prod-create' },
    });
    expect(budgetFor(model, { functions: { 'Orders*': '8KiB' } })).toBe(8192);
    expect(budgetFor(model, { functions: { '*': '8KiB', OrdersFunction: '1MiB' } })).toBe(1048576);
    expect(budgetFor(model, { functions: { 'orders-prod-*': 1000 } })).toBe(1000);
    expect(budgetFor(model, { functions: { 'fixtures/rules/*.fail': 2000 } })).toBe(2000);
    expect(budgetFor(model, { budget: '20KiB', functions: { Health: 1 } })).toBe(20480);
    expect(budgetFor(model, {})).toBe(10485760);
    expect(check(rule, model, { functions: { 'Orders*': '8KiB' } })).toHaveLength(1);
    expect(check(rule, model, { budget: '8KiB', functions: { OrdersFunction: '1MiB' } })).toEqual([]);
  });

  it('parses sizes with binary and decimal units and rejects anything else', () => {
    expect(parseSize('10MiB')).toBe(10485760);
    expect(parseSize('512 KiB')).toBe(524288);
    expect(parseSize('1.5MiB')).toBe(1572864);
    expect(parseSize('50MB')).toBe(50000000);
    expect(parseSize('42')).toBe(42);
    expect(parseSize('ten megs')).toBeUndefined();
    expect(() => rule.meta.options!.parse({ budget: '10 megs' })).toThrow(/is not a size/);
    expect(() => rule.meta.options!.parse({ budgt: 1 })).toThrow();
  });

  describe('at the default budget of exactly 10 MiB (10,485,760 bytes)', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'lambda-lint-budget-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    async function packageOf(bytes: number) {
      const root = join(dir, String(bytes));
      mkdirSync(root);
      writeFileSync(join(root, 'data.bin'), '');
      truncateSync(join(root, 'data.bin'), bytes); // sparse: the size without the disk space
      return measureDirectoryAt(root, `pkg-${bytes}`);
    }

    it('is an error one byte over, a warning at the budget itself', async () => {
      const over = check(rule, await packageOf(10485761));
      expect(over.map((f) => f.severity)).toEqual(['error']);
      expect(over[0].message).toContain(
        'over budget by 1 byte: 10.0 MiB (10,485,761 bytes) unzipped, 100.0% of its budget of 10.0 MiB (10,485,760 bytes)',
      );
      const at = check(rule, await packageOf(10485760));
      expect(at.map((f) => f.severity)).toEqual(['warning']);
      expect(check(rule, await packageOf(8388608))).toEqual([]);
    });
  });
});
