import type { LambdaLintRuleDocs } from './create-rule.js';

/**
 * Each rule's `meta.docs`, in a module that imports nothing at run time: the lambda-lint CLI reads
 * the rules' descriptions and recommended severities from here (`@lambda-lint/eslint-plugin/rule-docs`)
 * without loading ESLint's and typescript-eslint's utilities, which cost more than a cached scan.
 */
export const RULE_DOCS = {
  'env-var-declared': {
    description:
      "Require every environment variable that function code reads to be set in the function's template (or by the Lambda runtime)",
    recommended: true,
    recommendedSeverity: 'warn',
  },
  'no-aws-sdk-v2': {
    description: 'Disallow the AWS SDK for JavaScript v2 (`aws-sdk`); use the modular v3 clients',
    recommended: true,
    recommendedSeverity: 'error',
  },
  'no-callback-handler': {
    description:
      'Disallow callback-style Lambda handlers and legacy `context` completion methods, which the nodejs24.x runtime no longer supports',
    recommended: true,
    recommendedSeverity: 'error',
  },
  'no-client-in-handler': {
    description:
      'Disallow creating SDK, database and HTTP clients in code that runs on every Lambda invocation',
    recommended: true,
    recommendedSeverity: 'error',
  },
  'no-floating-sdk-call': {
    description:
      'Require SDK calls, `.promise()` and `fetch()` in Lambda handlers to be awaited, returned or collected',
    recommended: false,
    strict: true,
  },
  'no-hardcoded-config': {
    description:
      'Disallow account-, region- and stage-specific values (ARNs, regions, resource names, endpoints) written into handler code',
    recommended: true,
    recommendedSeverity: 'warn',
  },
  'no-hardcoded-credentials': {
    description: 'Disallow AWS access keys, secret keys and session tokens written in code',
    recommended: true,
    recommendedSeverity: 'error',
  },
} as const satisfies Record<string, LambdaLintRuleDocs & { description: string }>;

export type RuleName = keyof typeof RULE_DOCS;
