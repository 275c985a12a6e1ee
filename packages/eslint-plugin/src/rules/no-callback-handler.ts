import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import { getHandlerAnalysis, type FunctionNode } from '../handlers/index.js';
import { RULE_DOCS } from '../rule-docs.js';

type MessageIds =
  | 'callbackHandler'
  | 'asyncWithCallback'
  | 'contextMethod'
  | 'callbackWaitsForEmptyEventLoop'
  | 'convertToAsync'
  | 'removeCallbackParameter'
  | 'removeStatement';

const CONTEXT_COMPLETION_METHODS = new Set(['succeed', 'fail', 'done']);

/** How one `callback(…)` call becomes a statement of an async handler. */
interface CallRewrite {
  statement: TSESTree.Node;
  replacement: string;
}

function isNullish(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && node.value === null && node.raw === 'null') ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined')
  );
}

function enclosingFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.FunctionDeclaration ||
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.ArrowFunctionExpression
    ) {
      return current;
    }
  }
  return undefined;
}

/**
 * `awslambda.streamifyResponse(fn)` (or any `…streamifyResponse` wrapper), or a handler that wraps its second
 * parameter with `awslambda.HttpResponseStream.from(stream, …)`: both mean `(event, responseStream, context)`.
 */
function isStreamingHandler(
  handler: FunctionNode,
  wrappers: readonly string[],
  secondParameter: TSESLint.Scope.Variable | undefined,
): boolean {
  if (wrappers.some((wrapper) => /(^|\.)streamifyResponse$/.test(wrapper))) return true;
  if (handler.params.length !== 3) return false;
  return (secondParameter?.references ?? []).some((reference) => {
    const call = reference.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== reference.identifier)
      return false;
    const callee = call.callee;
    return (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      !callee.computed &&
      callee.property.type === AST_NODE_TYPES.Identifier &&
      callee.property.name === 'from' &&
      ((callee.object.type === AST_NODE_TYPES.MemberExpression &&
        !callee.object.computed &&
        callee.object.property.type === AST_NODE_TYPES.Identifier &&
        callee.object.property.name === 'HttpResponseStream') ||
        (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'HttpResponseStream'))
    );
  });
}

export default createRule<[], MessageIds>({
  name: 'no-callback-handler',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: RULE_DOCS['no-callback-handler'],
    schema: [],
    messages: {
      callbackHandler:
        'Callback-style handler (third parameter `{{name}}`): the nodejs24.x runtime no longer supports callback-based handlers, so this function breaks on the runtime upgrade. Make the handler `async`, `return` the result and `throw` errors.',
      asyncWithCallback:
        'Async handler that also takes a callback (`{{name}}`): the promise and the callback race to end the invocation, and the nodejs24.x runtime rejects callback-based handlers. Remove the parameter; `return` the result and `throw` errors.',
      contextMethod:
        '`context.{{method}}()` is a legacy completion method that the nodejs24.x runtime removed. Return the result from an `async` handler (or `throw` the error) instead.',
      callbackWaitsForEmptyEventLoop:
        '`context.callbackWaitsForEmptyEventLoop` only affects callback-based handlers, which the nodejs24.x runtime no longer supports; an async handler ends when its promise settles. Remove it and await all work before returning.',
      convertToAsync: 'Make the handler `async`, drop `{{name}}` and turn its calls into `return` / `throw`.',
      removeCallbackParameter: 'Remove the unused `{{name}}` parameter.',
      removeStatement: 'Remove this statement.',
    },
  },
  defaultOptions: [],
  create(context) {
    const analysis = getHandlerAnalysis(context);
    if (!analysis.isHandlerFile) return {};
    const sourceCode = context.sourceCode;

    /** Rewrites for every use of the callback, or undefined when converting is not obviously safe. */
    const planConversion = (
      handler: FunctionNode,
      references: readonly TSESLint.Scope.Reference[],
    ): CallRewrite[] | undefined => {
      if (handler.generator || handler.body.type !== AST_NODE_TYPES.BlockStatement) return undefined;
      if (handler.parent.type === AST_NODE_TYPES.Property && handler.parent.method) return undefined;
      if (handler.parent.type === AST_NODE_TYPES.MethodDefinition) return undefined;
      const rewrites: CallRewrite[] = [];
      for (const reference of references) {
        const call = reference.identifier.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier)
          return undefined;
        // A call inside a nested callback (`s3.getObject(p, (err, d) => callback(…))`) cannot become a return.
        if (enclosingFunction(call) !== handler) return undefined;
        const args = call.arguments;
        if (args.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement) || args.length > 2)
          return undefined;
        const [error, result] = args;
        let replacement: string;
        if (error === undefined || (isNullish(error) && result === undefined)) replacement = 'return;';
        else if (isNullish(error) && result !== undefined)
          replacement = `return ${sourceCode.getText(result)};`;
        else if (result === undefined && error.type === AST_NODE_TYPES.NewExpression)
          replacement = `throw ${sourceCode.getText(error)};`;
        else return undefined;
        const statement = call.parent;
        if (statement.type === AST_NODE_TYPES.ReturnStatement && statement.argument === call) {
          rewrites.push({ statement, replacement });
          continue;
        }
        if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
        // `callback(…)` must end its path: the last statement of the handler body, or followed by `return;`.
        const block = statement.parent;
        if (block.type !== AST_NODE_TYPES.BlockStatement) return undefined;
        const index = block.body.indexOf(statement);
        const next = block.body[index + 1];
        if (next === undefined && block === handler.body) {
          rewrites.push({ statement, replacement });
        } else if (
          next?.type === AST_NODE_TYPES.ReturnStatement &&
          next.argument === null &&
          index + 2 === block.body.length
        ) {
          rewrites.push({ statement, replacement });
          rewrites.push({ statement: next, replacement: '' });
        } else {
          return undefined;
        }
      }
      return rewrites;
    };

    const checkHandler = (handler: FunctionNode, wrappers: readonly string[]): void => {
      const variables = sourceCode.getDeclaredVariables(handler);
      const variableOf = (parameter: TSESTree.Parameter | undefined): TSESLint.Scope.Variable | undefined =>
        parameter?.type === AST_NODE_TYPES.Identifier
          ? variables.find((v) => v.defs.some((d) => d.name === parameter))
          : undefined;
      // A response-streaming handler is `(event, responseStream, context)`: its third parameter is the context.
      const streaming = isStreamingHandler(handler, wrappers, variableOf(handler.params[1]));
      const [, second, third] = handler.params;
      const contextParameter = streaming ? third : second;
      const callbackParameter = streaming ? undefined : third;

      if (callbackParameter !== undefined && handler.params.length === 3) {
        const name =
          callbackParameter.type === AST_NODE_TYPES.Identifier
            ? callbackParameter.name
            : sourceCode.getText(callbackParameter);
        const references = variableOf(callbackParameter)?.references ?? [];
        const removeParameter = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix =>
          fixer.removeRange([
            contextParameter?.range[1] ?? callbackParameter.range[0],
            callbackParameter.range[1],
          ]);
        if (handler.async) {
          context.report({
            node: callbackParameter,
            messageId: 'asyncWithCallback',
            data: { name },
            suggest:
              references.length === 0 && callbackParameter.type === AST_NODE_TYPES.Identifier
                ? [{ messageId: 'removeCallbackParameter', data: { name }, fix: removeParameter }]
                : null,
          });
        } else {
          const rewrites =
            callbackParameter.type === AST_NODE_TYPES.Identifier
              ? planConversion(handler, references)
              : undefined;
          context.report({
            node: callbackParameter,
            messageId: 'callbackHandler',
            data: { name },
            suggest: rewrites
              ? [
                  {
                    messageId: 'convertToAsync',
                    data: { name },
                    *fix(fixer) {
                      yield fixer.insertTextBefore(handler, 'async ');
                      yield removeParameter(fixer);
                      for (const { statement, replacement } of rewrites) {
                        // A `return;` left after the rewritten call goes, together with the whitespace before it.
                        const previous = sourceCode.getTokenBefore(statement);
                        yield replacement === '' && previous
                          ? fixer.removeRange([previous.range[1], statement.range[1]])
                          : fixer.replaceText(statement, replacement);
                      }
                    },
                  },
                ]
              : null,
          });
        }
      }

      for (const reference of variableOf(contextParameter)?.references ?? []) {
        const member = reference.identifier.parent;
        if (
          member?.type !== AST_NODE_TYPES.MemberExpression ||
          member.object !== reference.identifier ||
          member.computed
        )
          continue;
        if (member.property.type !== AST_NODE_TYPES.Identifier) continue;
        const property = member.property.name;
        if (
          CONTEXT_COMPLETION_METHODS.has(property) &&
          member.parent.type === AST_NODE_TYPES.CallExpression &&
          member.parent.callee === member
        ) {
          context.report({ node: member, messageId: 'contextMethod', data: { method: property } });
        } else if (property === 'callbackWaitsForEmptyEventLoop') {
          const statement =
            member.parent.type === AST_NODE_TYPES.AssignmentExpression && member.parent.left === member
              ? member.parent.parent
              : undefined;
          // Removing the assignment is behaviour-neutral only where no callback exists.
          const removable =
            statement?.type === AST_NODE_TYPES.ExpressionStatement &&
            callbackParameter === undefined &&
            handler.async;
          context.report({
            node: member,
            messageId: 'callbackWaitsForEmptyEventLoop',
            suggest: removable
              ? [{ messageId: 'removeStatement', fix: (fixer) => fixer.remove(statement) }]
              : null,
          });
        }
      }
    };

    return {
      'Program:exit'() {
        const seen = new Set<FunctionNode>();
        for (const handlerExport of analysis.handlers) {
          for (const { node, wrappers } of handlerExport.functions) {
            if (seen.has(node)) continue;
            seen.add(node);
            checkHandler(node, wrappers);
          }
        }
      },
    };
  },
});
