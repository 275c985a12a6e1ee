import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/duplicate-packages.js';
import type { BundleModel } from '../../src/model.js';
import { attribute } from '../../src/attribute.js';
import { check, measureFixture, summary } from './helpers.js';

const FILE = 'fixtures/rules/duplicate-packages.fail';

describe('duplicate-packages', () => {
  it('stays quiet when every package name appears once (lodash and lodash.get are different packages)', async () => {
    expect(check(rule, await measureFixture('duplicate-packages.pass'), { minWasted: 0 })).toEqual([]);
  });

  it('reports each package shipped several times, with every copy and the bytes the extra copies waste', async () => {
    expect(
      check(rule, await measureFixture('duplicate-packages.fail'), { minWasted: 0 }).map(summary),
    ).toEqual([
      {
        severity: 'warning',
        message:
          `${FILE}: lodash is shipped 2 times: lodash@4.17.15 at node_modules/legacy-client/node_modules/lodash (1.1 KiB); lodash@4.17.21 at node_modules/lodash (1.1 KiB). ` +
          'The extra copies (all but the largest) waste 1.1 KiB (1,098 bytes) that every cold start downloads and unpacks.',
        help:
          'Align the version ranges so one version of lodash satisfies every dependent (upgrade the packages that pin the old one, or use `overrides` in package.json / `pnpm.overrides` / yarn `resolutions`), ' +
          'then run `npm dedupe`; bundling with esbuild also keeps only the code you import.',
        file: FILE,
        line: 1,
      },
      {
        severity: 'warning',
        message:
          `${FILE}: ms is shipped 2 times at the same version 2.1.3: ms@2.1.3 at node_modules/debug/node_modules/ms (385 B); ms@2.1.3 at node_modules/ms (385 B). ` +
          'The extra copies (all but the largest) waste 385 bytes that every cold start downloads and unpacks.',
        help: 'Deduplicate: `npm dedupe` (or delete the lockfile and reinstall), and make sure the packaging step does not copy node_modules twice (symlinked pnpm folders: use `pnpm deploy`).',
        file: FILE,
        line: 1,
      },
    ]);
  });

  it('ignores duplicates that waste no more than minWasted (16 KiB by default)', async () => {
    const model = await measureFixture('duplicate-packages.fail');
    expect(check(rule, model)).toEqual([]);
    expect(check(rule, model, { minWasted: 385 }).map((f) => f.message.split(' is shipped')[0])).toEqual([
      `${FILE}: lodash`,
    ]);
  });

  it('counts every copy but the largest, across npm and pnpm layouts, and not node_modules metadata', () => {
    const files = [
      { path: 'node_modules/.pnpm/uuid@9.0.1/node_modules/uuid/dist/index.js', size: 30_000 },
      { path: 'node_modules/.pnpm/uuid@8.3.2/node_modules/uuid/dist/index.js', size: 20_000 },
      { path: 'node_modules/uuid/dist/index.js', size: 30_000 },
      { path: 'node_modules/.bin/uuid', size: 100 },
      { path: 'node_modules/a/node_modules/.bin/uuid', size: 100 },
      { path: 'node_modules/.package-lock.json', size: 5_000 },
      { path: 'node_modules/a/node_modules/.package-lock.json', size: 5_000 },
    ];
    const model: BundleModel = {
      subject: { kind: 'package', id: 'fn.zip' },
      location: { file: 'fn.zip', range: { line: 1, column: 1 } },
      kind: 'zip',
      source: 'fn.zip',
      tree: attribute(files, { name: 'fn.zip' }),
      layers: [],
      problems: [],
    };
    const findings = check(rule, model, { minWasted: 0 });
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('uuid is shipped 3 times');
    expect(findings[0].message).toContain('waste 48.8 KiB (50,000 bytes)');
  });
});
