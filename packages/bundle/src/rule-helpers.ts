import { compareSeverity, type Severity } from '@lambda-lint/core';
import * as z from 'zod';
import { classifyPath, FileKind } from './file-index.js';
import { formatBytes } from './model.js';
import type { SizeGroup } from './size-tree.js';

/** `10485760` → `10,485,760`; without Intl, whose first use costs tens of milliseconds at start-up. */
export function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1572864` → `1.5 MiB (1,572,864 bytes)`: binary units for reading, the exact count for checking; `223 bytes` under 1 KiB. */
export function bytes(count: number): string {
  const exact = `${thousands(count)} byte${count === 1 ? '' : 's'}`;
  return Math.abs(count) < 1024 ? exact : `${formatBytes(count)} (${exact})`;
}

/**
 * The severity of one tier of a rule's findings. The configured severity is the ceiling:
 * a rule set to `warning` never emits errors, a rule left at its default keeps its tiers.
 */
export function tier(configured: Severity, wanted: Severity): Severity {
  return compareSeverity(wanted, configured) > 0 ? configured : wanted;
}

/** `lodash@4.17.21` or `lodash` when the version could not be read. */
export function packageName(group: SizeGroup): string {
  return group.version ? `${group.name}@${group.version}` : group.name;
}

/** `lodash@4.17.21 at node_modules/lodash (1.4 MiB)`. */
export function describeGroup(group: SizeGroup): string {
  return `${packageName(group)} at ${group.path} (${formatBytes(group.size)})`;
}

/** Lists the first `limit` items and says how many more there are. */
export function listSome(items: readonly string[], limit: number): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

export function sumSizes(items: readonly { size: number }[]): number {
  let total = 0;
  for (const item of items) total += item.size;
  return total;
}

/** Package groups of the tree: `node_modules` metadata and dot-folders (`.bin`, `.pnpm`) are not npm packages. */
export function npmPackages(groups: readonly SizeGroup[]): SizeGroup[] {
  return groups.filter(
    (g) =>
      g.kind === 'package' &&
      g.ecosystem === undefined &&
      g.name !== 'node_modules' &&
      !g.name.startsWith('.'),
  );
}

/** Python distributions installed into the package or layer (`pip install -t`). */
export function pythonPackages(groups: readonly SizeGroup[]): SizeGroup[] {
  return groups.filter((g) => g.ecosystem === 'python');
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
};

/** `'10MiB'` → 10485760; `'512 KiB'`, `'1.5 MiB'`, `'50MB'` (decimal), or a plain byte count. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = SIZE_UNITS[(match[2] ?? 'b').toLowerCase()];
  if (unit === undefined) return undefined;
  return Math.round(Number(match[1]) * unit);
}

/** A size option: a byte count, or a string with a unit (`'10MiB'`, `'512KiB'`; KB/MB/GB are decimal). */
export const sizeOption = z.union([
  z.number().int().nonnegative(),
  z.string().transform((text, context) => {
    const size = parseSize(text);
    if (size === undefined) {
      context.addIssue({
        code: 'custom',
        message: `"${text}" is not a size: write bytes (10485760) or a number with B, KiB, MiB, GiB, KB, MB or GB ('10MiB')`,
      });
      return z.NEVER;
    }
    return size;
  }),
]);

/** Node.js major version of a Lambda runtime id (`nodejs20.x` → 20), undefined for other runtimes. */
export function nodeRuntimeMajor(runtime: string | undefined): number | undefined {
  const match = runtime ? /^nodejs(\d+)\.x$/.exec(runtime) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * Whether the runtime provides AWS SDK for JavaScript v3: nodejs18.x and later do. An unknown
 * runtime counts as yes, because every Node.js runtime Lambda still supports does.
 */
export function runtimeShipsSdkV3(runtime: string | undefined): boolean {
  if (runtime === undefined) return true;
  const major = nodeRuntimeMajor(runtime);
  return major !== undefined && major >= 18;
}

/** AWS SDK for JavaScript v3 packages that the Node.js 18+ runtimes already contain. */
export function isSdkV3Package(name: string): boolean {
  return name.startsWith('@aws-sdk/') || name.startsWith('@smithy/');
}

/**
 * Packages used only to build, test, lint or deploy: never needed at run time. Exact names,
 * plus prefixes (`@types/`) whose every package is such a tool. Deliberately left out because
 * they can be real run-time dependencies: `@babel/runtime`, `@babel/parser`, `@babel/types`,
 * `tslib`, `serverless-http`, `rimraf`, `puppeteer`, `playwright-core`.
 */
export const DEV_PACKAGE_CATALOG: readonly {
  kind: string;
  names: readonly string[];
  prefixes: readonly string[];
}[] = [
  {
    kind: 'TypeScript tooling',
    names: ['typescript', 'ts-node', 'tsx', 'ts-jest', 'ts-loader', 'tsup', 'typedoc'],
    prefixes: ['@types/'],
  },
  {
    kind: 'linter/formatter',
    names: ['eslint', 'prettier', 'tslint', 'husky', 'lint-staged'],
    prefixes: ['@eslint/', '@typescript-eslint/', 'eslint-plugin-', 'eslint-config-'],
  },
  {
    kind: 'test tool',
    names: [
      'jest',
      'vitest',
      'mocha',
      'chai',
      'sinon',
      'nyc',
      'c8',
      'ava',
      'supertest',
      'nock',
      'aws-sdk-client-mock',
      'aws-sdk-mock',
    ],
    prefixes: ['@jest/', 'jest-', '@vitest/'],
  },
  {
    kind: 'build tool',
    names: [
      'esbuild',
      'webpack',
      'webpack-cli',
      'rollup',
      'vite',
      'parcel',
      'terser',
      'babel-loader',
      'nodemon',
      '@babel/core',
      '@babel/cli',
      '@babel/register',
      '@babel/node',
    ],
    prefixes: ['@esbuild/', '@rollup/', '@swc/', '@babel/preset-', '@babel/plugin-'],
  },
  {
    kind: 'deployment tool',
    names: [
      'aws-cdk',
      'aws-cdk-lib',
      'cdk-assets',
      'serverless',
      'serverless-offline',
      'serverless-esbuild',
      'serverless-webpack',
      'serverless-plugin-typescript',
      'serverless-dotenv-plugin',
      'serverless-iam-roles-per-function',
      'serverless-prune-plugin',
      'serverless-domain-manager',
    ],
    prefixes: ['@aws-cdk/', 'serverless-plugin-'],
  },
];

/** The catalog by exact name (a package's first match wins, as in catalog order), and its prefixes in order. */
const DEV_NAMES = new Map<string, string>();
const DEV_PREFIXES: [prefix: string, kind: string][] = [];
for (const entry of DEV_PACKAGE_CATALOG) {
  for (const name of entry.names) if (!DEV_NAMES.has(name)) DEV_NAMES.set(name, entry.kind);
  for (const prefix of entry.prefixes) DEV_PREFIXES.push([prefix, entry.kind]);
}

/** Python distributions used only to test, lint, type-check or deploy (PEP 503 names); never imported by a handler. */
const PYTHON_DEV_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  'test tool': [
    'pytest',
    'pluggy',
    'iniconfig',
    'moto',
    'responses',
    'freezegun',
    'hypothesis',
    'coverage',
    'tox',
    'nox',
    'localstack',
  ],
  'linter/formatter': [
    'black',
    'flake8',
    'pylint',
    'ruff',
    'isort',
    'pyflakes',
    'pycodestyle',
    'bandit',
    'pre-commit',
  ],
  'type checker': [
    'mypy',
    'mypy-extensions',
    'boto3-stubs',
    'botocore-stubs',
    'types-awscrt',
    'types-s3transfer',
    'pyright',
  ],
  'deployment tool': ['aws-sam-cli', 'awscli', 'aws-cdk-lib', 'pip', 'wheel', 'ipython'],
};
const PYTHON_DEV_NAMES = new Map(
  Object.entries(PYTHON_DEV_PACKAGES).flatMap(([kind, names]) => names.map((name) => [name, kind] as const)),
);

/** What kind of development-only Python distribution `name` is (`pytest-cov`, `mypy-boto3-s3`, `types-requests` too). */
export function pythonDevPackageKind(name: string): string | undefined {
  const normalized = name.toLowerCase().replace(/[-_.]+/g, '-');
  const exact = PYTHON_DEV_NAMES.get(normalized);
  if (exact !== undefined) return exact;
  if (normalized.startsWith('pytest-')) return 'test tool';
  if (normalized.startsWith('mypy-boto3-') || normalized.startsWith('types-')) return 'type checker';
  if (normalized.startsWith('flake8-')) return 'linter/formatter';
  return undefined;
}

/** The development-only kind of a package group, npm or Python. */
export function groupDevPackageKind(group: SizeGroup): string | undefined {
  return group.ecosystem === 'python' ? pythonDevPackageKind(group.name) : devPackageKind(group.name);
}

/** What kind of development-only package `name` is, or undefined when it may be needed at run time. */
export function devPackageKind(name: string): string | undefined {
  const exact = DEV_NAMES.get(name);
  if (exact !== undefined) return exact;
  for (const [prefix, kind] of DEV_PREFIXES) if (name.startsWith(prefix)) return kind;
  return undefined;
}

/** Source-map files: `.js.map`, `.mjs.map`, `.cjs.map`, `.css.map` and the TypeScript variants (the per-tree index decides the same). */
export function isSourceMapFile(path: string): boolean {
  return classifyPath(path, false) === FileKind.SourceMap;
}

/** `fixtures/x/node_modules/a/b.js` relative to its package directory (`b.js`). */
export function pathInPackage(group: SizeGroup, filePath: string): string {
  return group.path && filePath.startsWith(`${group.path}/`)
    ? filePath.slice(group.path.length + 1)
    : filePath;
}
