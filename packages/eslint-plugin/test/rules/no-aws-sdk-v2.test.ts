import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import rule from '../../src/rules/no-aws-sdk-v2.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();
const cjs = { languageOptions: { sourceType: 'commonjs' as const }, filename: 'src/handler.cjs' };
const message = (specifier: string, replacement: string): string =>
  `\`${specifier}\` is the AWS SDK for JavaScript v2: it reached end of support on 2025-09-08, is not included in the Node.js 18+ Lambda runtimes (the import fails at cold start unless you bundle the whole SDK), and loads far more code than a v3 client. Use ${replacement} instead.`;

ruleTester.run('no-aws-sdk-v2', rule, {
  valid: [
    "import { S3Client } from '@aws-sdk/client-s3';",
    "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    "import mock from 'aws-sdk-mock';",
    "import type { S3 } from 'aws-sdk';",
    "import { type S3 } from 'aws-sdk';",
    "export type { DynamoDB } from 'aws-sdk';",
    { code: "const { SQSClient } = require('@aws-sdk/client-sqs');", ...cjs },
    { code: "const name = 'aws-sdk'; const x = require(name);", ...cjs },
    { code: "const sdk = require('aws-sdk-client-mock');", ...cjs },
  ],
  invalid: [
    {
      name: 'default import used as AWS.S3 and AWS.DynamoDB.DocumentClient (TS, ESM)',
      code: "import AWS from 'aws-sdk';\nconst s3 = new AWS.S3();\nconst db = new AWS.DynamoDB.DocumentClient();\nexport const handler = async () => {};",
      errors: [
        {
          messageId: 'v2Import',
          line: 1,
          column: 17,
          endLine: 1,
          endColumn: 26,
          data: {
            specifier: 'aws-sdk',
            replacement: '`@aws-sdk/client-s3`, `@aws-sdk/lib-dynamodb` (with `@aws-sdk/client-dynamodb`)',
          },
        },
      ],
    },
    {
      name: 'namespace import with no recognisable use gets the generic hint',
      code: "import * as AWS from 'aws-sdk';\nexport const sdk = AWS;",
      errors: [
        {
          messageId: 'v2Import',
          line: 1,
          column: 22,
          data: {
            specifier: 'aws-sdk',
            replacement: 'the modular `@aws-sdk/client-*` package of each service you call',
          },
        },
      ],
    },
    {
      name: 'named imports name their services',
      code: "import { SQS, StepFunctions } from 'aws-sdk';",
      errors: [
        {
          messageId: 'v2Import',
          data: { specifier: 'aws-sdk', replacement: '`@aws-sdk/client-sqs`, `@aws-sdk/client-sfn`' },
        },
      ],
    },
    {
      name: 'aws-sdk/clients/dynamodb maps to client-dynamodb and lib-dynamodb',
      code: "import DynamoDB from 'aws-sdk/clients/dynamodb';\nconst db = new DynamoDB.DocumentClient();",
      errors: [
        {
          message: message(
            'aws-sdk/clients/dynamodb',
            '`@aws-sdk/client-dynamodb` (and `@aws-sdk/lib-dynamodb` for DocumentClient)',
          ),
          line: 1,
          column: 22,
        },
      ],
    },
    {
      name: 'CommonJS require of the whole SDK, used as new AWS.SNS()',
      code: "const AWS = require('aws-sdk');\nconst sns = new AWS.SNS({ apiVersion: '2010-03-31' });\nexports.handler = async () => {};",
      ...cjs,
      errors: [{ message: message('aws-sdk', '`@aws-sdk/client-sns`'), line: 1, column: 21, endColumn: 30 }],
    },
    {
      name: 'CommonJS require of a client file',
      code: "const S3 = require('aws-sdk/clients/s3');\nmodule.exports.handler = async () => new S3().listBuckets().promise();",
      ...cjs,
      errors: [{ message: message('aws-sdk/clients/s3', '`@aws-sdk/client-s3`'), line: 1, column: 20 }],
    },
    {
      name: 'require destructuring',
      code: "const { DynamoDB, Lambda } = require('aws-sdk');",
      ...cjs,
      errors: [
        {
          messageId: 'v2Import',
          data: {
            specifier: 'aws-sdk',
            replacement:
              '`@aws-sdk/client-dynamodb` (and `@aws-sdk/lib-dynamodb` for DocumentClient), `@aws-sdk/client-lambda`',
          },
        },
      ],
    },
    {
      name: 'member of the require call',
      code: "const client = new (require('aws-sdk').SecretsManager)();",
      ...cjs,
      errors: [
        {
          messageId: 'v2Import',
          data: { specifier: 'aws-sdk', replacement: '`@aws-sdk/client-secrets-manager`' },
        },
      ],
    },
    {
      name: 'X-Ray capture of the v2 SDK (plain JS file)',
      code: "const AWSXRay = require('aws-xray-sdk-core');\nconst AWS = AWSXRay.captureAWS(require('aws-sdk'));",
      ...cjs,
      filename: 'src/handler.js',
      errors: [{ messageId: 'v2Import', line: 2, column: 40 }],
    },
    {
      name: 'dynamic import',
      code: "export const handler = async () => { const { default: AWS } = await import('aws-sdk'); return AWS; };",
      errors: [{ messageId: 'v2Import', line: 1, column: 76 }],
    },
    {
      name: 'TypeScript import-equals',
      code: "import AWS = require('aws-sdk');\nconst kms = new AWS.KMS();",
      errors: [
        {
          messageId: 'v2Import',
          line: 1,
          column: 22,
          data: { specifier: 'aws-sdk', replacement: '`@aws-sdk/client-kms`' },
        },
      ],
    },
    {
      name: 're-export',
      code: "export { S3 } from 'aws-sdk';\nexport * from 'aws-sdk/global';",
      errors: [
        {
          messageId: 'v2Import',
          line: 1,
          data: { specifier: 'aws-sdk', replacement: '`@aws-sdk/client-s3`' },
        },
        { messageId: 'v2Import', line: 2 },
      ],
    },
    {
      name: 'DynamoDB converter',
      code: "import { DynamoDB } from 'aws-sdk';\nconst item = DynamoDB.Converter.unmarshall(image);",
      errors: [
        {
          messageId: 'v2Import',
          data: { specifier: 'aws-sdk', replacement: '`@aws-sdk/util-dynamodb` (`marshall` / `unmarshall`)' },
        },
      ],
    },
  ],
});
