import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const cliBin = path.join(repoRoot, 'packages/cli/dist/bundled/bin.mjs');

/**
 * A user's repository outside this workspace: fixtures/sam-app plus files lambda-lint has nothing to
 * say about, an eslint.config.js with the plugin's recommended config, and node_modules linking the
 * workspace's lambda-lint, plugin and ESLint, so `npx --no-install lambda-lint` / `eslint` run as installed.
 */
export function scratchProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-user-repo-'));
  cpSync(path.join(repoRoot, 'fixtures/sam-app'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'scripts.mjs'), "console.log('release notes');\n");
  writeFileSync(path.join(dir, '.editorconfig'), 'root = true\n');
  writeFileSync(
    path.join(dir, 'eslint.config.js'),
    "import tsParser from '@typescript-eslint/parser';\nimport lambdaLint from '@lambda-lint/eslint-plugin';\n\n" +
      "export default [\n  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },\n  lambdaLint.configs.recommended,\n];\n",
  );
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  mkdirSync(path.join(modules, '@lambda-lint'));
  mkdirSync(path.join(modules, '@typescript-eslint'));
  symlinkSync(
    path.join(repoRoot, 'packages/eslint-plugin'),
    path.join(modules, '@lambda-lint/eslint-plugin'),
  );
  symlinkSync(path.join(repoRoot, 'node_modules/eslint'), path.join(modules, 'eslint'));
  symlinkSync(
    path.join(repoRoot, 'node_modules/@typescript-eslint/parser'),
    path.join(modules, '@typescript-eslint/parser'),
  );
  symlinkSync(path.join(repoRoot, 'packages/cli'), path.join(modules, 'lambda-lint'));
  symlinkSync(cliBin, path.join(modules, '.bin/lambda-lint'));
  symlinkSync(path.join(repoRoot, 'node_modules/eslint/bin/eslint.js'), path.join(modules, '.bin/eslint'));
  return dir;
}

/** Every file of the project, relative and with `/`, as `git ls-files` would list them (node_modules untracked). */
export function projectFiles(dir: string, under = ''): string[] {
  return readdirSync(path.join(dir, under), { withFileTypes: true }).flatMap((entry) => {
    const rel = under === '' ? entry.name : `${under}/${entry.name}`;
    if (entry.name === 'node_modules') return [];
    return entry.isDirectory() ? projectFiles(dir, rel) : [rel];
  });
}
