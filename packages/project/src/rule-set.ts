import type { Rule } from '@lambda-lint/core';
import { iacRules } from '@lambda-lint/iac';
import { eslintRuleMetas } from './code/eslint.js';
import { projectRules } from './rules/index.js';
import type { ProjectPass } from './scan.js';

/** The Python analyzer's rules (their option schemas), when `@lambda-lint/python` is installed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
async function pythonRules(): Promise<readonly Rule<any, any>[]> {
  try {
    return (await import('@lambda-lint/python')).pythonRules;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return [];
    throw error;
  }
}

/**
 * Every rule a run with these passes applies, for configuration validation and defaults. ESLint's
 * rules run inside ESLint; here they are metas with their recommended defaults, so that their ids
 * are configuration keys and `config.rule(id)` gives their severity.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
export async function rulesForPasses(passes: readonly ProjectPass[]): Promise<Rule<any, any>[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  const rules: Rule<any, any>[] = [];
  if (passes.includes('iac')) rules.push(...iacRules);
  if (passes.includes('bundle')) rules.push(...(await import('@lambda-lint/bundle')).bundleRules);
  if (passes.includes('code')) {
    rules.push(...projectRules, ...(await pythonRules()));
    try {
      // The docs table alone: the plugin's rules would load ESLint's and typescript-eslint's utilities.
      const { RULE_DOCS } = await import('@lambda-lint/eslint-plugin/rule-docs');
      rules.push(...eslintRuleMetas(RULE_DOCS).map((meta) => ({ meta, check() {} })));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  return rules;
}
