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

  it('every rule has a docs page and ids are unique across tools', async () => {
    const rules = JSON.parse(await rulesOutput('json')) as { id: string }[];
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !existsSync(path.join(root, 'docs/rules', `${id}.md`)))).toEqual([]);
  });
});
