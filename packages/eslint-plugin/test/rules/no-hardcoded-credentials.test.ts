import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import rule from '../../src/rules/no-hardcoded-credentials.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();
const cjs = { languageOptions: { sourceType: 'commonjs' as const }, filename: 'src/app.js' };

// Made-up values with the shape of real credentials (not real keys).
const ACCESS_KEY = 'AKIA2E0A8F3B244C9986';
const TEMP_ACCESS_KEY = 'ASIAQ7ZC3JX5LM2R8T4W';
const SECRET = 'Zk3pQ9vR2mT7yW1xC5bN8hJ4gF6dS0aL/eU+iO3q';
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjEJr${'a1B2c3D4e5F6'.repeat(12)}`;

ruleTester.run('no-hardcoded-credentials', rule, {
  valid: [
    'const s3 = new S3Client({});',
    'const creds = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };',
    // DynamoDB Local / LocalStack dummy credentials are not secrets.
    "const db = new DynamoDBClient({ endpoint: 'http://localhost:8000', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });",
    "const db = new DynamoDBClient({ credentials: { accessKeyId: 'test', secretAccessKey: 'test', sessionToken: 'test' } });",
    // AWS's documented example keys are allowed by default.
    "const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };",
    // A 40-character value that is not next to anything credential-like (e.g. a git SHA-like id).
    "const commit = 'Zk3pQ9vR2mT7yW1xC5bN8hJ4gF6dS0aL/eU+iO3q';",
    // Key names and env-var names are not values.
    "const name = 'AWS_SECRET_ACCESS_KEY'; const prefix = 'AKIA';",
    "type Key = 'AKIA2E0A8F3B244C9986';",
    // Longer uppercase words that merely contain the prefix.
    "const word = 'XAKIA2E0A8F3B244C9986Y';",
    { code: 'exports.handler = async () => ({ token: context.sessionToken });', ...cjs },
  ],
  invalid: [
    {
      name: 'access key and secret in client credentials (TS)',
      code: `import { S3Client } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({\n  credentials: { accessKeyId: '${ACCESS_KEY}', secretAccessKey: '${SECRET}' },\n});`,
      errors: [
        {
          messageId: 'accessKeyId',
          line: 3,
          column: 31,
          endLine: 3,
          endColumn: 53,
          data: { preview: 'AKIA2E0A…' },
        },
        { messageId: 'secretAccessKey', line: 3, column: 72, endColumn: 114 },
      ],
    },
    {
      name: 'temporary credentials with a session token (CommonJS)',
      code: `const AWS = require('aws-sdk');\nAWS.config.update({\n  accessKeyId: '${TEMP_ACCESS_KEY}',\n  secretAccessKey: '${SECRET}',\n  sessionToken: '${SESSION_TOKEN}',\n});`,
      ...cjs,
      errors: [
        { messageId: 'accessKeyId', line: 3, column: 16, data: { preview: 'ASIAQ7ZC…' } },
        { messageId: 'secretAccessKey', line: 4 },
        { messageId: 'sessionToken', line: 5, column: 17 },
      ],
    },
    {
      name: 'positional v2 Credentials constructor: secret recognised by its neighbour',
      code: `const creds = new AWS.Credentials('${ACCESS_KEY}', '${SECRET}');`,
      ...cjs,
      errors: [
        { messageId: 'accessKeyId', column: 35 },
        { messageId: 'secretAccessKey', column: 59 },
      ],
    },
    {
      name: 'secret in a const used as secretAccessKey is reported at the literal',
      code: `const KEY = '${SECRET}';\nexport const client = new SQSClient({ credentials: { accessKeyId: process.env.ID!, secretAccessKey: KEY } });`,
      errors: [{ messageId: 'secretAccessKey', line: 1, column: 13 }],
    },
    {
      name: 'env var default still ships the secret',
      code: `const secret = process.env.AWS_SECRET_ACCESS_KEY ?? '${SECRET}';`,
      errors: [{ messageId: 'secretAccessKey', line: 1, column: 53 }],
    },
    {
      name: 'assignment to process.env',
      code: `process.env.AWS_SECRET_ACCESS_KEY = '${SECRET}';`,
      ...cjs,
      errors: [{ messageId: 'secretAccessKey' }],
    },
    {
      name: 'access key inside a template literal and inside embedded ini text',
      code: `const url = \`https://bucket.s3.amazonaws.com/key?AWSAccessKeyId=${ACCESS_KEY}&Expires=\${expires}\`;\nconst ini = '[default]\\naws_secret_access_key = ${SECRET}';`,
      errors: [
        { messageId: 'accessKeyId', line: 1, column: 13 },
        { messageId: 'secretAccessKey', line: 2, column: 13 },
      ],
    },
    {
      name: 'session token recognised by its encoded prefix wherever it appears',
      code: `const headers = { 'X-Amz-Security-Token': '${SESSION_TOKEN}' };`,
      errors: [{ messageId: 'sessionToken' }],
    },
    {
      name: 'example keys are reported when allowExampleKeys is false',
      code: "const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };",
      options: [{ allowExampleKeys: false }],
      errors: [{ messageId: 'accessKeyId' }, { messageId: 'secretAccessKey' }],
    },
  ],
});
