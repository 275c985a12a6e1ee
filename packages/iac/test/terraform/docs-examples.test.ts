import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfigView } from '@lambda-lint/core';
import { iacRules, iacScanner } from '../../src/index.js';

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/rules');
const config = defaultConfigView(iacRules);

/** `hcl` blocks under a ❌ or ✅ heading of a rule page (Contract D: a heading with neither mark ends the section). */
function hclExamples(markdown: string): { expectFinding: boolean; code: string; line: number }[] {
  const out: { expectFinding: boolean; code: string; line: number }[] = [];
  let mark: boolean | undefined;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) mark = line.includes('❌') ? true : line.includes('✅') ? false : undefined;
    else if (line.trim() === '```hcl' && mark !== undefined) {
      const start = i;
      const code: string[] = [];
      while (++i < lines.length && lines[i]!.trim() !== '```') code.push(lines[i]!);
      out.push({ expectFinding: mark, code: `${code.join('\n')}\n`, line: start + 1 });
    }
  }
  return out;
}

describe('Terraform examples in the rule docs', () => {
  for (const rule of iacRules) {
    const page = path.join(docs, `${rule.meta.id}.md`);
    const examples = hclExamples(readFileSync(page, 'utf8'));
    for (const example of examples) {
      it(`${rule.meta.id}.md line ${example.line}: ${example.expectFinding ? 'reported' : 'not reported'}`, async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-docs-tf-'));
        try {
          writeFileSync(path.join(dir, 'main.tf'), example.code);
          const { findings } = await iacScanner.scan({ paths: ['.'], cwd: dir, config });
          expect(findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
          const own = findings.filter((f) => f.ruleId === rule.meta.id);
          if (example.expectFinding) expect(own.length).toBeGreaterThan(0);
          else expect(own).toEqual([]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }

  it('every rule that applies to Terraform has both kinds of example', () => {
    for (const name of readdirSync(docs).filter((n) => n.endsWith('.md'))) {
      const id = name.slice(0, -3);
      if (!iacRules.some((r) => r.meta.id === id) || id === 'deployment-safety') continue;
      const examples = hclExamples(readFileSync(path.join(docs, name), 'utf8'));
      expect(
        examples.some((e) => e.expectFinding),
        id,
      ).toBe(true);
      expect(
        examples.some((e) => !e.expectFinding),
        id,
      ).toBe(true);
    }
  });
});
