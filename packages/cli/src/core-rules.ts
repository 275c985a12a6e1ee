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
    id: 'parse-error',
    description:
      'Templates can be read and parsed; an unreadable file is reported and the others still scanned',
    severity: 'error',
    tool: 'iac',
  },
  {
    id: 'duplicate-key',
    description:
      'A key is written once per map; CloudFormation deploys the later of two and silently drops the earlier',
    severity: 'error',
    tool: 'iac',
  },
  {
    id: 'flow-indentation',
    description:
      'Lines inside a multi-line [ … ] or { … } are indented as YAML 1.2 requires (PyYAML accepts less)',
    severity: 'warning',
    tool: 'iac',
  },
  {
    id: 'unsupported-template',
    description: 'Notes a template that is deliberately not analyzed (e.g. a non-AWS Serverless provider)',
    severity: 'info',
    tool: 'iac',
  },
  {
    id: 'report-output',
    description: 'Requested report files (e.g. the treemap) can be written',
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
