import type { HclExpr } from './hcl-tree.js';

/** A JSON-like value Terraform would compute without any provider or deploy-time input. */
export type Known = string | number | boolean | null | Known[] | { [key: string]: Known };

/**
 * What an expression evaluates to before `terraform apply`:
 * - `known`: a literal, a variable default or tfvars value, a local built from those;
 * - `ref`: an attribute of a resource, data source or module (its identity is known, its value is not);
 * - `unknown`: a variable without a value, a function we do not evaluate, `count.index`, a conditional…
 */
export type TfValue =
  | { kind: 'known'; value: Known }
  | { kind: 'ref'; address: string; attribute: string | undefined; text: string }
  | { kind: 'unknown'; reason: string };

/** Variables, locals and the module's place; one per module instance. */
export interface Scope {
  /** Address prefix of resources in this module (`''` for the root, `module.orders.` in a child). */
  prefix: string;
  /** `path.module` relative to the root module folder (POSIX, `.` for the root). */
  modulePath: string;
  variable(name: string): TfValue;
  local(name: string): HclExpr | undefined;
}

const known = (value: Known): TfValue => ({ kind: 'known', value });
const unknown = (reason: string): TfValue => ({ kind: 'unknown', reason });

/** Roots that never name a resource type. */
const SPECIAL_ROOTS = new Set(['count', 'each', 'self', 'terraform', 'null']);

export class Evaluator {
  private readonly evaluatingLocals = new Set<string>();

  constructor(readonly scope: Scope) {}

  evaluate(expr: HclExpr): TfValue {
    switch (expr.kind) {
      case 'literal':
        return known(expr.value);
      case 'template':
        return this.template(expr.parts);
      case 'traversal':
        return this.traversal(expr);
      case 'tuple': {
        const items: Known[] = [];
        for (const item of expr.items) {
          const value = this.evaluate(item);
          if (value.kind !== 'known') return unknown(`an element of the list is ${describeValue(value)}`);
          items.push(value.value);
        }
        return known(items);
      }
      case 'object': {
        const out: { [key: string]: Known } = {};
        for (const entry of expr.entries) {
          if (entry.key === undefined) return unknown('the object has a computed key');
          const value = this.evaluate(entry.value);
          if (value.kind !== 'known') return unknown(`\`${entry.key}\` is ${describeValue(value)}`);
          out[entry.key] = value.value;
        }
        return known(out);
      }
      case 'negate': {
        const value = this.evaluate(expr.operand);
        return value.kind === 'known' && typeof value.value === 'number' ? known(-value.value) : value;
      }
      case 'call':
        return this.call(expr);
      case 'other':
        return unknown(`\`${shorten(expr.text)}\` is computed by Terraform`);
    }
  }

  private template(parts: (string | HclExpr)[]): TfValue {
    let text = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const value = this.evaluate(part);
      if (value.kind !== 'known')
        return value.kind === 'ref' ? unknown(`it interpolates ${value.text}`) : value;
      if (value.value === null || typeof value.value === 'object')
        return unknown('it interpolates a non-string value');
      text += String(value.value);
    }
    return known(text);
  }

  private traversal(expr: Extract<HclExpr, { kind: 'traversal' }>): TfValue {
    const { root, path } = expr;
    if (root === 'var') {
      const name = path[0];
      if (typeof name !== 'string') return unknown(`\`${expr.text}\` is not a variable`);
      return navigate(this.scope.variable(name), path.slice(1), expr.text);
    }
    if (root === 'local') {
      const name = path[0];
      if (typeof name !== 'string') return unknown(`\`${expr.text}\` is not a local value`);
      const definition = this.scope.local(name);
      if (!definition) return unknown(`local.${name} is not defined`);
      if (this.evaluatingLocals.has(name)) return unknown(`local.${name} refers to itself`);
      this.evaluatingLocals.add(name);
      try {
        return navigate(this.evaluate(definition), path.slice(1), expr.text);
      } finally {
        this.evaluatingLocals.delete(name);
      }
    }
    if (root === 'path') {
      const which = path[0];
      if (which === 'module') return known(this.scope.modulePath);
      if (which === 'root' || which === 'cwd') return known('.');
      return unknown(`\`${expr.text}\` is not known`);
    }
    if (SPECIAL_ROOTS.has(root)) return unknown(`\`${expr.text}\` is only known per instance at plan time`);
    if (root === 'data' || root === 'module') {
      const name = path[0];
      const second = path[1];
      if (root === 'module' && typeof name === 'string') {
        return ref(`${this.scope.prefix}module.${name}`, stringAt(path, 1), expr.text);
      }
      if (typeof name === 'string' && typeof second === 'string') {
        return ref(`${this.scope.prefix}data.${name}.${second}`, stringAt(path, 2), expr.text);
      }
      return unknown(`\`${expr.text}\` is computed by Terraform`);
    }
    const name = path[0];
    if (typeof name !== 'string') return unknown(`\`${expr.text}\` is computed by Terraform`);
    return ref(`${this.scope.prefix}${root}.${name}`, stringAt(path, 1), expr.text);
  }

  private call(expr: Extract<HclExpr, { kind: 'call' }>): TfValue {
    const args = expr.args.map((a) => this.evaluate(a));
    const firstUnknown = args.find((a) => a.kind !== 'known');
    const values = args.map((a) => (a.kind === 'known' ? a.value : null));
    const notEvaluated = unknown(`\`${expr.name}(…)\` is computed by Terraform`);
    switch (expr.name) {
      case 'jsonencode':
        return firstUnknown ? notEvaluated : known(JSON.stringify(values[0]));
      case 'tonumber': {
        if (firstUnknown) return firstUnknown;
        const n = Number(values[0]);
        return values[0] !== null && Number.isFinite(n) ? known(n) : notEvaluated;
      }
      case 'tostring':
        return firstUnknown ?? (typeof values[0] === 'object' ? notEvaluated : known(String(values[0])));
      case 'tobool':
        return (
          firstUnknown ??
          (values[0] === true || values[0] === 'true'
            ? known(true)
            : values[0] === false || values[0] === 'false'
              ? known(false)
              : notEvaluated)
        );
      case 'lower':
      case 'upper':
        if (firstUnknown) return firstUnknown;
        return typeof values[0] === 'string'
          ? known(expr.name === 'lower' ? values[0].toLowerCase() : values[0].toUpperCase())
          : notEvaluated;
      default:
        return notEvaluated;
    }
  }
}

function ref(address: string, attribute: string | undefined, text: string): TfValue {
  return { kind: 'ref', address, attribute, text };
}

/** The first attribute name after the resource name, skipping `[0]` / `["key"]` instance keys. */
function stringAt(path: (string | number)[], from: number): string | undefined {
  for (let i = from; i < path.length; i++) {
    const step = path[i];
    if (typeof step === 'string' && step !== '*') return step;
  }
  return undefined;
}

/** Follows `.a[0]` into a known value. */
function navigate(value: TfValue, path: (string | number)[], text: string): TfValue {
  let current = value;
  for (const step of path) {
    if (current.kind !== 'known') return current;
    const v = current.value;
    if (Array.isArray(v) && typeof step === 'number')
      current = step < v.length ? known(v[step]!) : unknown(`\`${text}\` is out of range`);
    else if (
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      typeof step === 'string' &&
      step in v
    )
      current = known(v[step]!);
    else return unknown(`\`${text}\` cannot be read from the value`);
  }
  return current;
}

export function describeValue(value: TfValue): string {
  if (value.kind === 'ref') return `${value.text} (known after apply)`;
  if (value.kind === 'unknown') return `only known at plan time (${value.reason})`;
  return JSON.stringify(value.value);
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 60)}…` : oneLine;
}
