import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import { v3ReplacementForV2Member, v3ReplacementForV2Service } from '../util/aws-sdk-v3-packages.js';
import { RULE_DOCS } from '../rule-docs.js';

type MessageIds = 'v2Import';

const GENERIC_REPLACEMENT = 'the modular `@aws-sdk/client-*` package of each service you call';

/** `aws-sdk`, `aws-sdk/clients/s3`, `aws-sdk/global`…, but not `aws-sdk-mock` or `@aws-sdk/*`. */
function isV2Specifier(value: unknown): value is string {
  return typeof value === 'string' && (value === 'aws-sdk' || value.startsWith('aws-sdk/'));
}

/** The service a `aws-sdk/clients/<name>` path loads, e.g. `dynamodb`. */
function serviceFromClientsPath(specifier: string): string | undefined {
  const match = /^aws-sdk\/clients\/([a-z0-9]+)(?:\.js)?$/i.exec(specifier);
  return match?.[1];
}

/** Property names read from `identifier` (e.g. `AWS.DynamoDB.DocumentClient` → ['DynamoDB', 'DocumentClient']). */
function memberPathAfter(identifier: TSESTree.Node): string[] {
  const path: string[] = [];
  let current: TSESTree.Node = identifier;
  while (
    current.parent?.type === AST_NODE_TYPES.MemberExpression &&
    current.parent.object === current &&
    !current.parent.computed &&
    current.parent.property.type === AST_NODE_TYPES.Identifier &&
    path.length < 2
  ) {
    path.push(current.parent.property.name);
    current = current.parent;
  }
  return path;
}

export default createRule<[], MessageIds>({
  name: 'no-aws-sdk-v2',
  meta: {
    type: 'problem',
    docs: RULE_DOCS['no-aws-sdk-v2'],
    schema: [],
    messages: {
      v2Import:
        '`{{specifier}}` is the AWS SDK for JavaScript v2: it reached end of support on 2025-09-08, is not included in the Node.js 18+ Lambda runtimes (the import fails at cold start unless you bundle the whole SDK), and loads far more code than a v3 client. Use {{replacement}} instead.',
    },
  },
  defaultOptions: [],
  create(context) {
    // Cheap gate: a file that never mentions the package costs one substring search.
    if (!/['"`]aws-sdk['"`/]/.test(context.sourceCode.text)) return {};

    const replacementsFor = (specifier: string, usedMembers: string[][]): string => {
      const replacements = new Set<string>();
      const clientService = serviceFromClientsPath(specifier);
      if (clientService !== undefined) {
        const replacement = v3ReplacementForV2Service(clientService);
        if (replacement !== undefined) replacements.add(replacement);
      } else {
        for (const path of usedMembers) {
          const replacement = v3ReplacementForV2Member(path);
          if (replacement !== undefined) replacements.add(replacement);
        }
      }
      return replacements.size > 0 ? [...replacements].join(', ') : GENERIC_REPLACEMENT;
    };

    /** Members used through the variables a declaration binds (`AWS.S3`, or `S3` itself for named imports). */
    const usedMembersOf = (declaration: TSESTree.Node): string[][] => {
      const used: string[][] = [];
      for (const variable of context.sourceCode.getDeclaredVariables(declaration)) {
        const importedName = importedNameOf(variable.defs[0]?.node, variable.name);
        for (const reference of variable.references) {
          if (reference.init === true) continue;
          const path = memberPathAfter(reference.identifier);
          used.push(importedName === undefined ? path : [importedName, ...path]);
        }
        if (importedName !== undefined && variable.references.length === 0) used.push([importedName]);
      }
      return used;
    };

    const report = (node: TSESTree.Node, specifier: string, usedMembers: string[][]): void => {
      context.report({
        node,
        messageId: 'v2Import',
        data: { specifier, replacement: replacementsFor(specifier, usedMembers) },
      });
    };

    /** For `const x = require('aws-sdk')…`: the declarator whose bindings to follow, if any. */
    const declaratorAround = (call: TSESTree.Node): TSESTree.VariableDeclarator | undefined => {
      const parent = call.parent;
      if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === call) return parent;
      return undefined;
    };

    return {
      ImportDeclaration(node) {
        if (node.importKind === 'type' || !isV2Specifier(node.source.value)) return;
        const allTypeOnly =
          node.specifiers.length > 0 &&
          node.specifiers.every((s) => s.type === AST_NODE_TYPES.ImportSpecifier && s.importKind === 'type');
        if (allTypeOnly) return;
        report(node.source, node.source.value, usedMembersOf(node));
      },
      ExportNamedDeclaration(node) {
        if (node.source === null || node.exportKind === 'type' || !isV2Specifier(node.source.value)) return;
        const names = node.specifiers.map((s) => [
          s.local.type === AST_NODE_TYPES.Identifier ? s.local.name : s.local.value,
        ]);
        report(node.source, node.source.value, names);
      },
      ExportAllDeclaration(node) {
        if (node.exportKind === 'type' || !isV2Specifier(node.source.value)) return;
        report(node.source, node.source.value, []);
      },
      ImportExpression(node) {
        if (node.source.type !== AST_NODE_TYPES.Literal || !isV2Specifier(node.source.value)) return;
        report(node.source, node.source.value, []);
      },
      TSImportEqualsDeclaration(node) {
        if (node.importKind === 'type') return;
        const reference = node.moduleReference;
        if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return;
        if (
          reference.expression.type !== AST_NODE_TYPES.Literal ||
          !isV2Specifier(reference.expression.value)
        )
          return;
        report(reference.expression, reference.expression.value, usedMembersOf(node));
      },
      CallExpression(node) {
        if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return;
        const [argument] = node.arguments;
        if (argument?.type !== AST_NODE_TYPES.Literal || !isV2Specifier(argument.value)) return;
        const specifier = argument.value;
        // `require('aws-sdk').S3` names the service directly.
        const directPath = memberPathAfter(node);
        if (directPath.length > 0) {
          const declarator = declaratorAround(topOfMemberChain(node));
          const used = declarator ? usedMembersOf(declarator) : [];
          report(argument, specifier, [directPath, ...used.map((path) => [...directPath, ...path])]);
          return;
        }
        const declarator = declaratorAround(node);
        if (declarator?.id.type === AST_NODE_TYPES.ObjectPattern) {
          report(
            argument,
            specifier,
            propertyNamesOf(declarator.id).map((name) => [name]),
          );
          return;
        }
        report(argument, specifier, declarator ? usedMembersOf(declarator) : []);
      },
    } satisfies TSESLint.RuleListener;
  },
});

/** For a named import / destructured binding, the exported v2 name it stands for. */
function importedNameOf(definitionNode: TSESTree.Node | undefined, localName: string): string | undefined {
  if (definitionNode?.type === AST_NODE_TYPES.ImportSpecifier) {
    return definitionNode.imported.type === AST_NODE_TYPES.Identifier
      ? definitionNode.imported.name
      : definitionNode.imported.value;
  }
  if (
    definitionNode?.type === AST_NODE_TYPES.VariableDeclarator &&
    definitionNode.id.type === AST_NODE_TYPES.ObjectPattern
  ) {
    return localName;
  }
  return undefined;
}

function propertyNamesOf(pattern: TSESTree.ObjectPattern): string[] {
  const names: string[] = [];
  for (const property of pattern.properties) {
    if (
      property.type === AST_NODE_TYPES.Property &&
      !property.computed &&
      property.key.type === AST_NODE_TYPES.Identifier
    ) {
      names.push(property.key.name);
    }
  }
  return names;
}

/** The outermost member expression of `require('aws-sdk').A.B`. */
function topOfMemberChain(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current)
    current = current.parent;
  return current;
}
