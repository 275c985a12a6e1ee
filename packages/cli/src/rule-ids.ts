/**
 * Rule ids of each part, so that `lambda-lint iac` accepts a configuration that also sets bundle,
 * ESLint and project rules without loading them. A test keeps this in sync with the packages.
 */
export const RULE_IDS: Record<'iac' | 'bundle' | 'eslint' | 'python' | 'project' | 'diagnostics', readonly string[]> = {
  iac: [
    'async-failure-destination',
    'event-source-failure-destination',
    'concurrency-limit',
    'concurrency-budget',
    'provisioned-concurrency-alias',
    'tracing-active',
    'deployment-safety',
    'no-plaintext-secrets',
    'runtime-lifecycle',
    'cold-start',
    'timeout-alignment',
  ],
  bundle: [
    'package-integrity',
    'package-size-budget',
    'lambda-hard-limits',
    'aws-sdk-bundled',
    'sourcemaps-shipped',
    'dev-dependencies-shipped',
    'duplicate-packages',
    'junk-files',
  ],
  eslint: [
    'env-var-declared',
    'no-aws-sdk-v2',
    'no-callback-handler',
    'no-client-in-handler',
    'no-floating-sdk-call',
    'no-hardcoded-config',
    'no-hardcoded-credentials',
  ],
  project: ['handler-unresolved', 'env-var-unused'],
  diagnostics: [
    'cold-start-rate',
    'memory-near-limit',
    'memory-oversized',
    'timeouts-observed',
    'duration-near-timeout',
    'init-time-budget',
    'init-network-call',
  ],
  python: ['env-var-declared', 'no-client-in-handler', 'no-hardcoded-config', 'no-hardcoded-credentials'],
};
