import { defineRule, type Fix } from '@lambda-lint/core';
import { CLIENT_COST } from '@lambda-lint/core/client-families';
import * as z from 'zod';
import { SESSION_CLIENT_METHODS, SESSION_FACTORIES, clientFamily } from '../clients.js';
import { isStdlib, type PyFunction, type PythonModule } from '../module.js';
import { reachText } from '../messages.js';
import {
  argumentsOf,
  calleeOf,
  children,
  descendants,
  memberParts,
  rangeOf,
  stringValue,
  subscriptParts,
  textOf,
  type SyntaxNode,
} from '../syntax.js';

const NAMES = new Set(['VariableName']);
const ASSIGNMENTS = new Set(['AssignStatement']);
const CREDENTIAL_KEYWORDS = new Set(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']);
const BINDING_STATEMENTS = new Set(['AssignStatement', 'ForStatement']);

export default defineRule({
  meta: {
    id: 'no-client-in-handler',
    description:
      'Disallow creating SDK, database and HTTP clients in code that runs on every Lambda invocation',
    severity: 'error',
    tool: 'python',
    options: z.object({
      reportEventDependent: z.boolean().default(false),
      additionalClients: z.array(z.string().min(1)).default([]),
    }),
  },
  check(module: PythonModule, { options, report }) {
    for (const [fn, reach] of module.reach) {
      for (const call of module.callsOf(fn)) {
        const family = classify(module, call, fn, options.additionalClients);
        if (!family || isLazilyInitialised(module, call, fn)) continue;
        const client = label(module, call);
        const dependency = eventDependency(module, call, fn);
        const callee = calleeOf(call)!;
        const at = { file: module.source.file, range: rangeOf(module.source, call.from, callee.to) };
        if (dependency !== undefined) {
          if (options.reportEventDependent) {
            report({
              at,
              message: `\`${client}\` runs on every invocation${reachText(fn, reach)} because its arguments depend on \`${dependency}\`: a new client ${CLIENT_COST[family]}.`,
              help: `Cache one client per \`${dependency}\` in a module-level dict (\`_clients.setdefault(key, …)\` behind an \`if key not in _clients\` guard) and reuse it.`,
            });
          }
          continue;
        }
        const hoist = hoistFix(module, call, fn, client);
        report({
          at,
          message: `\`${client}\` runs on every invocation${reachText(fn, reach)}: a new client ${CLIENT_COST[family]}.`,
          help: `Create it once at module scope (outside the handler) and reuse it, or initialise it lazily into a module-level name (\`global client\` then \`if client is None: client = ${client}\`).`,
          ...(hoist && { suggestions: [hoist] }),
        });
      }
    }
  },
});

/** The client family of a call, or undefined. `session.client(…)` counts when `session` is a boto3/botocore session. */
function classify(
  module: PythonModule,
  call: SyntaxNode,
  fn: PyFunction,
  additional: readonly string[],
): keyof typeof CLIENT_COST | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const qualified = module.qualifiedName(callee);
  if (qualified !== undefined) {
    const family = clientFamily(qualified, additional, (top) => !isStdlib(top));
    if (family) return family;
  }
  const member = memberParts(module.source, callee);
  if (member && SESSION_CLIENT_METHODS.has(member.property) && isSession(module, member.object, fn))
    return 'aws';
  return undefined;
}

/** `session` bound to `boto3.Session()` (in the function or at module level), or `boto3.Session()` itself is reported already. */
function isSession(module: PythonModule, object: SyntaxNode, fn: PyFunction): boolean {
  if (object.name !== 'VariableName') return false;
  const name = textOf(module.source, object);
  const values: SyntaxNode[] = [];
  if (fn.body) {
    for (const statement of descendants(fn.body, ASSIGNMENTS, true)) {
      const target = statement.firstChild;
      if (target?.name === 'VariableName' && textOf(module.source, target) === name && statement.lastChild)
        values.push(statement.lastChild);
    }
  }
  values.push(...(module.assignments.get(name) ?? []));
  return values.some((value) => {
    if (value.name !== 'CallExpression') return false;
    const callee = calleeOf(value);
    const qualified = callee && module.qualifiedName(callee);
    return qualified !== undefined && SESSION_FACTORIES.has(qualified);
  });
}

/** `boto3.client('s3')`, `redis.Redis(…)`: the callee with a short first argument. */
function label(module: PythonModule, call: SyntaxNode): string {
  const source = module.source;
  const callee = textOf(source, calleeOf(call)!);
  const args = argumentsOf(source, call);
  const first = args[0];
  const shown =
    first &&
    first.keyword === undefined &&
    first.star === undefined &&
    stringValue(source, first.value) !== undefined
      ? textOf(source, first.value)
      : args.length > 0
        ? '…'
        : '';
  return `${callee}(${shown.length > 40 ? '…' : shown})`;
}

/** Where the result of the call is stored: the assignment target text, if the call is (part of) its value. */
function assignmentOf(call: SyntaxNode): { statement: SyntaxNode; target: SyntaxNode } | undefined {
  let node: SyntaxNode = call;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (parent.name === 'AssignStatement') {
      const target = parent.firstChild;
      return target && target !== node ? { statement: parent, target } : undefined;
    }
    if (parent.name.endsWith('Statement') || parent.name === 'Body') return undefined;
  }
  return undefined;
}

/**
 * Lazy initialisation into something that outlives the invocation: a `global` name, an attribute of
 * `self`/`cls`/a module-level object, or an entry of a module-level cache, behind a guard on it
 * (`if s3 is None:`, `if key not in _clients:`, `s3 = s3 or …`, or an early `if s3: return s3`).
 */
function isLazilyInitialised(module: PythonModule, call: SyntaxNode, fn: PyFunction): boolean {
  const source = module.source;
  const assignment = assignmentOf(call);
  if (!assignment) return false;
  const { statement, target } = assignment;
  let base = target;
  while (base.name === 'MemberExpression' && base.firstChild) base = base.firstChild;
  const baseName = base.name === 'VariableName' ? textOf(source, base) : undefined;
  if (baseName === undefined) return false;
  const persistent =
    target.name === 'VariableName'
      ? fn.globals.has(baseName)
      : baseName === 'self' ||
        baseName === 'cls' ||
        module.assignments.has(baseName) ||
        module.classes.has(baseName) ||
        module.functions.has(baseName) ||
        fn.globals.has(baseName);
  if (!persistent) return false;
  const guardText = target.name === 'VariableName' ? baseName : guardKey(module, target);
  // `if self._s3 is None:`, and `if not hasattr(self, "_s3"):` for attributes.
  const attribute = target.name === 'MemberExpression' ? memberParts(source, target)?.property : undefined;
  const guard = new RegExp(
    `(?<![\\w.])${escape(guardText)}(?!\\w)${attribute ? `|hasattr\\([^)]*['"]${escape(attribute)}['"]` : ''}`,
  );
  const mentions = (node: SyntaxNode): boolean => guard.test(textOf(source, node));
  // `s3 = s3 or boto3.client(...)`
  const value = statement.lastChild;
  if (
    value?.name === 'BinaryExpression' &&
    value.firstChild &&
    textOf(source, value.firstChild) === textOf(source, target)
  )
    return /^\S+\s+or\b/.test(textOf(source, value));
  for (let node: SyntaxNode | null = statement.parent; node && node !== fn.body; node = node.parent) {
    if (node.name === 'Body' && node.parent?.name === 'IfStatement') {
      const condition = node.prevSibling;
      if (condition && mentions(condition)) return true;
    }
  }
  // An early return guard before the statement in its block: `if s3 is not None: return s3`.
  for (let sibling = topStatement(statement, fn).prevSibling; sibling; sibling = sibling.prevSibling) {
    if (sibling.name !== 'IfStatement') continue;
    const condition = children(sibling)[1];
    const body = sibling.getChild('Body');
    if (
      condition &&
      mentions(condition) &&
      body &&
      descendants(body, new Set(['ReturnStatement']), true).length > 0
    )
      return true;
  }
  return false;
}

/** The statement directly in the function body that contains `statement`. */
function topStatement(statement: SyntaxNode, fn: PyFunction): SyntaxNode {
  let node = statement;
  while (node.parent && node.parent.from !== fn.body?.from) node = node.parent;
  return node;
}

/** `self._s3` → `self._s3`; `_clients[region]` → `_clients` (the cache the guard tests). */
function guardKey(module: PythonModule, target: SyntaxNode): string {
  const subscript = subscriptParts(target);
  return textOf(module.source, subscript ? subscript.object : target);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names read by the call's arguments (keyword names excluded). */
function argumentNames(module: PythonModule, call: SyntaxNode): string[] {
  const list = call.getChild('ArgList');
  if (!list) return [];
  return descendants(list, NAMES, false)
    .filter((n) => n.nextSibling?.name !== 'AssignOp' || n.parent?.name !== 'ArgList')
    .filter((n) => n.parent?.name !== 'MemberExpression' || n.parent.firstChild?.from === n.from)
    .map((n) => textOf(module.source, n));
}

/**
 * The parameter (event, context or a helper's argument) the arguments are computed from, following
 * local assignments; undefined when they are fixed for the execution environment.
 */
function eventDependency(module: PythonModule, call: SyntaxNode, fn: PyFunction): string | undefined {
  // Temporary credentials (an assumed role) expire: a client built from them is per-credentials by design.
  for (const arg of argumentsOf(module.source, call)) {
    if (
      arg.keyword !== undefined &&
      CREDENTIAL_KEYWORDS.has(arg.keyword) &&
      stringValue(module.source, arg.value) === undefined
    )
      return textOf(module.source, arg.value);
  }
  const names = argumentNames(module, call);
  if (names.length === 0) return undefined;
  const derived = new Map<string, string>(fn.params.map((p) => [p, p]));
  const bindings = fn.body ? localBindings(module, fn.body) : [];
  for (let pass = 0; pass < 3; pass++) {
    for (const { targets, value } of bindings) {
      const reads = value.name === 'VariableName' ? [value] : descendants(value, NAMES, false);
      const from = reads.map((n) => derived.get(textOf(module.source, n))).find((d) => d !== undefined);
      if (from === undefined) continue;
      for (const target of targets) if (!derived.has(target)) derived.set(target, from);
    }
  }
  for (const name of names) {
    const root = derived.get(name);
    if (root !== undefined) return root;
  }
  return undefined;
}

/** `a, b = value` and `for a, b in value:` in a function body: the names bound and the expression they come from. */
function localBindings(module: PythonModule, body: SyntaxNode): { targets: string[]; value: SyntaxNode }[] {
  const out: { targets: string[]; value: SyntaxNode }[] = [];
  for (const statement of descendants(body, BINDING_STATEMENTS, true)) {
    const parts = children(statement);
    const separator = parts.findIndex(
      (p) => p.name === (statement.name === 'ForStatement' ? 'in' : 'AssignOp'),
    );
    const value = statement.name === 'ForStatement' ? parts[separator + 1] : parts[parts.length - 1];
    if (separator === -1 || !value) continue;
    const targets = parts
      .slice(0, separator)
      .filter((p) => p.name === 'VariableName')
      .map((p) => textOf(module.source, p));
    out.push({ targets, value });
  }
  return out;
}

/**
 * Moves `name = <client>` to module scope when nothing in it depends on the function: every name the
 * arguments read is an import or a module-level name, `name` is assigned nowhere else in the function,
 * and the function body keeps another statement.
 */
function hoistFix(module: PythonModule, call: SyntaxNode, fn: PyFunction, client: string): Fix | undefined {
  const source = module.source;
  const assignment = assignmentOf(call);
  if (!assignment || assignment.statement.lastChild?.from !== call.from) return undefined;
  if (assignment.target.name !== 'VariableName' || !fn.body) return undefined;
  const name = textOf(source, assignment.target);
  if (fn.globals.has(name) || module.assignments.has(name) || module.functions.has(name)) return undefined;
  const readsOnlyModuleNames = argumentNames(module, call).every(
    (n) => module.imports.has(n) || module.assignments.has(n) || /^(?:True|False|None|str|int|dict)$/.test(n),
  );
  if (!readsOnlyModuleNames || !module.imports.has(textOf(source, calleeOf(call)!).split('.')[0]!))
    return undefined;
  const assigned = descendants(fn.body, ASSIGNMENTS, false).filter(
    (s) => s.firstChild?.name === 'VariableName' && textOf(source, s.firstChild) === name,
  );
  const statements = children(fn.body).filter((c) => c.name !== ':' && !c.type.isSkipped);
  if (assigned.length !== 1 || statements.length < 2 || assignment.statement.parent?.from !== fn.body.from)
    return undefined;
  const lineStart = source.text.lastIndexOf('\n', assignment.statement.from - 1) + 1;
  const lineEnd = source.text.indexOf('\n', assignment.statement.to);
  const insertAt = module.afterImportsOffset;
  const statementText = `${name} = ${textOf(source, call)}`;
  return {
    description: `Move \`${client}\` to module scope so it is created once per execution environment.`,
    edits: [
      {
        file: source.file,
        start: insertAt,
        end: insertAt,
        text: insertAt === 0 ? `${statementText}\n` : `\n${statementText}`,
      },
      {
        file: source.file,
        start: lineStart,
        end: lineEnd === -1 ? source.text.length : lineEnd + 1,
        text: '',
      },
    ],
  };
}
