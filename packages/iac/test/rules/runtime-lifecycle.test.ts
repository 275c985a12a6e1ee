import { describe, expect, it } from 'vitest';
import { runtimeInfo, RUNTIME_TABLE_CHECKED, RUNTIMES } from '../../src/data/runtimes.js';
import { configWith, crashes, findingsOf, positions, scanFixture, scanText } from './helpers.js';

const RULE = 'runtime-lifecycle';
const onDay = (today: string, warnDaysBefore?: number) =>
  configWith({ [RULE]: { options: { today, ...(warnDaysBefore !== undefined && { warnDaysBefore }) } } });

describe(RULE, () => {
  it('stays quiet on the pass fixture (long-supported runtime, deploy-time value, container image)', () => {
    const findings = scanFixture(`${RULE}.pass.yaml`, onDay('2026-11-27'));
    expect(crashes(findings)).toEqual([]);
    expect(findingsOf(findings, RULE)).toEqual([]);
  });

  it('reports deprecated runtimes as errors and soon-deprecated ones as warnings, at the Runtime that sets them', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`, onDay('2026-11-27')), RULE);
    expect(positions(findings)).toEqual([
      [7, 5, 'error'],
      [19, 7, 'error'],
      [25, 7, 'warning'],
    ]);
    expect(findings[0]?.message).toContain(
      'OrdersFunction runs on nodejs18.x (set in Globals at line 7), which AWS Lambda deprecated on 2025-09-01',
    );
    expect(findings[0]?.help).toContain('Change `Runtime` in Globals.Function (line 7) to nodejs24.x');
    expect(findings[1]?.message).toContain(
      'InvoicesFunction runs on python3.9 (set on the function at line 19)',
    );
    expect(findings[2]?.message).toContain(
      'SearchFunction runs on nodejs22.x (set on the function at line 25), which AWS Lambda deprecates on 2027-04-30, in 154 days',
    );
  });

  it('reports a runtime inherited from Globals once, naming every function that inherits it', () => {
    const template = [
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Function:',
      '    Runtime: nodejs18.x',
      'Resources:',
      '  First:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { Handler: index.handler, CodeUri: src/ }',
      '  Second:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { Handler: index.handler, CodeUri: src/ }',
      '  Own:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { Handler: index.handler, CodeUri: src/, Runtime: nodejs16.x }',
    ].join('\n');
    const findings = findingsOf(scanText(template, 'template.yaml', onDay('2026-11-27')), RULE);
    expect(positions(findings)).toEqual([
      [4, 5, 'error'],
      [14, 58, 'error'],
    ]);
    expect(findings[0]?.message).toContain(
      '2 functions (First, Second) run on nodejs18.x (set in Globals at line 4)',
    );
    expect(findings[1]?.message).toContain('Own runs on nodejs16.x');
  });

  it('uses warnDaysBefore and the date it is given', () => {
    const early = findingsOf(scanFixture(`${RULE}.fail.yaml`, onDay('2026-11-27', 30)), RULE);
    expect(positions(early)).toEqual([
      [7, 5, 'error'],
      [19, 7, 'error'],
    ]);
    const before = findingsOf(scanFixture(`${RULE}.fail.yaml`, onDay('2025-06-01', 180)), RULE);
    // On 2025-06-01 nodejs18.x was 92 days from deprecation, python3.9 197 days.
    expect(positions(before)).toEqual([[7, 5, 'warning']]);
    expect(before[0]?.message).toContain('in 92 days');
  });

  it('reads the Serverless provider runtime and the function override', () => {
    const findings = findingsOf(scanFixture(`${RULE}.serverless.fail.yaml`, onDay('2026-11-27')), RULE);
    expect(positions(findings)).toEqual([[5, 3, 'error']]);
    expect(findings[0]?.message).toContain('Function report runs on nodejs16.x (set in provider at line 5)');
    expect(findings[0]?.help).toContain('Change `runtime` in provider (line 5) to nodejs24.x');
  });

  it('rejects a malformed today option', () => {
    expect(() => onDay('27/11/2026').rule(RULE, 'template.yaml')).toThrow();
  });

  it('keeps a dated, sourced table whose upgrade targets are themselves known runtimes', () => {
    expect(RUNTIME_TABLE_CHECKED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const info of RUNTIMES.values()) {
      expect(info.deprecation ?? '9999-12-31').toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const target = runtimeInfo(info.upgradeTo);
      expect(target, `${info.id} → ${info.upgradeTo}`).toBeDefined();
      expect(target?.language).toBe(info.language === 'go' ? 'provided' : info.language);
    }
  });
});
