import { fileURLToPath } from 'node:url';
import { defaultConfigView, runRules, type ConfigView } from '@lambda-lint/core';
import { describe, expect, it } from 'vitest';
import packageIntegrity from '../../src/rules/package-integrity.js';
import { measureZip } from '../../src/sources/measure.js';
import type { BundleModel, PackageProblem } from '../../src/model.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../../fixtures/rules/${name}`, import.meta.url));
const config = defaultConfigView([packageIntegrity]);
const check = (model: BundleModel, view: ConfigView = config) =>
  runRules([packageIntegrity], model, model.location.file, view);

function modelWith(problems: PackageProblem[]): BundleModel {
  return {
    subject: { kind: 'function', id: 'OrdersFunction' },
    location: { file: 'template.yaml', range: { line: 12, column: 3, endLine: 12, endColumn: 17 } },
    kind: 'directory',
    source: '.aws-sam/build/OrdersFunction',
    tree: { name: 'OrdersFunction', total: 0, groups: [] },
    layers: [],
    problems,
  };
}

describe('package-integrity', () => {
  it('passes a well-formed zip', () => {
    expect(check(measureZip(fixture('package-integrity.pass.zip'), 'package-integrity.pass.zip'))).toEqual(
      [],
    );
  });

  it('reports zip slip and duplicate names in the fail fixture, at the zip', () => {
    const findings = check(
      measureZip(fixture('package-integrity.fail.zip'), 'fixtures/rules/package-integrity.fail.zip'),
    );
    expect(findings.map((f) => [f.severity, f.file, f.range.line, f.message])).toEqual([
      [
        'error',
        'fixtures/rules/package-integrity.fail.zip',
        1,
        'fixtures/rules/package-integrity.fail.zip: entry "../../var/runtime/bootstrap": the entry name climbs out of the extraction directory with ".." (zip slip); unzipping it writes outside the package directory, a known attack; Lambda rejects or mangles such packages.',
      ],
      [
        'warning',
        'fixtures/rules/package-integrity.fail.zip',
        1,
        'fixtures/rules/package-integrity.fail.zip: entry "index.js": the archive holds this name more than once; which copy ends up in /var/task is undefined, so the deployed code may not be the code you tested.',
      ],
    ]);
    expect(findings.every((f) => f.help && f.docsUrl?.endsWith('/package-integrity.md') && !f.fatal)).toBe(
      true,
    );
  });

  it('makes truncated and unreadable packages fatal errors at the function line, whatever the configured severity', () => {
    const warningOnly: ConfigView = {
      rule: () => ({ severity: 'warning', options: {} }),
      isIgnored: () => false,
    };
    const findings = check(
      modelWith([
        {
          kind: 'truncated-archive',
          detail:
            'no end-of-central-directory record in the last 64 KiB: the file is truncated or not a zip archive',
          fatal: true,
        },
        {
          kind: 'zip-bomb',
          entry: 'zeros.bin',
          detail: 'the entry expands 40.0 KiB to 40.0 MiB (ratio 1024:1), above 1000:1',
        },
      ]),
      warningOnly,
    );
    expect(findings.map((f) => [f.severity, f.fatal ?? false, f.file, f.range.line, f.subject?.id])).toEqual([
      ['error', true, 'template.yaml', 12, 'OrdersFunction'],
      ['warning', false, 'template.yaml', 12, 'OrdersFunction'],
    ]);
    expect(findings[0]!.message).toMatch(
      /^\.aws-sam\/build\/OrdersFunction: no end-of-central-directory record .*; Lambda cannot unzip an incomplete archive/,
    );
  });

  it('reports nothing when the rule is off', () => {
    const off: ConfigView = { rule: () => ({ severity: 'off', options: {} }), isIgnored: () => false };
    expect(check(modelWith([{ kind: 'symlink-loop', entry: 'up', detail: 'loop' }]), off)).toEqual([]);
  });
});
