import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import rule from '../../src/rules/env-var-declared.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();

const orders = {
  id: 'OrdersFunction',
  template: 'template.yaml',
  line: 9,
  names: ['TABLE_NAME', 'LOG_LEVEL'],
  unknown: false,
  environmentLine: 24,
};

/** The settings lambda-lint's project layer passes for a file that is code of `environments`. */
const project = (...environments: object[]) => ({
  settings: {
    'lambda-lint': {
      project: {
        handlers: [{ exportName: 'handler', functions: [] }],
        perInvocationExports: [],
        environments,
      },
    },
  },
});

ruleTester.run('env-var-declared', rule, {
  valid: [
    { code: 'export const handler = async () => process.env.TABLE_NAME;', ...project(orders) },
    // Names the Lambda runtime sets.
    {
      code: 'export const handler = async () => [process.env.AWS_REGION, process.env.AWS_LAMBDA_FUNCTION_NAME, process.env._HANDLER, process.env.AWS_XRAY_CONTEXT_MISSING, process.env.TZ];',
      ...project(orders),
    },
    // A whole map that is dynamic: every name counts as set.
    {
      code: 'export const handler = async () => process.env.ANYTHING;',
      ...project({ ...orders, unknown: true }),
    },
    // Reads whose absence the code handles.
    {
      code: "const level = process.env.DEBUG_LEVEL ?? 'info';\nconst { RETRIES = '3' } = process.env;\nif (process.env.VERBOSE) console.log(level, RETRIES);\nexport const handler = async () => process.env.STAGE === 'prod';",
      ...project(orders),
    },
    // Writes and existence checks are not reads.
    {
      code: "process.env.TABLE = 'x';\nexport const handler = async () => 'TABLE' in process.env;",
      ...project(orders),
    },
    // Nothing known about the file's functions: quiet.
    'export const handler = async () => process.env.TABLE;',
    // A local `process` is not Node's.
    {
      code: 'const process = { env: {} };\nexport const handler = async () => process.env.TABLE;',
      ...project(orders),
    },
    // The `allow` option.
    {
      code: 'export const handler = async () => process.env.FROM_LAYER;',
      ...project(orders),
      options: [{ allow: ['FROM_LAYER'] }],
    },
  ],
  invalid: [
    {
      name: 'member read of a name the template does not set, with a did-you-mean',
      code: 'export const handler = async () => {\n  return process.env.TABLE;\n};',
      ...project(orders),
      errors: [
        {
          messageId: 'notSetDidYouMean',
          line: 2,
          column: 22,
          data: {
            name: 'TABLE',
            functions: 'OrdersFunction (template.yaml, Environment at line 24 sets TABLE_NAME, LOG_LEVEL)',
            key: 'Environment',
            suggestion: 'TABLE_NAME',
          },
        },
      ],
    },
    {
      name: 'bracket read with a literal, destructuring, module-scope read; Serverless wording',
      code: "const { QUEUE_URL, BUCKET: bucket } = process.env;\nconst topic = process.env['TOPIC_ARN'];\nexport const handler = async () => [QUEUE_URL, bucket, topic];",
      ...project({
        ...orders,
        id: 'createUser',
        template: 'serverless.yml',
        names: ['QUEUE', 'TOPIC_ARN'],
        environmentLine: 12,
      }),
      errors: [
        {
          messageId: 'notSetDidYouMean',
          line: 1,
          column: 9,
          data: {
            name: 'QUEUE_URL',
            suggestion: 'QUEUE',
            key: 'environment',
            functions: 'createUser (serverless.yml, environment at line 12 sets QUEUE, TOPIC_ARN)',
          },
        },
        {
          messageId: 'notSet',
          line: 1,
          column: 20,
          data: {
            name: 'BUCKET',
            key: 'environment',
            functions: 'createUser (serverless.yml, environment at line 12 sets QUEUE, TOPIC_ARN)',
          },
        },
      ],
    },
    {
      name: 'code of two functions: only the one that lacks the name is named; no Environment at all',
      code: 'export const handler = async () => process.env.TABLE_NAME;',
      ...project(orders, { ...orders, id: 'ReportsFunction', line: 40, names: [], environmentLine: 40 }),
      errors: [
        {
          messageId: 'notSet',
          data: {
            name: 'TABLE_NAME',
            key: 'Environment',
            functions: 'ReportsFunction (template.yaml line 40, which sets no Environment variables)',
          },
        },
      ],
    },
    {
      name: 'a typo is a did-you-mean',
      code: 'export const handler = async () => process.env.TABEL_NAME;',
      ...project(orders),
      errors: [
        {
          messageId: 'notSetDidYouMean',
          data: {
            name: 'TABEL_NAME',
            suggestion: 'TABLE_NAME',
            key: 'Environment',
            functions: 'OrdersFunction (template.yaml, Environment at line 24 sets TABLE_NAME, LOG_LEVEL)',
          },
        },
      ],
    },
  ],
});
