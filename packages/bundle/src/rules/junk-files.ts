import { defineRule } from '@lambda-lint/core';
import picomatch from 'picomatch';
import * as z from 'zod';
import { formatBytes, type BundleModel } from '../model.js';
import {
  classifyPath,
  fileIndex,
  FileKind,
  junkCategory,
  LAST_FILE_KIND,
  type JunkCategory,
} from '../file-index.js';
import type { SizeGroup } from '../size-tree.js';
import { bytes, groupDevPackageKind, listSome, packageName, sizeOption, tier } from '../rule-helpers.js';

const options = z.strictObject({
  minBytes: sizeOption
    .default(100 * 1024)
    .describe("Report only when the junk adds up to more than this ('100KiB' by default)."),
  ignore: z
    .array(z.string())
    .default([])
    .describe(
      'Globs of package paths never reported (files your code reads at run time), e.g. `templates/**/*.md`.',
    ),
  licenses: z
    .boolean()
    .default(false)
    .describe(
      'Also report the size of license files as a separate info finding (never as something to delete).',
    ),
});

export type { JunkCategory } from '../file-index.js';

/**
 * What kind of junk a file is, 'license', or undefined when it may be needed at run time.
 * `from` is where the path inside its package starts (after `node_modules/<name>/`).
 */
export function classifyFile(
  path: string,
  insideNodeModules: boolean,
  from = 0,
): JunkCategory | 'license' | undefined {
  const kind = classifyPath(path, insideNodeModules, from);
  return kind === FileKind.License ? 'license' : junkCategory(kind);
}

interface Tally {
  size: number;
  files: number;
}

function byteOrder(a: [string, Tally], b: [string, Tally]): number {
  return b[1].size - a[1].size || a[0].localeCompare(b[0]);
}

export default defineRule<BundleModel, typeof options>({
  meta: {
    id: 'junk-files',
    description:
      'No documentation, tests, examples, TypeScript sources or declarations, coverage or lockfiles in the deployment package',
    severity: 'warning',
    tool: 'bundle',
    options,
  },
  check(model, context) {
    // Bundles only contain code esbuild reached; their inputs are not files in the package.
    if (model.kind !== 'zip' && model.kind !== 'directory') return;
    const ignored =
      context.options.ignore.length > 0 ? picomatch(context.options.ignore, { dot: true }) : () => false;
    const byCategory = new Map<string, Tally>();
    const byPackage = new Map<string, Tally>();
    const licenses: Tally = { size: 0, files: 0 };
    const examples: string[] = [];
    let junk = 0;
    let ownJunk = 0;

    // Files are classified once per tree (shared with sourcemaps-shipped and package-size-budget); totals are kept per kind and per group.
    const { kinds, notCode } = fileIndex(model.tree);
    const categorySizes = new Float64Array(LAST_FILE_KIND + 1);
    const categoryFiles = new Uint32Array(LAST_FILE_KIND + 1);
    const groups = model.tree.groups;
    for (let g = 0; g < groups.length; g++) {
      // Nothing but code (most packages): no junk and no licenses to count.
      if (notCode[g] === 0) continue;
      const group = groups[g]!;
      // A dev dependency goes away as a whole: dev-dependencies-shipped counts it, not this rule.
      if (group.kind === 'package' && groupDevPackageKind(group) !== undefined) continue;
      const inNodeModules = group.kind === 'package';
      const groupKinds = kinds[g]!;
      const files = group.files;
      let groupJunk = 0;
      let groupJunkFiles = 0;
      for (let f = 0; f < files.length; f++) {
        const kind = groupKinds[f]!;
        if (kind < FileKind.Documentation && kind !== FileKind.License) continue;
        const file = files[f]!;
        if (ignored(file.path)) continue;
        if (kind === FileKind.License) {
          licenses.size += file.size;
          licenses.files += 1;
          continue;
        }
        categorySizes[kind] += file.size;
        categoryFiles[kind] += 1;
        groupJunk += file.size;
        groupJunkFiles += 1;
        if (examples.length < 3 && !inNodeModules) examples.push(file.path);
      }
      if (groupJunkFiles === 0) continue;
      junk += groupJunk;
      if (!inNodeModules) ownJunk += groupJunk;
      const label = groupLabel(group);
      const tally = byPackage.get(label) ?? { size: 0, files: 0 };
      tally.size += groupJunk;
      tally.files += groupJunkFiles;
      byPackage.set(label, tally);
    }
    for (let kind = FileKind.Documentation; kind <= LAST_FILE_KIND; kind++) {
      if (categoryFiles[kind]! > 0)
        byCategory.set(junkCategory(kind as FileKind)!, {
          size: categorySizes[kind]!,
          files: categoryFiles[kind]!,
        });
    }

    if (junk > context.options.minBytes) {
      const categories = [...byCategory]
        .sort(byteOrder)
        .map(([name, t]) => `${name} ${formatBytes(t.size)} in ${t.files} file${t.files === 1 ? '' : 's'}`);
      const packages = [...byPackage].sort(byteOrder).map(([name, t]) => `${name} ${formatBytes(t.size)}`);
      const help: string[] = [];
      if (junk > ownJunk) {
        help.push(
          "For node_modules: bundle with esbuild so only imported code ships, or exclude the files when packaging (Serverless `package.patterns: ['!node_modules/**/*.md', '!node_modules/**/test/**']`, " +
            "CDK `Code.fromAsset(dir, { exclude: ['**/*.md', '**/*.d.ts'] })`, `zip -x`); `.npmignore`/`files` fix it at the source if you publish the dependency",
        );
      }
      if (groups.some((g) => g.ecosystem === 'python')) {
        help.push(
          'For Python packages: install with `pip install --no-compile -r requirements.txt -t package/` and drop `tests/`, `__pycache__/` and `*.dist-info/RECORD` before zipping (`zip -r … -x "*/__pycache__/*" "*/tests/*"`); ' +
            '`__pycache__` compiled for the runtime’s exact Python version (`cpython-312` on python3.12) saves compile time at cold start: keep those with `ignore: ["**/__pycache__/**"]`',
        );
      }
      if (ownJunk > 0 && model.sourceFolder) {
        help.push(
          `For your own code (${listSome(examples, 3)}): \`${model.sourceFolder.builder}\` copies everything in CodeUri except caches and virtualenvs (\`__pycache__\`, \`*.pyc\`, \`.venv\`), ` +
            'so keep tests and documentation beside the CodeUri folder (tests/ next to src/), not inside it',
        );
      } else if (ownJunk > 0) {
        help.push(
          `For your own code (${listSome(examples, 3)}): deploy only the build output (point CodeUri / the asset at dist/), keep tests and .ts sources out of it, and use \`files\` in package.json or an exclude pattern`,
        );
      }
      help.push('Keep license files; add files your code reads at run time to `ignore`');
      context.report({
        at: model.location,
        subject: model.subject,
        message:
          `${model.source}: ships ${bytes(junk)} of files Lambda never runs: ${categories.join(', ')}. ` +
          `Most from: ${listSome(packages, 5)}. They only make the package every cold start downloads bigger.` +
          (licenses.files > 0
            ? ` License files (${bytes(licenses.size)} in ${licenses.files} file${licenses.files === 1 ? '' : 's'}) are not counted: keep them.`
            : ''),
        help: `${help.join('. ')}.`,
      });
    }

    if (context.options.licenses && licenses.files > 0) {
      context.report({
        at: model.location,
        subject: model.subject,
        severity: tier(context.severity, 'info'),
        message:
          `${model.source}: ${licenses.files} license file${licenses.files === 1 ? '' : 's'} (LICENSE, NOTICE, COPYING) take ${bytes(licenses.size)}. ` +
          'They are not junk: most open-source licenses require shipping them with the code.',
        help: 'Keep them: this note only shows what they cost. Set `licenses: false` to hide it.',
      });
    }
  },
});

function groupLabel(group: SizeGroup): string {
  return group.kind === 'own' ? 'own code' : packageName(group);
}
