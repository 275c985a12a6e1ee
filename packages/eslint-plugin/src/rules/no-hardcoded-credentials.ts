import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import {
  findAccessKeyId,
  isAccessKeyIdName,
  isDocumentedExampleKey,
  isSecretAccessKeyName,
  isSessionTokenName,
  looksLikeSecretAccessKey,
  looksLikeSessionToken,
} from '../util/aws-patterns.js';
import { RULE_DOCS } from '../rule-docs.js';

type MessageIds = 'accessKeyId' | 'secretAccessKey' | 'sessionToken';
type Options = [{ allowExampleKeys?: boolean }];

/** `aws_secret_access_key = …` inside embedded ini/env text. */
const SECRET_IN_TEXT = /secret_?access_?key["']?\s*[=:]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/i;

/** The name a literal is bound to: property key, variable, assignment target or parameter default. */
function boundName(node: TSESTree.Node): string | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case AST_NODE_TYPES.Property:
      if (parent.value !== node) return undefined;
      return propertyName(parent.key);
    case AST_NODE_TYPES.PropertyDefinition:
      return parent.value === node ? propertyName(parent.key) : undefined;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier
        ? parent.id.name
        : undefined;
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.AssignmentPattern:
      if (parent.right !== node) return undefined;
      if (parent.left.type === AST_NODE_TYPES.Identifier) return parent.left.name;
      if (parent.left.type === AST_NODE_TYPES.MemberExpression) return propertyName(parent.left.property);
      return undefined;
    case AST_NODE_TYPES.LogicalExpression:
      // `process.env.AWS_SECRET_ACCESS_KEY ?? '…'`: a default still ships the secret.
      return parent.right === node ? (boundName(parent) ?? envNameRead(parent.left)) : undefined;
    default:
      return undefined;
  }
}

function propertyName(key: TSESTree.Node): string | undefined {
  if (key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') return key.value;
  return undefined;
}

function envNameRead(node: TSESTree.Node): string | undefined {
  return node.type === AST_NODE_TYPES.MemberExpression ? propertyName(node.property) : undefined;
}

/** The other arguments of a call or properties of an object literal the value sits in. */
function siblingValues(node: TSESTree.Node): TSESTree.Node[] {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.Property && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    return parent.parent.properties.flatMap((p) =>
      p.type === AST_NODE_TYPES.Property && p !== parent ? [p.value] : [],
    );
  }
  if (
    (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
    parent.arguments.includes(node as TSESTree.CallExpressionArgument)
  ) {
    return parent.arguments.filter((a) => a !== node);
  }
  if (parent?.type === AST_NODE_TYPES.ArrayExpression)
    return parent.elements.filter((e): e is TSESTree.Expression => e !== null && e !== node);
  return [];
}

export default createRule<Options, MessageIds>({
  name: 'no-hardcoded-credentials',
  meta: {
    type: 'problem',
    docs: RULE_DOCS['no-hardcoded-credentials'],
    schema: [
      {
        type: 'object',
        properties: {
          allowExampleKeys: {
            type: 'boolean',
            description: "Ignore AWS's documented example keys (values containing `EXAMPLE`).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowExampleKeys: true }],
    messages: {
      accessKeyId:
        'Hardcoded AWS access key ID `{{preview}}`: anyone who can read the code or the deployment package can use it, and a Lambda function already gets credentials from its execution role. Remove it, rotate the key, and grant the permissions to the function role instead.',
      secretAccessKey:
        'Hardcoded AWS secret access key: it ships in the deployment package and source history. Remove it, rotate the key, and let the SDK use the Lambda execution role (or read a secret from Secrets Manager at runtime).',
      sessionToken:
        'Hardcoded AWS session token: temporary credentials in code leak with the package and expire anyway. Remove it and let the SDK use the Lambda execution role.',
    },
  },
  defaultOptions: [{ allowExampleKeys: true }],
  create(context, [{ allowExampleKeys = true }]) {
    // Cheap gate: without one of these markers no credential can be present.
    const text = context.sourceCode.text;
    if (
      !/AKIA|ASIA|IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz/.test(text) &&
      !/secret_?(?:access_?)?key|\bsecret\b|session[_-]?token|security[_-]?token/i.test(text)
    ) {
      return {};
    }
    const isIgnoredExample = (value: string): boolean => allowExampleKeys && isDocumentedExampleKey(value);

    const siblingHasAccessKeyId = (node: TSESTree.Node): boolean =>
      siblingValues(node).some((sibling) => {
        const value = staticString(sibling);
        return value !== undefined && findAccessKeyId(value) !== undefined;
      });

    /** A `const` holding the secret whose uses land in secret-access-key positions. */
    const usedAsSecret = (literal: TSESTree.Node): boolean => {
      const declarator = literal.parent;
      if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== literal) return false;
      return context.sourceCode.getDeclaredVariables(declarator).some((variable) =>
        variable.references.some((reference) => {
          if (reference.init === true) return false;
          const name = boundName(reference.identifier);
          return (
            (name !== undefined && isSecretAccessKeyName(name)) || siblingHasAccessKeyId(reference.identifier)
          );
        }),
      );
    };

    const check = (node: TSESTree.Node, value: string, wholeValue: boolean): void => {
      const accessKeyId = findAccessKeyId(value);
      if (accessKeyId !== undefined && !isIgnoredExample(accessKeyId)) {
        context.report({ node, messageId: 'accessKeyId', data: { preview: `${accessKeyId.slice(0, 8)}…` } });
        return;
      }
      const embeddedSecret = SECRET_IN_TEXT.exec(value)?.[1];
      if (embeddedSecret !== undefined && !isIgnoredExample(embeddedSecret)) {
        context.report({ node, messageId: 'secretAccessKey' });
        return;
      }
      if (!wholeValue) return;
      const name = boundName(node);
      if (looksLikeSecretAccessKey(value) && !isIgnoredExample(value)) {
        const secretContext =
          (name !== undefined && isSecretAccessKeyName(name) && !isAccessKeyIdName(name)) ||
          siblingHasAccessKeyId(node) ||
          usedAsSecret(node);
        if (secretContext) {
          context.report({ node, messageId: 'secretAccessKey' });
          return;
        }
      }
      if (looksLikeSessionToken(value, name !== undefined && isSessionTokenName(name))) {
        context.report({ node, messageId: 'sessionToken' });
      }
    };

    return {
      Literal(node) {
        if (typeof node.value !== 'string' || node.value.length < 16) return;
        if (
          node.parent.type === AST_NODE_TYPES.TSLiteralType ||
          node.parent.type === AST_NODE_TYPES.ImportDeclaration
        )
          return;
        check(node, node.value, true);
      },
      TemplateLiteral(node) {
        if (node.parent.type === AST_NODE_TYPES.TaggedTemplateExpression) return;
        for (const quasi of node.quasis) {
          const cooked = quasi.value.cooked;
          if (cooked === null || cooked.length < 16) continue;
          check(node.quasis.length === 1 ? node : quasi, cooked, node.quasis.length === 1);
        }
      },
    };
  },
});

/** The string value of a literal or expression-free template, else undefined. */
function staticString(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.quasis.length === 1)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}
