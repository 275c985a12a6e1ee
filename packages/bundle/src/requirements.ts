/**
 * pip's `requirements.txt`, read as far as the bundle rules need it: which distributions a line
 * asks for, and where. A package keeps the one file a build would install from: `requirements.txt`
 * at its root (what `sam build` reads), else the shallowest one.
 */
import type { SizeFile, SizeTree } from './size-tree.js';

/** One requirement line: the distribution it names and where the requirement is written (1-based, end exclusive). */
export interface Requirement {
  /** As written (`Boto3`); compare with `normalizePythonName`. */
  name: string;
  line: number;
  column: number;
  /** One past the requirement's last character, before a trailing comment or whitespace. */
  endColumn: number;
}

/** The requirements file of a package: its path in the package and its text. */
export interface RequirementsFile {
  path: string;
  text: string;
}

/** Largest requirements file read (they are a few hundred bytes; a bigger one is not a requirements list). */
export const REQUIREMENTS_MAX_BYTES = 256 * 1024;

/** `name`, then extras, a version specifier, a URL, a marker or the end: PEP 508's first token. */
const NAMED = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(?=\s*(?:$|[[(<>=!~;@,]))/;

/** The named requirements of a requirements file; options (`-r`, `--index-url`), URLs and comments are skipped. */
export function requirementsOf(text: string): Requirement[] {
  const found: Requirement[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    // A comment starts at `#` after whitespace or at the start of the line (pip's rule).
    const comment = /(^|\s)#/.exec(raw);
    const line = (comment ? raw.slice(0, comment.index) : raw).trimEnd();
    const start = line.length - line.trimStart().length;
    const name = NAMED.exec(line.slice(start))?.[1];
    if (name === undefined) return;
    found.push({ name, line: index + 1, column: start + 1, endColumn: line.length + 1 });
  });
  return found;
}

/** True when pip would install something from the file: a requirement, or an `-r` / `-e` line. */
export function installsAnything(text: string): boolean {
  return text.split(/\r?\n/).some((raw) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return false;
    if (!line.startsWith('-')) return true;
    return /^(?:-r|--requirement|-e|--editable)(?:\s|=|$)/.test(line);
  });
}

/** The requirements file a package's own code holds: `requirements.txt` at the root, else the shallowest. */
export function requirementsEntry(tree: SizeTree): SizeFile | undefined {
  let best: SizeFile | undefined;
  let depth = Infinity;
  for (const group of tree.groups) {
    if (group.kind !== 'own') continue;
    for (const file of group.files) {
      if (file.path !== 'requirements.txt' && !file.path.endsWith('/requirements.txt')) continue;
      const parts = file.path.split('/').length;
      if (parts < depth || (parts === depth && file.path < best!.path)) {
        best = file;
        depth = parts;
      }
    }
  }
  return best;
}
