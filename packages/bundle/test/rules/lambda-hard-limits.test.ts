import { cpSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rule from '../../src/rules/lambda-hard-limits.js';
import { inputIdentity, measureZip } from '../../src/sources/measure.js';
import { writeZip } from '../helpers/zip-writer.js';
import { check, measureDirectoryAt, measureFixture, REPO_ROOT, summary } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-lint-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sparse file: the size Lambda would count, without using the disk space. */
function sparse(file: string, size: number): void {
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, '');
  truncateSync(file, size);
}

function zipOf(name: string, size: number): string {
  const file = join(dir, name);
  // Stored (not deflated) zeros: the zip is as big as its content, like already-compressed data.
  writeFileSync(
    file,
    writeZip([
      { name: 'index.js', data: Buffer.from('exports.handler = async () => 1;\n') },
      { name: 'assets/video.mp4', data: new Uint8Array(size) },
    ]),
  );
  return file;
}

describe('lambda-hard-limits', () => {
  it('stays quiet on a small package', async () => {
    expect(check(rule, await measureFixture('lambda-hard-limits.pass'))).toEqual([]);
  });

  it('reports a package over 250 MiB unzipped as an error, with the exact overshoot', async () => {
    const copy = join(dir, 'fail');
    cpSync(resolve(REPO_ROOT, 'fixtures/rules/lambda-hard-limits.fail'), copy, { recursive: true });
    sparse(join(copy, 'model/weights.bin'), 300_000_000);
    const model = await measureDirectoryAt(copy, 'fixtures/rules/lambda-hard-limits.fail');
    const total = model.tree.total;
    expect(total).toBe(300_000_000 + 499);
    expect(check(rule, model).map(summary)).toEqual([
      {
        severity: 'error',
        message:
          "fixtures/rules/lambda-hard-limits.fail: the function and its layers take 286.1 MiB (300,000,499 bytes) unzipped, over Lambda's hard limit of 250.0 MiB (262,144,000 bytes) " +
          'by 36.1 MiB (37,856,499 bytes); the deployment will be rejected (function 286.1 MiB (300,000,499 bytes)).',
        help: 'Cut the package (bundle with esbuild, `npm ci --omit=dev`, drop @aws-sdk/* the runtime provides), move large data to S3 or EFS, or ship the function as a container image (10 GiB limit).',
        file: 'fixtures/rules/lambda-hard-limits.fail',
        line: 1,
      },
    ]);
  });

  it('counts local layers toward the 250 MiB, and stays quiet one byte under', async () => {
    const fn = await measureFixture('lambda-hard-limits.pass', {
      subject: { kind: 'function', id: 'ScoreFunction' },
    });
    const layerDir = join(dir, 'layer');
    sparse(
      join(layerDir, 'nodejs/node_modules/onnxruntime-node/bin/libonnxruntime.so'),
      262_144_000 - fn.tree.total,
    );
    const layer = (await measureDirectoryAt(layerDir, 'layers/onnx')).tree;
    expect(check(rule, { ...fn, layers: [layer] })).toEqual([]);
    const [finding] = check(rule, { ...fn, layers: [layer, { name: 'layers/extra', total: 1, groups: [] }] });
    expect(finding.severity).toBe('error');
    expect(finding.message).toContain("over Lambda's hard limit of 250.0 MiB (262,144,000 bytes) by 1 byte;");
    expect(finding.message).toContain(
      '(function 368 bytes + layer layers/onnx 250.0 MiB (262,143,632 bytes) + layer layers/extra 1 byte)',
    );
  });

  it('warns about a zip over 50 MiB given for direct upload, and not for a template function deployed through S3', () => {
    const file = zipOf('big.zip', 52_428_800);
    const model = measureZip(file, 'dist/big.zip');
    const zipped = model.zippedSize!;
    expect(zipped).toBeGreaterThan(52_428_800);
    expect(check(rule, model).map(summary)).toEqual([
      {
        severity: 'warning',
        message:
          `dist/big.zip: the zip is 50.0 MiB (${zipped.toLocaleString('en-US')} bytes), over the 50.0 MiB (52,428,800 bytes) limit for direct uploads ` +
          `by ${(zipped - 52_428_800).toLocaleString('en-US')} bytes: \`aws lambda update-function-code --zip-file\` and the console upload will be rejected.`,
        help: 'Upload the zip to S3 and deploy from there (`--s3-bucket`/`--s3-key`; SAM, CDK and Serverless do this), or shrink the package.',
        file: 'dist/big.zip',
        line: 1,
      },
    ]);
    const fromTemplate = measureZip(file, 'dist/big.zip', {
      ...inputIdentity('dist/big.zip'),
      subject: { kind: 'function', id: 'VideoFunction' },
      location: { file: 'template.yaml', range: { line: 12, column: 3 } },
    });
    // Through S3 the 50 MiB limit does not apply; only the console-editor note remains.
    expect(check(rule, fromTemplate).map((f) => [f.severity, f.file, f.range.line])).toEqual([
      ['info', 'template.yaml', 12],
    ]);
    expect(check(rule, fromTemplate, { directUpload: 'always' }).map((f) => f.severity)).toEqual(['warning']);
    expect(check(rule, model, { directUpload: 'never', consoleEditor: false })).toEqual([]);
  });

  it('notes, as info, a zip over 3 MiB that the console editor cannot show', () => {
    const model = measureZip(zipOf('medium.zip', 3_200_000), 'dist/medium.zip');
    const findings = check(rule, model);
    expect(findings.map((f) => f.severity)).toEqual(['info']);
    expect(findings[0].message).toBe(
      `dist/medium.zip: the zip is 3.1 MiB (${model.zippedSize!.toLocaleString('en-US')} bytes), over 3.0 MiB (3,145,728 bytes): the Lambda console cannot show or edit the code in its editor.`,
    );
    expect(check(rule, model, { consoleEditor: false })).toEqual([]);
    expect(check(rule, measureZip(zipOf('small.zip', 3_000_000), 'dist/small.zip'))).toEqual([]);
  });
});
