import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import {
  getHandlerAnalysis,
  isFunctionNode,
  memberName,
  unwrapExpression,
  type HandlerAnalysis,
} from '../handlers/index.js';
import { RULE_DOCS } from '../rule-docs.js';

type MessageIds = 'floatingCall' | 'addAwait';
export interface NoFloatingSdkCallOptions {
  /** Use type information: any call returning a Promise (thenable) in per-invocation code is checked. Default false. */
  typeAware?: boolean;
}
type Options = [NoFloatingSdkCallOptions];

/** Modules whose `fetch` export behaves like the global `fetch`. */
const FETCH_MODULES = new Set(['node-fetch', 'undici', 'cross-fetch', 'isomorphic-fetch']);
/** Members of an aggregated v3 client that do not start a request. */
const NON_REQUEST_MEMBERS = new Set(['destroy', 'middlewareStack', 'config', 'send']);

export const TYPE_INFO_MISSING =
  'lambda-lint/no-floating-sdk-call: the option `typeAware: true` needs type information, but this file was linted without it. ' +
  'Configure typescript-eslint with `languageOptions.parserOptions.projectService: true` (or `project`) for this file, or remove `typeAware`.';

export default createRule<Options, MessageIds>({
  name: 'no-floating-sdk-call',
  meta: {
    type: 'problem',
    docs: RULE_DOCS['no-floating-sdk-call'],
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          typeAware: {
            type: 'boolean',
            description:
              'Check every Promise-returning call using type information (requires typed linting).',
          },
        },
      },
    ],
    messages: {
      floatingCall:
        '`{{call}}` starts a request whose promise is not awaited, returned or collected: Lambda freezes the execution environment as soon as the handler returns, so this work may never finish (or finishes during a later invocation) and its errors are lost. `await` it, return it, or collect it and `await Promise.all(…)`; write `void {{call}}` only if losing it is acceptable.',
      addAwait: 'Add `await`.',
    },
  },
  defaultOptions: [{ typeAware: false }],
  create(context, [options]) {
    const typeAware = options.typeAware === true;
    // Never change behaviour silently: asking for types without providing them is a configuration error.
    const services = context.sourceCode.parserServices;
    if (typeAware && !services?.program) throw new Error(TYPE_INFO_MISSING);
    const analysis = getHandlerAnalysis(context);
    if (!analysis.hasPerInvocationCode) return {};

    function isPromiseTyped(node: TSESTree.Node): boolean {
      if (!services?.program || !services.esTreeNodeToTSNodeMap) return false;
      const checker = services.program.getTypeChecker();
      const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
      const parts = type.isUnion() ? type.types : [type];
      return parts.some((part) => {
        const then = part.getProperty('then');
        if (!then) return false;
        const thenType = checker.getTypeOfSymbol(then);
        return thenType.getCallSignatures().length > 0;
      });
    }

    function checkStatement(statement: TSESTree.ExpressionStatement): void {
      for (const { call, discarded } of discardedCalls(statement.expression)) {
        const syntactic = isSdkRequest(call, analysis);
        if (!syntactic && !(typeAware && isPromiseTyped(call))) continue;
        if (!analysis.isPerInvocation(call)) continue;
        const enclosing = enclosingFunction(call);
        // `await a || b()` would await the wrong operand: suggest only when the discarded value is the call chain itself.
        const canAwait =
          enclosing?.async === true &&
          (discarded.type === AST_NODE_TYPES.CallExpression ||
            discarded.type === AST_NODE_TYPES.ChainExpression);
        context.report({
          node: call,
          messageId: 'floatingCall',
          data: { call: callLabel(call) },
          suggest: canAwait
            ? [{ messageId: 'addAwait', fix: (fixer) => fixer.insertTextBefore(discarded, 'await ') }]
            : [],
        });
      }
    }

    // Only statements that can discard a call; assignments, `await`, `void` and updates never do.
    return {
      'ExpressionStatement[expression.type=/^(?:CallExpression|ChainExpression|SequenceExpression|LogicalExpression|ConditionalExpression|TSAsExpression|TSNonNullExpression|TSSatisfiesExpression|TSTypeAssertion)$/]':
        checkStatement,
    };
  },
});

function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/** `sqs.sendMessage(…).promise(…)`: the callee chain with arguments elided, short enough for a message. */
function callLabel(node: TSESTree.CallExpression): string {
  const render = (expression: TSESTree.Node, depth: number): string => {
    if (depth > 6) return '…';
    switch (expression.type) {
      case AST_NODE_TYPES.Identifier:
        return expression.name;
      case AST_NODE_TYPES.ThisExpression:
        return 'this';
      case AST_NODE_TYPES.ChainExpression:
        return render(expression.expression, depth);
      case AST_NODE_TYPES.MemberExpression:
        return `${render(expression.object, depth + 1)}.${memberName(expression) ?? '[…]'}`;
      case AST_NODE_TYPES.CallExpression:
        return `${render(expression.callee, depth + 1)}(…)`;
      default:
        return '…';
    }
  };
  return `${render(node.callee, 0)}(…)`;
}

/**
 * Calls whose promise a statement's expression throws away, each with the discarded expression it sits in.
 * A promise is handled when it is awaited, returned, assigned, passed to a call, put in an array or object,
 * `void`-ed, or chained with `.then/.catch/.finally` where the chain is handled: none of those reach here.
 */
function discardedCalls(
  expression: TSESTree.Expression,
): { call: TSESTree.CallExpression; discarded: TSESTree.Node }[] {
  const found: { call: TSESTree.CallExpression; discarded: TSESTree.Node }[] = [];
  const visit = (node: TSESTree.Node, discarded: TSESTree.Node): void => {
    switch (node.type) {
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        visit(node.expression, discarded);
        break;
      case AST_NODE_TYPES.SequenceExpression:
        for (const element of node.expressions) visit(element, element);
        break;
      case AST_NODE_TYPES.LogicalExpression:
        visit(node.left, node);
        visit(node.right, node);
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        visit(node.consequent, node);
        visit(node.alternate, node);
        break;
      case AST_NODE_TYPES.CallExpression: {
        found.push({ call: node, discarded });
        // `p.then(…)` / `.catch(…)` / `.finally(…)` dropped: `p` is dropped with it.
        const callee = node.callee; // not unwrapped: `(await p).then()` does not drop `p`
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const name = memberName(callee);
          if (name === 'then' || name === 'catch' || name === 'finally') visit(callee.object, discarded);
        }
        break;
      }
      default:
        break;
    }
  };
  visit(expression, expression);
  return found;
}

/** Is `node` a `…Command` construction, or a variable holding one? */
function isCommand(node: TSESTree.Node, analysis: HandlerAnalysis): boolean {
  let value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const definition = analysis.findVariable(value)?.defs[0];
    if (
      definition?.type !== 'Variable' ||
      definition.node.type !== AST_NODE_TYPES.VariableDeclarator ||
      !definition.node.init
    ) {
      return false;
    }
    value = unwrapExpression(definition.node.init);
  }
  if (value.type !== AST_NODE_TYPES.NewExpression) return false;
  const callee = unwrapExpression(value.callee);
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression
        ? memberName(callee)
        : undefined;
  return name !== undefined && name.endsWith('Command');
}

/** Does `receiver` hold an AWS SDK v3 client? (`new S3Client()`, `new S3()`, `DynamoDBDocument.from(…)`) */
function sdkV3ClientKind(
  receiver: TSESTree.Node,
  analysis: HandlerAnalysis,
): 'client' | 'aggregated' | undefined {
  const value = unwrapExpression(receiver);
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = analysis.findVariable(value)?.defs[0];
  if (
    definition?.type !== 'Variable' ||
    definition.node.type !== AST_NODE_TYPES.VariableDeclarator ||
    !definition.node.init
  ) {
    return undefined;
  }
  const init = unwrapExpression(definition.node.init);
  if (init.type === AST_NODE_TYPES.NewExpression) {
    const resolved = analysis.resolveImport(init.callee);
    if (!resolved?.source.startsWith('@aws-sdk/client-') || resolved.members.length > 0) return undefined;
    return resolved.imported.endsWith('Client') ? 'client' : 'aggregated';
  }
  if (init.type === AST_NODE_TYPES.CallExpression) {
    const resolved = analysis.resolveImport(init.callee);
    if (resolved?.source !== '@aws-sdk/lib-dynamodb') return undefined;
    const name = [resolved.imported, ...resolved.members].join('.');
    if (name === 'DynamoDBDocumentClient.from') return 'client';
    if (name === 'DynamoDBDocument.from') return 'aggregated';
  }
  return undefined;
}

/** Syntactic candidates: `client.send(new XCommand())`, `x.op(params).promise()`, `fetch()`, `s3.putObject()` (aggregated v3). */
function isSdkRequest(call: TSESTree.CallExpression, analysis: HandlerAnalysis): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    if (callee.name !== 'fetch') return false;
    const variable = analysis.findVariable(callee);
    if (!variable || variable.defs.length === 0) return true; // the global fetch
    const resolved = analysis.resolveImport(callee);
    return (
      !!resolved &&
      FETCH_MODULES.has(resolved.source) &&
      (resolved.imported === 'default' || resolved.imported === 'fetch')
    );
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberName(callee);
  if (method === undefined) return false;
  if (method === 'promise') {
    // SDK v2: `s3.putObject(params).promise()`
    return (
      call.arguments.length === 0 && unwrapExpression(callee.object).type === AST_NODE_TYPES.CallExpression
    );
  }
  if (method === 'send') {
    const [command] = call.arguments;
    if (command && isCommand(command, analysis)) return true;
    return sdkV3ClientKind(callee.object, analysis) !== undefined;
  }
  if (NON_REQUEST_MEMBERS.has(method)) return false;
  // Aggregated v3 clients return a promise unless a callback is passed.
  // `(input, callback)` / `(input, options, callback)`: callback style returns no promise.
  const last =
    call.arguments.length >= 2 ? unwrapExpression(call.arguments[call.arguments.length - 1]) : undefined;
  if (last && (isFunctionNode(last) || last.type === AST_NODE_TYPES.Identifier)) return false;
  return sdkV3ClientKind(callee.object, analysis) === 'aggregated';
}
