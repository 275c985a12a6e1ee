import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

// The editor setting: real ESLint over files on disk, the plugin finding the nearest template itself.

const root = mkdtempSync(path.join(tmpdir(), 'lambda-lint-discovery-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, '.git'), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const serverless = (handler: string) => `service: users
provider:
  name: aws
  runtime: nodejs20.x
functions:
  createUser:
    handler: ${handler}
`;

// `createUser(input)`: neither a handler name nor a handler signature, so only the template tells.
const usersJs = `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
module.exports.createUser = async (input) => {
  const db = new DynamoDBClient({});
  return db;
};
`;

async function lint(cwd: string, file: string, settings?: Record<string, unknown>): Promise<string[]> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.recommended,
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } },
      ...(settings ? [{ settings: { 'lambda-lint': settings } }] : []),
    ],
  });
  const [result] = await eslint.lintFiles([path.join(cwd, file)]);
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'fatal'}@${message.line}`);
}

describe('template discovery in the editor', () => {
  it('learns a Serverless handler export from serverless.yml two directories up', async () => {
    const dir = project('serverless', {
      'serverless.yml': serverless('src/handlers/users.createUser'),
      'src/handlers/users.js': usersJs,
      'src/handlers/other.js': usersJs,
    });
    expect(await lint(dir, 'src/handlers/users.js')).toEqual(['lambda-lint/no-client-in-handler@3']);
    // The same code in a file no function points at stays quiet.
    expect(await lint(dir, 'src/handlers/other.js')).toEqual([]);
  });

  it('learns a SAM handler (CodeUri + Handler) for a TypeScript source', async () => {
    const dir = project('sam', {
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Resources:
  UsersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: src/
      Handler: users.createUser
`,
      'src/users.ts': usersJs
        .replace(
          "const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');",
          "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        )
        .replace('module.exports.createUser =', 'export const createUser ='),
    });
    expect(await lint(dir, 'src/users.ts')).toEqual(['lambda-lint/no-client-in-handler@3']);
  });

  it('reads the template again when it changes (path and mtime cache)', async () => {
    const dir = project('changes', {
      'serverless.yml': serverless('users.somethingElse'),
      'users.js': usersJs,
    });
    expect(await lint(dir, 'users.js')).toEqual([]);
    writeFileSync(path.join(dir, 'serverless.yml'), serverless('users.createUser'));
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'serverless.yml'), later, later);
    expect(await lint(dir, 'users.js')).toEqual(['lambda-lint/no-client-in-handler@3']);
  });

  it('uses settings.template, and discoverTemplate: false turns discovery off', async () => {
    const dir = project('explicit', {
      'infra/stack.yml': serverless('../app/users.createUser'),
      'app/users.js': usersJs,
      'app/serverless.yml': serverless('users.unrelated'),
    });
    expect(await lint(dir, 'app/users.js')).toEqual([]);
    expect(await lint(dir, 'app/users.js', { template: 'infra/stack.yml' })).toEqual([
      'lambda-lint/no-client-in-handler@3',
    ]);
    const nearest = project('off', { 'serverless.yml': serverless('users.createUser'), 'users.js': usersJs });
    expect(await lint(nearest, 'users.js')).toEqual(['lambda-lint/no-client-in-handler@3']);
    expect(await lint(nearest, 'users.js', { discoverTemplate: false })).toEqual([]);
  });

  it('stops the walk at a .git folder', async () => {
    const dir = project('outer', { 'serverless.yml': serverless('inner/users.createUser') });
    mkdirSync(path.join(dir, 'inner', '.git'), { recursive: true });
    writeFileSync(path.join(dir, 'inner', 'users.js'), usersJs);
    expect(await lint(dir, 'inner/users.js')).toEqual([]);
  });

  it('an unparsable or unreadable template never breaks linting', async () => {
    const broken = project('broken', {
      'serverless.yml': 'functions:\n  createUser: [unclosed\n',
      'users.js': usersJs,
      'handler.js': usersJs.replace('module.exports.createUser', 'module.exports.handler'),
    });
    expect(await lint(broken, 'users.js')).toEqual([]);
    // Default handler names still work.
    expect(await lint(broken, 'handler.js')).toEqual(['lambda-lint/no-client-in-handler@3']);
    const missing = project('missing', { 'users.js': usersJs });
    expect(await lint(missing, 'users.js', { template: 'nowhere/serverless.yml' })).toEqual([]);
  });
});
