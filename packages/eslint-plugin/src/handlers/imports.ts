import type { TSESTree, TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;
/** The variable an identifier written in the code refers to (by scope analysis), if any. */
export type VariableLookup = (identifier: TSESTree.Identifier) => Variable | undefined;

/**
 * Where an identifier (or a member chain starting at one) comes from.
 *
 * Module-object bindings (namespace import, default import, `require('m')`, `await import('m')`)
 * are folded: `AWS.S3` resolves to `{ source: 'aws-sdk', imported: 'S3', members: [] }` whatever the
 * import form, because for CommonJS packages the default export and the namespace are the same object.
 */
export interface ResolvedImport {
  /** Module specifier exactly as written, e.g. `@aws-sdk/client-s3`. */
  source: string;
  /**
   * Exported name: `S3Client` for `import { S3Client as S3 }` or `S3.S3Client` on a namespace;
   * `default` for a default import / whole `require()` used directly; `*` for a namespace used directly.
   */
  imported: string;
  /** Property names accessed after `imported`, e.g. `['DocumentClient']` for `AWS.DynamoDB.DocumentClient`. */
  members: string[];
  /** `esm` for `import` declarations (including TS `import x = require()`), `cjs` for `require`/`import()`. */
  kind: 'esm' | 'cjs';
}

/** Maximum number of `const A = B` alias hops followed; keeps resolution linear and cycle-proof. */
const MAX_ALIAS_HOPS = 4;

/** Strip TS casts, `!`, `await`, optional-chain wrappers and parentheses-free wrappers around a value. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        continue;
      case AST_NODE_TYPES.AwaitExpression:
        current = current.argument;
        continue;
      default:
        return current;
    }
  }
}

/** Static property name of a member access (`a.b`, `a['b']`), or undefined when computed. */
export function memberName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === AST_NODE_TYPES.Identifier) return member.property.name;
  if (
    member.computed &&
    member.property.type === AST_NODE_TYPES.Literal &&
    typeof member.property.value === 'string'
  ) {
    return member.property.value;
  }
  return undefined;
}

/** The module specifier of `require('m')` / `import('m')`, else undefined. */
export function requiredModule(node: TSESTree.Node): string | undefined {
  const inner = unwrapExpression(node);
  if (inner.type === AST_NODE_TYPES.ImportExpression) {
    return inner.source.type === AST_NODE_TYPES.Literal && typeof inner.source.value === 'string'
      ? inner.source.value
      : undefined;
  }
  if (
    inner.type === AST_NODE_TYPES.CallExpression &&
    inner.callee.type === AST_NODE_TYPES.Identifier &&
    inner.callee.name === 'require' &&
    inner.arguments.length === 1
  ) {
    const [argument] = inner.arguments;
    if (argument.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string') return argument.value;
    if (argument.type === AST_NODE_TYPES.TemplateLiteral && argument.expressions.length === 0) {
      return argument.quasis[0].value.cooked ?? undefined;
    }
  }
  return undefined;
}

/** Find a variable by name, starting at `scope` and walking outwards. */
export function findVariableByName(scope: Scope | null, name: string): Variable | undefined {
  for (let current = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) return variable;
  }
  return undefined;
}

/** Fold module-object access into a named import (see `ResolvedImport`). */
function moduleObject(
  source: string,
  kind: 'esm' | 'cjs',
  asDefault: boolean,
  members: string[],
): ResolvedImport {
  if (members.length === 0) return { source, imported: asDefault ? 'default' : '*', members: [], kind };
  return { source, imported: members[0], members: members.slice(1), kind };
}

/** Property path from a destructuring pattern down to `identifier`, e.g. `{ a: { b: x } }` → ['a', 'b']. */
function destructuredPath(pattern: TSESTree.Node, identifier: TSESTree.Identifier): string[] | undefined {
  const path: string[] = [];
  let node: TSESTree.Node = identifier;
  while (node !== pattern) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return undefined;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === node) {
      if (parent.computed || parent.key.type !== AST_NODE_TYPES.Identifier) {
        if (parent.key.type === AST_NODE_TYPES.Literal && typeof parent.key.value === 'string') {
          path.unshift(parent.key.value);
        } else return undefined;
      } else path.unshift(parent.key.name);
    } else if (parent.type === AST_NODE_TYPES.AssignmentPattern && parent.left === node) {
      // `{ a = fallback }`: same path as `a`
    } else if (parent.type !== AST_NODE_TYPES.ObjectPattern) {
      return undefined; // arrays, rest elements: not a static path
    }
    node = parent;
  }
  return path;
}

/**
 * Resolve a variable to the import it is bound to, following `const A = B.C` aliases.
 * `members` are property accesses applied after the variable.
 */
export function resolveVariableImport(
  variable: Variable,
  members: string[],
  lookupVariable: VariableLookup,
  hops = 0,
): ResolvedImport | undefined {
  const definition = variable.defs[0];
  if (!definition || variable.defs.length !== 1) return undefined;
  if (definition.type === 'ImportBinding') {
    const node = definition.node;
    if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const reference = node.moduleReference;
      if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
      const expression = reference.expression;
      if (expression.type !== AST_NODE_TYPES.Literal || typeof expression.value !== 'string')
        return undefined;
      return moduleObject(expression.value, 'esm', true, members);
    }
    const declaration = node.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    const source = declaration.source.value;
    if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier)
      return moduleObject(source, 'esm', false, members);
    if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier)
      return moduleObject(source, 'esm', true, members);
    if (node.type === AST_NODE_TYPES.ImportSpecifier) {
      const imported =
        node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : String(node.imported.value);
      // `import { default as X }` behaves like a default import
      if (imported === 'default') return moduleObject(source, 'esm', true, members);
      return { source, imported, members, kind: 'esm' };
    }
    return undefined;
  }
  if (definition.type !== 'Variable') return undefined;
  const declarator = definition.node;
  if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || !declarator.init) return undefined;
  // Only `const` (or never-reassigned) bindings are trusted to still hold the import.
  if (
    declarator.parent?.kind !== 'const' &&
    variable.references.some((reference) => reference.isWrite() && reference.init !== true)
  ) {
    return undefined;
  }
  let path: string[];
  if (declarator.id.type === AST_NODE_TYPES.Identifier) path = [];
  else {
    const destructured = destructuredPath(declarator.id, definition.name as TSESTree.Identifier);
    if (!destructured) return undefined;
    path = destructured;
  }
  return resolveExpressionImport(declarator.init, [...path, ...members], lookupVariable, hops + 1);
}

/** Resolve an initializer expression (`require('m').X`, `S3.S3Client`, an alias identifier). */
function resolveExpressionImport(
  expression: TSESTree.Node,
  members: string[],
  lookupVariable: VariableLookup,
  hops: number,
): ResolvedImport | undefined {
  if (hops > MAX_ALIAS_HOPS) return undefined;
  const chain: string[] = [];
  let node = unwrapExpression(expression);
  while (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(node);
    if (name === undefined) return undefined;
    chain.unshift(name);
    node = unwrapExpression(node.object);
  }
  const source = requiredModule(node);
  if (source !== undefined) {
    const all = [...chain, ...members];
    // `require('m').default` is the ESM default export seen from CommonJS
    if (all[0] === 'default') return moduleObject(source, 'cjs', true, all.slice(1));
    return moduleObject(source, 'cjs', true, all);
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    // An alias of another binding: resolve it in the scope it was written in.
    const variable = lookupVariable(node);
    if (!variable) return undefined;
    return resolveVariableImport(variable, [...chain, ...members], lookupVariable, hops + 1);
  }
  return undefined;
}

/**
 * Build `resolveImport(identifierOrMemberExpression)` for one file.
 * `lookupVariable` finds the variable an identifier refers to (from the scope it is written in).
 */
export function createImportResolver(
  lookupVariable: VariableLookup,
): (node: TSESTree.Node) => ResolvedImport | undefined {
  return (node) => {
    const members: string[] = [];
    let base = unwrapExpression(node);
    while (base.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(base);
      if (name === undefined) return undefined;
      members.unshift(name);
      base = unwrapExpression(base.object);
    }
    const source = requiredModule(base);
    if (source !== undefined)
      return moduleObject(source, 'cjs', true, members[0] === 'default' ? members.slice(1) : members);
    if (base.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = lookupVariable(base);
    return variable ? resolveVariableImport(variable, members, lookupVariable) : undefined;
  };
}

/** Pushes the child nodes of `node` (by ESLint's visitor keys) onto `stack`, for iterative walks. */
export function pushChildren(
  node: TSESTree.Node,
  visitorKeys: Readonly<TSESLint.SourceCode>['visitorKeys'],
  stack: TSESTree.Node[],
): void {
  for (const key of visitorKeys[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child)
        if (item && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
    } else if (child && typeof (child as TSESTree.Node).type === 'string') stack.push(child as TSESTree.Node);
  }
}
