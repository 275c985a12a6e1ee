import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import type { BundleModel } from '../model.js';
import type { SizeGroup } from '../size-tree.js';
import { bytes, describeGroup, npmPackages, pythonPackages, sizeOption } from '../rule-helpers.js';

const options = z.strictObject({
  minWasted: sizeOption
    .default(16 * 1024)
    .describe("Report a package only when its extra copies take more than this ('16KiB' by default)."),
});

export default defineRule<BundleModel, typeof options>({
  meta: {
    id: 'duplicate-packages',
    description: 'Each npm package is shipped once: no copies at several versions or paths',
    severity: 'warning',
    tool: 'bundle',
    options,
  },
  check(model, context) {
    const byName = new Map<string, SizeGroup[]>();
    for (const group of npmPackages(model.tree.groups)) {
      const copies = byName.get(group.name) ?? [];
      copies.push(group);
      byName.set(group.name, copies);
    }
    // Python distributions: the same one installed into several site roots (the package top and a `python/` folder).
    for (const group of pythonPackages(model.tree.groups)) {
      const key = `python:${group.name.toLowerCase().replace(/[-_.]+/g, '-')}`;
      const copies = byName.get(key) ?? [];
      copies.push(group);
      byName.set(key, copies);
    }
    const duplicates = [...byName.entries()]
      .filter(([, copies]) => copies.length > 1)
      .map(([name, copies]) => {
        // Largest first; the largest copy is the one kept, so "wasted" is a lower bound of the saving.
        const sorted = [...copies].sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
        const wasted = sorted.slice(1).reduce((sum, g) => sum + g.size, 0);
        return { name, copies: sorted, wasted };
      })
      .filter((d) => d.wasted > context.options.minWasted)
      .sort((a, b) => b.wasted - a.wasted || a.name.localeCompare(b.name));

    for (const { name: key, copies, wasted } of duplicates) {
      const name = copies[0]!.name;
      const python = key.startsWith('python:');
      const versions = new Set(copies.map((g) => g.version ?? '?'));
      const sameVersion = versions.size === 1 && !versions.has('?');
      context.report({
        at: model.location,
        subject: model.subject,
        message:
          `${model.source}: ${name} is shipped ${copies.length} times${sameVersion ? ` at the same version ${copies[0].version}` : ''}: ` +
          `${copies.map(describeGroup).join('; ')}. ` +
          `The extra copies (all but the largest) waste ${bytes(wasted)} that every cold start downloads and unpacks.`,
        help: python
          ? `Install ${name} once: Lambda puts the package top and each layer's python/ folder on sys.path, so keep it in one of them (the function package or a layer, not both) and rebuild with one \`pip install -t\`.`
          : sameVersion
            ? 'Deduplicate: `npm dedupe` (or delete the lockfile and reinstall), and make sure the packaging step does not copy node_modules twice (symlinked pnpm folders: use `pnpm deploy`).'
            : `Align the version ranges so one version of ${name} satisfies every dependent (upgrade the packages that pin the old one, or use \`overrides\` in package.json / \`pnpm.overrides\` / yarn \`resolutions\`), then run \`npm dedupe\`; bundling with esbuild also keeps only the code you import.`,
      });
    }
  },
});
