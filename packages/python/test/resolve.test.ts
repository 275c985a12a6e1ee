import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePythonModule } from '../src/index.js';

const root = mkdtempSync(path.join(tmpdir(), 'lambda-lint-pyresolve-'));
for (const file of ['app.py', 'db.py', 'lib/__init__.py', 'lib/util.py', 'lib/sub/deep.py']) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), '');
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolvePythonModule', () => {
  const at = (file: string) => path.join(root, file);
  it.each([
    ['.db', 'app.py', 'db.py'],
    ['db', 'app.py', 'db.py'],
    ['lib', 'app.py', 'lib/__init__.py'],
    ['lib.util', 'app.py', 'lib/util.py'],
    ['.util', 'lib/sub/deep.py', undefined],
    ['..util', 'lib/sub/deep.py', 'lib/util.py'],
    ['.', 'lib/util.py', 'lib/__init__.py'],
    ['boto3', 'app.py', undefined],
    ['...outside', 'lib/util.py', undefined],
  ])('%s from %s', (specifier, from, expected) => {
    expect(resolvePythonModule(specifier, at(from), root)).toBe(expected && at(expected));
  });
});
