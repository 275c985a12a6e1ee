import v8 from 'node:v8';
import vm from 'node:vm';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-hardcoded-config.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();
const cjs = { languageOptions: { sourceType: 'commonjs' as const }, filename: 'src/handler.js' };
const HANDLER = '\nexport const handler = async () => {};';

ruleTester.run('no-hardcoded-config', rule, {
  valid: [
    // Not a handler file: scripts and libraries may pin what they like.
    "const db = new DynamoDBClient({ region: 'us-east-1' });\nexport const put = () => db.send(new PutItemCommand({ TableName: 'orders', Item: {} }));",
    // Values from the environment.
    `const db = new DynamoDBClient({ region: process.env.AWS_REGION });\nconst cmd = new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: {} });${HANDLER}`,
    // Fallback defaults for local runs are the documented exception.
    `const db = new DynamoDBClient({ region: process.env.AWS_REGION ?? 'us-east-1' });\nconst t = { TableName: process.env.TABLE_NAME || 'orders-dev' };${HANDLER}`,
    `const { TABLE_NAME = 'orders-dev' } = process.env;\nconst t = { TableName: TABLE_NAME };${HANDLER}`,
    `const REGION = process.env.AWS_REGION ?? 'eu-west-1';\nconst s3 = new S3Client({ region: REGION });${HANDLER}`,
    `const db = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/dev';${HANDLER}`,
    `const db = 'mysql://root:secret@localhost/dev';\nconst cache = 'redis://redis:6379';${HANDLER}`,
    // Log text, content types, model IDs, universal names.
    `export const handler = async () => { console.log('arn:aws:sns:us-east-1:123456789012:orders'); logger.info('publishing to topic arn:aws:sns:us-east-1:123456789012:orders'); };`,
    `const put = { ContentType: 'application/json', CacheControl: 'max-age=60' };${HANDLER}`,
    `const input = { modelId: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0', region: 'us.anthropic' };${HANDLER}`,
    `const evt = { EventBusName: 'default', Source: 'orders.service', DetailType: 'OrderPlaced' };${HANDLER}`,
    `const q = { TableName: process.env.TABLE_NAME, IndexName: 'gsi1', KeyConditionExpression: 'pk = :pk' };${HANDLER}`,
    // Patterns that are not configuration: wildcard policy ARNs, AWS-owned ARNs, service principals.
    `export const handler = async (event) => ({ principalId: 'user', policyDocument: { Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*' }] } });`,
    `const policy = 'arn:aws:iam::aws:policy/ReadOnlyAccess';\nconst principal = { Service: 'lambda.amazonaws.com' };${HANDLER}`,
    // ARNs and URLs assembled from the environment.
    'const topic = `arn:aws:sns:${process.env.AWS_REGION}:${accountId}:orders`;\nconst url = `https://sqs.${region}.amazonaws.com/${accountId}/jobs`;\nconst api = `https://${apiId}.execute-api.${region}.amazonaws.com`;' +
      HANDLER,
    `const pg = new Pool({ host: 'localhost', database: 'dev' });\nconst redis = createClient({ url: 'redis://localhost:6379' });${HANDLER}`,
    // A non-SDK object with a host (HTTP request options) is not database configuration.
    `const opts = { hostname: 'api.github.com', path: '/repos' };${HANDLER}`,
    // TypeScript literal types and imports.
    `type Region = 'us-east-1';\nimport x from 'arn:aws:sns:us-east-1:123456789012:orders';${HANDLER}`,
    // Lambda@Edge: no environment variables, exempt by default.
    {
      code: "export const handler = async (event) => {\n  const { request } = event.Records[0].cf;\n  request.origin = { s3: { domainName: 'assets-prod.s3.us-east-1.amazonaws.com', region: 'us-east-1' } };\n  return request;\n};",
    },
    // CommonJS handler reading its config from the environment.
    {
      code: "const { SQSClient } = require('@aws-sdk/client-sqs');\nconst sqs = new SQSClient({});\nexports.handler = async () => ({ QueueUrl: process.env.QUEUE_URL });",
      ...cjs,
    },
  ],
  invalid: [
    {
      name: 'const region used by a client, literal table name (TS, ESM)',
      code: "const REGION = 'us-east-1';\nconst db = new DynamoDBClient({ region: REGION });\nexport const handler = async () => db.send(new PutItemCommand({ TableName: 'orders-prod', Item: {} }));",
      errors: [
        {
          messageId: 'region',
          line: 2,
          column: 41,
          endColumn: 47,
          data: {
            value: 'us-east-1',
            origin: ' (from `const REGION` on line 1)',
            envName: 'AWS_REGION',
            parameter: '',
          },
          suggestions: [
            {
              messageId: 'useRegionEnv',
              output:
                "const REGION = process.env.AWS_REGION;\nconst db = new DynamoDBClient({ region: REGION });\nexport const handler = async () => db.send(new PutItemCommand({ TableName: 'orders-prod', Item: {} }));",
            },
          ],
        },
        {
          messageId: 'resourceName',
          line: 3,
          column: 76,
          endColumn: 89,
          data: { parameter: 'TableName', value: 'orders-prod', origin: '', envName: 'TABLE_NAME' },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                "const REGION = 'us-east-1';\nconst db = new DynamoDBClient({ region: REGION });\nexport const handler = async () => db.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: {} }));",
            },
          ],
        },
      ],
    },
    {
      name: 'bucket name through a const: reported at the use, the suggestion edits the declaration',
      code: "const UPLOADS = 'uploads-prod';\nexport async function handler(event: { key: string }) {\n  return s3.send(new GetObjectCommand({ Bucket: UPLOADS, Key: event.key }));\n}",
      errors: [
        {
          messageId: 'resourceName',
          line: 3,
          column: 49,
          data: {
            parameter: 'Bucket',
            value: 'uploads-prod',
            origin: ' (from `const UPLOADS` on line 1)',
            envName: 'UPLOADS',
          },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                'const UPLOADS = process.env.UPLOADS;\nexport async function handler(event: { key: string }) {\n  return s3.send(new GetObjectCommand({ Bucket: UPLOADS, Key: event.key }));\n}',
            },
          ],
        },
      ],
    },
    {
      name: 'ARN literal as SDK parameter is reported once, at the literal',
      code: "export const handler = async () => sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:orders', Message: 'x' }));",
      errors: [
        {
          messageId: 'arn',
          line: 1,
          column: 76,
          endColumn: 119,
          data: { value: 'arn:aws:sns:us-east-1:123456789012:orders', origin: '', envName: 'TOPIC_ARN' },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                "export const handler = async () => sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: 'x' }));",
            },
          ],
        },
      ],
    },
    {
      name: 'ARN built in a template literal around a literal account (no suggestion: it has interpolations)',
      code: 'const arn = `arn:aws:states:${region}:123456789012:stateMachine:${name}`;' + HANDLER,
      errors: [
        {
          messageId: 'arn',
          line: 1,
          column: 13,
          data: { value: 'arn:aws:states:${…}:123456789012:stateMachine:${…}', origin: '', envName: 'ARN' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'S3 ARN with a literal bucket',
      code: "const resource = 'arn:aws:s3:::reports-prod/*';" + HANDLER,
      errors: [
        {
          messageId: 'arn',
          suggestions: [
            {
              messageId: 'useEnvVar',
              data: { envName: 'RESOURCE' },
              output: 'const resource = process.env.RESOURCE;' + HANDLER,
            },
          ],
        },
      ],
    },
    {
      name: 'ARNs stay reported as env-var defaults; the suggestion removes the default',
      code: "const topic = process.env.TOPIC_ARN ?? 'arn:aws:sns:eu-west-1:123456789012:orders';" + HANDLER,
      errors: [
        {
          messageId: 'arn',
          column: 40,
          suggestions: [
            { messageId: 'removeDefault', output: 'const topic = process.env.TOPIC_ARN;' + HANDLER },
          ],
        },
      ],
    },
    {
      name: 'SQS queue URL (CommonJS)',
      code: "const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');\nexports.handler = async (event) => {\n  await sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', MessageBody: '{}' }));\n};",
      ...cjs,
      errors: [
        {
          messageId: 'queueUrl',
          line: 3,
          column: 53,
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                "const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');\nexports.handler = async (event) => {\n  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: '{}' }));\n};",
            },
          ],
        },
      ],
    },
    {
      name: 'regional endpoint and API Gateway URL',
      code:
        "const api = 'https://abc123def4.execute-api.us-east-1.amazonaws.com/prod';\nconst client = new ApiGatewayManagementApiClient({ endpoint: `https://ws.execute-api.eu-west-1.amazonaws.com/${stage}` });" +
        HANDLER,
      errors: [
        {
          messageId: 'endpoint',
          line: 1,
          column: 13,
          endColumn: 74,
          data: {
            value: 'https://abc123def4.execute-api.us-east-1.amazonaws.com/prod',
            origin: '',
            envName: 'API',
          },
          suggestions: [
            {
              messageId: 'useEnvVar',
              data: { envName: 'API' },
              output:
                'const api = process.env.API;\nconst client = new ApiGatewayManagementApiClient({ endpoint: `https://ws.execute-api.eu-west-1.amazonaws.com/${stage}` });' +
                HANDLER,
            },
          ],
        },
        { messageId: 'endpoint', line: 2, column: 62, suggestions: [] },
      ],
    },
    {
      name: 'database connection string and host',
      code:
        "const pool = new Pool({ connectionString: 'postgres://app:hunter2@orders-db.example.com:5432/orders' });\nconst conn = mysql.createPool({ host: 'orders-db.example.com', user: 'app' });" +
        HANDLER,
      errors: [
        {
          messageId: 'connectionString',
          line: 1,
          column: 43,
          endColumn: 101,
          suggestions: [
            {
              messageId: 'useEnvVar',
              data: { envName: 'CONNECTION_STRING' },
              output:
                "const pool = new Pool({ connectionString: process.env.CONNECTION_STRING });\nconst conn = mysql.createPool({ host: 'orders-db.example.com', user: 'app' });" +
                HANDLER,
            },
          ],
        },
        {
          messageId: 'databaseHost',
          line: 2,
          column: 39,
          endColumn: 62,
          data: { value: 'orders-db.example.com', origin: '', envName: 'DB_HOST' },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                "const pool = new Pool({ connectionString: 'postgres://app:hunter2@orders-db.example.com:5432/orders' });\nconst conn = mysql.createPool({ host: process.env.DB_HOST, user: 'app' });" +
                HANDLER,
            },
          ],
        },
      ],
    },
    {
      name: 'connection string with a password stays reported as a default',
      code:
        "const url = process.env.DATABASE_URL || 'mysql://root:secret@orders-db.example.com/app';" + HANDLER,
      errors: [
        {
          messageId: 'connectionString',
          column: 41,
          endColumn: 88,
          suggestions: [
            { messageId: 'removeDefault', output: 'const url = process.env.DATABASE_URL;' + HANDLER },
          ],
        },
      ],
    },
    {
      name: 'account IDs, SSM parameter names and a v2 global region (CommonJS)',
      code: "const AWS = require('aws-sdk');\nAWS.config.region = 'ap-southeast-2';\nconst input = { AccountId: '123456789012' };\nconst get = new GetParameterCommand({ Name: '/orders/prod/api-key' });\nmodule.exports.handler = async () => ssm.getParameters({ Names: ['/a/b', process.env.P] }).promise();",
      ...cjs,
      errors: [
        {
          messageId: 'region',
          line: 2,
          column: 21,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'useRegionEnv',
              output:
                "const AWS = require('aws-sdk');\nAWS.config.region = process.env.AWS_REGION;\nconst input = { AccountId: '123456789012' };\nconst get = new GetParameterCommand({ Name: '/orders/prod/api-key' });\nmodule.exports.handler = async () => ssm.getParameters({ Names: ['/a/b', process.env.P] }).promise();",
            },
          ],
        },
        {
          messageId: 'accountId',
          line: 3,
          column: 28,
          data: { value: '123456789012', origin: '', envName: 'AWS_ACCOUNT_ID' },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                "const AWS = require('aws-sdk');\nAWS.config.region = 'ap-southeast-2';\nconst input = { AccountId: process.env.AWS_ACCOUNT_ID };\nconst get = new GetParameterCommand({ Name: '/orders/prod/api-key' });\nmodule.exports.handler = async () => ssm.getParameters({ Names: ['/a/b', process.env.P] }).promise();",
            },
          ],
        },
        {
          messageId: 'resourceName',
          line: 4,
          column: 45,
          endColumn: 67,
          data: {
            parameter: 'SSM parameter Name',
            value: '/orders/prod/api-key',
            origin: '',
            envName: 'PARAMETER_NAME',
          },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                "const AWS = require('aws-sdk');\nAWS.config.region = 'ap-southeast-2';\nconst input = { AccountId: '123456789012' };\nconst get = new GetParameterCommand({ Name: process.env.PARAMETER_NAME });\nmodule.exports.handler = async () => ssm.getParameters({ Names: ['/a/b', process.env.P] }).promise();",
            },
          ],
        },
        {
          messageId: 'resourceName',
          line: 5,
          column: 66,
          endColumn: 72,
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                "const AWS = require('aws-sdk');\nAWS.config.region = 'ap-southeast-2';\nconst input = { AccountId: '123456789012' };\nconst get = new GetParameterCommand({ Name: '/orders/prod/api-key' });\nmodule.exports.handler = async () => ssm.getParameters({ Names: [process.env.PARAMETER_NAME, process.env.P] }).promise();",
            },
          ],
        },
      ],
    },
    {
      name: 'Powertools parameter name',
      code: "import { getParameter } from '@aws-lambda-powertools/parameters/ssm';\nexport const handler = async () => getParameter('/orders/prod/flags');",
      errors: [
        {
          messageId: 'resourceName',
          line: 2,
          column: 49,
          endColumn: 69,
          data: {
            parameter: 'parameter name',
            value: '/orders/prod/flags',
            origin: '',
            envName: 'PARAMETER_NAME',
          },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                "import { getParameter } from '@aws-lambda-powertools/parameters/ssm';\nexport const handler = async () => getParameter(process.env.PARAMETER_NAME);",
            },
          ],
        },
      ],
    },
    {
      name: 'extra resource parameter names from options',
      code: "const input = { ClusterIdentifier: 'analytics-prod' };" + HANDLER,
      options: [{ resourceParameters: ['ClusterIdentifier'] }],
      errors: [
        {
          messageId: 'resourceName',
          data: {
            parameter: 'ClusterIdentifier',
            value: 'analytics-prod',
            origin: '',
            envName: 'CLUSTER_IDENTIFIER',
          },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output: 'const input = { ClusterIdentifier: process.env.CLUSTER_IDENTIFIER };' + HANDLER,
            },
          ],
        },
      ],
    },
    {
      name: 'Lambda@Edge handlers are reported when allowInLambdaEdge is false',
      code: "export const handler = async (event) => {\n  const { request } = event.Records[0].cf;\n  request.origin = { s3: { region: 'us-east-1' } };\n  return request;\n};",
      options: [{ allowInLambdaEdge: false }],
      errors: [
        {
          messageId: 'region',
          line: 3,
          column: 36,
          suggestions: [
            {
              messageId: 'useRegionEnv',
              output:
                'export const handler = async (event) => {\n  const { request } = event.Records[0].cf;\n  request.origin = { s3: { region: process.env.AWS_REGION } };\n  return request;\n};',
            },
          ],
        },
      ],
    },
    {
      name: 'a const declared below the handler that uses it is still followed',
      code: "export const handler = async () => db.send(new GetCommand({ TableName: ORDERS, Key: {} }));\nconst ORDERS = 'orders-prod';",
      errors: [
        {
          messageId: 'resourceName',
          line: 1,
          column: 72,
          data: {
            parameter: 'TableName',
            value: 'orders-prod',
            origin: ' (from `const ORDERS` on line 2)',
            envName: 'ORDERS',
          },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                'export const handler = async () => db.send(new GetCommand({ TableName: ORDERS, Key: {} }));\nconst ORDERS = process.env.ORDERS;',
            },
          ],
        },
      ],
    },
    {
      name: 'exports.handler in a CommonJS file with a module-scope table name',
      code: "const TABLE = 'sessions';\nconst params = { TableName: TABLE, Key: { id: '1' } };\nexports.handler = async () => db.get(params).promise();",
      ...cjs,
      errors: [
        {
          messageId: 'resourceName',
          line: 2,
          column: 29,
          endColumn: 34,
          data: {
            parameter: 'TableName',
            value: 'sessions',
            origin: ' (from `const TABLE` on line 1)',
            envName: 'TABLE',
          },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                "const TABLE = process.env.TABLE;\nconst params = { TableName: TABLE, Key: { id: '1' } };\nexports.handler = async () => db.get(params).promise();",
            },
          ],
        },
      ],
    },
  ],
});

// Inline values are checked when the property is visited, `Key: NAME` values once the whole file is seen; literal
// classifications are memoised across files. These cases pin both paths.
ruleTester.run('no-hardcoded-config (inline and deferred values, memoised classification)', rule, {
  valid: [
    {
      name: 'a name that is not a literal const is not followed, even when declared later',
      code: "export const handler = async () => db.send(new GetItemCommand({ TableName: TABLE, Key: {} }));\nconst TABLE = process.env.TABLE_NAME ?? '';",
    },
  ],
  invalid: [
    {
      name: 'a const declared after its use is still followed to its literal',
      code: "export const handler = async () => db.send(new GetItemCommand({ TableName: TABLE, Key: {} }));\nconst TABLE = 'orders-prod';",
      errors: [
        {
          messageId: 'resourceName',
          line: 1,
          data: {
            parameter: 'TableName',
            value: 'orders-prod',
            origin: ' (from `const TABLE` on line 2)',
            envName: 'TABLE',
          },
          suggestions: [
            {
              messageId: 'useEnvVar',
              output:
                'export const handler = async () => db.send(new GetItemCommand({ TableName: TABLE, Key: {} }));\nconst TABLE = process.env.TABLE;',
            },
          ],
        },
      ],
    },
    ...['first', 'second'].map((file) => ({
      name: `the same ARN literal is reported in every file that has it (${file} file)`,
      code: `export const handler = async () => sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts', Message: '${file}' }));`,
      errors: [
        {
          messageId: 'arn' as const,
          line: 1,
          data: {
            value: 'arn:aws:sns:us-east-1:123456789012:alerts',
            origin: '',
            envName: 'TOPIC_ARN',
          },
          suggestions: [
            {
              messageId: 'useEnvVar' as const,
              output: `export const handler = async () => sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: '${file}' }));`,
            },
          ],
        },
      ],
    })),
  ],
});

describe('no-hardcoded-config memory', () => {
  it('keeps no linted file alive through its memoised classification', () => {
    // A string literal's value is a slice of the file's text: a cache keyed by it must copy the key, or every
    // file that contributed a key stays in memory (4,096 keys: thousands of source files in a monorepo).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const linter = new Linter();
    const config = [
      {
        files: ['**/*.js'],
        plugins: { 'lambda-lint': { rules: { 'no-hardcoded-config': rule } } },
        rules: { 'lambda-lint/no-hardcoded-config': 'warn' as const },
      },
    ];
    const padding = `// ${'x'.repeat(256 * 1024)}\n`;
    const lintOne = (index: number) =>
      linter.verify(
        `${padding}export const handler = async () => publish('arn:aws:sns:us-east-1:123456789012:topic-${index}');\n`,
        config,
        'handler.js',
      ).length;
    expect(lintOne(-1)).toBe(1); // ESLint and the shared analysis keep the last file: measure from here
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let index = 0; index < 40; index++) expect(lintOne(index)).toBe(1);
    gc();
    // 40 files of 256 KiB: 10 MiB if each unique ARN kept its file's text.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(4 * 1024 * 1024);
  });
});
