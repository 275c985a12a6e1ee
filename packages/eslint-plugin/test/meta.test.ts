import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { RULE_DOCS_BASE_URL } from '../src/create-rule.js';
import { RULE_DOCS } from '../src/rule-docs.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = path.resolve(packageRoot, '../..');
const ruleNames = Object.keys(plugin.rules).sort();
const FIXTURE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'mjs', 'cjs', 'jsx'];

/** `fixtures/rules/<rule>.<kind>.<ext>`, or for rules that read a template `<rule>.<kind>/handler.<ext>` beside it. */
function fixture(rule: string, kind: 'pass' | 'fail'): string | undefined {
  return FIXTURE_EXTENSIONS.flatMap((ext) => [
    path.join(repoRoot, 'fixtures/rules', `${rule}.${kind}.${ext}`),
    path.join(repoRoot, 'fixtures/rules', `${rule}.${kind}`, `handler.${ext}`),
  ]).find((file) => existsSync(file));
}

describe('plugin shape', () => {
  it('meta carries the package name, version and namespace', () => {
    const packageJson = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(plugin.meta).toEqual({
      name: packageJson.name,
      version: packageJson.version,
      namespace: 'lambda-lint',
    });
  });

  it('every src/rules file is registered under its file name, and nothing else is', () => {
    const files = readdirSync(path.join(packageRoot, 'src/rules'))
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.slice(0, -3))
      .sort();
    expect(ruleNames).toEqual(files);
  });

  it('configs are single flat config objects named lambda-lint/<name> that carry the plugin', () => {
    for (const name of ['recommended', 'strict', 'all'] as const) {
      const config = plugin.configs[name];
      expect(config.name).toBe(`lambda-lint/${name}`);
      expect(config.plugins?.['lambda-lint']).toBe(plugin);
      for (const ruleId of Object.keys(config.rules ?? {})) {
        expect(ruleId.startsWith('lambda-lint/'), ruleId).toBe(true);
        expect(ruleNames).toContain(ruleId.slice('lambda-lint/'.length));
      }
    }
  });

  it('all contains every rule, strict contains every recommended rule', () => {
    expect(Object.keys(plugin.configs.all.rules ?? {}).sort()).toEqual(
      ruleNames.map((name) => `lambda-lint/${name}`),
    );
    for (const ruleId of Object.keys(plugin.configs.recommended.rules ?? {})) {
      expect(plugin.configs.strict.rules?.[ruleId], ruleId).toBe('error');
    }
  });
});

describe('rule-docs table', () => {
  it('lists exactly the rules, and imports nothing at run time', () => {
    expect(Object.keys(RULE_DOCS).sort()).toEqual(ruleNames);
    const source = readFileSync(path.join(packageRoot, 'src/rule-docs.ts'), 'utf8');
    expect(source.match(/^import (?!type ).*$/gm) ?? []).toEqual([]);
  });
});

describe.each(ruleNames)('rule %s', (name) => {
  const rule = plugin.rules[name as keyof typeof plugin.rules];

  it('has meta: description, docs URL, messages and a schema', () => {
    expect(rule.meta.docs?.description.length).toBeGreaterThan(10);
    expect(rule.meta.docs?.url).toBe(`${RULE_DOCS_BASE_URL}${name}.md`);
    const messages = Object.values(rule.meta.messages) as string[];
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message.trim().length).toBeGreaterThan(5);
    expect(Array.isArray(rule.meta.schema)).toBe(true);
    expect(['problem', 'suggestion', 'layout']).toContain(rule.meta.type);
  });

  it('takes its docs from the rule-docs table the CLI reads', () => {
    expect(rule.meta.docs).toMatchObject(RULE_DOCS[name as keyof typeof RULE_DOCS]);
  });

  it('meta.docs.recommended agrees with the recommended config', () => {
    const level = plugin.configs.recommended.rules?.[`lambda-lint/${name}`];
    expect(level !== undefined).toBe(rule.meta.docs?.recommended === true);
    if (level !== undefined) expect(level).toBe(rule.meta.docs?.recommendedSeverity ?? 'error');
  });

  it('has a docs page with why, ❌/✅ examples, Options and When Not To Use It', () => {
    const page = path.join(repoRoot, 'docs/rules', `${name}.md`);
    expect(existsSync(page), page).toBe(true);
    const text = readFileSync(page, 'utf8');
    expect(text.startsWith(`# ${name}\n`)).toBe(true);
    expect(text).toMatch(/^## ❌ /m);
    expect(text).toMatch(/^## ✅ /m);
    expect(text).toMatch(/^## Options$/m);
    expect(text).toMatch(/^## When Not To Use It$/m);
  });

  it('has a test file and a pass/fail fixture pair', () => {
    expect(existsSync(path.join(packageRoot, 'test/rules', `${name}.test.ts`))).toBe(true);
    expect(fixture(name, 'pass'), 'pass fixture').toBeDefined();
    expect(fixture(name, 'fail'), 'fail fixture').toBeDefined();
  });
});

describe.each(ruleNames)('fixtures of %s (ESLint Node API)', (name) => {
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [
      { plugins: { 'lambda-lint': plugin }, rules: { [`lambda-lint/${name}`]: 'error' } },
      { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    ],
  });
  const lint = async (file: string) => {
    const [result] = await eslint.lintFiles([file]);
    const fatal = result.messages.filter((message) => message.fatal);
    expect(fatal).toEqual([]);
    return result.messages.filter((message) => message.ruleId === `lambda-lint/${name}`);
  };

  it('the pass fixture has no findings', async () => {
    const file = fixture(name, 'pass');
    if (!file) throw new Error('missing pass fixture');
    expect(await lint(file)).toEqual([]);
  });

  it('the fail fixture has findings (on every line marked "// reported", when marked)', async () => {
    const file = fixture(name, 'fail');
    if (!file) throw new Error('missing fail fixture');
    const findings = await lint(file);
    expect(findings.length).toBeGreaterThan(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    const marked = lines.flatMap((line, index) =>
      /\/\/ reported\b/.test(line) ? Array<number>(/\(twice\)/.test(line) ? 2 : 1).fill(index + 1) : [],
    );
    if (marked.length > 0) expect(findings.map((finding) => finding.line)).toEqual(marked);
  });
});
