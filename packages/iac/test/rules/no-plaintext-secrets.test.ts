import { describe, expect, it } from 'vitest';
import { configWith, crashes, findingsOf, positions, scanFixture, scanText } from './helpers.js';

const RULE = 'no-plaintext-secrets';

function envTemplate(variables: string): string {
  return `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Environment:
        Variables:
${variables}`;
}

describe(RULE, () => {
  it('stays quiet on the pass fixture (Ref, resolve, ARNs, SSM paths, numbers, booleans, empty values)', () => {
    const findings = scanFixture(`${RULE}.pass.yaml`);
    expect(crashes(findings)).toEqual([]);
    expect(findingsOf(findings, RULE)).toEqual([]);
  });

  it('reports secret-named literals and access key IDs at the value, inherited ones at Globals', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [13, 9, 'error'],
      [21, 11, 'error'],
      [22, 11, 'error'],
    ]);
    expect(findings[0]?.message).toContain(
      'BillingFunction: environment variable STRIPE_API_KEY (set in Globals at line 13) holds a plaintext value',
    );
    expect(findings[1]?.message).toContain(
      'environment variable DB_PASSWORD holds a plaintext value (hunt…er, 18 characters)',
    );
    expect(findings[1]?.help).toContain("'{{resolve:secretsmanager:<secret-id>:SecretString:<key>}}'");
    expect(findings[2]?.message).toContain('UPLOAD_KEY_ID contains an AWS access key ID (AKIA…MPLE)');
    expect(findings[2]?.help).toContain('deactivate that access key in IAM');
    // The secret itself is never repeated in full.
    for (const f of findings)
      expect(f.message).not.toMatch(
        /hunter2-but-longer|AKIAIOSFODNN7EXAMPLE|sk_live_51Hx0ExampleExampleExample/,
      );
  });

  it('reads Serverless provider and function environments; ${ssm:} and ${env:} are never reported', () => {
    const findings = findingsOf(scanFixture(`${RULE}.serverless.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [7, 5, 'error'],
      [15, 7, 'error'],
    ]);
    expect(findings[0]?.message).toContain('environment variable SLACK_TOKEN (set in provider at line 7)');
    expect(findings[0]?.help).toContain('${ssm:/path/to/parameter}');
    // ${self:custom.webhookSecret} resolves to a literal in the same file: still plaintext.
    expect(findings[1]?.message).toContain('WEBHOOK_SECRET holds a plaintext value');
  });

  it('reports a Globals variable once, not once per function', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
    CodeUri: src/
    Environment:
      Variables:
        API_TOKEN: abcdef123456
Resources:
  A:
    Type: AWS::Serverless::Function
  B:
    Type: AWS::Serverless::Function
`;
    expect(positions(findingsOf(scanText(text), RULE))).toEqual([[9, 9, 'error']]);
  });

  it('finds access key IDs in any variable and credentials in URLs, not in plain URLs', () => {
    const text = envTemplate(`          LEGACY: ASIAZZZZZZZZZZZZZZZZ
          DATABASE_URL: postgres://app:s3cret@db.internal:5432/app
          SERVICE_URL: https://api.example.com/v1
          AUTH_TOKEN_URL: https://auth.example.com/token
`);
    const findings = findingsOf(scanText(text), RULE);
    expect(positions(findings)).toEqual([[11, 11, 'error']]);
    expect(findings[0]?.message).toContain('LEGACY contains an AWS access key ID');
  });

  it('applies the namePattern and ignoreNamePattern options', () => {
    const text = envTemplate(`          DB_PASS: plaintext-value
          SECRET_NAME: prod/db
`);
    expect(findingsOf(scanText(text), RULE)).toEqual([]);
    const config = configWith({ [RULE]: { options: { namePattern: 'pass|secret', ignoreNamePattern: '' } } });
    expect(positions(findingsOf(scanText(text, 'template.yaml', config), RULE))).toEqual([
      [11, 11, 'error'],
      [12, 11, 'error'],
    ]);
  });

  it('rejects an invalid regular expression in its options', () => {
    expect(() =>
      configWith({ [RULE]: { options: { namePattern: '(' } } }).rule(RULE, 'template.yaml'),
    ).toThrow(/regular expression/);
  });
});
