import { defineRule } from '@lambda-lint/core';
import picomatch from 'picomatch';
import { z } from 'zod';
import { formatBytes, type BundleModel } from '../model.js';
import type { SizeGroup } from '../size-tree.js';
import { bytes, devPackageKind, listSome, packageName, sizeOption, tier } from './helpers.js';

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

export type JunkCategory =
  | 'documentation'
  | 'tests'
  | 'examples'
  | 'coverage'
  | 'type declarations'
  | 'TypeScript sources'
  | 'lockfiles'
  | 'tooling config';

const DOC_NAME =
  /^(?:readme|changelog|changes|history|contributing|code_of_conduct|upgrading|migrating)(?:\.(?:md|markdown|txt|rst|adoc|html?))?$/i;
/** l, n, c (lowercased): skips the license regex for almost every file. */
const LICENSE_FIRST_LETTERS = new Set([0x6c, 0x6e, 0x63]);
const LICENSE_NAME = /^(?:licen[cs]e|notice|copying)(?:[._-].*)?$/i;
const LOCKFILES = new Set([
  'package-lock.json',
  '.package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'lock.yaml',
  'bun.lockb',
  'bun.lock',
]);
const TOOL_CONFIG =
  /^(?:\.(?:eslintrc|prettierrc|babelrc|mocharc|nycrc|editorconfig|travis\.yml|npmignore|gitattributes|gitignore|eslintignore|prettierignore)|(?:jest|vitest|karma|rollup|webpack|babel)\.config\.[cm]?[jt]s|tsconfig(?:\.[\w-]+)?\.json|\.?[Gg]runtfile\.js|[Gg]ulpfile\.js|Makefile)(?:\..*)?$/;

/** Directory segments that make everything below them junk; global so one scan finds them all from an offset. */
const SPECIAL_DIR =
  /(?:^|\/)(tests?|__tests__|__mocks__|examples?|docs?|coverage|\.nyc_output|\.github|\.vscode|\.idea|\.circleci)(?=\/)/gi;
const DIR_RANK: Record<string, [JunkCategory, number]> = {
  coverage: ['coverage', 5],
  '.nyc_output': ['coverage', 5],
  test: ['tests', 4],
  tests: ['tests', 4],
  __tests__: ['tests', 4],
  __mocks__: ['tests', 4],
  example: ['examples', 3],
  examples: ['examples', 3],
  doc: ['documentation', 2],
  docs: ['documentation', 2],
  '.github': ['tooling config', 1],
  '.vscode': ['tooling config', 1],
  '.idea': ['tooling config', 1],
  '.circleci': ['tooling config', 1],
};
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$/i;
const DECLARATION = /\.d\.[cm]?ts$/i;
/** First letters (lowercased) of the documentation names in DOC_NAME: skips that regex for most files. */
const DOC_FIRST_LETTERS = new Set([0x72, 0x63, 0x68, 0x75, 0x6d]);

/**
 * What kind of junk a file is, 'license', or undefined when it may be needed at run time.
 * `from` is where the path inside its package starts (after `node_modules/<name>/`): runs once
 * per file of packages with 100,000 files, so it avoids allocating substrings.
 */
export function classifyFile(
  path: string,
  insideNodeModules: boolean,
  from = 0,
): JunkCategory | 'license' | undefined {
  const slash = path.lastIndexOf('/');
  const baseStart = slash + 1;
  const dot = path.lastIndexOf('.');
  const ext = dot > slash ? path.slice(dot).toLowerCase() : '';
  if (ext === '.map') return undefined; // sourcemaps-shipped reports source maps; other .map data is not junk either
  const first = path.charCodeAt(baseStart) | 0x20;
  if (LICENSE_FIRST_LETTERS.has(first) && LICENSE_NAME.test(path.slice(baseStart))) return 'license';
  // The most specific directory wins: coverage, then tests, examples, docs, tooling folders.
  let rank = 0;
  let dirCategory: JunkCategory | undefined;
  if (slash > from) {
    SPECIAL_DIR.lastIndex = from > 0 ? from - 1 : 0;
    for (let match = SPECIAL_DIR.exec(path); match && match.index < slash; match = SPECIAL_DIR.exec(path)) {
      const [category, weight] = DIR_RANK[match[1].toLowerCase()]!;
      if (weight > rank) [dirCategory, rank] = [category, weight];
    }
  }
  if (dirCategory && rank >= 2) return dirCategory;
  const script =
    ext === '.js' ||
    ext === '.cjs' ||
    ext === '.mjs' ||
    ext === '.ts' ||
    ext === '.mts' ||
    ext === '.cts' ||
    ext === '.jsx' ||
    ext === '.tsx';
  if (script && TEST_FILE.test(path)) return 'tests';
  if (
    ext === '.md' ||
    ext === '.markdown' ||
    ext === '.mdx' ||
    (DOC_FIRST_LETTERS.has(first) && DOC_NAME.test(path.slice(baseStart)))
  )
    return 'documentation';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts' || ext === '.tsx')
    return DECLARATION.test(path) ? 'type declarations' : 'TypeScript sources';
  if (insideNodeModules && LOCKFILES.has(path.slice(baseStart))) return 'lockfiles';
  if (dirCategory) return dirCategory;
  if (insideNodeModules && TOOL_CONFIG.test(path.slice(baseStart))) return 'tooling config';
  return undefined;
}

interface Tally {
  size: number;
  files: number;
}

function add(map: Map<string, Tally>, key: string, size: number): void {
  const tally = map.get(key) ?? { size: 0, files: 0 };
  tally.size += size;
  tally.files += 1;
  map.set(key, tally);
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

    for (const group of model.tree.groups) {
      // A dev dependency goes away as a whole: dev-dependencies-shipped counts it, not this rule.
      if (group.kind === 'package' && devPackageKind(group.name) !== undefined) continue;
      const inNodeModules = group.kind === 'package';
      const packageStart = inNodeModules && group.path ? group.path.length + 1 : 0;
      for (const file of group.files) {
        const category = classifyFile(file.path, inNodeModules, packageStart);
        if (category === undefined || ignored(file.path)) continue;
        if (category === 'license') {
          licenses.size += file.size;
          licenses.files += 1;
          continue;
        }
        junk += file.size;
        if (!inNodeModules) ownJunk += file.size;
        add(byCategory, category, file.size);
        add(byPackage, groupLabel(group), file.size);
        if (examples.length < 3 && !inNodeModules) examples.push(file.path);
      }
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
      if (ownJunk > 0) {
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
