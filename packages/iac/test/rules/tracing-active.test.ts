import { describe, expect, it } from 'vitest';
import { configWith, crashes, findingsOf, positions, scanFixture, scanText } from './helpers.js';

const RULE = 'tracing-active';

describe(RULE, () => {
  it('stays quiet on the pass fixtures (Globals Active, deploy-time value, CFN TracingConfig, Serverless provider)', () => {
    for (const name of [`${RULE}.pass.yaml`, `${RULE}.serverless.pass.yaml`]) {
      const findings = scanFixture(name);
      expect(crashes(findings)).toEqual([]);
      expect(findingsOf(findings, RULE)).toEqual([]);
    }
  });

  it('reports a missing Tracing at the logical ID and PassThrough at the property', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [12, 3, 'warning'],
      [18, 7, 'warning'],
    ]);
    expect(findings[0]?.message).toContain(
      'OrdersFunction has no X-Ray tracing (not set, so Lambda uses PassThrough)',
    );
    expect(findings[0]?.message).toContain('blind spot');
    expect(findings[0]?.help).toBe('Set `Tracing: Active` on OrdersFunction, or once in Globals.Function.');
    expect(findings[1]?.message).toContain(
      'PaymentsFunction: X-Ray tracing is PassThrough, set on the function at line 18',
    );
  });

  it('points at Globals and says so when PassThrough is inherited; a function override wins', () => {
    const findings = findingsOf(scanFixture(`${RULE}.globals.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[10, 5, 'warning']]);
    expect(findings[0]?.message).toContain(
      'InheritingFunction: X-Ray tracing is PassThrough, set in Globals at line 10',
    );
    expect(findings[0]?.help).toContain('Change `Tracing` to `Active` in Globals.Function');
  });

  it('reports PassThrough inherited by several functions once, at Globals, naming them all', () => {
    const template = [
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Function:',
      '    Tracing: PassThrough',
      'Resources:',
      '  First:',
      '    Type: AWS::Serverless::Function',
      '  Second:',
      '    Type: AWS::Serverless::Function',
    ].join('\n');
    const findings = findingsOf(scanText(template), RULE);
    expect(positions(findings)).toEqual([[4, 5, 'warning']]);
    expect(findings[0]?.message).toContain(
      '2 functions (First, Second): X-Ray tracing is PassThrough, set in Globals at line 4',
    );
  });

  it('reads Serverless tracing: function-level Active counts, nothing set is reported', () => {
    const findings = findingsOf(scanFixture(`${RULE}.serverless.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[8, 3, 'warning']]);
    expect(findings[0]?.message).toContain('Function create has no X-Ray tracing');
    expect(findings[0]?.help).toContain('provider.tracing.lambda: true');
  });

  it('reports API stages and state machines only when their options are on', () => {
    const defaults = findingsOf(scanFixture(`${RULE}.resources.fail.yaml`), RULE);
    expect(positions(defaults)).toEqual([[11, 3, 'warning']]);

    const config = configWith({ [RULE]: { options: { apiStages: true, stateMachines: true } } });
    const findings = findingsOf(scanFixture(`${RULE}.resources.fail.yaml`, config), RULE);
    expect(positions(findings)).toEqual([
      [6, 3, 'warning'],
      [11, 3, 'warning'],
      [25, 3, 'warning'],
      [40, 7, 'warning'],
    ]);
    expect(findings[0]?.message).toContain('REST API OrdersApi has no X-Ray tracing');
    expect(findings[0]?.subject).toEqual({ kind: 'api', id: 'OrdersApi' });
    expect(findings[2]?.message).toContain('State machine FulfilmentStateMachine has no X-Ray tracing');
    expect(findings[2]?.help).toContain('Tracing: { Enabled: true }');
    expect(findings[3]?.message).toContain(
      'REST API LegacyStage has no X-Ray tracing (TracingEnabled is false',
    );
  });

  it('reports Tracing behind !If … AWS::NoValue as conditionally missing, at info', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Tracing: !If [IsProd, Active, !Ref AWS::NoValue]
`;
    const findings = findingsOf(scanText(text), RULE);
    expect(positions(findings)).toEqual([[11, 7, 'info']]);
    expect(findings[0]?.message).toContain('conditionally missing');
  });
});
