import { resolve } from 'node:path';
import { runRules, type ConfigView, type Finding, type Rule, type Severity } from '@lambda-lint/core';
import type * as z from 'zod';
import type { BundleModel } from '../../src/model.js';
import { inputIdentity, measureDirectory, type PackageIdentity } from '../../src/sources/measure.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');

/** A fixture directory measured by the real directory source, as `lambda-lint bundle fixtures/rules/<name>` would. */
export async function measureFixture(
  name: string,
  identity: Partial<PackageIdentity> = {},
): Promise<BundleModel> {
  return measureDirectoryAt(resolve(REPO_ROOT, 'fixtures/rules', name), `fixtures/rules/${name}`, identity);
}

export async function measureDirectoryAt(
  dir: string,
  display: string,
  identity: Partial<PackageIdentity> = {},
): Promise<BundleModel> {
  return measureDirectory(dir, display, { ...inputIdentity(display), ...identity });
}

/** Runs one rule the way the scanner does, with options parsed by the rule's schema. */
export function check(
  rule: Rule<BundleModel, z.ZodType>,
  model: BundleModel,
  options: unknown = {},
  severity?: Severity,
): Finding[] {
  const config: ConfigView = {
    rule: (id) =>
      id === rule.meta.id
        ? {
            severity: severity ?? rule.meta.severity,
            options: rule.meta.options ? rule.meta.options.parse(options) : {},
          }
        : { severity: 'off', options: {} },
    isIgnored: () => false,
  };
  return runRules([rule], model, model.location.file, config);
}

/** The parts of a finding a user reads. */
export function summary(finding: Finding): {
  severity: string;
  message: string;
  help?: string;
  file: string;
  line: number;
} {
  return {
    severity: finding.severity,
    message: finding.message,
    ...(finding.help !== undefined && { help: finding.help }),
    file: finding.file,
    line: finding.range.line,
  };
}
