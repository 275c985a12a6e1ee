import { defineRule, type ModuleFacts } from '@lambda-lint/core';
import { describeOrigin, terraformWording, type Origin } from '@lambda-lint/iac';
import * as z from 'zod';
import type { JoinedFunction, ProjectModel } from '../model.js';

/**
 * Variables that libraries and the runtime read, not the function's own code: Powertools, the
 * Node.js runtime and SDK, X-Ray / OpenTelemetry and common APM agents. Listed in the docs page.
 */
export const LIBRARY_VARIABLES: readonly string[] = [
  'POWERTOOLS_*',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
  'AWS_NODEJS_CONNECTION_REUSE_ENABLED',
  'AWS_LAMBDA_EXEC_WRAPPER',
  'AWS_SDK_*',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
  'AWS_STS_REGIONAL_ENDPOINTS',
  'AWS_ENDPOINT_URL*',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'AWS_XRAY_*',
  'AWS_EMF_*',
  'OTEL_*',
  'LOG_LEVEL',
  'TZ',
  'PYTHONPATH',
  'PYTHONWARNINGS',
  'JAVA_TOOL_OPTIONS',
  'DD_*',
  'NEW_RELIC_*',
  'LUMIGO_*',
  'SENTRY_*',
];

function matcher(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (name) => exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
}

/** The names a function's code reads, or undefined when they cannot all be known. */
function namesRead(joined: JoinedFunction): Set<string> | undefined {
  if (!joined.analyzed || (joined.code.state !== 'resolved' && joined.code.state !== 'inline'))
    return undefined;
  if (joined.facts.some((f) => f === undefined || f.readsWholeEnvironment)) return undefined;
  return new Set((joined.facts as ModuleFacts[]).flatMap((f) => f.envReads.map((r) => r.name)));
}

export default defineRule({
  meta: {
    id: 'env-var-unused',
    description: 'Every environment variable a template sets is read by the code of the function',
    severity: 'info',
    tool: 'project',
    options: z.object({
      ignore: z
        .array(z.string())
        .default([])
        .describe('More names read by libraries rather than your code; a trailing `*` matches a prefix.'),
    }),
  },
  check(model: ProjectModel, ctx) {
    const isLibraryVariable = matcher([...LIBRARY_VARIABLES, ...ctx.options.ignore]);
    // A variable set once (Globals, provider) is unused only when no function that gets it reads it.
    const bySetting = new Map<string, { name: string; origin: Origin; functions: JoinedFunction[] }>();
    for (const joined of model.functions) {
      for (const [name, value] of joined.fn.environment) {
        if (value.state === 'unset' || isLibraryVariable(name)) continue;
        const origin = value.origin;
        const key = `${name}\0${origin.range.line}:${origin.range.column}`;
        const entry = bySetting.get(key) ?? { name, origin, functions: [] };
        entry.functions.push(joined);
        bySetting.set(key, entry);
      }
    }
    for (const { name, origin, functions } of bySetting.values()) {
      const reads = functions.map(namesRead);
      if (reads.some((r) => r === undefined || r.has(name))) continue;
      const shared = origin.kind === 'globals' || origin.kind === 'provider';
      const first = functions[0]!;
      const where = shared ? describeOrigin(origin) : 'on the function';
      const key =
        first.template.kind === 'serverless'
          ? '`environment`'
          : first.template.kind === 'terraform'
            ? terraformWording.environmentKey(first.fn)
            : '`Environment.Variables`';
      const python = first.code.state === 'resolved' && first.code.language === 'python';
      const read = python ? `os.environ["${name}"]` : `process.env.${name}`;
      const nobody =
        functions.length === 1
          ? `the code of ${first.fn.id} never reads it (${read})`
          : `none of the ${functions.length} functions that get it (${functions.map((f) => f.fn.id).join(', ')}) reads it in its code (${read})`;
      ctx.report({
        at: { file: origin.file, range: origin.range },
        subject: first.fn.subject,
        message: `${name} is set ${where} but ${nobody}: a leftover variable, or the code reads it under another name.`,
        help: `Remove ${name} from ${key}, or read it in the code under this exact name. If a library reads it, add it to this rule's \`ignore\` option.`,
      });
    }
  },
});
