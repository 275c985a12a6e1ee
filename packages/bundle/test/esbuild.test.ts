import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDefaults } from '../src/sources/build.js';
import { measureBuild, measureMetafileFile } from '../src/sources/measure.js';
import { ESBUILD_RUNTIME } from '../src/sources/metafile.js';
import type { SizeTree } from '../src/size-tree.js';

let project: string;
const treeSum = (tree: SizeTree) =>
  tree.groups.reduce((sum, g) => sum + g.files.reduce((s, f) => s + f.size, 0), 0);

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'lambda-lint-esbuild-'));
  const files: Record<string, string> = {
    'package.json': '{"name":"app","version":"1.0.0"}',
    'src/handler.ts': [
      "import { chunk } from 'tiny-lodash';",
      "import { S3Client } from '@aws-sdk/client-s3';",
      "import { v4 } from '@scope/ids';",
      'const s3 = new S3Client({});',
      'export const handler = async (event: { items: number[] }) => ({ parts: chunk(event.items, 2), id: v4(), s3: typeof s3 });',
    ].join('\n'),
    'src/broken.ts': "import { nothing } from 'not-installed';\nexport const handler = () => nothing;\n",
    'node_modules/tiny-lodash/package.json': '{"name":"tiny-lodash","version":"4.17.21","main":"index.js"}',
    'node_modules/tiny-lodash/index.js': `exports.chunk = function chunk(list, size) { const out = []; for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size)); return out; };\n${'exports.pad' + ' = "'.concat('p'.repeat(4000), '";\n')}`,
    'node_modules/@scope/ids/package.json': '{"name":"@scope/ids","version":"2.0.0","main":"index.js"}',
    'node_modules/@scope/ids/index.js': 'exports.v4 = () => "id-" + Math.random().toString(36).slice(2);\n',
    'node_modules/@aws-sdk/client-s3/package.json':
      '{"name":"@aws-sdk/client-s3","version":"3.600.0","main":"index.js"}',
    'node_modules/@aws-sdk/client-s3/index.js': `exports.S3Client = class S3Client {};\nexports.big = "${'s'.repeat(20_000)}";\n`,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(project, path, '..'), { recursive: true });
    writeFileSync(join(project, path), content);
  }
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('esbuild metafiles', () => {
  it('attributes bytesInOutput to packages and the rest to (esbuild runtime): the tree sums to the output size', async () => {
    const result = await esbuild.build({
      entryPoints: [join(project, 'src/handler.ts')],
      absWorkingDir: project,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: join(project, 'dist/handler.js'),
      metafile: true,
      write: true,
      logLevel: 'silent',
    });
    writeFileSync(join(project, 'dist/handler.metafile.json'), JSON.stringify(result.metafile));
    const model = measureMetafileFile(
      join(project, 'dist/handler.metafile.json'),
      'dist/handler.metafile.json',
    );
    const outputBytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
    expect(model.tree.total).toBe(outputBytes);
    expect(treeSum(model.tree)).toBe(outputBytes);
    expect(model.problems).toEqual([]);
    expect(model.outputs).toEqual([{ path: 'dist/handler.js', bytes: outputBytes }]);
    const names = model.tree.groups.map((g) => g.name);
    expect(names).toEqual(['own', '@aws-sdk/client-s3', 'tiny-lodash', '@scope/ids']);
    // Input paths are relative to the project, not to dist/: versions are found from the nearest ancestor.
    expect(model.tree.groups.map((g) => g.version)).toEqual([undefined, '3.600.0', '4.17.21', '2.0.0']);
    const own = model.tree.groups[0]!;
    expect(own.files.map((f) => f.path).sort()).toEqual([ESBUILD_RUNTIME, 'src/handler.ts']);
  });

  it('reports a metafile that is not JSON as fatal', () => {
    writeFileSync(join(project, 'bad.metafile.json'), '{ "outputs": ');
    const model = measureMetafileFile(join(project, 'bad.metafile.json'), 'bad.metafile.json');
    expect(model.problems).toEqual([expect.objectContaining({ kind: 'unreadable-input', fatal: true })]);
    expect(model.tree.total).toBe(0);
  });
});

describe('build mode', () => {
  it('bundles like SAM/CDK: @aws-sdk/* external for nodejs20.x, minified, versions from package.json', async () => {
    const model = await measureBuild(
      { entry: join(project, 'src/handler.ts'), workingDir: project, runtime: 'nodejs20.x' },
      'src/handler.ts',
    );
    expect(model.kind).toBe('build');
    expect(model.problems).toEqual([]);
    expect(model.build).toEqual({
      entry: 'src/handler.ts',
      format: 'cjs',
      target: 'node20',
      external: ['@aws-sdk/*'],
      minify: true,
    });
    expect(model.outputs).toHaveLength(1);
    expect(model.outputs![0]!.path).toBe('handler.js');
    expect(model.tree.total).toBe(model.outputs![0]!.bytes);
    expect(treeSum(model.tree)).toBe(model.tree.total);
    const groups = Object.fromEntries(model.tree.groups.map((g) => [g.name, g]));
    expect(groups['@aws-sdk/client-s3']).toBeUndefined();
    expect(groups['tiny-lodash']!.version).toBe('4.17.21');
    expect(groups['@scope/ids']!.version).toBe('2.0.0');
    expect(model.readTail?.('handler.js', 20)).toMatch(/.{1,20}/);
  });

  it('bundles the SDK when told nothing is external, and writes ESM as .mjs', async () => {
    const model = await measureBuild(
      {
        entry: join(project, 'src/handler.ts'),
        workingDir: project,
        runtime: 'nodejs22.x',
        external: [],
        format: 'esm',
      },
      'src/handler.ts',
    );
    expect(model.outputs![0]!.path).toBe('handler.mjs');
    expect(model.build?.target).toBe('node22');
    const sdk = model.tree.groups.find((g) => g.name === '@aws-sdk/client-s3');
    expect(sdk?.size).toBeGreaterThan(20_000);
    expect(model.tree.total).toBe(model.outputs![0]!.bytes);
  });

  it('maps runtimes to targets and SDK externals', () => {
    expect(buildDefaults('nodejs24.x')).toEqual({ target: 'node24', external: ['@aws-sdk/*'] });
    expect(buildDefaults('nodejs18.x')).toEqual({ target: 'node18', external: ['@aws-sdk/*'] });
    expect(buildDefaults('nodejs16.x')).toEqual({ target: 'node16', external: ['aws-sdk'] });
  });

  it('turns a build error into a fatal problem naming the file and line', async () => {
    const model = await measureBuild(
      { entry: join(project, 'src/broken.ts'), workingDir: project },
      'src/broken.ts',
    );
    expect(model.problems).toEqual([
      expect.objectContaining({
        kind: 'unreadable-input',
        fatal: true,
        detail: expect.stringMatching(
          /^esbuild could not bundle the handler: src\/broken\.ts:1:\d+: Could not resolve "not-installed"/,
        ),
      }),
    ]);
  });
});
