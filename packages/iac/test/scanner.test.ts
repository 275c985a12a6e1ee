import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfigView, type Finding } from '@lambda-lint/core';
import { iacRules, iacScanner, loadTemplateModel, scanTemplateText } from '../src/index.js';

const config = defaultConfigView(iacRules);

/** A SAM function with an S3 trigger and nothing else: tracing and async-failure findings are certain. */
const UNPROTECTED = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
    Type: AWS::S3::Bucket
  OnUpload:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      Events:
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
`;

const summary = (findings: Finding[]) =>
  findings.map((f) => `${f.file}:${f.range.line} ${f.ruleId}${f.fatal ? ' (fatal)' : ''}`);

describe('iacScanner', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-iac-scan-'));
    mkdirSync(path.join(dir, 'good'));
    mkdirSync(path.join(dir, 'broken'));
    writeFileSync(path.join(dir, 'good', 'template.yaml'), UNPROTECTED);
    writeFileSync(
      path.join(dir, 'broken', 'template.yaml'),
      'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n\tProperties: {}\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the broken file as a fatal parse error and still scans the good one', async () => {
    const result = await iacScanner.scan({ paths: ['.'], cwd: dir, config });
    expect(result.filesScanned).toBe(2);
    const broken = result.findings.filter((f) => f.file === 'broken/template.yaml');
    expect(summary(broken)).toEqual(['broken/template.yaml:4 parse-error (fatal)']);
    const good = result.findings.filter((f) => f.file === 'good/template.yaml');
    expect(good.map((f) => f.ruleId)).toContain('async-failure-destination');
    expect(good.every((f) => !f.fatal && f.range.line >= 6)).toBe(true);
  });

  it('loadTemplateModel gives the model, or the parse error', async () => {
    const ok = await loadTemplateModel(path.join(dir, 'good', 'template.yaml'), 'good/template.yaml');
    expect(ok.model?.functions.map((f) => f.id)).toEqual(['OnUpload']);
    expect(ok.findings).toEqual([]);
    const bad = await loadTemplateModel(path.join(dir, 'broken', 'template.yaml'), 'broken/template.yaml');
    expect(bad.model).toBeUndefined();
    expect(bad.findings.map((f) => f.ruleId)).toEqual(['parse-error']);
  });
});

describe('scanTemplateText suppressions', () => {
  const unsuppressed = scanTemplateText(UNPROTECTED, 'template.yaml', 'yaml', config);
  const ids = (findings: Finding[]) => [...new Set(findings.map((f) => f.ruleId))].sort();

  it('reports the unprotected async function', () => {
    expect(ids(unsuppressed)).toContain('async-failure-destination');
  });

  it('a comment directive above the function suppresses its findings for the named rule only', () => {
    const text = UNPROTECTED.replace(
      '  OnUpload:\n',
      '  # lambda-lint-disable-next-line async-failure-destination -- uploads are re-driven by hand\n  OnUpload:\n',
    );
    const findings = scanTemplateText(text, 'template.yaml', 'yaml', config);
    const atHeader = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'async-failure-destination');
    expect(atHeader(unsuppressed).length).toBeGreaterThan(0);
    expect(atHeader(findings)).toEqual([]);
  });

  it('a resource Metadata ignore covers the whole resource; unused ones are reported on request', () => {
    const text = UNPROTECTED.replace(
      '    Type: AWS::Serverless::Function\n',
      '    Type: AWS::Serverless::Function\n    Metadata:\n      lambda-lint:\n        ignore:\n          - rule: async-failure-destination\n          - rule: timeout-alignment\n',
    );
    const findings = scanTemplateText(text, 'template.yaml', 'yaml', config, { reportUnusedDisable: true });
    expect(findings.filter((f) => f.ruleId === 'async-failure-destination')).toEqual([]);
    // Nothing here is behind an API or a queue, so the timeout-alignment entry is unused.
    expect(findings.filter((f) => f.ruleId === 'unused-disable').map((f) => f.range.line)).toEqual([12]);
  });

  it('a file that is not a template gives no findings; an unparsable one gives exactly one', () => {
    expect(scanTemplateText('name: my-app\nversion: 1\n', 'template.yaml', 'yaml', config)).toEqual([]);
    const broken = scanTemplateText('{ "Resources": ', 'template.json', 'json', config);
    expect(broken.map((f) => [f.ruleId, f.fatal])).toEqual([['parse-error', true]]);
  });
});
