import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { bundleRules } from '../src/rules/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const fixtures = readdirSync(resolve(ROOT, 'fixtures/rules'));

describe('every bundle rule', () => {
  it('has a unique kebab-case id and the bundle tool', () => {
    const ids = bundleRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of bundleRules) {
      expect(rule.meta.id).toMatch(/^[a-z]+(?:-[a-z0-9]+)*$/);
      expect(rule.meta.tool).toBe('bundle');
      expect(rule.meta.description.length).toBeGreaterThan(10);
    }
  });

  describe.each(bundleRules.map((rule) => [rule.meta.id, rule] as const))('%s', (id, rule) => {
    it('has its source file, test file and a pass/fail fixture pair', () => {
      expect(existsSync(resolve(ROOT, `packages/bundle/src/rules/${id}.ts`)), `src/rules/${id}.ts`).toBe(
        true,
      );
      expect(
        existsSync(resolve(ROOT, `packages/bundle/test/rules/${id}.test.ts`)),
        `test/rules/${id}.test.ts`,
      ).toBe(true);
      for (const kind of ['pass', 'fail']) {
        const found = fixtures.some((name) => name === `${id}.${kind}` || name.startsWith(`${id}.${kind}.`));
        expect(found, `fixtures/rules/${id}.${kind}[.<ext>]`).toBe(true);
      }
    });

    it('has default options that parse, and documents each of them with its default', () => {
      const schema = rule.meta.options ?? z.object({});
      expect(() => schema.parse({})).not.toThrow();
      const docs = readFileSync(resolve(ROOT, `docs/rules/${id}.md`), 'utf8');
      const shape = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
      for (const key of shape) expect(docs, `option ${key} in docs/rules/${id}.md`).toContain(`\`${key}\``);
      if (shape.length === 0) expect(docs).toMatch(/## Options\s+(?:None|This rule has no options)/);
    });

    it('has a docs page with the why, ❌/✅ examples, Options, When Not To Use It, and its default severity', () => {
      const docs = readFileSync(resolve(ROOT, `docs/rules/${id}.md`), 'utf8');
      expect(docs.startsWith(`# ${id}\n`)).toBe(true);
      for (const heading of ['## ❌ Incorrect', '## ✅ Correct', '## Options', '## When Not To Use It'])
        expect(docs, heading).toContain(heading);
      expect(docs).toContain(`**Severity:** ${rule.meta.severity}`);
    });
  });
});
