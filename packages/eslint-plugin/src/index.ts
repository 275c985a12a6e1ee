import { readFileSync } from 'node:fs';
import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from './rules/index.js';

export { createRule } from './create-rule.js';
export type { LambdaLintRuleDocs } from './create-rule.js';
export * from './handlers/index.js';
export { clearTemplateCaches } from './handlers/file-functions.js';

// Read at load time so `plugin.meta.version` can never disagree with the published package.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

type RuleEntry = (typeof rules)[keyof typeof rules];
type FlatConfig = TSESLint.FlatConfig.Config;
type RulesRecord = Record<string, TSESLint.FlatConfig.RuleLevel>;

const NAMESPACE = 'lambda-lint';

function ruleLevels(select: (rule: RuleEntry) => TSESLint.FlatConfig.RuleLevel | undefined): RulesRecord {
  const levels: RulesRecord = {};
  for (const [name, rule] of Object.entries(rules) as [string, RuleEntry][]) {
    const level = select(rule);
    if (level !== undefined) levels[`${NAMESPACE}/${name}`] = level;
  }
  return levels;
}

/** The ESLint plugin object. `configs` are flat configs; add one to `eslint.config.js` (or use `extends`). */
export const plugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace: NAMESPACE },
  rules,
  configs: {} as { recommended: FlatConfig; strict: FlatConfig; all: FlatConfig },
};

function pluginConfig(name: 'recommended' | 'strict' | 'all', levels: RulesRecord): FlatConfig {
  return {
    name: `${NAMESPACE}/${name}`,
    plugins: { [NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: levels,
  };
}

plugin.configs.recommended = pluginConfig(
  'recommended',
  ruleLevels((rule) =>
    rule.meta.docs?.recommended ? (rule.meta.docs?.recommendedSeverity ?? 'error') : undefined,
  ),
);
plugin.configs.strict = pluginConfig(
  'strict',
  ruleLevels((rule) => (rule.meta.docs?.recommended || rule.meta.docs?.strict ? 'error' : undefined)),
);
plugin.configs.all = pluginConfig(
  'all',
  ruleLevels(() => 'error'),
);

export const { meta, configs } = plugin;
export { rules };
export default plugin;
// `require('@lambda-lint/eslint-plugin')` (Node ≥ 20.19 require(esm)) returns the plugin object itself.
export { plugin as 'module.exports' };
