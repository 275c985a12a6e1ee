import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { iacRules } from '../src/rules/index.js';
import { configWith, crashes, scanFixture } from './rules/helpers.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(packageDir, '../..');
const fixtureDir = path.join(repoRoot, 'fixtures/rules');
const fixtures = existsSync(fixtureDir) ? readdirSync(fixtureDir) : [];

/** The eleven rules of issue 3; the list must not shrink silently. */
const EXPECTED_IDS = [
  'async-failure-destination',
  'event-source-failure-destination',
  'concurrency-limit',
  'concurrency-budget',
  'provisioned-concurrency-alias',
  'tracing-active',
  'deployment-safety',
  'no-plaintext-secrets',
  'runtime-lifecycle',
  'cold-start',
  'timeout-alignment',
];

describe('IaC rule set', () => {
  it('has the expected rules with unique ids', () => {
    const ids = iacRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...EXPECTED_IDS].sort());
  });

  describe.each(iacRules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    it('has a kebab-case id, a description, a severity and the iac tool', () => {
      expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(rule.meta.description.length).toBeGreaterThan(10);
      expect(['error', 'warning', 'info']).toContain(rule.meta.severity);
      expect(rule.meta.tool).toBe('iac');
    });

    it('has an options schema that accepts {}', () => {
      expect(rule.meta.options).toBeDefined();
      expect(() => rule.meta.options?.parse({})).not.toThrow();
    });

    it(`lives in src/rules/${id}.ts`, () => {
      expect(existsSync(path.join(packageDir, 'src/rules', `${id}.ts`))).toBe(true);
    });

    it(`has a test file test/rules/${id}.test.ts`, () => {
      expect(existsSync(path.join(packageDir, 'test/rules', `${id}.test.ts`))).toBe(true);
    });

    it('has a docs page with why, ❌/✅ examples, Options and When Not To Use It', () => {
      const page = path.join(repoRoot, 'docs/rules', `${id}.md`);
      expect(existsSync(page)).toBe(true);
      const text = readFileSync(page, 'utf8');
      expect(text.startsWith(`# ${id}\n`)).toBe(true);
      expect(text).toMatch(/^## ❌ Incorrect$/m);
      expect(text).toMatch(/^## ✅ Correct$/m);
      expect(text).toMatch(/^## Options$/m);
      expect(text).toMatch(/^## When Not To Use It$/m);
      // Every option in the schema is documented.
      const defaults = (rule.meta.options?.parse({}) ?? {}) as Record<string, unknown>;
      for (const option of Object.keys(defaults)) expect(text).toContain(`\`${option}\``);
    });

    it('has a pass and a fail fixture', () => {
      expect(fixtures).toContain(`${id}.pass.yaml`);
      expect(fixtures).toContain(`${id}.fail.yaml`);
    });
  });

  it('has no fixture, docs page or rule file without a rule', () => {
    const ids = new Set(iacRules.map((r) => r.meta.id));
    const helperFiles = new Set(['index']);
    for (const file of readdirSync(path.join(packageDir, 'src/rules'))) {
      const base = file.replace(/\.ts$/, '');
      if (!helperFiles.has(base)) expect(ids, `src/rules/${file}`).toContain(base);
    }
    for (const file of readdirSync(path.join(packageDir, 'test/rules'))) {
      const match = /^(.*)\.test\.ts$/.exec(file);
      if (match?.[1]) expect(ids, `test/rules/${file}`).toContain(match[1]);
    }
  });
  it('scans every fixture with every option switched on without an internal error', () => {
    const config = configWith({
      'async-failure-destination': { options: { flagUntriggered: true } },
      'concurrency-limit': { options: { scope: 'all' } },
      'tracing-active': { options: { apiStages: true, stateMachines: true } },
      'runtime-lifecycle': { options: { today: '2026-11-27', warnDaysBefore: 10000 } },
    });
    const ids = iacRules.map((r) => r.meta.id);
    const yamlFixtures = fixtures.filter(
      (f) => /\.(pass|fail)\.ya?ml$/.test(f) && ids.some((id) => f.startsWith(`${id}.`)),
    );
    expect(yamlFixtures.length).toBeGreaterThanOrEqual(22);
    for (const name of yamlFixtures) expect(crashes(scanFixture(name, config)), name).toEqual([]);
  });
});
