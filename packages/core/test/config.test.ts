import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ConfigError,
  configJsonSchema,
  createConfigView,
  defineRule,
  loadConfig,
  validateConfig,
} from '../src/index.js';

const budget = defineRule<unknown, z.ZodType>({
  meta: {
    id: 'package-size-budget',
    description: 'Packages stay under the budget',
    severity: 'error',
    tool: 'bundle',
    options: z.object({
      budget: z.number().int().positive().default(10_485_760),
      warnAt: z.number().default(0.8),
    }),
  },
  check() {},
});
const tracing = defineRule({
  meta: {
    id: 'tracing-active',
    description: 'Functions send traces to X-Ray',
    severity: 'warning',
    tool: 'iac',
  },
  check() {},
});
const rules = [budget, tracing];

const root = mkdtempSync(path.join(tmpdir(), 'lambda-lint-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function project(files: Record<string, string>): string {
  const dir = path.join(root, `p${n++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
async function configError(dir: string, start = dir): Promise<ConfigError> {
  const error = await loadConfig({ start, rules }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('finds a YAML config by walking up from a nested path', async () => {
    const dir = project({
      'lambda-lint.config.yaml': 'rules:\n  tracing-active: error\n',
      'services/api/template.yaml': '',
    });
    const loaded = await loadConfig({ start: path.join(dir, 'services/api/template.yaml'), rules });
    expect(loaded.file).toBe(path.join(dir, 'lambda-lint.config.yaml'));
    expect(loaded.config.rules).toEqual({ 'tracing-active': 'error' });
  });

  it('reads JSON, .mjs and the "lambda-lint" key of package.json', async () => {
    const json = project({ 'lambda-lint.config.json': '{ "failOn": "warning" }' });
    expect((await loadConfig({ start: json, rules })).config.failOn).toBe('warning');
    const mjs = project({ 'lambda-lint.config.mjs': 'export default { maxWarnings: 3 };' });
    expect((await loadConfig({ start: mjs, rules })).config.maxWarnings).toBe(3);
    const pkg = project({ 'package.json': '{ "name": "x", "lambda-lint": { "ignore": ["legacy/**"] } }' });
    expect((await loadConfig({ start: pkg, rules })).config.ignore).toEqual(['legacy/**']);
  });

  it('ignores a package.json without the key and returns an empty config', async () => {
    const dir = project({ 'package.json': '{ "name": "x" }' });
    const loaded = await loadConfig({ start: dir, rules });
    // Walking up may find nothing at all (the temp dir is outside any project).
    expect(loaded.config).toEqual({});
  });

  it('names the file, line, key path and the expectation for a wrong type', async () => {
    const dir = project({ 'lambda-lint.config.yaml': 'failOn: error\nmaxWarnings: lots\n' });
    const error = await configError(dir);
    expect(error.keyPath).toBe('maxWarnings');
    expect(error.message).toMatch(
      /lambda-lint\.config\.yaml:2:14: invalid configuration at "maxWarnings": expected number, got "lots"/,
    );
    expect(error.message).not.toMatch(/\n/);
  });

  it('suggests the closest key for a misspelt top-level key', async () => {
    const error = await configError(
      project({ 'lambda-lint.config.yaml': 'rulez:\n  tracing-active: off\n' }),
    );
    expect(error.keyPath).toBe('rulez');
    expect(error.message).toMatch(
      /:1:1: invalid configuration at "rulez": unknown key "rulez" \(did you mean "rules"\?\)/,
    );
  });

  it('rejects an unknown rule id with a suggestion', async () => {
    const error = await configError(
      project({ 'lambda-lint.config.json': '{\n  "rules": { "tracing-activ": "off" }\n}' }),
    );
    expect(error.keyPath).toBe('rules.tracing-activ');
    expect(error.message).toContain('unknown rule "tracing-activ" (did you mean "tracing-active"?)');
    expect(error.message).toContain('lambda-lint.config.json:2:');
  });

  it('rejects a bad severity and explains the accepted forms', async () => {
    const error = await configError(
      project({ 'lambda-lint.config.yaml': 'rules:\n  tracing-active: warn\n' }),
    );
    expect(error.keyPath).toBe('rules.tracing-active');
    expect(error.message).toContain('expected a severity ("off", "info", "warning", "error")');
    expect(error.message).toContain('got "warn"');
  });

  it('checks rule options against the rule schema, with the option key path', async () => {
    const error = await configError(
      project({ 'lambda-lint.config.yaml': 'rules:\n  package-size-budget: [warning, { budget: -5 }]\n' }),
    );
    expect(error.keyPath).toBe('rules.package-size-budget[1].budget');
    expect(error.message).toMatch(/too small|>0/i);
    const unknown = await configError(
      project({
        'lambda-lint.config.yaml':
          'overrides:\n  - files: ["a/**"]\n    rules:\n      package-size-budget: { options: { budgte: 1 } }\n',
      }),
    );
    expect(unknown.keyPath).toBe('overrides[0].rules.package-size-budget.options.budgte');
    expect(unknown.message).toContain('did you mean "budget"?');
  });

  it('reports invalid YAML with its position', async () => {
    const error = await configError(project({ 'lambda-lint.config.yml': 'rules:\n  a: [1,\n' }));
    expect(error.message).toMatch(/lambda-lint\.config\.yml:\d+:\d+: the configuration is not valid YAML/);
  });

  it('fails clearly when --config points nowhere', async () => {
    const error = await loadConfig({ start: root, explicit: path.join(root, 'nope.yaml'), rules }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('configuration file not found');
  });
});

describe('createConfigView', () => {
  it('applies defaults, rules, then matching overrides, merging options', () => {
    const dir = path.join(root, 'view');
    const view = createConfigView(
      {
        dir,
        config: {
          rules: { 'package-size-budget': ['warning', { budget: 5_000_000 }], 'tracing-active': 'off' },
          overrides: [
            { files: ['services/edge/**'], rules: { 'package-size-budget': { options: { warnAt: 0.5 } } } },
            { files: ['services/**'], ignore: ['services/legacy/**'], rules: { 'tracing-active': 'error' } },
          ],
        },
      },
      rules,
      dir,
    );
    expect(view.rule('package-size-budget', 'services/api/template.yaml')).toEqual({
      severity: 'warning',
      options: { budget: 5_000_000, warnAt: 0.8 },
    });
    expect(view.rule('package-size-budget', 'services/edge/fn.zip')).toEqual({
      severity: 'warning',
      options: { budget: 5_000_000, warnAt: 0.5 },
    });
    expect(view.rule('tracing-active', 'template.yaml').severity).toBe('off');
    expect(view.rule('tracing-active', 'services/api/template.yaml').severity).toBe('error');
    expect(view.rule('tracing-active', 'services/legacy/template.yaml').severity).toBe('off');
    expect(view.rule('no-such-rule', 'x').severity).toBe('off');
  });

  it('resolves globs relative to the config file, whatever the working directory', () => {
    const dir = path.join(root, 'proj');
    const view = createConfigView(
      { dir, config: { ignore: ['legacy', '**/*.generated.yaml'] } },
      rules,
      path.join(dir, 'sub'),
    );
    expect(view.isIgnored('../legacy/template.yaml')).toBe(true);
    expect(view.isIgnored('a.generated.yaml')).toBe(true);
    expect(view.isIgnored('template.yaml')).toBe(false);
  });
});

describe('configJsonSchema', () => {
  it('describes every rule with its options and rejects unknown keys', () => {
    const schema = configJsonSchema(rules) as {
      additionalProperties: boolean;
      properties: { rules: { properties: Record<string, { description: string; anyOf: unknown[] }> } };
    };
    expect(schema.additionalProperties).toBe(false);
    const budgetEntry = schema.properties.rules.properties['package-size-budget']!;
    expect(budgetEntry.description).toContain('default: error');
    expect(JSON.stringify(budgetEntry)).toContain('"warnAt"');
  });
});

describe('one rule id served by several tools', () => {
  const js = defineRule({
    meta: {
      id: 'shared-rule',
      description: 'd',
      severity: 'error',
      tool: 'eslint',
      options: z.object({ common: z.boolean().default(false), jsOnly: z.number().default(1) }),
    },
    check() {},
  });
  const py = defineRule({
    meta: {
      id: 'shared-rule',
      description: 'd',
      severity: 'error',
      tool: 'python',
      options: z.object({ common: z.boolean().default(false), pyOnly: z.string().default('x') }),
    },
    check() {},
  });

  it('accepts an option of any of them and rejects one neither knows', () => {
    const config = { rules: { 'shared-rule': ['warning', { common: true, jsOnly: 2, pyOnly: 'y' }] } };
    expect(() => validateConfig(config, 'c.json', [js, py])).not.toThrow();
    expect(() =>
      validateConfig({ rules: { 'shared-rule': ['warning', { nope: 1 }] } }, 'c.json', [js, py]),
    ).toThrow(/has no option "nope".*its options are common, jsOnly, pyOnly/);
    expect(() =>
      validateConfig({ rules: { 'shared-rule': ['warning', { pyOnly: 3 }] } }, 'c.json', [js, py]),
    ).toThrow(/pyOnly/);
  });

  it('gives each tool its own options with its defaults', () => {
    const view = createConfigView(
      { dir: '/p', config: { rules: { 'shared-rule': ['warning', { common: true, pyOnly: 'y' }] } } },
      [js, py],
      '/p',
    );
    expect(view.rule('shared-rule', 'a.py')).toEqual({
      severity: 'warning',
      options: { common: true, jsOnly: 1, pyOnly: 'y' },
    });
  });
});
