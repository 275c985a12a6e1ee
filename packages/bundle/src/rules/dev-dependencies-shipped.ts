import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { formatBytes, type BundleModel } from '../model.js';
import { bytes, groupDevPackageKind, listSome, packageName, sumSizes } from '../rule-helpers.js';

const options = z.strictObject({
  allow: z
    .array(z.string())
    .default([])
    .describe(
      'Package names that are needed at run time in this project (e.g. `typescript` for a function that compiles code).',
    ),
});

export default defineRule<BundleModel, typeof options>({
  meta: {
    id: 'dev-dependencies-shipped',
    description:
      'Build, test, lint and deploy tools (typescript, @types/*, eslint, jest, esbuild, aws-cdk…) are not shipped',
    severity: 'warning',
    tool: 'bundle',
    options,
  },
  check(model, context) {
    const allowed = new Set(context.options.allow);
    const shipped = model.tree.groups
      .filter((group) => group.kind === 'package')
      .map((group) => ({ group, kind: groupDevPackageKind(group) }))
      .filter(
        (entry): entry is { group: (typeof entry)['group']; kind: string } =>
          entry.kind !== undefined && !allowed.has(entry.group.name),
      )
      .sort((a, b) => b.group.size - a.group.size || a.group.path.localeCompare(b.group.path));
    if (shipped.length === 0) return;
    const total = sumSizes(shipped.map((s) => s.group));
    const list = shipped.map(
      ({ group, kind }) => `${packageName(group)} (${kind}, ${formatBytes(group.size)}, ${group.path})`,
    );
    const bundled = model.kind === 'build' || model.kind === 'metafile';
    context.report({
      at: model.location,
      subject: model.subject,
      message:
        `${model.source}: ${shipped.length} development-only package${shipped.length === 1 ? '' : 's'} ${bundled ? 'bundled' : 'shipped'}, ${bytes(total)}: ` +
        `${listSome(list, 8)}. They never run in Lambda, but every cold start downloads and unpacks them.`,
      help: shipped.every(({ group }) => group.ecosystem === 'python')
        ? 'Keep test and lint tools in requirements-dev.txt and package with `pip install -r requirements.txt -t package/` (runtime dependencies only); with Poetry or uv, export without the dev group. ' +
          'If one is really needed at run time, add it to `allow`.'
        : bundled
          ? 'Your handler imports them: move that import out of run-time code (type-only imports: `import type`), or mark the package external in esbuild.'
          : 'List them under devDependencies and package with `npm ci --omit=dev` (or `npm prune --omit=dev`, `pnpm deploy --prod`), or bundle with esbuild so only imported code ships. ' +
            'If one is really needed at run time, add it to `allow`.',
    });
  },
});
