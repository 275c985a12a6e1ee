import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rule from '../../src/rules/sourcemaps-shipped.js';
import { measureZip } from '../../src/sources/measure.js';
import { writeZip } from '../helpers/zip-writer.js';
import { check, measureDirectoryAt, measureFixture, summary } from './helpers.js';

const FILE = 'fixtures/rules/sourcemaps-shipped.fail';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-lint-maps-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function packageWith(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('sourcemaps-shipped', () => {
  it('stays quiet on a package whose code only references a map that is not shipped', async () => {
    expect(check(rule, await measureFixture('sourcemaps-shipped.pass'))).toEqual([]);
  });

  it('reports .map files and inline maps of own code, and .map files in node_modules, with their bytes', async () => {
    expect(check(rule, await measureFixture('sourcemaps-shipped.fail')).map(summary)).toEqual([
      {
        severity: 'warning',
        message:
          `${FILE}: ships 1.3 KiB (1,347 bytes) of source maps for its own code (1 .map file: lib/db.js.map (420 B); 1 inline source map: index.js (927 B)). ` +
          'Lambda never reads them unless NODE_OPTIONS has --enable-source-maps, and then parsing them slows every cold start.',
        help:
          'Build with esbuild `sourcemap: false` (SAM `Metadata.BuildProperties.Sourcemap: false`, CDK `bundling.sourceMap: false`, tsc `"sourceMap": false`), ' +
          "or upload the maps to your error tracker and exclude them from the zip (`zip -x '*.map'`, Serverless `package.patterns: ['!**/*.map']`).",
        file: FILE,
        line: 1,
      },
      {
        severity: 'warning',
        message:
          `${FILE}: ships 223 bytes of source maps inside node_modules (1 .map file: node_modules/uuid/dist/index.js.map (223 B)); ` +
          'they are never executed and only add to the package Lambda downloads at cold start.',
        help:
          "Bundle with esbuild (only the code you import is kept, without its maps), or exclude them when packaging: `zip -x '*.map'`, " +
          "Serverless `package.patterns: ['!node_modules/**/*.map']`, CDK `Code.fromAsset(dir, { exclude: ['**/*.map'] })`.",
        file: FILE,
        line: 1,
      },
    ]);
  });

  it('measures an inline map far bigger than the first tail read, from its marker to the end of the file', async () => {
    const mapLine = `//# sourceMappingURL=data:application/json;base64,${'QUFBQSxDQUFDOw'.repeat(30_000)}\n`;
    const root = packageWith('big-inline', { 'index.js': `exports.handler = async () => 1;\n${mapLine}` });
    const [finding] = check(rule, await measureDirectoryAt(root, 'big-inline'));
    const size = Buffer.byteLength(mapLine);
    expect(size).toBeGreaterThan(64 * 1024 * 4);
    expect(finding.message).toContain(
      `ships ${(size / 1024).toFixed(1)} KiB (${size.toLocaleString('en-US')} bytes) of source maps for its own code (1 inline source map: index.js`,
    );
  });

  it('does not mistake a long last line, a map URL to a file, or a marker inside a string for an inline map', async () => {
    const root = packageWith('no-inline', {
      'long.js': `module.exports = ${JSON.stringify('x'.repeat(200_000))};\n`,
      'linked.js': 'exports.a = 1;\n//# sourceMappingURL=linked.js.map\n',
      'string.js': 'module.exports = "//# sourceMappingURL=data:application/json;base64,AAAA";\n',
    });
    expect(check(rule, await measureDirectoryAt(root, 'no-inline'))).toEqual([]);
  });

  it('honours inline: false and dependencies: false', async () => {
    const model = await measureFixture('sourcemaps-shipped.fail');
    const own = check(rule, model, { inline: false, dependencies: false });
    expect(own.map((f) => f.message)).toEqual([
      `${FILE}: ships 420 bytes of source maps for its own code (1 .map file: lib/db.js.map (420 B)). Lambda never reads them unless NODE_OPTIONS has --enable-source-maps, and then parsing them slows every cold start.`,
    ]);
  });

  it('reports .map entries of a zip (never inflated, so inline maps are not looked for)', () => {
    const file = join(dir, 'fn.zip');
    writeFileSync(
      file,
      writeZip([
        { name: 'index.js', data: Buffer.from('exports.handler = async () => 1;\n') },
        { name: 'index.js.map', data: Buffer.alloc(5000, 65), method: 8 },
      ]),
    );
    const findings = check(rule, measureZip(file, 'dist/fn.zip'));
    expect(findings.map((f) => f.message)).toEqual([
      'dist/fn.zip: ships 4.9 KiB (5,000 bytes) of source maps for its own code (1 .map file: index.js.map (4.9 KiB)). Lambda never reads them unless NODE_OPTIONS has --enable-source-maps, and then parsing them slows every cold start.',
    ]);
  });
});
