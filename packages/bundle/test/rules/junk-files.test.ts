import { describe, expect, it } from 'vitest';
import rule, { classifyFile } from '../../src/rules/junk-files.js';
import { check, measureFixture, summary } from './helpers.js';

const FILE = 'fixtures/rules/junk-files.fail';

describe('junk-files', () => {
  it('stays quiet on a package with only code, package.json and a license', async () => {
    expect(check(rule, await measureFixture('junk-files.pass'), { minBytes: 0 })).toEqual([]);
  });

  it('reports docs, tests, declarations, sources, lockfiles, tooling config and coverage by category and package; licenses are kept', async () => {
    expect(check(rule, await measureFixture('junk-files.fail'), { minBytes: 0 }).map(summary)).toEqual([
      {
        severity: 'warning',
        message:
          `${FILE}: ships 666 bytes of files Lambda never runs: tests 195 B in 2 files, documentation 150 B in 3 files, type declarations 86 B in 1 file, ` +
          'TypeScript sources 81 B in 1 file, lockfiles 67 B in 1 file, tooling config 50 B in 1 file, coverage 37 B in 1 file. ' +
          'Most from: left-pad@1.3.0 506 B, own code 160 B. They only make the package every cold start downloads bigger. ' +
          'License files (145 bytes in 1 file) are not counted: keep them.',
        help:
          "For node_modules: bundle with esbuild so only imported code ships, or exclude the files when packaging (Serverless `package.patterns: ['!node_modules/**/*.md', '!node_modules/**/test/**']`, " +
          "CDK `Code.fromAsset(dir, { exclude: ['**/*.md', '**/*.d.ts'] })`, `zip -x`); `.npmignore`/`files` fix it at the source if you publish the dependency. " +
          'For your own code (README.md, __tests__/index.test.js): deploy only the build output (point CodeUri / the asset at dist/), keep tests and .ts sources out of it, ' +
          'and use `files` in package.json or an exclude pattern. Keep license files; add files your code reads at run time to `ignore`.',
        file: FILE,
        line: 1,
      },
    ]);
  });

  it('reports license files only on request, as info, and never as something to delete', async () => {
    const findings = check(rule, await measureFixture('junk-files.fail'), { minBytes: 0, licenses: true });
    expect(findings.map(summary)[1]).toEqual({
      severity: 'info',
      message: `${FILE}: 1 license file (LICENSE, NOTICE, COPYING) take 145 bytes. They are not junk: most open-source licenses require shipping them with the code.`,
      help: 'Keep them: this note only shows what they cost. Set `licenses: false` to hide it.',
      file: FILE,
      line: 1,
    });
  });

  it('stays under the minBytes threshold (100 KiB by default) and skips ignored paths', async () => {
    const model = await measureFixture('junk-files.fail');
    expect(check(rule, model)).toEqual([]);
    const [finding] = check(rule, model, {
      minBytes: 0,
      ignore: ['README.md', '__tests__/**', 'node_modules/left-pad/**'],
    });
    expect(finding).toBeUndefined();
  });

  it('classifies precisely', () => {
    expect(classifyFile('README.md', true)).toBe('documentation');
    expect(classifyFile('docs/api.html', true)).toBe('documentation');
    expect(classifyFile('History.md', true)).toBe('documentation');
    expect(classifyFile('LICENSE.md', true)).toBe('license');
    expect(classifyFile('LICENCE', true)).toBe('license');
    expect(classifyFile('NOTICE.txt', true)).toBe('license');
    expect(classifyFile('test/index.js', true)).toBe('tests');
    expect(classifyFile('lib/parser.spec.js', true)).toBe('tests');
    expect(classifyFile('__tests__/a.js', false)).toBe('tests');
    expect(classifyFile('examples/basic.js', true)).toBe('examples');
    expect(classifyFile('coverage/lcov.info', true)).toBe('coverage');
    expect(classifyFile('index.d.ts', true)).toBe('type declarations');
    expect(classifyFile('dist/index.d.mts', true)).toBe('type declarations');
    expect(classifyFile('src/index.ts', true)).toBe('TypeScript sources');
    expect(classifyFile('src/App.tsx', false)).toBe('TypeScript sources');
    expect(classifyFile('yarn.lock', true)).toBe('lockfiles');
    expect(classifyFile('.github/workflows/ci.yml', true)).toBe('tooling config');
    expect(classifyFile('.eslintrc.json', true)).toBe('tooling config');
    expect(classifyFile('tsconfig.json', true)).toBe('tooling config');
    // Needed at run time, or reported by another rule.
    for (const path of [
      'index.js',
      'lib/test-utils.js',
      'lib/testing.js',
      'package.json',
      'data/readme-template.html',
      'dist/index.js.map',
      'lib/contest/index.js',
      'locale/de.json',
    ]) {
      expect(classifyFile(path, true), path).toBeUndefined();
    }
    expect(classifyFile('package-lock.json', false)).toBeUndefined();
    // A package called docs, test or examples is code: only folders inside a package count.
    expect(classifyFile('node_modules/docs/index.js', true, 'node_modules/docs/'.length)).toBeUndefined();
    expect(classifyFile('node_modules/test/lib/index.js', true, 'node_modules/test/'.length)).toBeUndefined();
    expect(classifyFile('node_modules/test/test/index.js', true, 'node_modules/test/'.length)).toBe('tests');
    expect(classifyFile('node_modules/a/docs/guide/x.js', true, 'node_modules/a/'.length)).toBe(
      'documentation',
    );
    expect(classifyFile('tsconfig.json', false)).toBeUndefined();
  });

  it('skips bundles, whose inputs are not files in the package', async () => {
    const model = await measureFixture('junk-files.fail');
    expect(check(rule, { ...model, kind: 'metafile' }, { minBytes: 0 })).toEqual([]);
  });

  it('leaves dev dependencies to dev-dependencies-shipped, so no byte is counted twice', async () => {
    const model = await measureFixture('dev-dependencies-shipped.fail');
    expect(check(rule, model, { minBytes: 0 })).toEqual([]);
  });
});
