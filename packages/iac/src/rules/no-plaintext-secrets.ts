import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';
import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { functionSubject, type LambdaFunction, type TemplateModel } from '../model.js';
import { functionLabel, locationKey, sentence, setWhere } from '../rule-helpers/support.js';

const DEFAULT_NAME_PATTERN = 'password|passwd|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|credential';
const DEFAULT_IGNORE_NAME_PATTERN =
  '(_ARN|_NAME|_PARAM|_PARAMETER|_PATH|_ID|_URL|_URI|_TTL|_SECONDS|_ENABLED|_HEADER|_TYPE|_LENGTH|_EXPIRY)$';

/** AWS access key IDs: long-term (AKIA) and temporary (ASIA). */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;

/** Values that are references, settings or placeholders for a value resolved elsewhere, never secrets themselves. */
function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

function looksLikeReference(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    /^(true|false|yes|no|on|off|null|none)$/i.test(v) ||
    /^-?\d+(\.\d+)?$/.test(v) ||
    v.startsWith('arn:') ||
    v.startsWith('{{resolve:') ||
    v.includes('${') ||
    /^\/[\w./-]+$/.test(v) ||
    // A URL is a setting unless it carries credentials (user:password@host).
    (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+@/i.test(v))
  );
}

/** Shows enough of a value to find it, never the whole secret. */
function masked(value: string): string {
  if (value.length <= 8) return `${value.slice(0, 1)}…`;
  return `${value.slice(0, 4)}…${value.slice(-2)}`;
}

function helpFor(fn: LambdaFunction, name: string, accessKey: boolean): string {
  if (accessKey) {
    return `Remove ${name} from the template and deactivate that access key in IAM: give ${fn.kind === 'serverless' ? 'the function' : fn.id} the permissions it needs through its execution role instead of long-term keys.`;
  }
  if (fn.kind === 'terraform') return tf.secret(fn, name);
  if (fn.kind === 'serverless') {
    return `Store the value in SSM Parameter Store (SecureString) or Secrets Manager and write \`${name}: \${ssm:/path/to/parameter}\` — or better, pass only the parameter name and read it at runtime. Rotate the exposed value.`;
  }
  return `Store the value in AWS Secrets Manager or SSM Parameter Store and write \`${name}: '{{resolve:secretsmanager:<secret-id>:SecretString:<key>}}'\` — or better, pass only the secret's ARN and read it at runtime (with caching). Rotate the exposed value.`;
}

export default defineRule({
  meta: {
    id: 'no-plaintext-secrets',
    description: 'Environment variables reference secrets instead of containing them',
    severity: 'error',
    tool: 'iac',
    options: z.object({
      namePattern: z
        .string()
        .refine(isValidRegExp, 'must be a valid regular expression')
        .default(DEFAULT_NAME_PATTERN)
        .describe('Case-insensitive regular expression: variable names that must not hold literal values.'),
      ignoreNamePattern: z
        .string()
        .refine(isValidRegExp, 'must be a valid regular expression')
        .default(DEFAULT_IGNORE_NAME_PATTERN)
        .describe(
          'Case-insensitive regular expression: names matching namePattern that hold references or settings, not secrets.',
        ),
    }),
  },
  check(model: TemplateModel, ctx) {
    const secretName = new RegExp(ctx.options.namePattern, 'i');
    const ignoredName =
      ctx.options.ignoreNamePattern === '' ? undefined : new RegExp(ctx.options.ignoreNamePattern, 'i');
    // A variable in Globals or provider is one line of text: report it once, not once per function.
    const reported = new Set<string>();
    for (const fn of model.functions) {
      for (const [name, value] of fn.environment) {
        if (value.state !== 'set') continue;
        const text = String(value.value);
        const key = locationKey(value.origin);
        if (reported.has(key)) continue;

        const accessKey = ACCESS_KEY_ID.exec(text)?.[0];
        const secretByName =
          !accessKey && secretName.test(name) && !ignoredName?.test(name) && !looksLikeReference(text);
        if (!accessKey && !secretByName) continue;
        reported.add(key);

        const inherited =
          value.origin.kind === 'globals' || value.origin.kind === 'provider'
            ? ` (${setWhere(value.origin)})`
            : '';
        const what = accessKey
          ? `contains an AWS access key ID (${accessKey.slice(0, 4)}…${accessKey.slice(-4)})`
          : `holds a plaintext value (${masked(text)}, ${text.length} characters)`;
        ctx.report({
          at: value.origin,
          message: sentence(
            `${functionLabel(fn)}: environment variable ${name}${inherited} ${what}: anyone who can read the template, the repository, the deployment artifacts or the function configuration can read the secret.`,
          ),
          help: helpFor(fn, name, accessKey !== undefined),
          subject: functionSubject(fn),
        });
      }
    }
  },
});
