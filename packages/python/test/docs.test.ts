import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonRules } from '../src/index.js';
import { analyze, repoRoot } from './helpers.js';

/** `python` blocks of a docs page with the mark (❌ / ✅) of the heading they are under (Contract D). */
function pythonExamples(page: string): { mark: '❌' | '✅'; code: string }[] {
  const out: { mark: '❌' | '✅'; code: string }[] = [];
  let mark: '❌' | '✅' | undefined;
  const blocks = page.split(/^```/m);
  for (let i = 0; i < blocks.length; i++) {
    const chunk = blocks[i]!;
    if (i % 2 === 0) {
      for (const line of chunk.split('\n')) {
        if (!line.startsWith('#')) continue;
        mark = line.includes('❌') ? '❌' : line.includes('✅') ? '✅' : undefined;
      }
    } else if (chunk.startsWith('python\n') && mark) out.push({ mark, code: chunk.slice('python\n'.length) });
  }
  return out;
}

const docs = path.join(repoRoot, 'docs/rules');

describe('docs examples in Python', () => {
  for (const rule of pythonRules) {
    const page = readFileSync(path.join(docs, `${rule.meta.id}.md`), 'utf8');
    const examples = pythonExamples(page);
    it.each(examples.map((e, i) => [i + 1, e.mark, e.code] as const))(
      `${rule.meta.id}: example %i (%s)`,
      (_, mark, code) => {
        const reported = analyze(code).filter((f) => f.ruleId === rule.meta.id || f.ruleId === 'parse-error');
        if (mark === '❌') expect(reported.map((f) => f.ruleId)).toContain(rule.meta.id);
        else expect(reported).toEqual([]);
      },
    );
  }

  it('every python block in the rule pages parses', () => {
    for (const name of readdirSync(docs).filter((n) => n.endsWith('.md'))) {
      for (const { code } of pythonExamples(readFileSync(path.join(docs, name), 'utf8')))
        expect(
          analyze(code).filter((f) => f.ruleId === 'parse-error'),
          name,
        ).toEqual([]);
    }
  });
});
