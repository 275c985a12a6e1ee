import { editDistance, type FunctionEnvironment } from '@lambda-lint/core';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import { getFileFunctions } from '../handlers/index.js';
import { envAccess, processEnvNodes } from '../handlers/module-facts.js';
import { isSetByLambda } from '@lambda-lint/core/lambda-environment';
import { RULE_DOCS } from '../rule-docs.js';

type MessageIds = 'notSet' | 'notSetDidYouMean';
type Options = [{ allow?: string[] }];

/** How many of a function's names a message lists before "…". */
const LISTED_NAMES = 4;

/** The key users edit, in the vocabulary of the template's format. */
function environmentKey(template: string): string {
  if (/\.tf(\.json)?$/.test(template)) return 'environment';
  return /(^|\/)serverless\.[^/]+$/.test(template) ? 'environment' : 'Environment';
}

/** `OrdersFunction (template.yaml, Environment at line 24 sets TABLE_NAME)`. */
function describeFunction(environment: FunctionEnvironment): string {
  const key = environmentKey(environment.template);
  if (environment.names.length === 0) {
    return `${environment.id} (${environment.template} line ${environment.line}, which sets no ${key} variables)`;
  }
  const listed = environment.names.slice(0, LISTED_NAMES).join(', ');
  const more = environment.names.length > LISTED_NAMES ? ', …' : '';
  return `${environment.id} (${environment.template}, ${key} at line ${environment.environmentLine} sets ${listed}${more})`;
}

/** The set name the read most likely meant: a small typo, or the same name with a `_`-separated part more or less. */
export function closestName(read: string, names: readonly string[]): string | undefined {
  let best: { name: string; score: number } | undefined;
  const upper = read.toUpperCase();
  for (const name of names) {
    const candidate = name.toUpperCase();
    let score: number | undefined;
    if (candidate === upper) score = 0;
    else if (candidate.startsWith(`${upper}_`) || candidate.endsWith(`_${upper}`)) score = 1;
    else if (upper.startsWith(`${candidate}_`) || upper.endsWith(`_${candidate}`)) score = 1;
    else {
      const distance = editDistance(upper, candidate);
      if (distance <= Math.max(1, Math.floor(Math.min(upper.length, candidate.length) / 4)))
        score = 1 + distance;
    }
    if (score !== undefined && (!best || score < best.score)) best = { name, score };
  }
  return best?.name;
}

/** A read whose absence the code handles itself: `?? x`, `|| x`, a destructuring default, `if (process.env.X)`. */
function hasFallback(read: TSESTree.Node): boolean {
  let node: TSESTree.Node = read.parent?.type === AST_NODE_TYPES.MemberExpression ? read.parent : read;
  if (node.parent?.type === AST_NODE_TYPES.ChainExpression) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.Property && parent.key === read) {
    return parent.value.type === AST_NODE_TYPES.AssignmentPattern;
  }
  if (parent.type === AST_NODE_TYPES.LogicalExpression) return parent.left === node;
  if (parent.type === AST_NODE_TYPES.ConditionalExpression) return parent.test === node;
  if (parent.type === AST_NODE_TYPES.IfStatement) return parent.test === node;
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') return true;
  if (parent.type === AST_NODE_TYPES.BinaryExpression && /^[!=]==?$/.test(parent.operator)) return true;
  return false;
}

export default createRule<Options, MessageIds>({
  name: 'env-var-declared',
  meta: {
    type: 'problem',
    docs: RULE_DOCS['env-var-declared'],
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Names that are set some other way (a layer, an extension, a wrapper script).',
          },
        },
      },
    ],
    messages: {
      notSet:
        "`process.env.{{name}}` is not set for {{functions}}: it is `undefined` when the function runs. Add {{name}} to the function's {{key}} in the template, or read a variable the template sets.",
      notSetDidYouMean:
        "`process.env.{{name}}` is not set for {{functions}}: it is `undefined` when the function runs. Did you mean `process.env.{{suggestion}}`? Otherwise add {{name}} to the function's {{key}} in the template.",
    },
  },
  defaultOptions: [{ allow: [] }],
  create(context, [options]) {
    const allowed = options.allow ?? [];
    // The CLI's project layer collects module facts on the first lookup of a file: keep that eager there.
    const project = (context.settings['lambda-lint'] as { project?: unknown } | undefined)?.project;
    if (project && typeof project === 'object') getFileFunctions(context);

    const report = (
      environments: readonly FunctionEnvironment[],
      name: string,
      node: TSESTree.Node,
    ): void => {
      const missing = environments.filter((environment) => !environment.names.includes(name));
      if (missing.length === 0) return;
      const suggestion = closestName(
        name,
        missing.flatMap((environment) => environment.names),
      );
      const data = {
        name,
        functions: missing.map(describeFunction).join('; '),
        key: environmentKey(missing[0]!.template),
      };
      if (suggestion !== undefined)
        context.report({ node, messageId: 'notSetDidYouMean', data: { ...data, suggestion } });
      else context.report({ node, messageId: 'notSet', data });
    };

    return {
      // Node's `process` found through scope analysis (a local `process` is not it): no listener per node.
      // Functions are looked up only for a read that needs them (then usually memoised by the handler analysis).
      Program() {
        let environments: FunctionEnvironment[] | undefined;
        for (const node of processEnvNodes(context.sourceCode)) {
          const access = envAccess(node);
          if (access.kind !== 'names') continue;
          for (const read of access.reads) {
            if (allowed.includes(read.name) || isSetByLambda(read.name) || hasFallback(read.node)) continue;
            // Quiet unless the file is known function code: from the project layer, or a handler entry of a discovered template.
            environments ??= (getFileFunctions(context)?.facts.environments ?? []).filter(
              (environment) => !environment.unknown,
            );
            if (environments.length === 0) return;
            report(environments, read.name, read.node);
          }
        }
      },
    };
  },
});
