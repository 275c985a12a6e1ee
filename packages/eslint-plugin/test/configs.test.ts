import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';

// Real user projects: an eslint.config.{mjs,cjs} that imports `@lambda-lint/eslint-plugin` by package name
// (symlinked like a pnpm install, resolved to the built dist) and uses `defineConfig` + `extends`,
// loaded by ESLint 10 and ESLint 9 themselves.

const packageRoot = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);
const eslintPackages = {
  10: path.dirname(require.resolve('eslint/package.json')),
  9: path.dirname(require.resolve('eslint9/package.json')),
};
const tsParserPackage = path.dirname(require.resolve('@typescript-eslint/parser/package.json'));

const workspace = mkdtempSync(path.join(tmpdir(), 'lambda-lint-configs-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const HANDLER = `import { S3Client } from '@aws-sdk/client-s3';
export const handler = async () => {
  const s3 = new S3Client({});
  return s3;
};
`;

const CONFIGS: Record<string, string> = {
  'eslint.config.mjs': `import { defineConfig } from 'eslint/config';
import lambdaLint from '@lambda-lint/eslint-plugin';
import tsParser from '@typescript-eslint/parser';
export default defineConfig([
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  { files: ['**/*.ts'], plugins: { 'lambda-lint': lambdaLint }, extends: ['lambda-lint/recommended'] },
]);
`,
  'eslint.config.cjs': `const { defineConfig } = require('eslint/config');
const lambdaLint = require('@lambda-lint/eslint-plugin');
const tsParser = require('@typescript-eslint/parser');
module.exports = defineConfig([
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  { files: ['**/*.ts'], extends: [lambdaLint.configs.recommended] },
  // The same plugin object again: must not be a "cannot redefine plugin" error.
  { plugins: { 'lambda-lint': lambdaLint }, rules: { 'lambda-lint/no-floating-sdk-call': 'warn' } },
]);
`,
  'eslint.config.mjs (plain array, named export)': `import { configs } from '@lambda-lint/eslint-plugin';
import tsParser from '@typescript-eslint/parser';
export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, configs.all];
`,
};

function project(eslintMajor: 9 | 10, configName: string): string {
  const dir = path.join(workspace, `eslint${eslintMajor}-${Object.keys(CONFIGS).indexOf(configName)}`);
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '@lambda-lint'), { recursive: true });
  mkdirSync(path.join(modules, '@typescript-eslint'), { recursive: true });
  symlinkSync(packageRoot, path.join(modules, '@lambda-lint/eslint-plugin'), 'dir');
  symlinkSync(eslintPackages[eslintMajor], path.join(modules, 'eslint'), 'dir');
  symlinkSync(tsParserPackage, path.join(modules, '@typescript-eslint/parser'), 'dir');
  writeFileSync(path.join(dir, configName.split(' ')[0]), CONFIGS[configName]);
  writeFileSync(path.join(dir, 'handler.ts'), HANDLER);
  return dir;
}

interface LintResultLike {
  messages: { ruleId: string | null; line: number; severity: number; fatal?: boolean; message: string }[];
}
interface ESLintLike {
  lintFiles(patterns: string[]): Promise<LintResultLike[]>;
}

describe.each([10, 9] as const)('ESLint %i loads the plugin from a config file', (major) => {
  it.each(Object.keys(CONFIGS))('%s', async (configName) => {
    const cwd = project(major, configName);
    const { ESLint } = (await import(major === 10 ? 'eslint' : 'eslint9')) as {
      ESLint: new (options: { cwd: string }) => ESLintLike;
    };
    const eslint = new ESLint({ cwd });
    const [result] = await eslint.lintFiles(['handler.ts']);
    expect(result.messages.filter((message) => message.fatal)).toEqual([]);
    expect(result.messages.map(({ ruleId, line, severity }) => ({ ruleId, line, severity }))).toEqual([
      { ruleId: 'lambda-lint/no-client-in-handler', line: 3, severity: 2 },
    ]);
  });
});
