import type { ModuleFacts, ProjectFileFacts } from '@lambda-lint/core';
import tsParser from '@typescript-eslint/parser';
import path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

// Contract A: what lambda-lint's project layer passes per file in `settings['lambda-lint'].project`.

const users = { id: 'UsersFunction', template: 'serverless.yml', line: 12 };

function lint(code: string, project: ProjectFileFacts, filename = 'src/db.ts') {
  const linter = new Linter({ configType: 'flat' });
  return linter
    .verify(
      code,
      [
        plugin.configs.recommended,
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        { settings: { 'lambda-lint': { project } } },
      ],
      { filename: path.resolve(filename) },
    )
    .map((message) => ({ ruleId: message.ruleId, line: message.line, message: message.message }));
}

const facts = (overrides: Partial<ProjectFileFacts>): ProjectFileFacts => ({
  handlers: [],
  perInvocationExports: [],
  environments: [],
  ...overrides,
});

describe('project setting', () => {
  it('handler exports are exactly project.handlers[].exportName', () => {
    const code = `import { S3Client } from '@aws-sdk/client-s3';
export const handler = async (event) => new S3Client({});
export const createUser = async (input) => new S3Client({});`;
    const findings = lint(code, facts({ handlers: [{ exportName: 'createUser', functions: [users] }] }));
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}`)).toEqual([
      'lambda-lint/no-client-in-handler@3',
    ]);
  });

  it('a client built in an export another module calls per invocation names the handler and the chain', () => {
    const code = `import { Pool } from 'pg';
function getPool() {
  return new Pool({ max: 1 });
}
export async function query(sql: string) {
  return getPool().query(sql);
}
export async function migrate() {
  return new Pool();
}`;
    const findings = lint(
      code,
      facts({
        perInvocationExports: [
          { exportName: 'query', chain: ['createUser', 'db.query'], functions: [users] },
        ],
      }),
    );
    expect(findings).toEqual([
      {
        ruleId: 'lambda-lint/no-client-in-handler',
        line: 3,
        message: expect.stringMatching(
          /^`new Pool\(\)` runs on every invocation of handler `createUser` of UsersFunction \(serverless\.yml:12\): createUser → db\.query → getPool → new Pool\. /,
        ) as string,
      },
    ]);
  });

  it('without a per-invocation export the same module is quiet', () => {
    const code = `import { Pool } from 'pg';\nexport async function query(sql: string) { return new Pool().query(sql); }`;
    expect(lint(code, facts({}))).toEqual([]);
  });

  it('config rules apply to a module that is function code but exports no handler', () => {
    const code = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const db = new DynamoDBClient({ region: 'eu-west-1' });`;
    expect(lint(code, facts({})).map((finding) => finding.ruleId)).toEqual([
      'lambda-lint/no-hardcoded-config',
    ]);
    // The same module in the editor, without the project layer: not known to be function code.
    const linter = new Linter({ configType: 'flat' });
    const editor = linter.verify(
      code,
      [plugin.configs.recommended, { files: ['**/*.ts'], languageOptions: { parser: tsParser } }],
      { filename: path.resolve('src/db.ts') },
    );
    expect(editor).toEqual([]);
  });

  it('env-var-declared checks reads in an imported module against the environments', () => {
    const code = `export const table = () => process.env.TABLE;`;
    const findings = lint(
      code,
      facts({
        environments: [{ ...users, names: ['TABLE_NAME'], unknown: false, environmentLine: 15 }],
      }),
    );
    expect(findings).toEqual([
      {
        ruleId: 'lambda-lint/env-var-declared',
        line: 1,
        message: expect.stringContaining(
          '`process.env.TABLE` is not set for UsersFunction (serverless.yml, environment at line 15 sets TABLE_NAME)',
        ) as string,
      },
    ]);
  });

  it('collect receives the ModuleFacts once per lint', () => {
    const received: ModuleFacts[] = [];
    const code = `import { query } from './db';
import * as repo from './repo';
import makeId from './id';
import type { User } from './types';
import { S3Client } from '@aws-sdk/client-s3';
const { save } = require('./store');
const audit = require('./audit');
export * from './barrel';
export { format as formatUser } from './format';
const region = process.env['REGION_NAME'];
function load(id: string) {
  return repo.find(id);
}
export const createUser = async (event: { id: string }) => {
  const { TABLE_NAME, LIMIT: limit } = process.env;
  await query('select 1');
  await load(event.id);
  save(makeId());
  audit.log(process.env.STAGE);
  return [TABLE_NAME, limit, region, new S3Client({})];
};
export const notCalled = () => query('never per invocation');`;
    const findings = lint(
      code,
      facts({
        handlers: [{ exportName: 'createUser', functions: [users] }],
        collect: (moduleFacts) => received.push(moduleFacts),
      }),
      'src/users.ts',
    );
    expect(findings.map((finding) => finding.ruleId)).toEqual(['lambda-lint/no-client-in-handler']);
    expect(received).toHaveLength(1);
    const [moduleFacts] = received;
    expect(moduleFacts?.imports).toEqual([
      {
        specifier: './db',
        perInvocationCalls: [{ imported: 'query', callText: 'query', fromExport: 'createUser' }],
        reExports: [],
      },
      {
        specifier: './repo',
        perInvocationCalls: [{ imported: 'find', callText: 'repo.find', fromExport: 'createUser' }],
        reExports: [],
      },
      {
        specifier: './id',
        perInvocationCalls: [{ imported: 'default', callText: 'makeId', fromExport: 'createUser' }],
        reExports: [],
      },
      {
        specifier: './store',
        perInvocationCalls: [{ imported: 'save', callText: 'save', fromExport: 'createUser' }],
        reExports: [],
      },
      {
        specifier: './audit',
        perInvocationCalls: [{ imported: 'log', callText: 'audit.log', fromExport: 'createUser' }],
        reExports: [],
      },
      { specifier: './barrel', perInvocationCalls: [], reExports: [{ imported: '*', exported: '*' }] },
      {
        specifier: './format',
        perInvocationCalls: [],
        reExports: [{ imported: 'format', exported: 'formatUser' }],
      },
    ]);
    expect(moduleFacts?.envReads.map((read) => `${read.name}@${read.line}:${read.column}`)).toEqual([
      'REGION_NAME@10:28',
      'TABLE_NAME@15:11',
      'LIMIT@15:23',
      'STAGE@19:25',
    ]);
    expect(moduleFacts?.readsWholeEnvironment).toBe(false);
  });

  it('collect reports a whole-environment read, and a CommonJS barrel', () => {
    const received: ModuleFacts[] = [];
    const code = `const config = { ...process.env };\nmodule.exports = require('./impl');\nmodule.exports.extra = require('./more').extra;`;
    const linter = new Linter({ configType: 'flat' });
    linter.verify(
      code,
      [
        plugin.configs.recommended,
        { languageOptions: { sourceType: 'commonjs' } },
        {
          settings: {
            'lambda-lint': { project: facts({ collect: (moduleFacts) => received.push(moduleFacts) }) },
          },
        },
      ],
      { filename: path.resolve('src/index.js') },
    );
    expect(received[0]?.readsWholeEnvironment).toBe(true);
    expect(received[0]?.imports).toEqual([
      { specifier: './impl', perInvocationCalls: [], reExports: [{ imported: '*', exported: '*' }] },
      { specifier: './more', perInvocationCalls: [], reExports: [{ imported: 'extra', exported: 'extra' }] },
    ]);
  });

  it('collect is called even when only env-var-declared runs', () => {
    let calls = 0;
    const linter = new Linter({ configType: 'flat' });
    linter.verify(
      'export const handler = async () => process.env.TABLE_NAME;',
      [
        { plugins: { 'lambda-lint': plugin }, rules: { 'lambda-lint/env-var-declared': 'warn' } },
        { settings: { 'lambda-lint': { project: facts({ collect: () => (calls += 1) }) } } },
      ],
      { filename: path.resolve('src/only.js') },
    );
    expect(calls).toBe(1);
  });
});
