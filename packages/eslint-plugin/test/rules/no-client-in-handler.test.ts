import { createRequire } from 'node:module';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-client-in-handler.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// ESLint's own JavaScript parser, so JS cases are parsed exactly as `eslint` parses .js files.
const espree = createRequire(createRequire(import.meta.url).resolve('eslint'))('espree') as object;

const ruleTester = new RuleTester();
const js = { languageOptions: { parser: espree }, filename: 'handler.js' } as const;
const cjs = {
  languageOptions: { parser: espree, sourceType: 'commonjs' as const },
  filename: 'handler.cjs',
} as const;
const tsCjs = { languageOptions: { sourceType: 'commonjs' as const }, filename: 'handler.cts' } as const;

const AWS_WHY =
  're-resolves credentials and opens new TLS connections on every call, which adds latency to every warm invocation';
const DB_WHY =
  'opens a new connection on every call: warm invocations pay the connection setup again, and under concurrency the open connections exhaust the database limit';

/** One construction per case, inside a handler; `hoisted` is the module-scope name the suggestion introduces. */
interface FamilyCase {
  name: string;
  imports: string;
  expression: string;
  hoisted: string;
  client: string;
  why?: string;
  commonjs?: boolean;
}
const HTTP_WHY = 'throws away the keep-alive connection pool, so every call pays new TCP and TLS handshakes';
const OTHER_WHY =
  're-creates its connections and configuration on every call, which slows every warm invocation';
const FAMILY_CASES: FamilyCase[] = [
  {
    name: 'namespace import',
    imports: `import * as sqs from '@aws-sdk/client-sqs';`,
    expression: 'new sqs.SQSClient({})',
    hoisted: 'sqsClient',
    client: 'new sqs.SQSClient()',
    why: AWS_WHY,
  },
  {
    name: 'aliased import',
    imports: `import { SNSClient as Notifications } from '@aws-sdk/client-sns';`,
    expression: 'new Notifications({})',
    hoisted: 'snsClient',
    client: 'new Notifications()',
    why: AWS_WHY,
  },
  {
    name: 'aggregated v3 client',
    imports: `import { S3 } from '@aws-sdk/client-s3';`,
    expression: 'new S3({})',
    hoisted: 's3Client',
    client: 'new S3()',
    why: AWS_WHY,
  },
  {
    name: 'SDK v2 AWS.S3 (require)',
    imports: `const AWS = require('aws-sdk');`,
    expression: 'new AWS.S3()',
    hoisted: 's3Client',
    client: 'new AWS.S3()',
    why: AWS_WHY,
    commonjs: true,
  },
  {
    name: 'SDK v2 DocumentClient (require destructuring)',
    imports: `const { DynamoDB } = require('aws-sdk');`,
    expression: 'new DynamoDB.DocumentClient()',
    hoisted: 'documentClient',
    client: 'new DynamoDB.DocumentClient()',
    why: AWS_WHY,
    commonjs: true,
  },
  {
    name: 'SDK v2 per-service require',
    imports: `const Lambda = require('aws-sdk/clients/lambda');`,
    expression: 'new Lambda()',
    hoisted: 'lambdaClient',
    client: 'new Lambda()',
    why: AWS_WHY,
    commonjs: true,
  },
  {
    name: 'SDK v2 named import',
    imports: `import { SQS } from 'aws-sdk';`,
    expression: 'new SQS()',
    hoisted: 'sqsClient',
    client: 'new SQS()',
    why: AWS_WHY,
  },
  {
    name: 'pg default import',
    imports: `import pg from 'pg';`,
    expression: 'new pg.Pool()',
    hoisted: 'pool',
    client: 'new pg.Pool()',
    why: DB_WHY,
  },
  {
    name: 'pg require destructuring',
    imports: `const { Client } = require('pg');`,
    expression: 'new Client()',
    hoisted: 'client',
    client: 'new Client()',
    why: DB_WHY,
    commonjs: true,
  },
  {
    name: 'mysql2 createConnection',
    imports: `import mysql from 'mysql2/promise';`,
    expression: 'mysql.createConnection({})',
    hoisted: 'connection',
    client: 'mysql.createConnection()',
    why: DB_WHY,
  },
  {
    name: 'MongoClient.connect',
    imports: `import { MongoClient } from 'mongodb';`,
    expression: "MongoClient.connect('mongodb://db')",
    hoisted: 'connection',
    client: 'MongoClient.connect()',
    why: DB_WHY,
  },
  {
    name: 'mongoose.connect',
    imports: `const mongoose = require('mongoose');`,
    expression: 'mongoose.connect(process.env.URI)',
    hoisted: 'connection',
    client: 'mongoose.connect()',
    why: DB_WHY,
    commonjs: true,
  },
  {
    name: 'ioredis',
    imports: `import Redis from 'ioredis';`,
    expression: 'new Redis()',
    hoisted: 'redisClient',
    client: 'new Redis()',
    why: DB_WHY,
  },
  {
    name: 'redis createClient',
    imports: `import { createClient } from 'redis';`,
    expression: 'createClient()',
    hoisted: 'client',
    client: 'createClient()',
    why: DB_WHY,
  },
  {
    name: 'PrismaClient',
    imports: `import { PrismaClient } from '@prisma/client';`,
    expression: 'new PrismaClient()',
    hoisted: 'prismaClient',
    client: 'new PrismaClient()',
    why: DB_WHY,
  },
  {
    name: 'knex',
    imports: `import knex from 'knex';`,
    expression: "knex({ client: 'pg' })",
    hoisted: 'knexClient',
    client: 'knex()',
    why: DB_WHY,
  },
  {
    name: 'require(knex)(config)',
    imports: ``,
    expression: "require('knex')({ client: 'pg' })",
    hoisted: 'client',
    client: "require('knex')()",
    why: DB_WHY,
    commonjs: true,
  },
  {
    name: 'Sequelize',
    imports: `import { Sequelize } from 'sequelize';`,
    expression: "new Sequelize('postgres://db')",
    hoisted: 'sequelizeClient',
    client: 'new Sequelize()',
    why: DB_WHY,
  },
  {
    name: 'serverless-mysql',
    imports: `const mysql = require('serverless-mysql');`,
    expression: 'mysql({ config: {} })',
    hoisted: 'mysqlClient',
    client: 'mysql()',
    why: DB_WHY,
    commonjs: true,
  },
  {
    name: 'axios.create',
    imports: `import axios from 'axios';`,
    expression: 'axios.create({})',
    hoisted: 'axiosClient',
    client: 'axios.create()',
    why: HTTP_WHY,
  },
  {
    name: 'got.extend',
    imports: `import got from 'got';`,
    expression: 'got.extend({})',
    hoisted: 'gotClient',
    client: 'got.extend()',
    why: HTTP_WHY,
  },
  {
    name: 'undici Pool',
    imports: `import { Pool } from 'undici';`,
    expression: "new Pool('https://api.example.com')",
    hoisted: 'pool',
    client: 'new Pool()',
    why: HTTP_WHY,
  },
  {
    name: 'undici Agent',
    imports: `import { Agent } from 'undici';`,
    expression: 'new Agent()',
    hoisted: 'agent',
    client: 'new Agent()',
    why: HTTP_WHY,
  },
  {
    name: 'node:https Agent',
    imports: `import https from 'node:https';`,
    expression: 'new https.Agent({ keepAlive: true })',
    hoisted: 'agent',
    client: 'new https.Agent()',
    why: HTTP_WHY,
  },
  {
    name: 'QLDB driver (name suffix)',
    imports: `import { QldbDriver } from 'amazon-qldb-driver-nodejs';`,
    expression: "new QldbDriver('ledger')",
    hoisted: 'qldbDriver',
    client: 'new QldbDriver()',
    why: OTHER_WHY,
  },
  {
    name: 'Slack WebClient (name suffix)',
    imports: `import { WebClient } from '@slack/web-api';`,
    expression: 'new WebClient(process.env.SLACK_TOKEN)',
    hoisted: 'webClient',
    client: 'new WebClient()',
    why: OTHER_WHY,
  },
  {
    name: 'GraphQLClient (name suffix)',
    imports: `import { GraphQLClient } from 'graphql-request';`,
    expression: "new GraphQLClient('https://api.example.com/graphql')",
    hoisted: 'graphQLClient',
    client: 'new GraphQLClient()',
    why: OTHER_WHY,
  },
  {
    name: 'LangChain chat model',
    imports: `import { ChatBedrockConverse } from '@langchain/aws';`,
    expression: "new ChatBedrockConverse({ model: 'anthropic.claude' })",
    hoisted: 'chatBedrockConverseClient',
    client: 'new ChatBedrockConverse()',
    why: HTTP_WHY,
  },
  {
    name: 'connection factory from a package',
    imports: `import { connect } from '@planetscale/database';`,
    expression: 'connect({ url: process.env.DATABASE_URL })',
    hoisted: 'connection',
    client: 'connect()',
    why: DB_WHY,
  },
];

const familyCases = FAMILY_CASES.map((testCase) => {
  const prefix = testCase.imports ? `${testCase.imports}\n` : '';
  const exportLine = testCase.commonjs
    ? 'exports.handler = async (event) => {'
    : 'export const handler = async (event) => {';
  return {
    name: `client family: ${testCase.name}`,
    code: `${prefix}${exportLine}\n  return ${testCase.expression};\n};`,
    ...(testCase.commonjs ? cjs : js),
    errors: [
      {
        messageId: 'clientInHandler' as const,
        line: testCase.imports ? 3 : 2,
        column: 10,
        data: { client: testCase.client, why: testCase.why },
        suggestions: [
          {
            messageId: 'hoistToModuleScope' as const,
            data: { client: testCase.client },
            output: `${prefix}const ${testCase.hoisted} = ${testCase.expression};\n${exportLine}\n  return ${testCase.hoisted};\n};`,
          },
        ],
      },
    ],
  };
});

describe('message text', () => {
  it('says what is wrong, why, and what to write instead', () => {
    const template = rule.meta.messages.clientInHandler;
    const message = template.replaceAll('{{client}}', 'new S3Client()').replace('{{why}}', AWS_WHY);
    expect(message).toBe(
      '`new S3Client()` runs on every invocation of the Lambda handler: a new client re-resolves credentials and opens new TLS connections on every call, which adds latency to every warm invocation. Create it once at module scope (outside the handler) and reuse it, or initialise it lazily into a module-scope variable (`client ??= new S3Client()`).',
    );
  });
});

ruleTester.run('no-client-in-handler', rule, {
  valid: [
    {
      name: 'module scope client (the recommended pattern)',
      code: `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => s3.send(new GetObjectCommand({ Bucket: 'b', Key: event.key }));`,
    },
    {
      name: 'commands, errors and non-client classes are not clients',
      code: `import { PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
export const handler = async (event) => { new PutObjectCommand({}); new Upload({}); new Date(); new Map(); new URL(event.url); };`,
    },
    {
      name: 'lazy init with ??=',
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
let client;
export const handler = async () => { client ??= new DynamoDBClient({}); return client; };`,
    },
    {
      name: 'lazy init with if (!client)',
      code: `import { Pool } from 'pg';
let pool: Pool | undefined;
export async function handler(event: unknown) {
  if (!pool) pool = new Pool({ connectionString: process.env.DATABASE_URL });
  return pool.query('select 1');
}`,
    },
    {
      name: 'lazy init with client = client || new X()',
      code: `const { MongoClient } = require('mongodb');
let mongo = null;
exports.handler = async () => { mongo = mongo || new MongoClient(process.env.URI); };`,
      ...cjs,
    },
    {
      name: 'memoising getter assigning to module scope, with an early return, reached from the handler',
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
let documentClient: DynamoDBDocumentClient | undefined;
function getClient() {
  if (documentClient) return documentClient;
  const base = new DynamoDBClient({});
  documentClient = DynamoDBDocumentClient.from(base);
  return documentClient;
}
export const handler = async () => getClient().send(command);`,
    },
    {
      name: 'guarded block building a wrapped client',
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
let doc;
export const handler = async () => {
  if (doc === undefined) {
    const base = new DynamoDBClient({});
    doc = DynamoDBDocumentClient.from(base);
  }
};`,
    },
    {
      name: 'keyed module-scope cache for event-dependent clients',
      code: `import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
const clients = new Map();
export const handler = async (event) => {
  const endpoint = \`https://\${event.requestContext.domainName}/\${event.requestContext.stage}\`;
  if (!clients.has(endpoint)) clients.set(endpoint, new ApiGatewayManagementApiClient({ endpoint }));
  return clients.get(endpoint);
};`,
    },
    {
      name: 'event-dependent client is not reported by default',
      code: `import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
export const handler = async (event) => {
  const client = new ApiGatewayManagementApiClient({ endpoint: \`https://\${event.requestContext.domainName}/\${event.requestContext.stage}\` });
};`,
    },
    {
      name: 'connect() on an existing module-scope client',
      code: `import { MongoClient } from 'mongodb';
const mongo = new MongoClient(process.env.URI!);
export const handler = async () => { await mongo.connect(); };`,
    },
    {
      name: 'client built in a function only used at module scope',
      code: `import { SQSClient } from '@aws-sdk/client-sqs';
function makeClient() { return new SQSClient({}); }
const sqs = makeClient();
export const handler = async () => sqs;`,
    },
    {
      name: 'not a handler file',
      code: `import { S3Client } from '@aws-sdk/client-s3';
export function createClient() { return new S3Client({}); }`,
    },
    {
      name: 'locally declared class named like a client (not imported)',
      code: `class FakeClient {}
export const handler = async () => new FakeClient();`,
    },
    {
      name: 'shadowed import name',
      code: `import { S3Client } from '@aws-sdk/client-s3';
export const handler = async (event, S3Client) => new S3Client();`,
    },
    {
      name: "relative imports are the project's own code",
      code: `import { DbClient } from './db-client';
export const handler = async () => new DbClient();`,
    },
    {
      name: 'Node built-in connect is not a connection factory',
      code: `import net from 'node:net';
export const handler = async () => { net.connect(80, 'example.com'); };`,
    },
    {
      name: 'script-like main() without Lambda evidence is not a handler',
      code: `import { S3Client } from '@aws-sdk/client-s3';
export async function main() { new S3Client({}); }`,
    },
    {
      name: 'CommonJS module scope client',
      code: `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
module.exports.handler = async (event) => s3.getObject({}).promise();`,
      ...cjs,
    },
  ],
  invalid: [
    {
      name: 'SDK v3 client in an arrow handler (TS, ESM), with hoist suggestion moving the declaration',
      code: `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
export const handler = async (event: { key: string }) => {
  const s3 = new S3Client({ region: process.env.AWS_REGION });
  return s3.send(new GetObjectCommand({ Bucket: 'b', Key: event.key }));
};`,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { client: 'new S3Client()', why: AWS_WHY },
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              data: { client: 'new S3Client()' },
              output: `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({ region: process.env.AWS_REGION });
export const handler = async (event: { key: string }) => {
  return s3.send(new GetObjectCommand({ Bucket: 'b', Key: event.key }));
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'inline use gets a new module-scope constant',
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export async function handler(event) {
  return new DynamoDBClient({}).send(command);
}`,
      ...js,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 3,
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              data: { client: 'new DynamoDBClient()' },
              output: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const dynamoDBClient = new DynamoDBClient({});
export async function handler(event) {
  return dynamoDBClient.send(command);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'no suggestion when the arguments reference handler locals',
      code: `import { S3Client } from '@aws-sdk/client-s3';
export const handler = async () => {
  const region = process.env.AWS_REGION;
  const s3 = new S3Client({ region });
};`,
      errors: [{ messageId: 'clientInHandler', line: 4, suggestions: [] }],
    },
    ...familyCases,
    {
      name: 'SDK v2 in TypeScript CommonJS with import = require',
      code: `import AWS = require('aws-sdk');
export const handler = async () => new AWS.SQS();`,
      ...tsCjs,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 2,
          column: 36,
          data: { client: 'new AWS.SQS()', why: AWS_WHY },
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              output: `import AWS = require('aws-sdk');
const sqsClient = new AWS.SQS();
export const handler = async () => sqsClient;`,
            },
          ],
        },
      ],
    },
    {
      name: 'aggregated v3 client and DynamoDBDocumentClient.from with a nested client',
      code: `import { DynamoDB } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const handler = async (event) => {
  const options = { convertEmptyValues: true };
  const ddb = DynamoDBDocumentClient.from(new DynamoDB({}), options);
};`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          column: 15,
          endColumn: 42,
          data: { client: 'DynamoDBDocumentClient.from()', why: AWS_WHY },
        },
        {
          messageId: 'clientInHandler',
          line: 5,
          column: 43,
          endColumn: 55,
          data: { client: 'new DynamoDB()', why: AWS_WHY },
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              data: { client: 'new DynamoDB()' },
              output: `import { DynamoDB } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const dynamoDBClient = new DynamoDB({});
export const handler = async (event) => {
  const options = { convertEmptyValues: true };
  const ddb = DynamoDBDocumentClient.from(dynamoDBClient, options);
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'user-configured constructors and factories',
      code: `import { Database } from '@acme/db';
import { openSession } from './session';
import * as vendor from 'vendor-sdk';
export const handler = async (event) => {
  const settings = {};
  new Database(settings);
  openSession(settings);
  vendor.Api.create(settings);
  new vendor.Other(settings);
};`,
      options: [{ additionalClients: ['@acme/db#Database', 'openSession', 'vendor-sdk#Api.create'] }],
      errors: [6, 7, 8].map((line) => ({ messageId: 'clientInHandler' as const, line, suggestions: [] })),
    },
    {
      name: 'helpers, resolvers and class constructors reached from the handler',
      code: `import { S3Client } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
import { SQSClient } from '@aws-sdk/client-sqs';
class Repository {
  pool = new Pool();
  constructor() { this.s3 = new S3Client({}); }
}
function enqueue() { return new SQSClient({}); }
const resolvers = { Query: { items: () => new Repository() } };
export const handler = async (event) => { enqueue(); return graphql(resolvers, event); };`,
      ...js,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: { client: 'new Pool()', why: DB_WHY },
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              output: `import { S3Client } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
import { SQSClient } from '@aws-sdk/client-sqs';
const sharedPool = new Pool();
class Repository {
  pool = sharedPool;
  constructor() { this.s3 = new S3Client({}); }
}
function enqueue() { return new SQSClient({}); }
const resolvers = { Query: { items: () => new Repository() } };
export const handler = async (event) => { enqueue(); return graphql(resolvers, event); };`,
            },
          ],
        },
        {
          messageId: 'clientInHandler',
          line: 6,
          data: { client: 'new S3Client()', why: AWS_WHY },
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              output: `import { S3Client } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
import { SQSClient } from '@aws-sdk/client-sqs';
const s3Client = new S3Client({});
class Repository {
  pool = new Pool();
  constructor() { this.s3 = s3Client; }
}
function enqueue() { return new SQSClient({}); }
const resolvers = { Query: { items: () => new Repository() } };
export const handler = async (event) => { enqueue(); return graphql(resolvers, event); };`,
            },
          ],
        },
        {
          messageId: 'clientInHandler',
          line: 8,
          data: { client: 'new SQSClient()', why: AWS_WHY },
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              output: `import { S3Client } from '@aws-sdk/client-s3';
import { Pool } from 'pg';
import { SQSClient } from '@aws-sdk/client-sqs';
class Repository {
  pool = new Pool();
  constructor() { this.s3 = new S3Client({}); }
}
const sqsClient = new SQSClient({});
function enqueue() { return sqsClient; }
const resolvers = { Query: { items: () => new Repository() } };
export const handler = async (event) => { enqueue(); return graphql(resolvers, event); };`,
            },
          ],
        },
      ],
    },
    {
      name: 'event-dependent client with reportEventDependent',
      code: `import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
export const handler = async (event) => {
  const { domainName, stage } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: \`https://\${domainName}/\${stage}\` });
};`,
      options: [{ reportEventDependent: true }],
      errors: [
        {
          messageId: 'eventDependentClient',
          line: 4,
          data: { client: 'new ApiGatewayManagementApiClient()', why: AWS_WHY, dependency: 'domainName' },
        },
      ],
    },
    {
      name: 'unguarded assignment to a module-scope variable still runs every time',
      code: `import { S3Client } from '@aws-sdk/client-s3';
let s3;
export const handler = async () => { s3 = new S3Client({}); };`,
      errors: [
        {
          messageId: 'clientInHandler',
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              output: `import { S3Client } from '@aws-sdk/client-s3';
let s3;
const s3Client = new S3Client({});
export const handler = async () => { s3 = s3Client; };`,
            },
          ],
        },
      ],
    },
    {
      name: 'export { fn as handler }',
      code: `import { SESClient } from '@aws-sdk/client-ses';
async function run(event) { const options = {}; new SESClient(options); }
export { run as handler };`,
      errors: [{ messageId: 'clientInHandler', line: 2, suggestions: [] }],
    },
    {
      name: 'module.exports = { handler }',
      code: `const { SESClient } = require('@aws-sdk/client-ses');
async function handler(event) { return new SESClient({}); }
module.exports = { handler };`,
      ...cjs,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 2,
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              output: `const { SESClient } = require('@aws-sdk/client-ses');
const sesClient = new SESClient({});
async function handler(event) { return sesClient; }
module.exports = { handler };`,
            },
          ],
        },
      ],
    },
    {
      name: 'middy-wrapped handler and inline middleware',
      code: `import middy from '@middy/core';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
const base = async (event) => { const options = {}; new SecretsManagerClient(options); };
export const handler = middy(base).use({ before: async () => { const options = {}; new SSMClient(options); } });`,
      errors: [
        { messageId: 'clientInHandler', line: 4, suggestions: [] },
        { messageId: 'clientInHandler', line: 5, suggestions: [] },
      ],
    },
    {
      name: 'Powertools class-method handler bound at module scope',
      code: `import { Tracer } from '@aws-lambda-powertools/tracer';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
const tracer = new Tracer();
class Lambda {
  @tracer.captureLambdaHandler()
  public async handler(event: unknown, context: unknown) { return this.publish(); }
  private publish() { return new EventBridgeClient({}); }
}
const instance = new Lambda();
export const handler = instance.handler.bind(instance);`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 7,
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              output: `import { Tracer } from '@aws-lambda-powertools/tracer';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
const tracer = new Tracer();
const eventBridgeClient = new EventBridgeClient({});
class Lambda {
  @tracer.captureLambdaHandler()
  public async handler(event: unknown, context: unknown) { return this.publish(); }
  private publish() { return eventBridgeClient; }
}
const instance = new Lambda();
export const handler = instance.handler.bind(instance);`,
            },
          ],
        },
      ],
    },
    {
      name: 'Sentry.wrapHandler and awslambda.streamifyResponse',
      code: `import * as Sentry from '@sentry/aws-serverless';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
const region = process.env.AWS_REGION;
export const handler = Sentry.wrapHandler(async (event) => new BedrockRuntimeClient({ region }));
export const lambdaHandler = awslambda.streamifyResponse(async (event, stream) => { const local = { region }; new BedrockRuntimeClient(local); });`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          suggestions: [
            {
              messageId: 'hoistToModuleScope',
              output: `import * as Sentry from '@sentry/aws-serverless';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
const region = process.env.AWS_REGION;
const bedrockRuntimeClient = new BedrockRuntimeClient({ region });
export const handler = Sentry.wrapHandler(async (event) => bedrockRuntimeClient);
export const lambdaHandler = awslambda.streamifyResponse(async (event, stream) => { const local = { region }; new BedrockRuntimeClient(local); });`,
            },
          ],
        },
        { messageId: 'clientInHandler', line: 5, suggestions: [] },
      ],
    },
  ],
});

// Arguments made only of literals and plain keys read no variable, so the rule skips their scope lookup; a
// shorthand property does read one and must still be traced to the event.
const shorthandRegionFromEvent = `import { S3Client } from '@aws-sdk/client-s3';
export const handler = async (event) => {
  const region = event.region;
  const s3 = new S3Client({ region });
};`;
ruleTester.run('no-client-in-handler (argument references)', rule, {
  valid: [
    {
      name: 'shorthand `{ region }` derived from the event is event-dependent, not reported by default',
      code: shorthandRegionFromEvent,
    },
  ],
  invalid: [
    {
      name: 'shorthand `{ region }` derived from the event, with reportEventDependent',
      code: shorthandRegionFromEvent,
      options: [{ reportEventDependent: true }],
      errors: [
        {
          messageId: 'eventDependentClient',
          line: 4,
          data: { client: 'new S3Client()', why: AWS_WHY, dependency: 'region' },
        },
      ],
    },
  ],
});
