import type { ScannerName } from './scanners.js';

/**
 * Rule ids of each scanner, so that `lambda-lint iac` accepts a configuration that also sets
 * bundle rules without loading the bundle analyzer. A test keeps this in sync with the packages.
 */
export const RULE_IDS: Record<ScannerName, readonly string[]> = {
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
  python: ['env-var-declared', 'no-client-in-handler', 'no-hardcoded-config', 'no-hardcoded-credentials'],
};
