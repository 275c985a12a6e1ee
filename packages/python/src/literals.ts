/** String values as configuration rules see them: literals, module-level constants, env-var fallbacks. */
import type { Fix } from '@lambda-lint/core';
import type { PythonModule } from './module.js';
import {
  argumentsOf,
  calleeOf,
  children,
  descendants,
  position,
  stringValue,
  textOf,
  type SyntaxNode,
} from './syntax.js';

export interface ResolvedString {
  value: string;
  /** The String node that holds the value (inline or in the constant's assignment). */
  literal: SyntaxNode;
  /** Set when the value comes from a module-level `NAME = '…'`. */
  binding?: { name: string; line: number };
}

/** A string literal, or a name assigned exactly once at module level to one (a few hops). */
export function resolveString(module: PythonModule, node: SyntaxNode, depth = 0): ResolvedString | undefined {
  const source = module.source;
  const value = stringValue(source, node);
  if (value !== undefined)
    return { value, literal: node.name === 'String' ? node : (node.getChild('String') ?? node) };
  if (node.name !== 'VariableName' || depth > 3) return undefined;
  const name = textOf(source, node);
  // A name assigned in the enclosing function is local to all of it (Python scoping); else the module's.
  const local = localAssignments(module, node, name);
  const values = local ?? module.assignments.get(name);
  if (values?.length !== 1) return undefined;
  const target = resolveString(module, values[0]!, depth + 1);
  if (!target) return undefined;
  return { ...target, binding: target.binding ?? { name, line: position(source, values[0]!.from).line } };
}

const BINDINGS = new Set(['AssignStatement', 'UpdateStatement', 'ForStatement', 'WithStatement']);

/** Values assigned to `name` in the function around `use` (undefined when the function never binds it, or there is none). */
function localAssignments(module: PythonModule, use: SyntaxNode, name: string): SyntaxNode[] | undefined {
  let fn = use.parent;
  while (fn && fn.name !== 'FunctionDefinition') fn = fn.parent;
  const body = fn?.getChild('Body');
  if (!body) return undefined;
  const values: SyntaxNode[] = [];
  let bound = false;
  for (const statement of descendants(body, BINDINGS, true)) {
    const parts = children(statement);
    const separator = parts.findIndex(
      (p) => p.name === 'AssignOp' || p.name === 'UpdateOp' || p.name === 'in' || p.name === 'as',
    );
    const targets = parts.slice(
      statement.name === 'WithStatement' ? separator + 1 : 0,
      statement.name === 'WithStatement' ? separator + 2 : separator,
    );
    if (!targets.some((t) => t.name === 'VariableName' && textOf(module.source, t) === name)) continue;
    bound = true;
    // Only `name = value` (or `name: T = value`) with one target is a constant; loops, `with … as` and `+=` rebind it.
    const simple =
      statement.name === 'AssignStatement' && parts[separator]?.name === 'AssignOp' && separator <= 2;
    if (!simple) return [];
    values.push(parts[parts.length - 1]!);
  }
  return bound ? values : undefined;
}

/** ` (from \`TABLE\` on line 3)` when the value came through a constant. */
export function originText(resolved: ResolvedString): string {
  return resolved.binding ? ` (from \`${resolved.binding.name}\` on line ${resolved.binding.line})` : '';
}

/**
 * True when `literal` is the fallback of an environment read: `os.environ.get('X', '…')`,
 * `os.getenv('X', '…')` or `os.environ.get('X') or '…'`.
 */
export function isEnvironmentFallback(module: PythonModule, literal: SyntaxNode): boolean {
  const parent = literal.parent;
  if (!parent) return false;
  if (parent.name === 'ArgList' && parent.parent?.name === 'CallExpression') {
    const call = parent.parent;
    const callee = calleeOf(call);
    const qualified = callee && module.qualifiedName(callee);
    if (qualified !== 'os.environ.get' && qualified !== 'os.getenv' && qualified !== 'os.environ.setdefault')
      return false;
    const args = argumentsOf(module.source, call);
    return args.findIndex((a) => a.value.from === literal.from) >= 1;
  }
  if (parent.name === 'BinaryExpression') {
    const [left, operator] = children(parent);
    return (
      left !== undefined &&
      left.from !== literal.from &&
      operator !== undefined &&
      textOf(module.source, operator) === 'or' &&
      /\bos\.(?:environ|getenv)\b|\benviron\b|\bgetenv\b/.test(textOf(module.source, left))
    );
  }
  return false;
}

/** Arguments of `print(…)`, `logger.info(…)`, `logging.warning(…)`: log text. */
export function isLogArgument(module: PythonModule, literal: SyntaxNode): boolean {
  const call = literal.parent?.name === 'ArgList' ? literal.parent.parent : undefined;
  const callee = call ? calleeOf(call) : undefined;
  if (!callee) return false;
  const text = textOf(module.source, callee);
  return text === 'print' || /^(?:logger|logging|log|LOGGER|LOG)\.\w+$/.test(text);
}

/** Docstrings and other bare string statements. */
export function isDocstring(literal: SyntaxNode): boolean {
  return literal.parent?.name === 'ExpressionStatement';
}

/** A dict key (`{"TableName": …}`): syntax, not a value. */
export function isDictKey(literal: SyntaxNode): boolean {
  return literal.parent?.name === 'DictionaryExpression' && literal.nextSibling?.name === ':';
}

/** Lambda@Edge handlers read CloudFront events (`event['Records'][0]['cf']`) and cannot have environment variables. */
const LAMBDA_EDGE = /\[\s*['"]Records['"]\s*\]\s*\[\s*0\s*\]\s*\[\s*['"]cf['"]\s*\]/;

export function isLambdaEdge(module: PythonModule): boolean {
  return LAMBDA_EDGE.test(module.source.text);
}

/** Replaces `literal` with `os.environ["NAME"]`, adding `import os` when the module does not import it. */
export function useEnvironmentFix(module: PythonModule, literal: SyntaxNode, envName: string): Fix {
  const source = module.source;
  const edits = [
    { file: source.file, start: literal.from, end: literal.to, text: `os.environ["${envName}"]` },
  ];
  if (module.imports.get('os')?.qualified !== 'os') {
    const at = module.afterImportsOffset;
    edits.unshift({ file: source.file, start: at, end: at, text: at === 0 ? 'import os\n' : '\nimport os' });
  }
  return {
    description: `Read \`os.environ["${envName}"]\` instead (and set ${envName} in the function's Environment).`,
    edits,
  };
}
