import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import type { RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';

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

const baseCreateRule = ESLintUtils.RuleCreator<LambdaLintRuleDocs>(
  (name) => `${RULE_DOCS_BASE_URL}${name}.md`,
);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `defaultOptions` overlaid with the user's options, one level deep (all lambda-lint options are flat objects).
 * ESLint hands every file the same (config-normalised) option objects in a fresh array, so merged objects are
 * cached by the user's object: one merge per config, not per file.
 */
function withDefaults<Options extends readonly unknown[]>(
  defaults: Readonly<Options>,
  user: readonly unknown[],
  mergedCache: WeakMap<object, unknown>,
): Options {
  if (user.length === 0) return defaults as Options;
  return defaults.map((fallback, index) => {
    const given = user[index];
    if (given === undefined) return fallback;
    if (!isPlainObject(fallback) || !isPlainObject(given)) return given;
    let merged = mergedCache.get(given);
    if (merged === undefined) {
      merged = { ...fallback, ...given };
      mergedCache.set(given, merged);
    }
    return merged;
  }) as unknown as Options;
}

/**
 * Rule factory: sets `meta.docs.url` from the rule name so docs links never drift.
 * Same contract as `ESLintUtils.RuleCreator`, but options are merged without the `structuredClone` it runs per
 * file (measurably slow as the first call after parsing): defaults are shared, so rules must not mutate options.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  spec: Readonly<RuleWithMetaAndName<Options, MessageIds, LambdaLintRuleDocs>>,
): TSESLint.RuleModule<MessageIds, Options, LambdaLintRuleDocs> & { name: string } {
  const rule = baseCreateRule(spec);
  const defaults = Object.freeze(
    (spec.defaultOptions ?? []).map((option) =>
      typeof option === 'object' && option !== null ? Object.freeze(option) : option,
    ),
  ) as unknown as Readonly<Options>;
  const mergedCache = new WeakMap<object, unknown>();
  return {
    ...rule,
    create: (context) => spec.create(context, withDefaults(defaults, context.options, mergedCache)),
  };
}
