import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { isDeepStrictEqual } from 'node:util';
import { loadTemplate } from '@lambda-lint/iac';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SKIPPED = new Set(['node_modules', '.aws-sam', 'cdk.out', '.serverless', '.terraform']);

function templates(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (SKIPPED.has(name)) return [];
    if (statSync(full).isDirectory()) return templates(full);
    return /(?<!\.tf)\.(?:ya?ml|json)$/.test(name) ? [full] : [];
  });
}

// The template cache keeps a load as v8-serialized data: every loaded template must survive that
// unchanged (no class instances, functions or shared-identity assumptions), or a warm run would differ.
describe('template loads survive the cache', () => {
  const files = [
    ...templates(path.join(repoRoot, 'fixtures')),
    ...templates(path.resolve(repoRoot, '../shared/corpus')),
  ];

  it('covers the fixtures and the public corpus', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('every load of a YAML/JSON file is equal after a v8 round trip', async () => {
    let models = 0;
    for (const file of files) {
      const loaded = await loadTemplate(file, path.relative(repoRoot, file));
      if (loaded.template) models += 1;
      expect(isDeepStrictEqual(deserialize(serialize(loaded)), loaded), file).toBe(true);
    }
    expect(models).toBeGreaterThan(50);
  });
});
