import { describe, expect, it } from 'vitest';
import { configWith, crashes, findingsOf, positions, scanFixture, scanText } from './helpers.js';

const RULE = 'timeout-alignment';

describe(RULE, () => {
  it('stays quiet on the pass fixture (6× visibility, deploy-time timeout, 29 s API, no trigger)', () => {
    const findings = scanFixture(`${RULE}.pass.yaml`);
    expect(crashes(findings)).toEqual([]);
    expect(findingsOf(findings, RULE)).toEqual([]);
  });

  it('reports visibility below the timeout (error), below 6× (warning), and an API function over 29 s', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [17, 7, 'error'],
      [22, 7, 'warning'],
      [45, 7, 'warning'],
    ]);
    expect(findings[0]?.message).toContain(
      'Queue ImportQueue has a visibility timeout of 20 s, shorter than the 30 s timeout of ImportFunction (set in Globals at line 11)',
    );
    expect(findings[0]?.help).toContain('`VisibilityTimeout: 180` on ImportQueue');
    expect(findings[1]?.message).toContain(
      'less than 6 × the 30 s timeout of ExportFunction (set in Globals at line 11) = 180 s',
    );
    expect(findings[2]?.message).toContain(
      'ReportApiFunction has a timeout of 60 s (set on the function at line 45)',
    );
    expect(findings[2]?.message).toContain('whose REST API integration stops waiting after 29 s');
    expect(findings[2]?.help).toContain('`restApiTimeout`');
  });

  it('uses the Serverless provider timeout, the SQS default visibility and the HTTP API limit', () => {
    const findings = findingsOf(scanFixture(`${RULE}.serverless.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [17, 5, 'warning'],
      [25, 5, 'warning'],
    ]);
    expect(findings[0]?.message).toContain('whose HTTP API integration stops waiting after 30 s');
    expect(findings[1]?.message).toContain(
      'Queue ImportQueue uses the default visibility timeout of 30 s, less than 6 × the 30 s timeout of function import (set in provider at line 6)',
    );
  });

  it('applies visibilityFactor and restApiTimeout', () => {
    const config = configWith({ [RULE]: { options: { visibilityFactor: 1, restApiTimeout: 90 } } });
    expect(positions(findingsOf(scanFixture(`${RULE}.fail.yaml`, config), RULE))).toEqual([[17, 7, 'error']]);
  });

  it('adds the batching window to the recommended visibility timeout', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 65
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Timeout: 10
      Events:
        Q:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            MaximumBatchingWindowInSeconds: 10
`;
    const findings = findingsOf(scanText(text), RULE);
    expect(positions(findings)).toEqual([[6, 7, 'warning']]);
    expect(findings[0]?.message).toContain('plus its 10 s batching window = 70 s');
  });
});
