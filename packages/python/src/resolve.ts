import { statSync } from 'node:fs';
import path from 'node:path';

function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/**
 * The source file a module specifier from `ModuleFacts.imports` names, for the per-function join:
 * relative ones (`.db`, `..lib.util`) from the importing file's package, absolute ones (`app.db`)
 * from the function's code root, which Lambda puts on `sys.path`. `module.py` first, then
 * `module/__init__.py`; undefined for installed packages and anything outside `codeRoot`.
 */
export function resolvePythonModule(
  specifier: string,
  fromFile: string,
  codeRoot: string,
): string | undefined {
  const dots = /^\.*/.exec(specifier)![0].length;
  let base = dots > 0 ? path.dirname(fromFile) : codeRoot;
  for (let level = 1; level < dots; level++) base = path.dirname(base);
  const parts = specifier.slice(dots).split('.').filter(Boolean);
  const target = path.join(base, ...parts);
  const root = path.resolve(codeRoot);
  const candidates =
    parts.length === 0
      ? [path.join(target, '__init__.py')]
      : [`${target}.py`, path.join(target, '__init__.py')];
  const found = candidates.find(isFile);
  if (!found) return undefined;
  const relative = path.relative(root, path.resolve(found));
  return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : path.resolve(found);
}
