/** Reads of environment variables: `os.environ['X']`, `os.environ.get('X')`, `os.getenv('X')` (import-aware). */
import type { PythonModule } from './module.js';
import {
  argumentsOf,
  calleeOf,
  descendants,
  memberParts,
  position,
  stringValue,
  subscriptParts,
  type SyntaxNode,
} from './syntax.js';

export interface EnvVarRead {
  name: string;
  line: number;
  column: number;
  /** Read with a fallback (`.get('X', 'd')`, `getenv('X', 'd')`, `'X' in os.environ`): works without the variable. */
  hasDefault: boolean;
  node: SyntaxNode;
}

const MEMBERS = new Set(['MemberExpression', 'VariableName']);
const cache = new WeakMap<PythonModule, { reads: EnvVarRead[]; readsWholeEnvironment: boolean }>();

export function envFacts(module: PythonModule): { reads: EnvVarRead[]; readsWholeEnvironment: boolean } {
  const cached = cache.get(module);
  if (cached) return cached;
  const source = module.source;
  const reads: EnvVarRead[] = [];
  let readsWholeEnvironment = false;
  const text = source.text;
  if (text.includes('environ') || text.includes('getenv')) {
    for (const node of descendants(source.tree.topNode, MEMBERS, false)) {
      if (node.parent?.name === 'ImportStatement') continue;
      const qualified = module.qualifiedName(node);
      if (qualified === 'os.environ') {
        const read = environRead(module, node);
        if (read === null) continue;
        if (read) reads.push(read);
        else readsWholeEnvironment = true;
      } else if (qualified === 'os.getenv') {
        const call = node.parent;
        if (call?.name !== 'CallExpression' || calleeOf(call)?.from !== node.from) continue;
        const read = readFromCall(module, call);
        if (read) reads.push(read);
        else readsWholeEnvironment = true;
      }
    }
  }
  const result = { reads, readsWholeEnvironment };
  cache.set(module, result);
  return result;
}

/** A read through `os.environ` at `node`; undefined for a whole-environment use, null for a write or a nested part. */
function environRead(module: PythonModule, node: SyntaxNode): EnvVarRead | undefined | null {
  const source = module.source;
  const parent = node.parent;
  if (!parent) return undefined;
  const subscript = subscriptParts(parent);
  if (subscript && subscript.object.from === node.from && subscript.object.to === node.to) {
    const name = stringValue(source, subscript.index);
    if (name === undefined) return undefined;
    // `os.environ['X'] = v` and `del os.environ['X']` write.
    const statement = parent.parent;
    if (statement?.name === 'AssignStatement' && statement.firstChild?.from === parent.from) return null;
    if (statement?.name === 'DeleteStatement') return null;
    return { name, ...position(source, parent.from), hasDefault: false, node: parent };
  }
  const member = memberParts(source, parent);
  if (member && member.object.from === node.from && parent.parent?.name === 'CallExpression') {
    if (member.property === 'get' || member.property === 'setdefault')
      return readFromCall(module, parent.parent);
  }
  if (parent.name === 'BinaryExpression') {
    // `'X' in os.environ`
    const left = parent.firstChild;
    const name = left && left.from !== node.from ? stringValue(source, left) : undefined;
    if (name !== undefined && /\bin\b/.test(source.text.slice(left!.to, node.from)))
      return { name, ...position(source, left!.from), hasDefault: true, node: left! };
  }
  return undefined;
}

function readFromCall(module: PythonModule, call: SyntaxNode): EnvVarRead | undefined {
  const args = argumentsOf(module.source, call);
  const first = args[0];
  const name = first && first.keyword === undefined ? stringValue(module.source, first.value) : undefined;
  if (name === undefined) return undefined;
  return { name, ...position(module.source, call.from), hasDefault: args.length > 1, node: call };
}
