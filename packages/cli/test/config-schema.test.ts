import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleRules } from '@lambda-lint/bundle';
import { configJsonSchema, validateConfig } from '@lambda-lint/core';
import { diagnosticsRules } from '@lambda-lint/diagnostics';
import { iacRules } from '@lambda-lint/iac';
import { rules as eslintRules } from '@lambda-lint/eslint-plugin';
import { RULE_DOCS } from '@lambda-lint/eslint-plugin/rule-docs';
import { eslintRuleMetas, projectRules } from '@lambda-lint/project';
import { pythonRules } from '@lambda-lint/python';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaFile = path.join(repo, 'docs/schema/lambda-lint.config.schema.json');
// ESLint rule ids are configuration keys too: their severities apply when lambda-lint runs the plugin.
const eslintRuleSet = eslintRuleMetas(RULE_DOCS).map((meta) => ({ meta, check() {} }));
const rules = [
  ...iacRules,
  ...bundleRules,
  ...projectRules,
  ...eslintRuleSet,
  ...diagnosticsRules,
  ...pythonRules,
];
const generated = `${JSON.stringify(configJsonSchema(rules), null, 2)}\n`;

describe('published configuration JSON Schema', () => {
  it('matches the zod schema and every rule (run with UPDATE_SCHEMA=1 to regenerate)', () => {
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(schemaFile, generated);
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });

  it('accepts what the CLI accepts and rejects what it rejects', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(generated) as object);
    const good = {
      failOn: 'warning',
      ignore: ['legacy/**'],
      rules: {
        'tracing-active': 'off',
        'concurrency-budget': ['error', { accountLimit: 3000 }],
        'no-client-in-handler': 'warning',
        'env-var-unused': 'off',
      },
      overrides: [{ files: ['edge/**'], rules: { 'package-size-budget': { options: { budget: '5MiB' } } } }],
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(() => validateConfig(good, 'lambda-lint.config.json', rules)).not.toThrow();
    for (const bad of [
      { rulez: {} },
      { rules: { 'tracing-active': 'warn' } },
      { rules: { 'no-such-rule': 'off' } },
    ]) {
      expect(validate(bad)).toBe(false);
      expect(() => validateConfig(bad, 'lambda-lint.config.json', rules)).toThrow();
    }
  });
});

describe('rule ids known without loading a scanner', () => {
  it('match the rules each scanner exports', async () => {
    const { RULE_IDS } = await import('../src/rule-ids.js');
    expect(RULE_IDS).toEqual({
      iac: iacRules.map((r) => r.meta.id),
      bundle: bundleRules.map((r) => r.meta.id),
      eslint: Object.keys(eslintRules),
      project: projectRules.map((r) => r.meta.id),
      diagnostics: diagnosticsRules.map((r) => r.meta.id),
      python: pythonRules.map((r) => r.meta.id),
    });
  });
});
