import { defineRule } from '@lambda-lint/core';
import {
  findAccessKeyId,
  isAccessKeyIdName,
  isDocumentedExampleKey,
  isSecretAccessKeyName,
  isSessionTokenName,
  looksLikeSecretAccessKey,
  looksLikeSessionToken,
  parseConnectionString,
} from '@lambda-lint/core/aws-patterns';
import * as z from 'zod';
import { isDocstring } from '../literals.js';
import type { PythonModule } from '../module.js';
import {
  argumentsOf,
  calleeOf,
  memberParts,
  rangeOf,
  stringValue,
  textOf,
  type SyntaxNode,
} from '../syntax.js';

const PASSWORD_KEYWORDS = new Set(['password', 'passwd', 'pwd', 'auth_token', 'api_key']);
/** Connection factories whose `password=` is a database or cache password. */
const CONNECTION_CALL =
  /^(?:connect|create_engine|create_pool|Redis|StrictRedis|RedisCluster|MongoClient|OpenSearch|Elasticsearch|ConnectionPool|SimpleConnectionPool|ThreadedConnectionPool|Connection|OpenAI|Anthropic|Client)$/;

const ROTATE =
  'Remove it, rotate it, and read it at runtime from Secrets Manager (or an environment variable set from a secret).';

export default defineRule({
  meta: {
    id: 'no-hardcoded-credentials',
    description: 'Disallow AWS access keys, secret keys and session tokens written in code',
    severity: 'error',
    tool: 'python',
    options: z.object({ allowExampleKeys: z.boolean().default(true) }),
  },
  check(module: PythonModule, { options, report }) {
    const source = module.source;
    if (
      !/AKIA|ASIA|IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz|secret|token|pass|pwd|:\/\//i.test(source.text)
    )
      return;
    const at = (node: SyntaxNode) => ({ file: source.file, range: rangeOf(source, node.from, node.to) });
    for (const node of module.nodes('String')) {
      if (isDocstring(node)) continue;
      const value = stringValue(source, node);
      if (value === undefined || value === '') continue;
      if (options.allowExampleKeys && isDocumentedExampleKey(value)) continue;
      const name = boundName(module, node);
      const keyId = findAccessKeyId(value);
      if (keyId && (value === keyId || name === undefined || isAccessKeyIdName(name))) {
        report({
          at: at(node),
          message: `Hardcoded AWS access key ID \`${keyId.slice(0, 8)}…\`: anyone who can read the code or the deployment package can use it, and a Lambda function already gets credentials from its execution role. Remove it, rotate the key, and grant the permissions to the function role instead.`,
          help: 'Delete aws_access_key_id=/aws_secret_access_key= and let boto3 use the execution role.',
        });
        continue;
      }
      if (name !== undefined && isSecretAccessKeyName(name) && looksLikeSecretAccessKey(value)) {
        report({
          at: at(node),
          message:
            'Hardcoded AWS secret access key: it ships in the deployment package and source history. Remove it, rotate the key, and let boto3 use the Lambda execution role (or read a secret from Secrets Manager at runtime).',
          help: 'Delete the aws_secret_access_key= argument.',
        });
        continue;
      }
      if (looksLikeSessionToken(value, name !== undefined && isSessionTokenName(name))) {
        report({
          at: at(node),
          message:
            'Hardcoded AWS session token: temporary credentials in code leak with the package and expire anyway. Remove it and let boto3 use the Lambda execution role.',
          help: 'Delete the aws_session_token= argument.',
        });
        continue;
      }
      if (
        name !== undefined &&
        PASSWORD_KEYWORDS.has(name.toLowerCase()) &&
        isConnectionArgument(module, node)
      ) {
        report({
          at: at(node),
          message: `Hardcoded password in \`${textOf(source, calleeOf(node.parent!.parent!)!)}(${name}=…)\`: it ships in the deployment package and source history, and differs per stage. ${ROTATE}`,
          help: 'Fetch it once per execution environment with Secrets Manager (or Powertools `parameters.get_secret`) at module scope.',
        });
        continue;
      }
      if (value.includes('://') && parseConnectionString(value)?.hasPassword) {
        report({
          at: at(node),
          message: `Hardcoded password in the connection string \`${value.replace(/(:\/\/[^:/@]*:)[^@]*@/, '$1…@')}\`: it ships in the deployment package and source history. ${ROTATE}`,
          help: 'Build the DSN at runtime from a secret: host from an environment variable, password from Secrets Manager.',
        });
      }
    }
  },
});

/** The name a string is bound to: `aws_secret_access_key='…'`, `SECRET_KEY = '…'`, `{"password": '…'}`. */
function boundName(module: PythonModule, node: SyntaxNode): string | undefined {
  const source = module.source;
  const parent = node.parent;
  const previous = node.prevSibling;
  if (parent?.name === 'ArgList' && previous?.name === 'AssignOp' && previous.prevSibling)
    return textOf(source, previous.prevSibling);
  if (parent?.name === 'AssignStatement' && parent.lastChild?.from === node.from) {
    const target = parent.firstChild;
    if (target?.name === 'VariableName') return textOf(source, target);
    const member = target && memberParts(source, target);
    if (member) return member.property;
  }
  if (parent?.name === 'DictionaryExpression' && previous?.name === ':' && previous.prevSibling)
    return stringValue(source, previous.prevSibling);
  return undefined;
}

function isConnectionArgument(module: PythonModule, node: SyntaxNode): boolean {
  const call = node.parent?.parent;
  if (call?.name !== 'CallExpression') return false;
  const callee = calleeOf(call);
  if (!callee) return false;
  const last =
    callee.name === 'VariableName'
      ? textOf(module.source, callee)
      : memberParts(module.source, callee)?.property;
  return (
    last !== undefined &&
    CONNECTION_CALL.test(last) &&
    argumentsOf(module.source, call).some((a) => a.value.from === node.from)
  );
}
