import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';

describe('handler exports', () => {
  it.each([
    [
      'export const arrow',
      `export const handler = async (event) => { probe(); };`,
      'handler (export-variable) -> 1',
    ],
    [
      'export async function',
      `export async function handler(event) { probe(); }`,
      'handler (export-function) -> 1',
    ],
    [
      'export { fn as handler }',
      `async function run(event) { probe(); }\nexport { run as handler };`,
      'handler (export-specifier) -> 1',
    ],
    [
      'export { handler }',
      `const handler = async function (event) { probe(); };\nexport { handler };`,
      'handler (export-specifier) -> 1',
    ],
    [
      'lambdaHandler',
      `export const lambdaHandler = async (event) => { probe(); };`,
      'lambdaHandler (export-variable) -> 1',
    ],
    [
      'typed const',
      `import type { Handler } from 'aws-lambda';\nexport const handler: Handler = async (event) => { probe(); };`,
      'handler (export-variable) -> 2',
    ],
    [
      'satisfies',
      `export const handler = (async (event) => { probe(); }) satisfies Function;`,
      'handler (export-variable) -> 1',
    ],
  ])('%s', (_name, code, expected) => {
    const snapshot = analyze(code);
    expect(snapshot.isHandlerFile).toBe(true);
    expect(snapshot.handlers).toEqual([expected]);
    expect(snapshot.perInvocationProbes.length).toBe(1);
  });

  it.each([
    [
      'exports.handler',
      `exports.handler = async (event) => { probe(); };`,
      'handler (exports-property) -> 1',
    ],
    [
      'module.exports.handler',
      `module.exports.handler = async function (event) { probe(); };`,
      'handler (exports-property) -> 1',
    ],
    [
      'module.exports = { handler }',
      `async function handler(event) { probe(); }\nmodule.exports = { handler };`,
      'handler (module-exports-object) -> 1',
    ],
    [
      'module.exports = { handler: fn }',
      `const run = async (event) => { probe(); };\nmodule.exports = { handler: run };`,
      'handler (module-exports-object) -> 1',
    ],
    [
      'module.exports = { handler() {} }',
      `module.exports = {\n  async handler(event) { probe(); },\n};`,
      'handler (module-exports-object) -> 2',
    ],
    [
      'chained exports',
      `const run = async (event) => { probe(); };\nmodule.exports.handler = exports.handler = run;`,
      'handler (exports-property) -> 1',
    ],
  ])('CommonJS %s', (_name, code, expected) => {
    for (const typescript of [true, false]) {
      const snapshot = analyze(code, { sourceType: 'commonjs', typescript });
      expect(snapshot.isHandlerFile).toBe(true);
      expect(snapshot.handlers).toContain(expected);
      expect(snapshot.perInvocationProbes).toEqual([
        code.split('\n').findIndex((line) => line.includes('probe')) + 1,
      ]);
    }
  });

  it('export default only with defaultExportIsHandler', () => {
    const code = `export default async function (event) { probe(); }`;
    expect(analyze(code).isHandlerFile).toBe(false);
    expect(analyze(code).perInvocationProbes).toEqual([]);
    const snapshot = analyze(code, { settings: { 'lambda-lint': { defaultExportIsHandler: true } } });
    expect(snapshot.handlers).toEqual(['default (export-default) -> 1']);
    expect(snapshot.perInvocationProbes).toEqual([1]);
  });

  it('configured handlerNames replace the defaults', () => {
    const code = `export const process = async (event) => { probe(); };\nexport const handler = async () => { probe(); };`;
    const snapshot = analyze(code, { settings: { 'lambda-lint': { handlerNames: ['process'] } } });
    expect(snapshot.handlers).toEqual(['process (export-variable) -> 1']);
    expect(snapshot.perInvocationProbes).toEqual([1]);
  });

  it('files without a handler export are not handler files', () => {
    for (const code of [
      `export function helper() { probe(); }`,
      `export { handler } from './impl';`,
      `const handler = () => { probe(); };`,
      `module.exports = { run: async () => { probe(); } };`,
    ]) {
      const snapshot = analyze(code);
      expect(snapshot.isHandlerFile, code).toBe(false);
      expect(snapshot.perInvocationProbes, code).toEqual([]);
    }
  });

  it('a module-scope binding named like a handler counts only when it is exported', () => {
    // The gate answers `export const handler` / `export function handler` from the scope analysis.
    for (const code of [
      `function handler() { probe(); }\nexport const other = 1;`,
      `let handler = () => { probe(); };\nexport { handler as run };`,
      `export type handler = () => void;\nconst run = () => { probe(); };`,
    ]) {
      const snapshot = analyze(code);
      expect(snapshot.isHandlerFile, code).toBe(false);
    }
    const exported = analyze(
      `const run = () => { probe(); };\nexport { run as handler };\nexport function lambdaHandler() { probe(); }`,
    );
    expect(exported.isHandlerFile).toBe(true);
    expect(exported.handlers).toEqual([
      'handler (export-specifier) -> 1',
      'lambdaHandler (export-function) -> 3',
    ]);
  });

  it('an unresolvable handler value still marks a handler file', () => {
    const snapshot = analyze(
      `import serverless from 'serverless-http';\nimport { app } from './app';\nexport const handler = serverless(app);`,
    );
    expect(snapshot.isHandlerFile).toBe(true);
    expect(snapshot.handlers).toEqual(['handler (export-variable) -> unresolved']);
  });
});

describe('weak handler name `main`', () => {
  it('a script-like main() is not a handler', () => {
    const snapshot = analyze(`export async function main() { probe(); }\nmain();`);
    expect(snapshot.isHandlerFile).toBe(false);
    expect(snapshot.perInvocationProbes).toEqual([]);
  });
  it.each([
    ['event parameter', `export async function main(event) { probe(); }`],
    ['(payload, context)', `export const main = async (payload, context) => { probe(); };`],
    [
      'typed event',
      `import type { SQSEvent } from 'aws-lambda';\nexport const main = async (input: SQSEvent) => { probe(); };`,
    ],
    [
      'typed handler',
      `import type { Handler } from 'aws-lambda';\nexport const main: Handler = async (input) => { probe(); };`,
    ],
    [
      'middy-wrapped',
      `import middy from '@middy/core';\nexport const main = middy(async (input) => { probe(); });`,
    ],
  ])('main with evidence: %s', (_name, code) => {
    const snapshot = analyze(code);
    expect(snapshot.isHandlerFile).toBe(true);
    expect(snapshot.perInvocationProbes.length).toBe(1);
  });
  it('explicit handlerNames trust main without evidence', () => {
    const snapshot = analyze(`export async function main() { probe(); }`, {
      settings: { 'lambda-lint': { handlerNames: ['main'] } },
    });
    expect(snapshot.isHandlerFile).toBe(true);
  });
});

describe('wrapped handlers', () => {
  it.each([
    [
      'middy(fn)',
      `import middy from '@middy/core';\nconst base = async (event) => { probe(); };\nexport const handler = middy(base);`,
      ['handler (export-variable) -> 2:middy'],
    ],
    [
      'middy(fn).use().use()',
      `import middy from '@middy/core';\nimport jsonBodyParser from '@middy/http-json-body-parser';\nexport const handler = middy(async (event) => { probe(); }).use(jsonBodyParser()).use({ before: async (request) => { probe(); } });`,
      ['handler (export-variable) -> 3:middy', 'handler (export-variable) -> 3:.use'],
    ],
    [
      'middy().use().handler(fn)',
      `import middy from '@middy/core';\nexport const handler = middy()\n  .use(cors())\n  .handler(async (event) => { probe(); });`,
      ['handler (export-variable) -> 4:.handler'],
    ],
    [
      'Sentry.wrapHandler',
      `import * as Sentry from '@sentry/aws-serverless';\nexport const handler = Sentry.wrapHandler(async (event) => { probe(); });`,
      ['handler (export-variable) -> 2:Sentry.wrapHandler'],
    ],
    [
      'awslambda.streamifyResponse',
      `export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => { probe(); });`,
      ['handler (export-variable) -> 1:awslambda.streamifyResponse'],
    ],
    [
      'wrap(opts, fn)',
      `const run = async (event) => { probe(); };\nexport const handler = withLogging({ level: 'info' }, run);`,
      ['handler (export-variable) -> 1:withLogging'],
    ],
    [
      'nested wrappers',
      `import middy from '@middy/core';\nexport const handler = Sentry.wrapHandler(middy(async (event) => { probe(); }));`,
      ['handler (export-variable) -> 2:Sentry.wrapHandler,middy'],
    ],
  ])('%s', (_name, code, expected) => {
    const snapshot = analyze(code);
    expect(snapshot.handlers).toEqual(expected);
    expect(snapshot.moduleScopeProbes).toEqual([]);
    expect(snapshot.perInvocationProbes.length).toBe(code.split('probe()').length - 1);
  });

  it('Powertools class-method handler bound at module scope', () => {
    const code = `import { Tracer } from '@aws-lambda-powertools/tracer';
const tracer = new Tracer();
class Lambda {
  constructor() { probe(); }
  @tracer.captureLambdaHandler()
  public async handler(event: unknown, context: unknown) { probe(); return this.process(event); }
  private process(event: unknown) { probe(); }
  private unused() { probe(); }
}
const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);`;
    const snapshot = analyze(code);
    expect(snapshot.handlers).toEqual(['handler (export-variable) -> 6:.bind']);
    // constructor runs once at module scope; `unused` is never reached
    expect(snapshot.perInvocationProbes).toEqual([6, 7]);
    expect(snapshot.moduleScopeProbes).toEqual([4, 8]);
  });
});

describe('per-invocation reachability', () => {
  it('follows helpers transitively but not module-scope-only functions', () => {
    const code = `const a = () => { probe(); b(); };
function b() { probe(); }
function setup() { probe(); }
setup();
export const handler = async (event) => { a(); };`;
    const snapshot = analyze(code);
    expect(snapshot.perInvocationProbes).toEqual([1, 2]);
    expect(snapshot.moduleScopeProbes).toEqual([3]);
  });

  it('reaches class constructors, field initializers, methods and resolvers', () => {
    const code = `class Repo {
  table = probe();
  constructor() { probe(); }
  find() { probe(); this.log(); }
  log() { probe(); }
  other() { probe(); }
  static create() { probe(); }
}
const resolvers = { Query: { user: async () => { probe(); } } };
export const handler = async (event) => {
  const repo = new Repo();
  await repo.find();
  Repo.create();
  return execute(resolvers, event);
};`;
    const snapshot = analyze(code);
    expect(snapshot.perInvocationProbes).toEqual([2, 3, 4, 5, 7, 9]);
    expect(snapshot.moduleScopeProbes).toEqual([6]);
  });

  it('functions passed as callbacks from the handler are reached', () => {
    const snapshot = analyze(`async function processRecord(record) { probe(); }
export const handler = async (event) => Promise.all(event.Records.map(processRecord));`);
    expect(snapshot.perInvocationProbes).toEqual([1]);
  });

  it('recursion and mutual recursion terminate', () => {
    const snapshot = analyze(`function a(n) { probe(); return n && b(n - 1); }
function b(n) { return a(n); }
export const handler = async () => a(3);`);
    expect(snapshot.perInvocationProbes).toEqual([1]);
  });
});

describe('resolveImport', () => {
  const resolved = (code: string, options = {}) => Object.values(analyze(code, options).constructed);
  it('ESM named, aliased, namespace and default imports', () => {
    expect(
      resolved(`import { S3Client as Storage } from '@aws-sdk/client-s3';
import * as Dynamo from '@aws-sdk/client-dynamodb';
import AWS from 'aws-sdk';
import Redis from 'ioredis';
new Storage({});
new Dynamo.DynamoDBClient({});
new AWS.DynamoDB.DocumentClient();
new Redis();`),
    ).toEqual([
      { source: '@aws-sdk/client-s3', imported: 'S3Client', members: [], kind: 'esm' },
      { source: '@aws-sdk/client-dynamodb', imported: 'DynamoDBClient', members: [], kind: 'esm' },
      { source: 'aws-sdk', imported: 'DynamoDB', members: ['DocumentClient'], kind: 'esm' },
      { source: 'ioredis', imported: 'default', members: [], kind: 'esm' },
    ]);
  });
  it('require, require destructuring, require member and aliases', () => {
    const code = `const { S3Client: Storage, DynamoDB = null } = require('@aws-sdk/client-s3');
const AWS = require('aws-sdk');
const Pool = require('pg').Pool;
const Alias = AWS.SQS;
new Storage();
new AWS.S3();
new Pool();
new Alias();
new (require('ioredis'))();`;
    for (const typescript of [true, false]) {
      expect(resolved(code, { sourceType: 'commonjs', typescript })).toEqual([
        { source: '@aws-sdk/client-s3', imported: 'S3Client', members: [], kind: 'cjs' },
        { source: 'aws-sdk', imported: 'S3', members: [], kind: 'cjs' },
        { source: 'pg', imported: 'Pool', members: [], kind: 'cjs' },
        { source: 'aws-sdk', imported: 'SQS', members: [], kind: 'cjs' },
        { source: 'ioredis', imported: 'default', members: [], kind: 'cjs' },
      ]);
    }
  });
  it('TypeScript import = require()', () => {
    expect(resolved(`import AWS = require('aws-sdk');\nnew AWS.S3();`)).toEqual([
      { source: 'aws-sdk', imported: 'S3', members: [], kind: 'esm' },
    ]);
  });
  it('a module-level import resolves at every use, a parameter of the same name does not', () => {
    const snapshot = analyze(
      `import { S3Client } from '@aws-sdk/client-s3';\nnew S3Client();\nexport const handler = async (S3Client) => {\n  new S3Client();\n};\nconst later = () => new S3Client();`,
    );
    expect(snapshot.constructed[2]).toEqual({
      source: '@aws-sdk/client-s3',
      imported: 'S3Client',
      members: [],
      kind: 'esm',
    });
    expect(snapshot.constructed[4]).toBeUndefined();
    expect(snapshot.constructed[6]).toEqual({
      source: '@aws-sdk/client-s3',
      imported: 'S3Client',
      members: [],
      kind: 'esm',
    });
  });

  it('shadowed and local names do not resolve', () => {
    expect(
      resolved(`import { S3Client } from '@aws-sdk/client-s3';
class Local {}
function f(S3Client) {
  new S3Client();
}
new Local();`),
    ).toEqual([undefined, undefined]);
  });
});
