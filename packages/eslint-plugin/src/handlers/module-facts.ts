/**
 * `ModuleFacts` of one file for lambda-lint's project layer: relative imports with the per-invocation calls into
 * them, re-exports (barrels), literal `process.env` reads. Computed only when the project layer asks (`collect`).
 */
import type { EnvRead, ModuleFacts, PerInvocationCall } from '@lambda-lint/core';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { memberName, pushChildren, requiredModule, unwrapExpression } from './imports.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Scope = TSESLint.Scope.Scope;

/** What a `process.env` expression reads: names with the node to report at, the whole environment, or nothing (writes, `in`). */
export type EnvAccess =
  | { kind: 'names'; reads: Array<{ name: string; node: TSESTree.Node }> }
  | { kind: 'whole' }
  | { kind: 'none' };

/** True for `process.env` (not shadowed `process` is the caller's concern). */
export function isProcessEnv(node: TSESTree.Node): node is TSESTree.MemberExpression {
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === 'process' &&
    memberName(node) === 'env'
  );
}

function literalKey(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** How the code uses one `process.env`: `process.env.A`, `process.env['A']`, `const { A, B: b = 'x' } = process.env`. */
export function envAccess(processEnv: TSESTree.MemberExpression): EnvAccess {
  const parent = processEnv.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === processEnv) {
    const name = parent.computed ? literalKey(parent.property) : memberName(parent);
    if (name === undefined) return { kind: 'whole' };
    const outer = parent.parent;
    // Writes and deletes are not reads.
    if (outer.type === AST_NODE_TYPES.AssignmentExpression && outer.left === parent) return { kind: 'none' };
    if (outer.type === AST_NODE_TYPES.UnaryExpression && outer.operator === 'delete') return { kind: 'none' };
    return { kind: 'names', reads: [{ name, node: parent.property }] };
  }
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === processEnv) {
    if (parent.id.type !== AST_NODE_TYPES.ObjectPattern) return { kind: 'whole' };
    const reads: Array<{ name: string; node: TSESTree.Node }> = [];
    for (const property of parent.id.properties) {
      if (property.type !== AST_NODE_TYPES.Property) return { kind: 'whole' }; // `...rest`
      const name = property.computed
        ? literalKey(property.key)
        : property.key.type === AST_NODE_TYPES.Identifier
          ? property.key.name
          : literalKey(property.key);
      if (name === undefined) return { kind: 'whole' };
      reads.push({ name, node: property.key });
    }
    return { kind: 'names', reads };
  }
  // `'A' in process.env`, `typeof process.env`: no value read.
  if (parent.type === AST_NODE_TYPES.BinaryExpression && parent.operator === 'in') return { kind: 'none' };
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'typeof') return { kind: 'none' };
  return { kind: 'whole' }; // `{ ...process.env }`, `cleanEnv(process.env)`, `process.env[key]`
}

function exportName(node: TSESTree.Node): string {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  return node.type === AST_NODE_TYPES.Literal ? String(node.value) : '*';
}

/** A binding of a relative module: what it imports (`default`, a name, or `*` for a namespace / CommonJS module). */
interface LocalBinding {
  specifier: string;
  imported: string;
}

function isRelative(specifier: unknown): specifier is string {
  return (
    typeof specifier === 'string' &&
    (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.')
  );
}

/** The facts the project layer follows imports and environment reads with. */
export function collectModuleFacts(
  sourceCode: SourceCode,
  topScope: Scope | undefined,
  isProcessGlobal: (identifier: TSESTree.Identifier) => boolean,
  rootExportOf: (node: TSESTree.Node) => string | undefined,
): ModuleFacts {
  const imports = new Map<string, ModuleFacts['imports'][number]>();
  const entry = (specifier: string): ModuleFacts['imports'][number] => {
    let found = imports.get(specifier);
    if (!found) imports.set(specifier, (found = { specifier, perInvocationCalls: [], reExports: [] }));
    return found;
  };
  const bindings = new Map<string, LocalBinding>();
  const bind = (local: string, specifier: string, imported: string): void => {
    bindings.set(local, { specifier, imported });
  };

  for (const statement of sourceCode.ast.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.ImportDeclaration: {
        const specifier = statement.source.value;
        if (!isRelative(specifier) || statement.importKind === 'type') break;
        entry(specifier);
        for (const imported of statement.specifiers) {
          if (imported.type === AST_NODE_TYPES.ImportDefaultSpecifier)
            bind(imported.local.name, specifier, 'default');
          else if (imported.type === AST_NODE_TYPES.ImportNamespaceSpecifier)
            bind(imported.local.name, specifier, '*');
          else if (imported.importKind !== 'type') {
            const name =
              imported.imported.type === AST_NODE_TYPES.Identifier
                ? imported.imported.name
                : imported.imported.value;
            bind(imported.local.name, specifier, name);
          }
        }
        break;
      }
      case AST_NODE_TYPES.ExportAllDeclaration:
        if (isRelative(statement.source.value) && statement.exportKind !== 'type') {
          const exported = statement.exported;
          entry(statement.source.value).reExports.push({
            imported: '*',
            exported: exported ? exportName(exported) : '*',
          });
        }
        break;
      case AST_NODE_TYPES.ExportNamedDeclaration:
        if (statement.source && isRelative(statement.source.value) && statement.exportKind !== 'type') {
          const target = entry(statement.source.value);
          for (const specifier of statement.specifiers) {
            target.reExports.push({
              imported: exportName(specifier.local),
              exported: exportName(specifier.exported),
            });
          }
        }
        break;
      case AST_NODE_TYPES.VariableDeclaration:
        for (const declarator of statement.declarations) {
          if (!declarator.init) continue;
          const init = unwrapExpression(declarator.init);
          // `const db = require('./db')`, `const { query } = require('./db')`, `const query = require('./db').query`
          const required = requiredModule(init);
          if (isRelative(required)) {
            entry(required);
            if (declarator.id.type === AST_NODE_TYPES.Identifier) bind(declarator.id.name, required, '*');
            else if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
              for (const property of declarator.id.properties) {
                if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
                const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
                const value =
                  property.value.type === AST_NODE_TYPES.AssignmentPattern
                    ? property.value.left
                    : property.value;
                if (key !== undefined && value.type === AST_NODE_TYPES.Identifier)
                  bind(value.name, required, key);
              }
            }
          } else if (
            init.type === AST_NODE_TYPES.MemberExpression &&
            declarator.id.type === AST_NODE_TYPES.Identifier
          ) {
            const source = requiredModule(unwrapExpression(init.object));
            const name = memberName(init);
            if (isRelative(source) && name !== undefined) {
              entry(source);
              bind(declarator.id.name, source, name);
            }
          }
        }
        break;
      case AST_NODE_TYPES.ExpressionStatement: {
        // `module.exports = require('./x')`, `exports.a = require('./x')`, `module.exports.a = require('./x').b`
        const expression = statement.expression;
        if (expression.type !== AST_NODE_TYPES.AssignmentExpression) break;
        const target = expression.left;
        const value = unwrapExpression(expression.right);
        const direct = requiredModule(value);
        const viaMember =
          value.type === AST_NODE_TYPES.MemberExpression
            ? requiredModule(unwrapExpression(value.object))
            : undefined;
        const source = isRelative(direct) ? direct : isRelative(viaMember) ? viaMember : undefined;
        if (source === undefined || target.type !== AST_NODE_TYPES.MemberExpression) break;
        const imported = source === direct ? '*' : (memberName(value as TSESTree.MemberExpression) ?? '*');
        const isModuleExports =
          target.object.type === AST_NODE_TYPES.Identifier &&
          target.object.name === 'module' &&
          memberName(target) === 'exports';
        entry(source).reExports.push({
          imported,
          exported: isModuleExports ? '*' : (memberName(target) ?? '*'),
        });
        break;
      }
      default:
        break;
    }
  }

  // Calls from per-invocation code into the imported bindings.
  for (const [local, binding] of bindings) {
    const variable = topScope?.set.get(local);
    if (!variable) continue;
    for (const reference of variable.references) {
      const identifier = reference.identifier as TSESTree.Identifier;
      const call = perInvocationCall(identifier, local, binding);
      if (!call) continue;
      const fromExport = rootExportOf(identifier);
      if (fromExport === undefined) continue;
      const calls = entry(binding.specifier).perInvocationCalls;
      if (!calls.some((known) => known.callText === call.callText && known.fromExport === fromExport))
        calls.push({ ...call, fromExport });
    }
  }

  // Environment reads anywhere in the file (module-scope reads run at init, in the same environment).
  const envReads: EnvRead[] = [];
  let readsWholeEnvironment = false;
  const stack: TSESTree.Node[] = [sourceCode.ast];
  const keys = sourceCode.visitorKeys;
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (isProcessEnv(node) && isProcessGlobal(node.object as TSESTree.Identifier)) {
      const access = envAccess(node);
      if (access.kind === 'whole') readsWholeEnvironment = true;
      else if (access.kind === 'names')
        for (const read of access.reads)
          envReads.push({
            name: read.name,
            line: read.node.loc.start.line,
            column: read.node.loc.start.column + 1,
          });
      continue;
    }
    pushChildren(node, keys, stack);
  }
  envReads.sort((a, b) => a.line - b.line || a.column - b.column);
  return { imports: [...imports.values()], envReads, readsWholeEnvironment };
}

/** `query()`, `db.query()`, `new Repo()`, `items.map(transform)`: the use of an imported binding that runs its code. */
function perInvocationCall(
  identifier: TSESTree.Identifier,
  local: string,
  binding: LocalBinding,
): Omit<PerInvocationCall, 'fromExport'> | undefined {
  const parent = identifier.parent;
  const whole = binding.imported === '*' ? 'default' : binding.imported;
  if (parent?.type === AST_NODE_TYPES.CallExpression) {
    if (parent.callee === identifier) return { imported: whole, callText: local };
    if (parent.arguments.includes(identifier)) return { imported: whole, callText: local };
  }
  if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === identifier)
    return { imported: whole, callText: `new ${local}` };
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
    const member = memberName(parent);
    const outer = parent.parent;
    const called =
      (outer?.type === AST_NODE_TYPES.CallExpression || outer?.type === AST_NODE_TYPES.NewExpression) &&
      outer.callee === parent;
    if (member === undefined || !called) return undefined;
    const text = `${outer.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${local}.${member}`;
    return { imported: binding.imported === '*' ? member : binding.imported, callText: text };
  }
  return undefined;
}
