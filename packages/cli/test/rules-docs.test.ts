import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** `lambda-lint rules --format <format>` over every installed scanner and the ESLint plugin. */
async function rulesOutput(format: 'markdown' | 'json'): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await run(['rules', '--format', format], {
    cwd: root,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return stdout;
}

describe('docs/rules', () => {
  it('README.md is the current output of `lambda-lint rules --format markdown` (run `pnpm docs:rules`)', async () => {
    const current = readFileSync(path.join(root, 'docs/rules/README.md'), 'utf8');
    expect(current).toBe(await rulesOutput('markdown'));
  });

  it('every rule has a docs page; an id is unique within a tool', async () => {
    const rules = JSON.parse(await rulesOutput('json')) as { id: string; tool: string }[];
    const keys = rules.map((r) => `${r.tool}/${r.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = [...new Set(rules.map((r) => r.id))];
    expect(ids.filter((id) => !existsSync(path.join(root, 'docs/rules', `${id}.md`)))).toEqual([]);
  });

  it('an id served by several tools is one concept: one page with a section per language', async () => {
    const rules = JSON.parse(await rulesOutput('json')) as {
      id: string;
      tool: string;
      description: string;
    }[];
    const python = rules.filter((r) => r.tool === 'python');
    expect(python.length).toBeGreaterThan(0);
    for (const rule of python) {
      const page = readFileSync(path.join(root, 'docs/rules', `${rule.id}.md`), 'utf8');
      expect(page, rule.id).toMatch(/^## Python$/m);
      const javascript = rules.find((r) => r.id === rule.id && r.tool === 'eslint');
      if (javascript) expect(rule.description, rule.id).toBe(javascript.description);
    }
  });
});
