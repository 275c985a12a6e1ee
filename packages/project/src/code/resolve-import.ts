import { statSync } from 'node:fs';
import path from 'node:path';

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
/** TypeScript's NodeNext style: `./db.js` in a `.ts` file names `./db.ts`. */
const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
  '.jsx': ['.tsx'],
};

function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/** True for files the code analysis reads (not declarations, JSON or assets). */
export function isSourceFile(file: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(file).toLowerCase()) && !/\.d\.[cm]?ts$/i.test(file);
}

/**
 * The local source file a relative import names, the way Node, TypeScript and bundlers find it:
 * the exact file, the file with a source extension, a `.ts` source for a `.js` specifier, or the
 * directory's `index` barrel. Undefined for anything else (packages, JSON, missing files).
 */
export function resolveRelativeImport(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const ext = path.extname(base).toLowerCase();
  if (SOURCE_EXTENSIONS.includes(ext)) {
    if (isFile(base)) return base;
    const stem = base.slice(0, -ext.length);
    for (const tsExt of TS_FOR_JS[ext] ?? []) if (isFile(stem + tsExt)) return stem + tsExt;
    return undefined;
  }
  for (const candidate of SOURCE_EXTENSIONS) if (isFile(base + candidate)) return base + candidate;
  for (const candidate of SOURCE_EXTENSIONS) {
    const index = path.join(base, `index${candidate}`);
    if (isFile(index)) return index;
  }
  return undefined;
}

/**
 * A local Python module: `.db` / `..lib.db` relative to the importing file's package, `app.db`
 * from the code root; `db.py` or a package's `__init__.py`. Undefined for installed packages.
 */
export function resolvePythonImport(
  fromFile: string,
  specifier: string,
  codeRoot: string,
): string | undefined {
  const dots = /^\.*/.exec(specifier)![0].length;
  let dir = codeRoot;
  if (dots > 0) {
    dir = path.dirname(fromFile);
    for (let i = 1; i < dots; i++) dir = path.dirname(dir);
  }
  const rest = specifier.slice(dots);
  const base = rest === '' ? dir : path.join(dir, ...rest.split('.'));
  if (isFile(`${base}.py`)) return `${base}.py`;
  const init = path.join(base, '__init__.py');
  return isFile(init) ? init : undefined;
}
