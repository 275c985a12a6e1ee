import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfigView, type ConfigView, type Finding, type ProjectFileFacts } from '@lambda-lint/core';
import { analyzePythonFile, pythonRules } from '../src/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const defaultConfig = defaultConfigView(pythonRules);

/** Runs the analyzer on a snippet with the default configuration (or `config`). */
export function analyze(
  text: string,
  options: {
    project?: ProjectFileFacts;
    config?: ConfigView;
    file?: string;
    reportUnusedDisable?: boolean;
  } = {},
): Finding[] {
  return analyzePythonFile({
    text,
    file: options.file ?? 'app.py',
    config: options.config ?? defaultConfig,
    ...(options.project && { project: options.project }),
    ...(options.reportUnusedDisable && { reportUnusedDisable: true }),
  }).findings;
}

/** A ConfigView with options for one rule on top of the defaults. */
export function configWith(ruleId: string, options: Record<string, unknown>): ConfigView {
  return {
    rule(id, file) {
      const base = defaultConfig.rule(id, file);
      if (id !== ruleId) return base;
      const rule = pythonRules.find((r) => r.meta.id === id)!;
      return { severity: base.severity, options: rule.meta.options!.parse(options) };
    },
    isIgnored: () => false,
  };
}

/** `line ruleId` for each finding, sorted: what the fixture's `# expect:` comments are compared with. */
export function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.range.line} ${f.ruleId}`).sort();
}

/** The `# expect: rule[, rule]` annotations of a fixture file, as `line ruleId`. */
export function expectations(file: string): string[] {
  const lines = readFileSync(path.join(repoRoot, file), 'utf8').split('\n');
  return lines
    .flatMap((line, i) => {
      const match = /# expect: ([\w, -]+)$/.exec(line);
      return match ? match[1]!.split(',').map((rule) => `${i + 1} ${rule.trim()}`) : [];
    })
    .sort();
}
