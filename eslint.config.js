// The repository lints itself: ESLint 10 flat config with the JS and typescript-eslint recommended rules.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  console: 'readonly',
  process: 'readonly',
  URL: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  performance: 'readonly',
};

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', 'fixtures/', 'bench/.out/', '.tmp/', 'coverage/']),
  {
    name: 'lambda-lint/typescript',
    files: ['packages/*/src/**/*.ts', 'packages/*/test/**/*.ts', '*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      // `_name` marks a parameter kept for a signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The CLI must never drop a rejected promise: an unawaited scan would exit 0 with results missing.
    name: 'lambda-lint/cli-promises',
    files: ['packages/cli/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    name: 'lambda-lint/scripts',
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: nodeGlobals },
  },
);
