import type { RuleMeta } from '@lambda-lint/core';

/** Findings the core itself produces; listed with the scanners' rules and documented the same way. */
export const CORE_RULES: readonly RuleMeta[] = [
  {
    id: 'internal-error',
    description: 'A rule or scanner crashed on this input; the other results are still reported',
    severity: 'error',
    tool: 'core',
  },
  {
    id: 'unused-disable',
    description: 'Suppression comments and Metadata ignores suppress something',
    severity: 'warning',
    tool: 'core',
  },
];
