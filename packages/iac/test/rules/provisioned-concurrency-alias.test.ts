import { describe, expect, it } from 'vitest';
import { crashes, findingsOf, positions, scanFixture, scanText } from './helpers.js';

const RULE = 'provisioned-concurrency-alias';

describe(RULE, () => {
  it('stays quiet on the pass fixture (AutoPublishAlias, alias on a published version)', () => {
    const findings = scanFixture(`${RULE}.pass.yaml`);
    expect(crashes(findings)).toEqual([]);
    expect(findingsOf(findings, RULE)).toEqual([]);
  });

  it('reports a SAM function without AutoPublishAlias and an alias on $LATEST', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [14, 9, 'error'],
      [31, 7, 'error'],
    ]);
    expect(findings[0]?.message).toContain(
      'CheckoutFunction has provisioned concurrency (5 environments), set on the function at line 14, but no AutoPublishAlias',
    );
    expect(findings[0]?.help).toContain('Add `AutoPublishAlias: live` to CheckoutFunction');
    expect(findings[1]?.message).toContain(
      'Alias LegacyLatestAlias of LegacyFunction points at $LATEST and has provisioned concurrency',
    );
    expect(findings[1]?.help).toContain('FunctionVersion: !GetAtt <Version>.Version');
  });

  it('follows ProvisionedConcurrencyConfig and AutoPublishAlias through Globals', () => {
    const findings = findingsOf(scanFixture(`${RULE}.globals.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([[12, 7, 'error']]);
    expect(findings[0]?.message).toContain(
      'UnaliasedFunction has provisioned concurrency (3 environments), set in Globals at line 12',
    );
    expect(findings[0]?.subject).toEqual({ kind: 'function', id: 'UnaliasedFunction' });
  });

  it('never reports Serverless provisionedConcurrency (the framework publishes the alias)', () => {
    const text = `service: api
provider:
  name: aws
  runtime: nodejs22.x
functions:
  hello:
    handler: index.handler
    provisionedConcurrency: 3
`;
    const findings = scanText(text, 'serverless.yml');
    expect(crashes(findings)).toEqual([]);
    expect(findingsOf(findings, RULE)).toEqual([]);
  });

  it('does not report an alias whose AutoPublishAlias is only known at deploy time', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Parameters:
  AliasName: { Type: String }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      AutoPublishAlias: !Ref AliasName
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 }
`;
    expect(findingsOf(scanText(text), RULE)).toEqual([]);
  });
});
