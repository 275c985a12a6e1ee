import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';

// Exports not named like handlers are handlers when their signature is a Lambda handler's.
describe('handler signature fallback', () => {
  it.each([
    [
      'module.exports.createUser = async (event, context)',
      `module.exports.createUser = async (event, context) => { probe(); };`,
      'commonjs',
      'createUser (exports-property) -> 1',
    ],
    [
      'exports.func with a callback',
      `exports.func = function (event, context, callback) { probe(); };`,
      'commonjs',
      'func (exports-property) -> 1',
    ],
    [
      'module.exports.backup = backup (declared apart)',
      `async function backup(event, context) { probe(); }\nmodule.exports.backup = backup;`,
      'commonjs',
      'backup (exports-property) -> 1',
    ],
    [
      'module.exports = { createUser }',
      `const createUser = async (_event, _context) => { probe(); };\nmodule.exports = { createUser };`,
      'commonjs',
      'createUser (module-exports-object) -> 1',
    ],
    [
      'aws-lambda types on the parameters',
      `import type { APIGatewayProxyEvent, Context } from 'aws-lambda';\nexport const createUser = async (request: APIGatewayProxyEvent, lambdaContext: Context) => { probe(); };`,
      'module',
      'createUser (export-variable) -> 2',
    ],
    [
      'an aws-lambda handler type on the export',
      `import type { SQSHandler } from 'aws-lambda';\nexport const drain: SQSHandler = async (batch) => { probe(); };`,
      'module',
      'drain (export-variable) -> 2',
    ],
    [
      'Handler<…> through a namespace import',
      `import type * as lambda from 'aws-lambda';\nexport const run: lambda.Handler<unknown, void> = async (input) => { probe(); };`,
      'module',
      'run (export-variable) -> 2',
    ],
  ])('%s', (_name, code, sourceType, expected) => {
    const snapshot = analyze(code, { sourceType: sourceType as 'module' | 'commonjs' });
    expect(snapshot.isHandlerFile).toBe(true);
    expect(snapshot.handlers).toEqual([expected]);
    expect(snapshot.perInvocationProbes.length).toBe(1);
  });

  it.each([
    ['an Express middleware (req, res, next)', `export function auth(req, res, next) { probe(); next(); }`],
    ['a two-argument helper (a, b)', `export const add = (a, b) => { probe(); return a + b; };`],
    ['a React component', `export function Button(props) { probe(); return null; }`],
    ['props destructured as { event, context }', `export const Row = ({ event, context }) => { probe(); };`],
    ['an event helper with other parameters', `export function parse(event, options) { probe(); }`],
    ['Koa middleware (ctx, next)', `export const timing = async (ctx, next) => { probe(); await next(); };`],
    [
      'a helper taking an aws-lambda result type',
      `import type { APIGatewayProxyResult } from 'aws-lambda';\nexport function send(result: APIGatewayProxyResult, status: number) { probe(); }`,
    ],
    [
      'an express RequestHandler type',
      `import type { RequestHandler } from 'express';\nexport const list: RequestHandler = (req, res) => { probe(); };`,
    ],
    [
      'a local Context type',
      `interface Context { user: string }\nexport function audit(input: string, context: Context, extra: number, more: number) { probe(); }`,
    ],
  ])('not a handler: %s', (_name, code) => {
    const snapshot = analyze(code);
    expect(snapshot.isHandlerFile).toBe(false);
    expect(snapshot.handlers).toEqual([]);
    expect(snapshot.perInvocationProbes).toEqual([]);
  });

  it('is off when the project layer names the handler exports', () => {
    const snapshot = analyze(
      `export const createUser = async (event, context) => { probe(); };\nexport const getUser = async (event, context) => { probe(); };`,
      {
        settings: {
          'lambda-lint': {
            project: {
              handlers: [{ exportName: 'getUser', functions: [] }],
              perInvocationExports: [],
              environments: [],
            },
          },
        },
      },
    );
    expect(snapshot.handlers).toEqual(['getUser (export-variable) -> 2']);
    expect(snapshot.perInvocationProbes).toEqual([2]);
  });
});
