import { ruleDocsUrl, type Finding } from './finding.js';
import type { Rule } from './rule.js';
import type { ConfigView } from './scanner.js';

/**
 * Runs `rules` over one model built from one input file, with the severities and
 * options that the configuration gives for `file`. A rule that throws becomes an
 * `internal-error` finding instead of hiding the other rules' findings.
 */
export function runRules<Model>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
  rules: readonly Rule<Model, any>[],
  model: Model,
  file: string,
  config: ConfigView,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = config.rule(rule.meta.id, file);
    if (setting.severity === 'off') continue;
    const severity = setting.severity;
    try {
      rule.check(model, {
        options: setting.options,
        severity,
        report(d) {
          findings.push({
            ruleId: rule.meta.id,
            severity: d.severity ?? severity,
            message: d.message,
            ...(d.help !== undefined && { help: d.help }),
            file: d.at.file,
            range: d.at.range,
            ...(d.subject && { subject: d.subject }),
            docsUrl: ruleDocsUrl(rule.meta.id),
            tool: rule.meta.tool,
            ...(d.fix && { fix: d.fix }),
            ...(d.suggestions && { suggestions: d.suggestions }),
            ...(d.fatal && { fatal: true }),
          });
        },
      });
    } catch (error) {
      findings.push({
        ruleId: 'internal-error',
        severity: 'error',
        message: `Rule ${rule.meta.id} failed on this file: ${error instanceof Error ? error.message : String(error)}. Please report this bug.`,
        file,
        range: { line: 1, column: 1 },
        docsUrl: ruleDocsUrl('internal-error'),
        tool: rule.meta.tool,
        fatal: true,
      });
    }
  }
  return findings;
}

/** A ConfigView with every rule at its default severity and default options: for tests and library use. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
export function defaultConfigView(rules: readonly Rule<any, any>[]): ConfigView {
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  return {
    rule(ruleId) {
      const rule = byId.get(ruleId);
      if (!rule) return { severity: 'off', options: {} };
      return {
        severity: rule.meta.enabled === false ? 'off' : rule.meta.severity,
        options: rule.meta.options ? rule.meta.options.parse({}) : {},
      };
    },
    isIgnored: () => false,
  };
}
