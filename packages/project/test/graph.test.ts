import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConfigView, type Finding } from '@lambda-lint/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_PASSES, resolveRelativeImport, rulesForPasses, scanProject } from '../src/index.js';
import { followCode } from '../src/code/graph.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-graph-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function scan(dir: string): Promise<Finding[]> {
  const rules = await rulesForPasses(ALL_PASSES);
  const config = createConfigView({ dir, config: {} }, rules, dir);
  const result = await scanProject({ paths: ['.'], cwd: dir, config }, ['code']);
  return result.findings;
}

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  UsersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs24.x
      CodeUri: src/
      Handler: users.createUser
`;

describe('resolveRelativeImport', () => {
  const dir = project('specifiers', {
    'src/a.ts': '',
    'src/lib/index.ts': '',
    'src/lib/db.mts': '',
    'src/data.json': '{}',
  });
  const from = path.join(dir, 'src/a.ts');
  it.each([
    ['./lib', 'src/lib/index.ts'],
    ['./lib/index.js', 'src/lib/index.ts'],
    ['./lib/db.mjs', 'src/lib/db.mts'],
    ['./a', 'src/a.ts'],
    ['./data.json', undefined],
    ['./missing', undefined],
    ['aws-sdk', undefined],
  ])('%s → %s', (specifier, expected) => {
    const resolved = resolveRelativeImport(from, specifier);
    expect(resolved && path.relative(dir, resolved).split(path.sep).join('/')).toBe(expected);
  });
});

describe('the code graph', () => {
  it('follows a call through an index barrel into the module that builds the client, and ends on a cycle', async () => {
    const dir = project('barrel', {
      'template.yaml': TEMPLATE,
      'src/users.ts': `import { saveUser } from './lib/index.js';
export async function createUser(event: { name: string }) {
  return saveUser(event.name);
}
`,
      'src/lib/index.ts': "export * from './db.js';\n",
      'src/lib/db.ts': `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createUser } from '../users.js';
export const again = createUser;
export async function saveUser(name: string) {
  const client = new DynamoDBClient({});
  return client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { name: { S: name } } }));
}
`,
    });
    const findings = await scan(dir);
    const clients = findings.filter((f) => f.ruleId === 'no-client-in-handler');
    expect(clients.map((f) => [f.file, f.range.line])).toEqual([['src/lib/db.ts', 5]]);
    expect(clients[0]!.message).toContain('createUser → saveUser → new DynamoDBClient');
    // TABLE_NAME is read by a module the handler imports, and the template does not set it.
    expect(
      findings.filter((f) => f.ruleId === 'env-var-declared').map((f) => [f.file, f.range.line]),
    ).toEqual([['src/lib/db.ts', 6]]);
  });

  it('env-var-unused reads every file of the function, and stays quiet when the code reads the whole environment', async () => {
    const variables = `      Environment:
        Variables:
          TABLE_NAME: users
          POWERTOOLS_SERVICE_NAME: users
          LEFTOVER: x
`;
    const read = project('env-read', {
      'template.yaml': TEMPLATE + variables,
      'src/users.ts':
        "import { table } from './config.js';\nexport const createUser = async () => table();\n",
      'src/config.ts': 'export const table = () => process.env.TABLE_NAME;\n',
    });
    const unused = (await scan(read)).filter((f) => f.ruleId === 'env-var-unused');
    expect(unused.map((f) => [f.range.line, f.subject?.id])).toEqual([[13, 'UsersFunction']]);
    expect(unused[0]!.message).toMatch(
      /^LEFTOVER is set on the function but the code of UsersFunction never reads it/,
    );

    const whole = project('env-whole', {
      'template.yaml': TEMPLATE + variables,
      'src/users.ts': 'export const createUser = async (event: { key: string }) => process.env[event.key];\n',
    });
    expect((await scan(whole)).filter((f) => f.ruleId === 'env-var-unused')).toEqual([]);
  });

  it('an analyzer crashing on one file is a finding on that file; the other files are still analyzed', () => {
    const dir = project('crash', {
      'src/a.ts': "import './b.js';\n",
      'src/b.ts': 'export {};\n',
    });
    const fn = { id: 'Fn', template: 'template.yaml', line: 3 };
    const graph = followCode(
      [
        {
          fn,
          environment: { ...fn, names: [], unknown: false, environmentLine: 3 },
          language: 'node',
          entry: path.join(dir, 'src/a.ts'),
          exportName: 'handler',
          codeRoot: path.join(dir, 'src'),
        },
      ],
      {
        node: ({ file, display }) => {
          if (file.endsWith('a.ts'))
            return {
              findings: [],
              facts: {
                imports: [{ specifier: './b.js', perInvocationCalls: [], reExports: [] }],
                envReads: [],
                readsWholeEnvironment: false,
              },
            };
          throw new Error(`cannot analyze ${display}`);
        },
      },
      dir,
    );
    expect(graph.findings.map((f) => [f.ruleId, f.file, f.fatal, f.message])).toEqual([
      [
        'internal-error',
        'src/b.ts',
        true,
        'lambda-lint failed while analyzing this file: cannot analyze src/b.ts. Its code findings are lost; please report this bug with the file.',
      ],
    ]);
    expect(graph.filesOf.get('template.yaml#Fn')!.map((f) => path.relative(dir, f))).toEqual([
      'src/a.ts',
      'src/b.ts',
    ]);
  });
});
