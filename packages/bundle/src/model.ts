import type { Location, Subject } from '@lambda-lint/core';
import type { RequirementsFile } from './requirements.js';
import type { SizeTree } from './size-tree.js';

/** How the package was measured. */
export type PackageKind =
  /** A deployment zip: sizes from its central directory, never inflated. */
  | 'zip'
  /** A directory on disk (`.aws-sam/build/Fn`, `cdk.out/asset.x`, `dist/`). */
  | 'directory'
  /** An esbuild metafile: `bytesInOutput` of every input. */
  | 'metafile'
  /** An esbuild build of the handler entry, measured in memory. */
  | 'build';

/** Why a package could not be measured completely, or looks hostile. */
export type PackageProblemKind =
  /** Entry name with `..`, an absolute path, a drive letter or backslash traversal. */
  | 'zip-slip'
  /** Two entries with the same name: which one Lambda extracts is undefined. */
  | 'duplicate-entry'
  /** Two entries whose local-file ranges overlap (a classic zip-bomb construction). */
  | 'overlapping-entries'
  /** Compression ratio above the threshold, for one entry or the whole archive. */
  | 'zip-bomb'
  /** End-of-central-directory missing or cut off: the file is incomplete. */
  | 'truncated-archive'
  /** Central directory out of bounds, inconsistent counts, bad signatures. */
  | 'corrupt-archive'
  /** A file or directory that could not be read (permissions, vanished). */
  | 'unreadable-entry'
  /** A symlink that points back into a directory already being walked. */
  | 'symlink-loop'
  /** The input itself could not be read or parsed (missing file, bad metafile JSON, esbuild error). */
  | 'unreadable-input'
  /** A template function whose code was not found (no built artifact, no handler source): nothing was measured. */
  | 'not-measured';

export interface PackageProblem {
  kind: PackageProblemKind;
  /** Zip entry name or path relative to the package root, when the problem is about one entry. */
  entry?: string;
  /** One sentence with the numbers: "entry declares 2 GiB from 1 KiB (ratio 2097152:1)". */
  detail: string;
  /** True when the package could not be measured (sizes are incomplete or absent): reported as a fatal error. */
  fatal?: boolean;
}

/**
 * One deployment package as the bundle rules see it: one per function of a
 * template, or one per zip / directory / metafile / entry given on the command line.
 */
export interface BundleModel {
  /** What findings are about: `{ kind: 'function', id: LogicalId }` from a template, else `{ kind: 'package', id: <input path> }`. */
  subject: Subject;
  /** Where findings point: the function's logical-ID line in its template, or the artifact path at line 1, column 1. */
  location: Location;
  /** How the package was measured. */
  kind: PackageKind;
  /** The measured input (zip, directory, metafile or entry file), relative to cwd with `/` separators. */
  source: string;
  /** Lambda runtime (`nodejs20.x`) when known from a template or a build option. */
  runtime?: string;
  /** Instruction set from the template, when known. */
  architecture?: 'x86_64' | 'arm64';
  /** Uncompressed bytes by package and file; `tree.total` is what Lambda counts. */
  tree: SizeTree;
  /** Bytes of the zip as uploaded: the zip file's size for `zip`, else undefined (not estimated). */
  zippedSize?: number;
  /** Local layers of the function (ContentUri directories / zips); they count toward the 250 MiB unzipped limit. */
  layers: SizeTree[];
  /** On-disk root of the package, when there is one (`directory`), so rules may read file contents. */
  rootDir?: string;
  /**
   * Last `maxBytes` bytes of a file of the package as UTF-8 (for inline source maps), or
   * undefined when contents are not available (zips: never inflated). `path` is a `SizeFile.path`.
   * Synchronous and cheap: call it only for the few files you need.
   */
  readTail?: (path: string, maxBytes: number) => string | undefined;
  /**
   * For `metafile` and `build`: the output files esbuild wrote (paths as in the metafile), whose
   * bytes make up `tree.total`. `readTail` accepts these paths for `build` (inline source maps).
   */
  outputs?: { path: string; bytes: number }[];
  /** For `build`: the esbuild options that mattered, so messages can suggest the right change. */
  build?: { entry: string; format: 'cjs' | 'esm'; target: string; external: string[]; minify: boolean };
  /** Hostile or broken structure found while measuring; the `package-integrity` rule reports them. */
  problems: PackageProblem[];
  /** The package's `requirements.txt` (root, else shallowest), read from a directory or a zip. */
  requirements?: RequirementsFile;
  /**
   * Set when nothing is built yet and the function's source folder was measured as its build copies
   * it (a SAM Python function's CodeUri before `sam build`): its files are the ones to edit.
   */
  sourceFolder?: SourceFolder;
}

/** What a build would make of a source folder that was measured in its place. */
export interface SourceFolder {
  /** The command that builds the package: `sam build`. */
  builder: string;
  /**
   * What the build adds that `tree.total` lacks ("the dependencies src/requirements.txt lists"), so
   * the size is a lower bound; undefined when it adds nothing and the folder is the whole package.
   */
  missing?: string;
}

/** Lambda's documented limits and lambda-lint's default budget, in bytes (binary units). */
export const LAMBDA_LIMITS = {
  /** Default package-size budget: 10 MiB. */
  budget: 10_485_760,
  /** Function + layers, unzipped: 250 MiB. */
  unzipped: 262_144_000,
  /** Zip uploaded directly (not through S3): 50 MiB. */
  zippedDirectUpload: 52_428_800,
  /** Above 3 MiB the console code editor cannot show the function. */
  consoleEditor: 3_145_728,
} as const;

export { formatBytes } from '@lambda-lint/core';

/** `0.4567` → `45.7%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Bytes of a tree plus its layers: what counts toward the 250 MiB unzipped limit. */
export function unzippedWithLayers(model: Pick<BundleModel, 'tree' | 'layers'>): number {
  return model.layers.reduce((sum, layer) => sum + layer.total, model.tree.total);
}

/** Package groups of a tree, largest first (own code excluded); keeps only the top `count` while scanning, no full sort. */
export function topPackages(tree: SizeTree, count = 5): SizeTree['groups'] {
  const top: SizeTree['groups'] = [];
  if (count <= 0) return top;
  const before = (a: SizeTree['groups'][number], b: SizeTree['groups'][number]): boolean =>
    a.size > b.size || (a.size === b.size && a.name < b.name);
  for (const group of tree.groups) {
    if (group.kind !== 'package') continue;
    if (top.length === count && !before(group, top[count - 1]!)) continue;
    // Insertion into the short sorted list; a tie keeps the earlier group first, as the stable sort did.
    let at = top.length < count ? top.length : count - 1;
    while (at > 0 && before(group, top[at - 1]!)) at--;
    if (top.length === count) top.pop();
    top.splice(at, 0, group);
  }
  return top;
}
