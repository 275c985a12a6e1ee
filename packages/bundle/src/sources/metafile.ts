import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { attribute } from '../attribute.js';
import type { PackageProblem } from '../model.js';
import type { SizeFile, SizeTree } from '../size-tree.js';
import { errorMessage, packageJsonVersion } from '../util.js';

/** The part of an esbuild metafile the analyzer reads. */
export interface EsbuildMetafile {
  outputs: Record<string, { bytes: number; inputs?: Record<string, { bytesInOutput: number }> }>;
}

/** Own-code file that holds the bytes esbuild writes itself (runtime helpers, wrappers, the banner). */
export const ESBUILD_RUNTIME = '(esbuild runtime)';

export interface MetafileMeasure {
  tree: SizeTree;
  outputs: { path: string; bytes: number }[];
  problems: PackageProblem[];
}

/**
 * Attributes every output's bytes to its inputs (`bytesInOutput`), and the remainder to
 * `(esbuild runtime)`, so the tree sums to the output sizes to the byte. Outputs without
 * inputs (source maps, copied files) become own files named by their output path.
 * `workingDir` is esbuild's absWorkingDir, where input paths resolve (for versions).
 */
export function measureMetafile(
  metafile: EsbuildMetafile,
  name: string,
  workingDir?: string,
): MetafileMeasure {
  const problems: PackageProblem[] = [];
  const outputs: { path: string; bytes: number }[] = [];
  const byInput = new Map<string, number>();
  const extra: SizeFile[] = [];
  const outputEntries = Object.entries(isRecord(metafile?.outputs) ? metafile.outputs : {});
  const codeOutputs = outputEntries.filter(
    ([, o]) => isRecord(o?.inputs) && Object.keys(o.inputs).length > 0,
  ).length;
  for (const [outputPath, output] of outputEntries) {
    const bytes = isRecord(output) && isByteCount(output.bytes) ? output.bytes : undefined;
    if (bytes === undefined) {
      problems.push({
        kind: 'unreadable-input',
        entry: outputPath,
        detail: 'the metafile output has no valid "bytes" count',
        fatal: true,
      });
      continue;
    }
    outputs.push({ path: outputPath, bytes });
    const inputs = isRecord(output.inputs) ? output.inputs : {};
    let attributed = 0;
    for (const [inputPath, input] of Object.entries(inputs)) {
      const inOutput = isRecord(input) && isByteCount(input.bytesInOutput) ? input.bytesInOutput : 0;
      if (inOutput === 0) continue;
      const path = stripNamespace(inputPath);
      byInput.set(path, (byInput.get(path) ?? 0) + inOutput);
      attributed += inOutput;
    }
    const rest = bytes - attributed;
    if (rest < 0) {
      problems.push({
        kind: 'unreadable-input',
        entry: outputPath,
        detail: `the metafile attributes ${attributed} bytes to inputs of an output of ${bytes} bytes: it is inconsistent`,
        fatal: true,
      });
    } else if (rest > 0 || Object.keys(inputs).length === 0) {
      const path =
        Object.keys(inputs).length === 0
          ? outputPath
          : codeOutputs > 1
            ? `${ESBUILD_RUNTIME} ${outputPath}`
            : ESBUILD_RUNTIME;
      extra.push({ path, size: rest });
    }
  }
  const files: SizeFile[] = [...byInput].map(([path, size]) => ({ path, size }));
  files.push(...extra);
  const tree = attribute(files, {
    name,
    ...(workingDir !== undefined && {
      versionOf: (packagePath: string) => packageJsonVersion(workingDir, packagePath),
    }),
  });
  return { tree, outputs, problems };
}

/** Reads and measures a metafile JSON file; a missing or malformed file is a fatal problem. */
export function readMetafile(file: string, name: string, workingDir?: string): MetafileMeasure {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      tree: attribute([], { name }),
      outputs: [],
      problems: [
        {
          kind: 'unreadable-input',
          detail: `the metafile cannot be read: ${errorMessage(error)}`,
          fatal: true,
        },
      ],
    };
  }
  if (!isRecord(json) || !isRecord(json.outputs)) {
    return {
      tree: attribute([], { name }),
      outputs: [],
      problems: [
        {
          kind: 'unreadable-input',
          detail: 'the file is not an esbuild metafile (no "outputs" object)',
          fatal: true,
        },
      ],
    };
  }
  const metafile = json as unknown as EsbuildMetafile;
  return measureMetafile(metafile, name, workingDir ?? guessWorkingDir(metafile, dirname(file)));
}

/** esbuild input paths are relative to its working directory: the nearest ancestor where one input exists. */
function guessWorkingDir(metafile: EsbuildMetafile, start: string): string | undefined {
  const sample = Object.values(metafile.outputs)
    .flatMap((o) => (isRecord(o?.inputs) ? Object.keys(o.inputs) : []))
    .find((p) => !p.includes(':'));
  if (!sample) return undefined;
  let dir = start;
  for (let depth = 0; depth < 8; depth++) {
    if (existsSync(join(dir, sample))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** `(disabled):node_modules/x/y.js` → `node_modules/x/y.js`; plain `file` namespace paths are unchanged. */
function stripNamespace(path: string): string {
  const match = /^(\([a-z-]+\)|[a-z][a-z-]+):(?!\/\/)/i.exec(path);
  return match ? path.slice(match[0].length) : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
