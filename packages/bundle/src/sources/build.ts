import { relative, resolve } from 'node:path';
import { untrackedInput } from '@lambda-lint/core';
import { attribute } from '../attribute.js';
import type { PackageProblem } from '../model.js';
import type { SizeTree } from '../size-tree.js';
import { errorMessage } from '../util.js';
import { measureMetafile, type EsbuildMetafile } from './metafile.js';

export interface BuildOptions {
  /** Absolute path of the handler entry (`src/handler.ts`). */
  entry: string;
  /** esbuild's working directory: the CodeUri / project directory (package.json, node_modules). */
  workingDir: string;
  /** Lambda runtime; sets the target and which SDK is external. Default `nodejs22.x`. */
  runtime?: string;
  /** Default `cjs`, as SAM and CDK do. */
  format?: 'cjs' | 'esm';
  /** Default: `@aws-sdk/*` for nodejs18.x and later, `aws-sdk` before (the SDK each runtime ships). */
  external?: string[];
  /** Default true. */
  minify?: boolean;
  /** Tree name. */
  name: string;
}

export interface BuildMeasure {
  tree: SizeTree;
  outputs: { path: string; bytes: number }[];
  problems: PackageProblem[];
  build: { entry: string; format: 'cjs' | 'esm'; target: string; external: string[]; minify: boolean };
  /** Output contents by output path, for `readTail`. */
  contents: Map<string, Uint8Array>;
}

export const DEFAULT_BUILD_RUNTIME = 'nodejs22.x';

/** `nodejs20.x` → 20; undefined for other runtimes. */
export function nodeMajor(runtime: string | undefined): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime ?? '');
  return match ? Number(match[1]) : undefined;
}

/** esbuild target and default externals for a runtime, as CDK's NodejsFunction chooses them. */
export function buildDefaults(runtime: string | undefined): { target: string; external: string[] } {
  const major = nodeMajor(runtime ?? DEFAULT_BUILD_RUNTIME) ?? nodeMajor(DEFAULT_BUILD_RUNTIME)!;
  return { target: `node${major}`, external: major >= 18 ? ['@aws-sdk/*'] : ['aws-sdk'] };
}

/** What esbuild is asked to do for a handler: the build the bundle analyzer measures, shared with `init-time`. */
export function handlerBuildOptions(options: BuildOptions): {
  esbuild: import('esbuild').BuildOptions & { metafile: true; write: false };
  build: BuildMeasure['build'];
  outdir: string;
} {
  const defaults = buildDefaults(options.runtime);
  const format = options.format ?? 'cjs';
  const minify = options.minify ?? true;
  const external = options.external ?? defaults.external;
  const entryRel = relative(options.workingDir, options.entry).split('\\').join('/');
  // A virtual output directory: with write:false nothing lands on disk, and it never collides with inputs.
  const outdir = resolve(options.workingDir, '.lambda-lint-build');
  return {
    build: { entry: entryRel, format, target: defaults.target, external, minify },
    outdir,
    esbuild: {
      entryPoints: [options.entry],
      absWorkingDir: options.workingDir,
      bundle: true,
      platform: 'node',
      target: defaults.target,
      format,
      minify,
      external,
      metafile: true,
      write: false,
      sourcemap: false,
      outdir,
      outExtension: { '.js': format === 'esm' ? '.mjs' : '.js' },
      logLevel: 'silent',
    },
  };
}

/** esbuild's first error as one line (`src/a.ts:3:9: Could not resolve "x"`), plus how many more. */
export function describeBuildFailure(error: unknown): string {
  const failure = error as {
    errors?: { text: string; location?: { file: string; line: number; column: number } | null }[];
  };
  const first = failure.errors?.[0];
  const where = first?.location
    ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: `
    : '';
  const detail = first ? `${where}${first.text}` : errorMessage(error);
  const more = (failure.errors?.length ?? 0) > 1 ? ` (and ${failure.errors!.length - 1} more errors)` : '';
  return `${detail}${more}`;
}

/** Bundles the handler in memory (nothing is written) and measures the output and its metafile. */
export async function buildPackage(options: BuildOptions): Promise<BuildMeasure> {
  const { build, outdir, esbuild: buildOptions } = handlerBuildOptions(options);
  const entryRel = build.entry;
  const empty = (problems: PackageProblem[]): BuildMeasure => ({
    tree: attribute([], { name: options.name }),
    outputs: [],
    problems,
    build,
    contents: new Map(),
  });
  let esbuild: typeof import('esbuild');
  // esbuild reads the sources in its own process.
  untrackedInput('an esbuild build');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    return empty([
      { kind: 'unreadable-input', detail: `esbuild cannot be loaded: ${errorMessage(error)}`, fatal: true },
    ]);
  }
  try {
    const result = await esbuild.build(buildOptions);
    // Output paths relative to the virtual directory: `handler.js`, as the deployed package names them.
    const prefix = `${relative(options.workingDir, outdir).split('\\').join('/')}/`;
    const strip = (path: string): string => (path.startsWith(prefix) ? path.slice(prefix.length) : path);
    const metafile: EsbuildMetafile = { outputs: {} };
    for (const [path, output] of Object.entries(result.metafile.outputs))
      metafile.outputs[strip(path)] = output;
    const measured = measureMetafile(metafile, options.name, options.workingDir);
    const contents = new Map<string, Uint8Array>();
    for (const file of result.outputFiles)
      contents.set(strip(relative(options.workingDir, file.path).split('\\').join('/')), file.contents);
    return { ...measured, build, contents };
  } catch (error) {
    return empty([
      {
        kind: 'unreadable-input',
        entry: entryRel,
        detail: `esbuild could not bundle the handler: ${describeBuildFailure(error)}`,
        fatal: true,
      },
    ]);
  }
}
