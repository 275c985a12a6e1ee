import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfigView, type ConfigView, type Finding, type Severity } from '@lambda-lint/core';
import { iacRules } from '../../src/rules/index.js';
import { scanTemplateText } from '../../src/scanner.js';

export const fixtureDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../fixtures/rules',
);

export interface RuleOverride {
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}

/** Default settings for every IaC rule, with some rules' severity/options replaced (options go through the rule's schema). */
export function configWith(overrides: Record<string, RuleOverride> = {}): ConfigView {
  const defaults = defaultConfigView(iacRules);
  return {
    rule(ruleId, file) {
      const base = defaults.rule(ruleId, file);
      const override = overrides[ruleId];
      if (!override) return base;
      const rule = iacRules.find((r) => r.meta.id === ruleId);
      return {
        severity: override.severity ?? base.severity,
        options:
          override.options && rule?.meta.options ? rule.meta.options.parse(override.options) : base.options,
      };
    },
    isIgnored: () => false,
  };
}

/** Scans template text; the format follows the file extension. */
export function scanText(text: string, file = 'template.yaml', config: ConfigView = configWith()): Finding[] {
  return scanTemplateText(text, file, file.endsWith('.json') ? 'json' : 'yaml', config);
}

/** Scans `fixtures/rules/<name>` under its own name. */
export function scanFixture(name: string, config: ConfigView = configWith()): Finding[] {
  return scanText(readFileSync(path.join(fixtureDir, name), 'utf8'), name, config);
}

/** The findings of one rule, as `line:column severity` plus the message, in file order. */
export function findingsOf(findings: Finding[], ruleId: string): Finding[] {
  return findings
    .filter((f) => f.ruleId === ruleId)
    .sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
}

/** Compact view for exact assertions: [line, column, severity]. */
export function positions(findings: Finding[]): [number, number, Severity][] {
  return findings.map((f) => [f.range.line, f.range.column, f.severity]);
}

/** Findings that mean the scanner itself failed; never expected anywhere. */
export function crashes(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId === 'internal-error' || f.ruleId === 'parse-error');
}
