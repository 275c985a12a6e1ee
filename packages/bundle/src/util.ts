import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** `path` relative to `cwd` with `/` separators, as findings and subjects show it. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** `version` from `<root>/<packagePath>/package.json`, undefined when missing or unreadable. */
export function packageJsonVersion(root: string, packagePath: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(join(root, packagePath, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}

/** Last `maxBytes` bytes of a file as UTF-8, undefined when it cannot be read. */
export function readFileTail(file: string, maxBytes: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, Math.max(0, maxBytes));
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
