import { describe, expect, it } from 'vitest';
import { crashes, findingsOf, positions, scanFixture } from './helpers.js';

const RULE = 'deployment-safety';

describe(RULE, () => {
  it('stays quiet on the pass fixture (alarms, deploy-time type, disabled AllAtOnce, alias in Globals)', () => {
    const findings = scanFixture(`${RULE}.pass.yaml`);
    expect(crashes(findings)).toEqual([]);
    expect(findingsOf(findings, RULE)).toEqual([]);
  });

  it('reports a canary without alarms, a preference without alias, and a stray AllAtOnce', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [37, 7, 'warning'],
      [43, 7, 'warning'],
      [53, 9, 'warning'],
    ]);
    expect(findings[0]?.message).toContain(
      'SearchFunction deploys gradually (Linear10PercentEvery1Minute, set on the function at line 37) without Alarms',
    );
    expect(findings[0]?.help).toContain('Alarms: [!Ref <ErrorsAlarm>]');
    expect(findings[1]?.message).toContain(
      'PricingFunction has a DeploymentPreference (set on the function at line 43) but no AutoPublishAlias',
    );
    expect(findings[1]?.help).toContain('AutoPublishAlias: live');
    expect(findings[2]?.message).toContain('ReportsFunction deploys AllAtOnce');
    expect(findings[2]?.message).toContain(
      'CheckoutFunction, SearchFunction, PricingFunction in this template deploy gradually',
    );
  });

  it('points at Globals when the deployment preference is inherited', () => {
    const findings = findingsOf(scanFixture(`${RULE}.globals.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[12, 5, 'warning']]);
    expect(findings[0]?.message).toContain(
      'OrdersFunction deploys gradually (Canary10Percent10Minutes, set in Globals at line 12) without Alarms',
    );
  });
});
