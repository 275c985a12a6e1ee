import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind, loadFile } from '../../src/load/index.js';

/** Real public templates written outside this project (see its README); present on the development machines. */
const CORPUS = '/work/shared/corpus';

function templatesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return templatesUnder(path);
    return /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}

describe.skipIf(!existsSync(CORPUS))('loader on the shared corpus of real templates', () => {
  it('loads every template and recognises its kind', async () => {
    const files = templatesUnder(CORPUS);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const result = await loadFile(file, relative(CORPUS, file));
      if (!result.ok)
        throw new Error(
          `${result.finding.file}:${result.finding.range.line}:${result.finding.range.column} ${result.finding.message}`,
        );
      expect(detectKind(result.loaded), file).not.toBe('unknown');
    }
  });
});
