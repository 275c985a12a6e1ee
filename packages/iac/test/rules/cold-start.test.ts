import { describe, expect, it } from 'vitest';
import { supportsSnapStart } from '../../src/data/runtimes.js';
import { configWith, crashes, findingsOf, positions, scanFixture, scanText } from './helpers.js';

const RULE = 'cold-start';

describe(RULE, () => {
  it('stays quiet on the pass fixtures (SnapStart, provisioned concurrency, unsupported runtimes, Globals)', () => {
    for (const name of [`${RULE}.pass.yaml`, `${RULE}.globals.pass.yaml`]) {
      const findings = scanFixture(name);
      expect(crashes(findings)).toEqual([]);
      expect(findingsOf(findings, RULE)).toEqual([]);
    }
  });

  it('reports Java/.NET without SnapStart as warnings, Python and VPC as info', () => {
    const findings = findingsOf(scanFixture(`${RULE}.fail.yaml`), RULE);
    expect(positions(findings)).toEqual([
      [11, 3, 'warning'],
      [17, 3, 'warning'],
      [23, 3, 'info'],
      [34, 7, 'info'],
    ]);
    expect(findings[0]?.message).toContain('PricingFunction runs on java21 without SnapStart');
    expect(findings[0]?.help).toContain(
      'SnapStart: { ApplyOn: PublishedVersions }` and `AutoPublishAlias: live` to PricingFunction',
    );
    expect(findings[1]?.message).toContain('InvoiceFunction runs on dotnet10 without SnapStart');
    expect(findings[2]?.message).toContain('ReportFunction runs on python3.13 without SnapStart');
    expect(findings[3]?.message).toContain(
      'DatabaseFunction is attached to a VPC (set on the function at line 34)',
    );
  });

  it('limits languages and drops the VPC note through options', () => {
    const config = configWith({ [RULE]: { options: { languages: ['java'], vpc: false } } });
    expect(positions(findingsOf(scanFixture(`${RULE}.fail.yaml`, config), RULE))).toEqual([
      [11, 3, 'warning'],
    ]);
  });

  it('reports SnapStart: None at the property, and skips EFS and container images', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: java21
    Handler: a.B::handle
    CodeUri: build/
Resources:
  Off:
    Type: AWS::Serverless::Function
    Properties:
      SnapStart:
        ApplyOn: None
  WithEfs:
    Type: AWS::Serverless::Function
    Properties:
      FileSystemConfigs:
        - Arn: arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-1
          LocalMountPath: /mnt/data
  Image:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1
`;
    const findings = findingsOf(scanText(text), RULE);
    expect(positions(findings)).toEqual([[12, 9, 'warning']]);
    expect(findings[0]?.message).toContain(
      'Off runs on java21 but SnapStart is None, set on the function at line 12',
    );
  });

  it('knows which runtimes support SnapStart', () => {
    expect(
      ['java11', 'java17', 'java21', 'java25', 'python3.12', 'python3.14', 'dotnet8', 'dotnet10'].map(
        supportsSnapStart,
      ),
    ).not.toContain(undefined);
    expect(
      ['java8.al2', 'python3.11', 'nodejs22.x', 'dotnet6', 'provided.al2023', 'ruby3.4'].map(
        supportsSnapStart,
      ),
    ).toEqual(Array(6).fill(undefined));
  });
});
