import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import picomatch from 'picomatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverTemplates } from '../src/discover.js';

describe('discoverTemplates', () => {
  let root: string;
  const touch = (relative: string, content = 'Resources: {}\n') => {
    const path = join(root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lambda-lint-discover-'));
    for (const file of [
      'template.yaml',
      'services/orders/template.yml',
      'services/orders/serverless.yml',
      'services/billing/serverless.yaml',
      'services/billing/serverless.json',
      'stacks/network.template.yaml',
      'stacks/db.template.json',
      'stacks/Template.JSON',
      'cdk/cdk.out/AppStack.template.json',
      'cdk/cdk.out/AppStack.assets.json',
      'cdk/cdk.out/manifest.json',
      'cdk/cdk.out/asset.1234abcd/template.yaml',
      'cdk/cdk.out/assembly-Prod/ProdApp.template.json',
      // Never scanned: dependencies, build output, VCS data, other names.
      'node_modules/pkg/template.yaml',
      'services/orders/node_modules/x/serverless.yml',
      '.aws-sam/build/template.yaml',
      '.serverless/cloudformation-template-update-stack.json',
      '.serverless/serverless.yml',
      '.git/template.yaml',
      'samconfig.toml',
      'services/orders/config.yaml',
      'generated/template.yaml',
    ]) {
      touch(file);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const never = () => false;

  it('finds the usual template names, skips dependency/build folders and cdk.out assets, in sorted order', async () => {
    const { files, errors } = await discoverTemplates(['.'], root, (p) => p.startsWith('generated/'));
    expect(errors).toEqual([]);
    expect(files.map((f) => f.display)).toEqual([
      'cdk/cdk.out/AppStack.template.json',
      'cdk/cdk.out/assembly-Prod/ProdApp.template.json',
      'services/billing/serverless.json',
      'services/billing/serverless.yaml',
      'services/orders/serverless.yml',
      'services/orders/template.yml',
      'stacks/Template.JSON',
      'stacks/db.template.json',
      'stacks/network.template.yaml',
      'template.yaml',
    ]);
    expect(files[0]).toEqual({
      absolute: join(root, 'cdk/cdk.out/AppStack.template.json'),
      display: 'cdk/cdk.out/AppStack.template.json',
      explicit: false,
    });
  });

  it('honours ignore globs on files and directories', async () => {
    const isIgnored = picomatch(['services/**', 'stacks/*.json']);
    const { files } = await discoverTemplates(['.'], root, isIgnored);
    expect(files.map((f) => f.display)).toEqual([
      'cdk/cdk.out/AppStack.template.json',
      'cdk/cdk.out/assembly-Prod/ProdApp.template.json',
      'generated/template.yaml',
      'stacks/Template.JSON',
      'stacks/network.template.yaml',
      'template.yaml',
    ]); // globs are case-sensitive
  });

  it('takes a named file as is, whatever its name, keeps argument order and drops duplicates', async () => {
    const { files } = await discoverTemplates(
      ['services/orders/config.yaml', 'stacks', 'stacks/db.template.json'],
      root,
      never,
    );
    expect(files.map((f) => [f.display, f.explicit])).toEqual([
      ['services/orders/config.yaml', true],
      ['stacks/Template.JSON', false],
      ['stacks/db.template.json', false],
      ['stacks/network.template.yaml', false],
    ]);
  });

  it('walks a directory named explicitly even inside a skipped folder name', async () => {
    const { files } = await discoverTemplates(['.aws-sam/build'], root, never);
    expect(files.map((f) => f.display)).toEqual(['.aws-sam/build/template.yaml']);
  });

  it('reports a missing path as a fatal parse-error and still returns the rest', async () => {
    const { files, errors } = await discoverTemplates(['nope', 'stacks/db.template.json'], root, never);
    expect(files.map((f) => f.display)).toEqual(['stacks/db.template.json']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      ruleId: 'parse-error',
      severity: 'error',
      fatal: true,
      file: 'nope',
      message: 'nope does not exist.',
      range: { line: 1, column: 1 },
    });
  });

  it('follows symlinks once and ends on symlink loops', async () => {
    const loopRoot = mkdtempSync(join(tmpdir(), 'lambda-lint-loop-'));
    try {
      mkdirSync(join(loopRoot, 'a/b'), { recursive: true });
      writeFileSync(join(loopRoot, 'a/b/template.yaml'), 'Resources: {}\n');
      symlinkSync(join(loopRoot, 'a'), join(loopRoot, 'a/b/back-to-a'), 'dir');
      symlinkSync(join(loopRoot, 'a/b'), join(loopRoot, 'linked'), 'dir');
      symlinkSync(join(loopRoot, 'missing'), join(loopRoot, 'dangling.template.json'));
      const { files, errors } = await discoverTemplates(['.'], loopRoot, never);
      expect(errors).toEqual([]);
      // Each real directory is walked once: via a/b or via the link, whichever comes first.
      expect(files).toHaveLength(1);
      expect(files[0].display).toMatch(/^(a\/b|linked)\/template\.yaml$/);
    } finally {
      rmSync(loopRoot, { recursive: true, force: true });
    }
  });
});
