import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields every lambda-lint rule declares. */
export interface LambdaLintRuleDocs {
  /** True when the rule is part of `lambda-lint/recommended` (the meta-test checks it matches the config). */
  recommended: boolean;
  /** True when the rule only works with type information (none does by default). */
  requiresTypeChecking?: boolean;
  /** Severity in `lambda-lint/recommended` (default 'error'); `strict` and `all` always use 'error'. */
  recommendedSeverity?: 'error' | 'warn';
  /** True when a non-recommended rule belongs in `lambda-lint/strict` (recommended rules always do). */
  strict?: boolean;
}

/** Base URL of the rule docs; every rule's `meta.docs.url` is `${RULE_DOCS_BASE_URL}<rule-name>.md`. */
export const RULE_DOCS_BASE_URL = 'https://github.com/lambda-lint/lambda-lint/blob/main/docs/rules/';

/** Rule factory: sets `meta.docs.url` from the rule name so docs links never drift. */
export const createRule = ESLintUtils.RuleCreator<LambdaLintRuleDocs>(
  (name) => `${RULE_DOCS_BASE_URL}${name}.md`,
);
