import path from 'node:path';
import { parseCommentSuppressions, type Suppression } from '@lambda-lint/core';
import type { HclFile } from './hcl-tree.js';
import { readModuleFolder, type ModuleFiles } from './module-files.js';
import { buildTerraformModel } from './normalize.js';

export { parseHcl } from './hcl-parse.js';
export { parseTerraformJson } from './hcl-json.js';
export { isModuleFolder, parseConfigText, readModuleFolder, type ModuleFiles } from './module-files.js';
export { buildTerraformModel, LAMBDA_MODULE_SOURCE } from './normalize.js';

/** Reads module folders once per run: a child module used by several roots is parsed once. */
export class ModuleReader {
  private readonly cache = new Map<string, ModuleFiles>();

  /** Display paths are relative to `cwd`; with `anchor`, relative to how the caller shows one path (`anchor.display` for `anchor.absolute`). */
  constructor(
    private readonly cwd: string,
    private readonly anchor?: { absolute: string; display: string },
    /** The configuration's `ignore` globs: ignored `.tf` files are not read. */
    private readonly isIgnored: (display: string) => boolean = () => false,
  ) {}

  displayOf = (absolute: string): string => {
    const base = this.anchor?.absolute ?? this.cwd;
    const relative = path.relative(base, absolute).split(path.sep).join('/');
    const shown = this.anchor ? path.posix.join(this.anchor.display, relative) : relative;
    return shown === '' ? '.' : shown;
  };

  read = (dir: string): ModuleFiles => {
    let files = this.cache.get(dir);
    if (!files) {
      files = readModuleFolder(dir, this.displayOf, this.isIgnored);
      this.cache.set(dir, files);
    }
    return files;
  };

  /** Every configuration file read so far, by display path. */
  allFiles(): Map<string, HclFile> {
    const out = new Map<string, HclFile>();
    for (const files of this.cache.values()) for (const f of files.files) out.set(f.file, f);
    return out;
  }

  /** Local module folders that some already-read module calls (they are scanned through their caller). */
  calledModules(): Set<string> {
    const called = new Set<string>();
    for (const files of this.cache.values()) {
      for (const file of files.files) {
        for (const block of file.body.blocks) {
          if (block.type !== 'module') continue;
          const source = block.body.attributes.find((a) => a.name === 'source')?.expr;
          if (
            source?.kind === 'literal' &&
            typeof source.value === 'string' &&
            /^\.\.?\//.test(source.value)
          ) {
            called.add(path.resolve(files.dir, source.value));
          }
        }
      }
    }
    return called;
  }
}

/** The model of a root module folder, and the parse errors of its files (each file still contributes what it could). */
export function loadTerraformModule(
  dir: string,
  reader: ModuleReader,
): ReturnType<typeof buildTerraformModel> {
  return buildTerraformModel({
    root: reader.read(dir),
    display: reader.displayOf(dir),
    readModule: reader.read,
    displayOf: reader.displayOf,
  });
}

/** Comment directives (`# lambda-lint-disable-next-line …` and `//`) of every file the model read. */
export function terraformSuppressions(texts: readonly HclFile[]): Suppression[] {
  return texts.flatMap((t) =>
    t.format === 'hcl'
      ? [...parseCommentSuppressions(t.file, t.text, '#'), ...parseCommentSuppressions(t.file, t.text, '//')]
      : [],
  );
}
