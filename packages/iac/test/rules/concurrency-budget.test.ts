import { describe, expect, it } from 'vitest';
import { configWith, crashes, findingsOf, positions, scanFixture } from './helpers.js';

const RULE = 'concurrency-budget';

describe(RULE, () => {
  it('stays quiet on the pass fixture (500 + deploy-time value + 100 with 50 provisioned)', () => {
    const findings = scanFixture(`${RULE}.pass.yaml`);
    expect(crashes(findings)).toEqual([]);
    expect(findingsOf(findings, RULE)).toEqual([]);
  });

  it('reports the total at the largest reservation, reserved 0, and provisioned above reserved', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [16, 7, 'error'],
      [31, 7, 'warning'],
      [39, 9, 'error'],
    ]);
    expect(findings[0]?.message).toContain(
      'Reserved concurrency in this template adds up to 970 (CheckoutFunction 500, SearchFunction 300, ReportsFunction 150, PricingFunction 20, PausedFunction 0), more than the 900 this account can reserve',
    );
    expect(findings[0]?.help).toContain('`accountLimit`');
    expect(findings[1]?.message).toContain('PausedFunction has reserved concurrency 0');
    expect(findings[1]?.message).toContain('every invocation is throttled');
    expect(findings[2]?.message).toContain(
      'PricingFunction has provisioned concurrency 50, above its reserved concurrency 20 (set on the function at line 37)',
    );
  });

  it('multiplies a reservation in Globals by the number of functions', () => {
    const findings = findingsOf(scanFixture(`${RULE}.globals.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[11, 5, 'error']]);
    expect(findings[0]?.message).toContain(
      'adds up to 1,200 (FirstFunction 400, SecondFunction 400, ThirdFunction 400)',
    );
  });

  it('uses the accountLimit option', () => {
    const config = configWith({ [RULE]: { options: { accountLimit: 2000 } } });
    expect(findingsOf(scanFixture(`${RULE}.globals.fail.yaml`, config), RULE)).toEqual([]);
    const tight = configWith({ [RULE]: { options: { accountLimit: 500 } } });
    const findings = findingsOf(scanFixture(`${RULE}.pass.yaml`, tight), RULE);
    expect(positions(findings)).toEqual([[20, 7, 'error']]);
    expect(findings[0]?.message).toContain(
      'more than the 400 this account can reserve (account limit 500 minus the 100 AWS keeps unreserved)',
    );
  });
});
