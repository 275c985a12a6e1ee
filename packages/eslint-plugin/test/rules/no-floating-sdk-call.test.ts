import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import rule, { TYPE_INFO_MISSING } from '../../src/rules/no-floating-sdk-call.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const espree = createRequire(createRequire(import.meta.url).resolve('eslint'))('espree') as object;
const ruleTester = new RuleTester();
const js = { languageOptions: { parser: espree }, filename: 'handler.js' } as const;
const cjs = {
  languageOptions: { parser: espree, sourceType: 'commonjs' as const },
  filename: 'handler.cjs',
} as const;

const message = (call: string): string =>
  `\`${call}\` starts a request whose promise is not awaited, returned or collected: Lambda freezes the execution environment as soon as the handler returns, so this work may never finish (or finishes during a later invocation) and its errors are lost. \`await\` it, return it, or collect it and \`await Promise.all(…)\`; write \`void ${call}\` only if losing it is acceptable.`;

const S3_IMPORTS = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\n`;

ruleTester.run('no-floating-sdk-call', rule, {
  valid: [
    {
      name: 'awaited',
      code: `${S3_IMPORTS}export const handler = async () => { await s3.send(new PutObjectCommand({})); };`,
    },
    {
      name: 'returned',
      code: `${S3_IMPORTS}export const handler = async () => { return s3.send(new PutObjectCommand({})); };`,
    },
    {
      name: 'arrow body',
      code: `${S3_IMPORTS}export const handler = async () => s3.send(new PutObjectCommand({}));`,
    },
    {
      name: 'collected into Promise.all',
      code: `${S3_IMPORTS}export const handler = async (event) => {
  await Promise.all(event.Records.map((record) => s3.send(new PutObjectCommand({ Key: record.id }))));
  await Promise.allSettled([s3.send(new PutObjectCommand({})), fetch('https://example.com')]);
};`,
    },
    {
      name: 'assigned, then awaited later',
      code: `${S3_IMPORTS}export const handler = async () => { const upload = s3.send(new PutObjectCommand({})); await upload; };`,
    },
    {
      name: 'pushed to an array',
      code: `${S3_IMPORTS}export const handler = async () => { const pending = []; pending.push(s3.send(new PutObjectCommand({}))); await Promise.all(pending); };`,
    },
    {
      name: 'handled .then/.catch chain',
      code: `export const handler = async () => { await fetch('https://example.com').then((response) => response.json()).catch(() => null); };`,
    },
    {
      name: 'explicit void',
      code: `export const handler = async () => { void fetch('https://example.com/ping'); };`,
    },
    {
      name: 'module scope call is not per-invocation',
      code: `${S3_IMPORTS}s3.send(new PutObjectCommand({}));\nexport const handler = async () => {};`,
    },
    {
      name: 'not a handler file',
      code: `${S3_IMPORTS}export function upload() { s3.send(new PutObjectCommand({})); }`,
    },
    {
      name: 'unrelated .send() and callbacks',
      code: `import express from 'express';
export const handler = async (event, socket) => { socket.send('hello'); [1, 2].forEach(() => {}); };`,
    },
    {
      name: 'a local function named fetch',
      code: `const fetch = (url) => url;\nexport const handler = async () => { fetch('x'); };`,
    },
    {
      name: 'aggregated v3 client with a callback',
      code: `import { S3 } from '@aws-sdk/client-s3';\nconst s3 = new S3({});\nexport const handler = (event, context, done) => { s3.listBuckets({}, done); };`,
    },
    {
      name: 'awaited .promise() (SDK v2, CommonJS)',
      code: `const AWS = require('aws-sdk');\nconst sqs = new AWS.SQS();\nexports.handler = async () => { await sqs.sendMessage({}).promise(); };`,
      ...cjs,
    },
  ],
  invalid: [
    {
      name: 'floating promise behind a logical operator gets no await suggestion',
      code: `export const handler = async (event) => { event.ok || fetch('https://a'); };`,
      errors: [{ messageId: 'floatingCall', data: { call: 'fetch(…)' }, suggestions: [] }],
    },
    {
      name: 'floating client.send in an async handler, with the await suggestion',
      code: `${S3_IMPORTS}export const handler = async (event) => {
  s3.send(new PutObjectCommand({ Bucket: 'b', Key: event.key }));
  return { statusCode: 202 };
};`,
      errors: [
        {
          message: message('s3.send(…)'),
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'addAwait',
              output: `${S3_IMPORTS}export const handler = async (event) => {
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: event.key }));
  return { statusCode: 202 };
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'floating .promise() in CommonJS (SDK v2)',
      code: `const AWS = require('aws-sdk');
const sqs = new AWS.SQS();
exports.handler = async (event) => {
  sqs.sendMessage({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' }).promise();
};`,
      ...cjs,
      errors: [
        {
          messageId: 'floatingCall',
          data: { call: 'sqs.sendMessage(…).promise(…)' },
          line: 4,
          suggestions: [
            {
              messageId: 'addAwait',
              output: `const AWS = require('aws-sdk');
const sqs = new AWS.SQS();
exports.handler = async (event) => {
  await sqs.sendMessage({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' }).promise();
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'floating fetch with an unhandled .then chain, in a helper reached from the handler (no suggestion: not async)',
      code: `function notify(url) {
  fetch(url).then((response) => response.json());
}
export async function handler(event) { notify(event.url); }`,
      ...js,
      errors: [{ messageId: 'floatingCall', data: { call: 'fetch(…)' }, line: 2, suggestions: [] }],
    },
    {
      name: 'aggregated v3 client method and a command held in a variable',
      code: `import { DynamoDB } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const ddb = new DynamoDB({});
const doc = DynamoDBDocumentClient.from(ddb);
export const handler = async () => {
  ddb.putItem({ TableName: 't', Item: {} });
  const put = new PutCommand({ TableName: 't', Item: {} });
  this.clients.doc.send(put);
};`,
      errors: [
        {
          messageId: 'floatingCall',
          line: 6,
          suggestions: [
            {
              messageId: 'addAwait',
              output: `import { DynamoDB } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const ddb = new DynamoDB({});
const doc = DynamoDBDocumentClient.from(ddb);
export const handler = async () => {
  await ddb.putItem({ TableName: 't', Item: {} });
  const put = new PutCommand({ TableName: 't', Item: {} });
  this.clients.doc.send(put);
};`,
            },
          ],
        },
        {
          messageId: 'floatingCall',
          line: 8,
          suggestions: [
            {
              messageId: 'addAwait',
              output: `import { DynamoDB } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const ddb = new DynamoDB({});
const doc = DynamoDBDocumentClient.from(ddb);
export const handler = async () => {
  ddb.putItem({ TableName: 't', Item: {} });
  const put = new PutCommand({ TableName: 't', Item: {} });
  await this.clients.doc.send(put);
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'discarded element of a sequence expression, in a middy-wrapped handler',
      code: `import middy from '@middy/core';
export const handler = middy(async () => { (fetch('https://a'), 1); });`,
      errors: [
        {
          messageId: 'floatingCall',
          line: 2,
          suggestions: [
            {
              messageId: 'addAwait',
              output: `import middy from '@middy/core';
export const handler = middy(async () => { (await fetch('https://a'), 1); });`,
            },
          ],
        },
      ],
    },
  ],
});

const typedFixture = fileURLToPath(new URL('../typed-fixture/', import.meta.url));
const typedTester = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedFixture } },
});

typedTester.run('no-floating-sdk-call (typeAware)', rule, {
  valid: [
    {
      name: 'typeAware: awaited promise-returning helper',
      code: `async function save(): Promise<void> {}\nexport const handler = async () => { await save(); };`,
      options: [{ typeAware: true }],
    },
    {
      name: 'typeAware: synchronous call is fine',
      code: `function log(): void {}\nexport const handler = async () => { log(); };`,
      options: [{ typeAware: true }],
    },
    {
      name: 'without typeAware, arbitrary promises are not checked even with type information',
      code: `async function save(): Promise<void> {}\nexport const handler = async () => { save(); };`,
    },
  ],
  invalid: [
    {
      name: 'typeAware: any floating Promise in the handler',
      code: `async function save(): Promise<void> {}\nexport const handler = async () => { save(); };`,
      options: [{ typeAware: true }],
      errors: [
        {
          messageId: 'floatingCall',
          data: { call: 'save(…)' },
          line: 2,
          suggestions: [
            {
              messageId: 'addAwait',
              output: `async function save(): Promise<void> {}\nexport const handler = async () => { await save(); };`,
            },
          ],
        },
      ],
    },
  ],
});

describe('typeAware without type information', () => {
  it('fails loudly instead of silently switching to syntactic mode', () => {
    const linter = new Linter({ configType: 'flat' });
    const messages = () =>
      linter.verify('export const handler = async () => {};', [
        { plugins: { l: { rules: { r: rule as never } } }, rules: { 'l/r': ['error', { typeAware: true }] } },
      ]);
    expect(messages).toThrow(TYPE_INFO_MISSING);
  });
});
