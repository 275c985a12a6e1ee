import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import rule from '../../src/rules/no-callback-handler.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();
const cjs = { languageOptions: { sourceType: 'commonjs' as const }, filename: 'src/handler.js' };

ruleTester.run('no-callback-handler', rule, {
  valid: [
    'export const handler = async (event, context) => ({ statusCode: 200 });',
    'export async function handler(event: unknown): Promise<void> {}',
    // Callbacks in helpers and non-handler exports are not handler signatures.
    'export const handler = async (event) => new Promise((resolve) => setTimeout(resolve, 10));',
    'export function helper(a, b, callback) { callback(null, a + b); }\nexport const handler = async () => {};',
    // Not a handler file at all (no handler name, no `(event, context, callback)` signature).
    'export function process(job, options, callback) { callback(null); }',
    // `context.done` on something that is not the handler context.
    'export const handler = async (event, context) => { const job = queue.next(); job.done(); };',
    {
      code: 'exports.handler = async (event, context) => { return context.getRemainingTimeInMillis(); };',
      ...cjs,
    },
    { code: 'module.exports = { handler: async (event) => ({ ok: true }) };', ...cjs },
    // Response streaming: the third parameter of a streaming handler is the context, not a callback.
    'export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {\n  responseStream.write(context.awsRequestId);\n  responseStream.end();\n});',
    {
      code: 'module.exports.handler = awslambda.streamifyResponse(async function (event, responseStream, context) {\n  responseStream.end();\n});',
      ...cjs,
    },
    // Declared apart and wrapped at the export; the stream wrapped into an HttpResponseStream.
    'const stream = async (event, responseStream, context) => {\n  const out = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200 });\n  out.end(context.functionName);\n};\nexport const handler = awslambda.streamifyResponse(stream);',
    // An unwrapped handler whose second parameter becomes an HttpResponseStream is a streaming handler too.
    'export async function handler(event, responseStream, context) {\n  const body = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200 });\n  body.end();\n}',
  ],
  invalid: [
    {
      name: 'CommonJS callback handler converted to async (suggestion)',
      code: 'exports.handler = function (event, context, callback) {\n  const body = JSON.stringify({ ok: true });\n  callback(null, { statusCode: 200, body });\n};',
      ...cjs,
      errors: [
        {
          messageId: 'callbackHandler',
          line: 1,
          column: 45,
          endLine: 1,
          endColumn: 53,
          data: { name: 'callback' },
          suggestions: [
            {
              messageId: 'convertToAsync',
              data: { name: 'callback' },
              output:
                'exports.handler = async function (event, context) {\n  const body = JSON.stringify({ ok: true });\n  return { statusCode: 200, body };\n};',
            },
          ],
        },
      ],
    },
    {
      name: 'early return of callback and error path become return / throw (ESM arrow)',
      code: "export const handler = (event, context, cb) => {\n  if (!event.id) return cb(new Error('missing id'));\n  if (event.skip) {\n    cb(null);\n    return;\n  }\n  cb(null, event.id);\n};",
      errors: [
        {
          messageId: 'callbackHandler',
          line: 1,
          column: 41,
          suggestions: [
            {
              messageId: 'convertToAsync',
              output:
                "export const handler = async (event, context) => {\n  if (!event.id) throw new Error('missing id');\n  if (event.skip) {\n    return;\n  }\n  return event.id;\n};",
            },
          ],
        },
      ],
    },
    {
      name: 'callback used inside a nested SDK callback: reported without a suggestion',
      code: "const AWS = require('aws-sdk');\nconst s3 = new AWS.S3();\nexports.handler = (event, context, callback) => {\n  s3.getObject({ Bucket: 'b', Key: event.key }, (err, data) => callback(err, data));\n};",
      ...cjs,
      errors: [{ messageId: 'callbackHandler', line: 3, column: 36, suggestions: [] }],
    },
    {
      name: 'async handler that also declares an unused callback (TS)',
      code: "import type { Context } from 'aws-lambda';\nexport async function handler(event: unknown, context: Context, callback: unknown): Promise<string> {\n  return 'ok';\n}",
      errors: [
        {
          messageId: 'asyncWithCallback',
          line: 2,
          column: 65,
          endColumn: 82,
          suggestions: [
            {
              messageId: 'removeCallbackParameter',
              output:
                "import type { Context } from 'aws-lambda';\nexport async function handler(event: unknown, context: Context): Promise<string> {\n  return 'ok';\n}",
            },
          ],
        },
      ],
    },
    {
      name: 'async handler calling its callback: no suggestion',
      code: 'export const handler = async (event, context, done) => { await work(); done(null, 1); };',
      errors: [{ messageId: 'asyncWithCallback', column: 47, suggestions: [] }],
    },
    {
      name: 'legacy context methods and callbackWaitsForEmptyEventLoop',
      code: "exports.handler = (event, context) => {\n  context.callbackWaitsForEmptyEventLoop = false;\n  if (event.bad) context.fail(new Error('bad'));\n  else context.succeed({ ok: true });\n};",
      ...cjs,
      errors: [
        { messageId: 'callbackWaitsForEmptyEventLoop', line: 2, column: 3, endColumn: 41, suggestions: [] },
        { messageId: 'contextMethod', line: 3, column: 18, endColumn: 30, data: { method: 'fail' } },
        { messageId: 'contextMethod', line: 4, column: 8, data: { method: 'succeed' } },
      ],
    },
    {
      name: 'callbackWaitsForEmptyEventLoop in an async handler can be removed',
      code: 'export const handler = async (event, ctx) => {\n  ctx.callbackWaitsForEmptyEventLoop = false;\n  return pool.query(event.sql);\n};',
      errors: [
        {
          messageId: 'callbackWaitsForEmptyEventLoop',
          line: 2,
          suggestions: [
            {
              messageId: 'removeStatement',
              output:
                'export const handler = async (event, ctx) => {\n  \n  return pool.query(event.sql);\n};',
            },
          ],
        },
      ],
    },
    {
      name: 'handler exported through module.exports = { handler } and wrapped by middy',
      code: "const middy = require('@middy/core');\nconst base = (event, context, callback) => callback(null, 1);\nmodule.exports = { handler: middy(base) };",
      ...cjs,
      errors: [{ messageId: 'callbackHandler', line: 2, column: 31, suggestions: null }],
    },
    {
      name: 'context.done in an ESM function declaration',
      code: 'export function handler(event, context) {\n  context.done(null, event);\n}',
      errors: [{ messageId: 'contextMethod', line: 2, column: 3, data: { method: 'done' } }],
    },
    {
      name: 'context.done() in a streaming handler is the legacy completion method (third parameter is the context)',
      code: 'export const handler = awslambda.streamifyResponse(async (event, responseStream, ctx) => {\n  ctx.done();\n});',
      errors: [{ messageId: 'contextMethod', line: 2, column: 3, data: { method: 'done' } }],
    },
  ],
});
