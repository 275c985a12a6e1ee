/**
 * One Python module as the rules see it: its imports (import-aware names), functions, classes,
 * handlers and the code that runs on every invocation (handler bodies, the functions and methods they
 * call transitively, constructors of the classes they instantiate). Built once per file, lazily.
 */
import type { FunctionRef, PerInvocationCall, ProjectFileFacts } from '@lambda-lint/core';
import {
  children,
  calleeOf,
  descendants,
  memberParts,
  position,
  textOf,
  type SourceFile,
  type SyntaxNode,
} from './syntax.js';

/** What a local name was imported as: a module (`boto3`, `.db`) or a name in one (`boto3.client`). */
export interface ImportBinding {
  /** The fully qualified name the binding stands for (`boto3.client`, `.db.query`, `..lib`). */
  qualified: string;
  /** Module specifier as written (`boto3`, `.db`, `app.db`, `.` for `from . import x`). */
  specifier: string;
  /** The imported name in a `from` import (`query`), undefined for `import x`. */
  imported?: string;
  line: number;
}

export interface PyFunction {
  /** `handler`, `Orders.get`, `outer.inner`. */
  label: string;
  name: string;
  node: SyntaxNode;
  body: SyntaxNode | undefined;
  params: string[];
  decorators: SyntaxNode[];
  classOf?: PyClass;
  parent?: PyFunction;
  /** Names declared `global`/`nonlocal` in the body. */
  globals: Set<string>;
  nested: Map<string, PyFunction>;
}

export interface PyClass {
  name: string;
  node: SyntaxNode;
  methods: Map<string, PyFunction>;
  bases: string[];
}

/** Why a function runs per invocation: the root it is reached from and the calls on the way. */
export interface Reach {
  /** This file's root it is reached from: a handler name or a per-invocation export name. */
  root: string;
  /** From the handler to this function: the handler's name, then the calls as written (`get_table`, `self.load`). */
  path: string[];
  /** Template functions whose handler this is (from the project layer). */
  functions: FunctionRef[];
}

export interface HandlerRoot {
  exportName: string;
  fn: PyFunction;
  functions: FunctionRef[];
  /** The handler's name then the calls that lead here (another module's, for a per-invocation export). */
  path: string[];
}

/** Standard-library top-level modules (the common ones): never local code, never a third-party client. */
const STDLIB = new Set(
  (
    'abc argparse array ast asyncio base64 binascii bisect builtins calendar collections concurrent contextlib ' +
    'contextvars copy csv ctypes dataclasses datetime decimal difflib email enum errno functools gc getpass glob ' +
    'gzip hashlib heapq hmac html http importlib inspect io ipaddress itertools json logging lzma math mimetypes ' +
    'multiprocessing numbers operator os pathlib pickle platform pprint queue random re secrets select shlex ' +
    'shutil signal socket sqlite3 ssl stat statistics string struct subprocess sys tempfile textwrap threading ' +
    'time timeit traceback types typing unicodedata unittest urllib uuid warnings weakref xml zipfile zlib ' +
    'zoneinfo __future__'
  ).split(' '),
);

/** Well-known third-party top-level modules: packages, never local code the join could follow. */
const KNOWN_PACKAGES = new Set(
  (
    'boto3 botocore aioboto3 aiobotocore s3transfer aws_lambda_powertools typing_extensions requests httpx ' +
    'urllib3 aiohttp pydantic psycopg psycopg2 psycopg_pool pg8000 pymysql MySQLdb mysql sqlalchemy redis ' +
    'pymongo motor opensearchpy elasticsearch openai anthropic stripe jwt yaml numpy pandas mangum fastapi flask django'
  ).split(' '),
);

export function isStdlib(topLevel: string): boolean {
  return STDLIB.has(topLevel);
}

const CALLS = new Set(['CallExpression']);
const INDEXED = ['String', 'CallExpression', 'DictionaryExpression', 'ImportStatement'] as const;
const CACHE_DECORATORS = new Set(['functools.cache', 'functools.lru_cache', 'functools.cached_property']);
const DEFAULT_HANDLER_NAMES = new Set(['lambda_handler', 'handler']);
const EVENT_PARAM = /^_?(?:event|evt)$/;
const CONTEXT_PARAM = /^_?(?:context|ctx)$/;
/** Powertools event-handler resolvers dispatch to the functions decorated with their routes. */
const RESOLVE_METHODS = new Set(['resolve', '__call__']);

export class PythonModule {
  readonly imports = new Map<string, ImportBinding>();
  readonly functions = new Map<string, PyFunction>();
  readonly classes = new Map<string, PyClass>();
  /** Module-level simple assignments `NAME = value` (every value assigned, in order). */
  readonly assignments = new Map<string, SyntaxNode[]>();
  readonly allFunctions: PyFunction[] = [];
  /** Offset just after the last module-level import statement (where hoisted code goes). */
  readonly afterImportsOffset: number;
  private reachCache: Map<PyFunction, Reach> | undefined;
  private rootsCache: HandlerRoot[] | undefined;
  private nodeIndex: Map<string, SyntaxNode[]> | undefined;
  private readonly callsByFunction = new Map<PyFunction, SyntaxNode[]>();
  private readonly routes = new Map<string, PyFunction[]>();
  readonly localCalls: Array<PerInvocationCall & { specifier: string }> = [];

  constructor(
    readonly source: SourceFile,
    readonly project?: ProjectFileFacts,
  ) {
    const top = source.tree.topNode;
    let afterImports = 0;
    for (const statement of children(top)) {
      if (statement.name === 'ImportStatement') afterImports = statement.to;
      else if (statement.name === 'AssignStatement') this.recordAssignment(statement);
    }
    this.afterImportsOffset = afterImports;
    for (const node of this.nodes('ImportStatement')) this.recordImport(node);
    this.collectDefinitions(top, undefined, undefined);
  }

  private recordAssignment(statement: SyntaxNode): void {
    const parts = children(statement);
    // `A = B = value` and `A: T = value` bind A to the last expression.
    const value = parts[parts.length - 1];
    if (!value) return;
    for (let i = 0; i + 1 < parts.length; i++) {
      if (parts[i]!.name === 'VariableName' && parts[i + 1]!.name === 'AssignOp') {
        const name = textOf(this.source, parts[i]!);
        const list = this.assignments.get(name);
        if (list) list.push(value);
        else this.assignments.set(name, [value]);
      }
      if (parts[i]!.name === 'VariableName' && parts[i + 1]!.name === 'TypeDef') {
        const name = textOf(this.source, parts[i]!);
        if (parts.some((p) => p.name === 'AssignOp')) this.assignments.set(name, [value]);
      }
    }
  }

  private recordImport(statement: SyntaxNode): void {
    const source = this.source;
    const tokens = children(statement);
    const line = position(source, statement.from).line;
    if (tokens[0]?.name === 'from') {
      let i = 1;
      let specifier = '';
      for (; i < tokens.length && tokens[i]!.name !== 'import'; i++) specifier += textOf(source, tokens[i]!);
      i++;
      const names = tokens.slice(i).filter((t) => t.name !== '(' && t.name !== ')');
      for (let j = 0; j < names.length; j++) {
        const token = names[j]!;
        if (token.name === '*') continue;
        if (token.name !== 'VariableName') continue;
        const imported = textOf(source, token);
        let local = imported;
        if (names[j + 1]?.name === 'as' && names[j + 2]) {
          local = textOf(source, names[j + 2]!);
          j += 2;
        }
        const qualified = specifier.endsWith('.') ? `${specifier}${imported}` : `${specifier}.${imported}`;
        this.imports.set(local, { qualified, specifier, imported, line });
      }
      return;
    }
    // import a.b.c [as d], e
    let dotted = '';
    let first = '';
    for (let i = 1; i <= tokens.length; i++) {
      const token = tokens[i];
      if (!token || token.name === ',') {
        if (dotted) this.imports.set(first, { qualified: first, specifier: dotted, line });
        dotted = '';
        first = '';
        continue;
      }
      if (token.name === 'as') {
        const alias = tokens[i + 1];
        if (alias) this.imports.set(textOf(source, alias), { qualified: dotted, specifier: dotted, line });
        dotted = '';
        i++;
        continue;
      }
      const text = textOf(source, token);
      dotted += text;
      if (!first) first = text;
    }
  }

  private collectDefinitions(
    scope: SyntaxNode,
    parent: PyFunction | undefined,
    classOf: PyClass | undefined,
  ): void {
    for (const statement of children(scope)) {
      let definition = statement;
      const decorators: SyntaxNode[] = [];
      if (statement.name === 'DecoratedStatement') {
        for (const child of children(statement)) {
          if (child.name === 'Decorator') decorators.push(child);
          else definition = child;
        }
      }
      if (definition.name === 'FunctionDefinition') {
        const fn = this.defineFunction(definition, decorators, parent, classOf);
        if (fn.body) this.collectDefinitions(fn.body, fn, undefined);
      } else if (definition.name === 'ClassDefinition') {
        const nameNode = definition.getChild('VariableName');
        const name = nameNode ? textOf(this.source, nameNode) : '';
        const bases = (definition.getChild('ArgList') ? children(definition.getChild('ArgList')!) : [])
          .filter((c) => c.name === 'VariableName' || c.name === 'MemberExpression')
          .map((c) => textOf(this.source, c));
        const cls: PyClass = { name, node: definition, methods: new Map(), bases };
        if (!parent && !classOf) this.classes.set(name, cls);
        const body = definition.getChild('Body');
        if (body) this.collectDefinitions(body, parent, cls);
      } else if (
        statement.name !== 'FunctionDefinition' &&
        statement.name !== 'ClassDefinition' &&
        statement.name !== 'DecoratedStatement'
      ) {
        // Definitions inside if/try/with blocks at the same level.
        for (const block of children(statement)) {
          if (block.name === 'Body') this.collectDefinitions(block, parent, classOf);
          else if (block.name.endsWith('Clause')) {
            const body = block.getChild('Body');
            if (body) this.collectDefinitions(body, parent, classOf);
          }
        }
      }
    }
  }

  private defineFunction(
    node: SyntaxNode,
    decorators: SyntaxNode[],
    parent: PyFunction | undefined,
    classOf: PyClass | undefined,
  ): PyFunction {
    const source = this.source;
    const nameNode = node.getChild('VariableName');
    const name = nameNode ? textOf(source, nameNode) : '';
    const paramList = node.getChild('ParamList');
    const params = paramList
      ? children(paramList)
          .filter((c) => c.name === 'VariableName' && c.prevSibling?.name !== 'AssignOp')
          .map((c) => textOf(source, c))
      : [];
    const body = node.getChild('Body') ?? undefined;
    const globals = new Set<string>();
    if (body) {
      for (const scopeStatement of descendants(body, new Set(['ScopeStatement']), true)) {
        for (const c of children(scopeStatement))
          if (c.name === 'VariableName') globals.add(textOf(source, c));
      }
    }
    const label = classOf ? `${classOf.name}.${name}` : parent ? `${parent.label}.${name}` : name;
    const fn: PyFunction = {
      label,
      name,
      node,
      body,
      params,
      decorators,
      globals,
      nested: new Map(),
      ...(classOf && { classOf }),
      ...(parent && { parent }),
    };
    if (classOf) classOf.methods.set(name, fn);
    else if (parent) parent.nested.set(name, fn);
    else this.functions.set(name, fn);
    this.allFunctions.push(fn);
    return fn;
  }

  /** Every node of one of the INDEXED types in the file, in document order, found in one walk shared by the rules. */
  nodes(name: (typeof INDEXED)[number]): SyntaxNode[] {
    if (!this.nodeIndex) {
      this.nodeIndex = new Map(INDEXED.map((n) => [n, []]));
      const wanted = new Set<string>(INDEXED);
      for (const node of descendants(this.source.tree.topNode, wanted, false))
        this.nodeIndex.get(node.name)!.push(node);
    }
    return this.nodeIndex.get(name)!;
  }

  /** The calls in a function's own body (not in nested functions or classes). */
  callsOf(fn: PyFunction): SyntaxNode[] {
    let calls = this.callsByFunction.get(fn);
    if (!calls) {
      calls = fn.body ? descendants(fn.body, CALLS, true) : [];
      this.callsByFunction.set(fn, calls);
    }
    return calls;
  }

  /** Import-aware dotted name of an expression: `b.client` → `boto3.client` after `import boto3 as b`. */
  qualifiedName(node: SyntaxNode, depth = 0): string | undefined {
    if (node.name === 'VariableName') {
      const name = textOf(this.source, node);
      const binding = this.imports.get(name);
      if (binding) return binding.qualified;
      // `make = boto3.client` at module level: an alias of an imported name.
      const values = this.assignments.get(name);
      if (
        depth < 3 &&
        values?.length === 1 &&
        values[0]!.name !== 'CallExpression' &&
        !this.functions.has(name)
      )
        return this.qualifiedName(values[0]!, depth + 1);
      return undefined;
    }
    const member = memberParts(this.source, node);
    if (member) {
      const object = this.qualifiedName(member.object, depth);
      return object === undefined ? undefined : `${object}.${member.property}`;
    }
    return undefined;
  }

  /** True when `decorator` is `functools.cache` / `functools.lru_cache(...)` (results memoised per arguments). */
  isCacheDecorator(decorator: SyntaxNode): boolean {
    // Decorators are flat in lezer (`At VariableName . VariableName ArgList`): read the dotted name from the text.
    const dotted = textOf(this.source, decorator).slice(1).trim().replace(/\(.*$/s, '').replace(/\s+/g, '');
    const head = dotted.split('.')[0]!;
    const binding = this.imports.get(head);
    const qualified = binding ? binding.qualified + dotted.slice(head.length) : dotted;
    return CACHE_DECORATORS.has(qualified);
  }

  isCached(fn: PyFunction): boolean {
    return fn.decorators.some((d) => this.isCacheDecorator(d));
  }

  /** Handler functions of this file: from the template when the project layer says, else by convention. */
  get roots(): HandlerRoot[] {
    if (this.rootsCache) return this.rootsCache;
    const roots: HandlerRoot[] = [];
    const project = this.project;
    if (project && project.handlers.length > 0) {
      for (const handler of project.handlers) {
        for (const fn of this.handlerFunctions(handler.exportName))
          roots.push({
            exportName: handler.exportName,
            fn,
            functions: handler.functions,
            path: fn.name === handler.exportName ? [handler.exportName] : [handler.exportName, fn.label],
          });
      }
    } else {
      for (const fn of this.functions.values()) {
        const [first, second] = fn.params;
        const conventional =
          DEFAULT_HANDLER_NAMES.has(fn.name) ||
          (first !== undefined &&
            second !== undefined &&
            EVENT_PARAM.test(first) &&
            CONTEXT_PARAM.test(second));
        if (conventional) roots.push({ exportName: fn.name, fn, functions: [], path: [fn.name] });
      }
      for (const name of DEFAULT_HANDLER_NAMES) {
        if (this.functions.has(name)) continue;
        for (const fn of this.handlerFunctions(name))
          roots.push({ exportName: name, fn, functions: [], path: [name, fn.label] });
      }
    }
    // A decorator defined in this file wraps the handler: its inner functions run on every invocation.
    for (const root of [...roots]) {
      for (const decorator of root.fn.decorators) {
        const name = /^@\s*(\w+)/.exec(textOf(this.source, decorator))?.[1];
        const wrapperOwner = name === undefined ? undefined : this.functions.get(name);
        if (!wrapperOwner || wrapperOwner === root.fn) continue;
        for (const wrapper of this.nestedFunctions(wrapperOwner))
          roots.push({ ...root, fn: wrapper, path: [...root.path, `@${name}`] });
      }
    }
    for (const entry of project?.perInvocationExports ?? []) {
      const constructor = this.constructorOf(entry.exportName);
      const fns = constructor ? [constructor] : this.handlerFunctions(entry.exportName);
      for (const fn of fns) {
        const path = entry.chain.length > 0 ? entry.chain : [entry.exportName];
        roots.push({ exportName: entry.exportName, fn, functions: entry.functions, path });
      }
    }
    this.rootsCache = roots;
    return roots;
  }

  /**
   * What a handler name runs: a module-level function; the method a module-level instance or bound
   * method stands for (`handler = App()` → `App.__call__`); or the routes of a web app it wraps
   * (`handler = Mangum(app)`, Chalice's `app`) — `@app.get(…)` functions run per request.
   */
  private handlerFunctions(name: string): PyFunction[] {
    const direct = this.functions.get(name);
    if (direct) return [direct];
    const own = this.routesOf(name);
    if (own.length > 0) return own;
    const values = this.assignments.get(name);
    if (values?.length !== 1) return [];
    const value = values[0]!;
    if (value.name === 'CallExpression') {
      const callee = calleeOf(value);
      const cls = callee?.name === 'VariableName' ? this.classes.get(textOf(this.source, callee)) : undefined;
      const call = cls && this.method(cls, '__call__');
      return call ? [call] : this.routesPassedTo(value);
    }
    const member = memberParts(this.source, value);
    if (member && member.object.name === 'VariableName') {
      const cls = this.instanceClass(textOf(this.source, member.object), undefined);
      const method = cls && this.method(cls, member.property);
      return method ? [method] : [];
    }
    return [];
  }

  /** Functions defined inside `fn`, at any depth (the wrapper of a decorator, or of a decorator factory). */
  private nestedFunctions(fn: PyFunction): PyFunction[] {
    return [...fn.nested.values()].flatMap((inner) => [inner, ...this.nestedFunctions(inner)]);
  }

  /** Routes of the web apps a call is given (`Mangum(app)`, `awsgi.response(app, event, context)`). */
  private routesPassedTo(call: SyntaxNode): PyFunction[] {
    const list = call.getChild('ArgList');
    if (!list) return [];
    return children(list)
      .filter((arg) => arg.name === 'VariableName' && arg.nextSibling?.name !== 'AssignOp')
      .flatMap((arg) => this.routesOf(textOf(this.source, arg)));
  }

  private constructorOf(className: string): PyFunction | undefined {
    const cls = this.classes.get(className);
    return cls ? this.method(cls, '__init__') : undefined;
  }

  /** A method of a class or of a base class defined in this file. */
  method(cls: PyClass, name: string, depth = 0): PyFunction | undefined {
    const own = cls.methods.get(name);
    if (own || depth > 5) return own;
    for (const base of cls.bases) {
      const baseClass = this.classes.get(base);
      const found = baseClass && this.method(baseClass, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** The class of `name = SomeClass(...)`, in `fn` or at module level. */
  private instanceClass(name: string, fn: PyFunction | undefined): PyClass | undefined {
    if (fn?.body) {
      for (const statement of descendants(fn.body, new Set(['AssignStatement']), true)) {
        const first = statement.firstChild;
        const value = statement.lastChild;
        if (
          first?.name === 'VariableName' &&
          textOf(this.source, first) === name &&
          value?.name === 'CallExpression'
        ) {
          const callee = calleeOf(value);
          const cls =
            callee?.name === 'VariableName' ? this.classes.get(textOf(this.source, callee)) : undefined;
          if (cls) return cls;
        }
      }
    }
    const values = this.assignments.get(name);
    if (values?.length === 1 && values[0]!.name === 'CallExpression') {
      const callee = calleeOf(values[0]!);
      return callee?.name === 'VariableName' ? this.classes.get(textOf(this.source, callee)) : undefined;
    }
    return undefined;
  }

  /** Every function that runs on each invocation, with how it is reached. Cached factories are not followed. */
  get reach(): Map<PyFunction, Reach> {
    if (this.reachCache) return this.reachCache;
    const reach = new Map<PyFunction, Reach>();
    const queue: PyFunction[] = [];
    const enqueue = (fn: PyFunction | undefined, from: Reach, step: string | undefined): void => {
      if (!fn || reach.has(fn) || this.isCached(fn)) return;
      reach.set(fn, { ...from, path: step === undefined ? from.path : [...from.path, step] });
      queue.push(fn);
    };
    for (const root of this.roots) {
      enqueue(root.fn, { root: root.exportName, path: root.path, functions: root.functions }, undefined);
    }
    for (let i = 0; i < queue.length; i++) {
      const fn = queue[i]!;
      const from = reach.get(fn)!;
      for (const call of this.callsOf(fn)) {
        const callee = calleeOf(call);
        if (!callee) continue;
        const step = textOf(this.source, callee);
        for (const target of this.callTargets(callee, fn, from)) enqueue(target, from, step);
        for (const route of this.routesPassedTo(call)) enqueue(route, from, `${step} → ${route.label}`);
      }
    }
    this.reachCache = reach;
    return reach;
  }

  private callTargets(callee: SyntaxNode, fn: PyFunction, from: Reach): PyFunction[] {
    const source = this.source;
    if (callee.name === 'VariableName') {
      const name = textOf(source, callee);
      for (let scope: PyFunction | undefined = fn; scope; scope = scope.parent) {
        const nested = scope.nested.get(name);
        if (nested) return [nested];
      }
      const moduleFn = this.functions.get(name);
      if (moduleFn) return [moduleFn];
      const cls = this.classes.get(name);
      if (cls)
        return [this.method(cls, '__init__'), this.method(cls, '__post_init__')].filter(
          (m) => m !== undefined,
        );
      this.recordLocalCall(name, undefined, textOf(source, callee), from);
      return [];
    }
    const member = memberParts(source, callee);
    if (!member) return [];
    const objectNode = member.object;
    if (objectNode.name === 'VariableName') {
      const object = textOf(source, objectNode);
      const owner = fn.classOf ?? fn.parent?.classOf;
      if ((object === 'self' || object === 'cls') && owner) {
        const m = this.method(owner, member.property);
        return m ? [m] : [];
      }
      const cls = this.classes.get(object) ?? this.instanceClass(object, fn);
      if (cls) {
        const m = this.method(cls, member.property);
        return m ? [m] : [];
      }
      if (RESOLVE_METHODS.has(member.property) && this.assignments.has(object)) return this.routesOf(object);
      this.recordLocalCall(object, member.property, textOf(source, callee), from);
      return [];
    }
    if (objectNode.name === 'CallExpression') {
      // `super().handle(...)`, `Repo().load()`.
      const inner = calleeOf(objectNode);
      const innerName = inner?.name === 'VariableName' ? textOf(source, inner) : undefined;
      const owner = fn.classOf ?? fn.parent?.classOf;
      if (innerName === 'super' && owner) {
        for (const base of owner.bases) {
          const baseClass = this.classes.get(base);
          const m = baseClass && this.method(baseClass, member.property);
          if (m) return [m];
        }
      }
      const cls = innerName ? this.classes.get(innerName) : undefined;
      const m = cls && this.method(cls, member.property);
      return m ? [m] : [];
    }
    return [];
  }

  /** Functions decorated with a route of the resolver `name` (`@app.get("/orders")`). */
  private routesOf(name: string): PyFunction[] {
    if (!this.assignments.has(name)) return [];
    let routes = this.routes.get(name);
    if (!routes) {
      const decorator = new RegExp(`^@\\s*${name}\\s*\\.`);
      routes = [...this.functions.values()].filter((fn) =>
        fn.decorators.some((d) => decorator.test(textOf(this.source, d))),
      );
      this.routes.set(name, routes);
    }
    return routes;
  }

  /** A call into a module this file imports (`db.query()` after `from . import db`, `get_pool()` after `from .db import get_pool`). */
  private recordLocalCall(name: string, member: string | undefined, callText: string, from: Reach): void {
    const binding = this.imports.get(name);
    if (!binding || !isLocalSpecifier(binding.specifier)) return;
    let specifier: string;
    let imported: string;
    if (member !== undefined) {
      // A member of an imported module: the module is the binding itself.
      specifier = binding.imported === undefined ? binding.specifier : binding.qualified;
      imported = member;
    } else {
      if (binding.imported === undefined) return;
      specifier = binding.specifier;
      imported = binding.imported;
    }
    if (
      this.localCalls.some(
        (c) => c.specifier === specifier && c.imported === imported && c.fromExport === from.root,
      )
    )
      return;
    this.localCalls.push({ specifier, imported, callText, fromExport: from.root });
  }
}

export function isLocalSpecifier(specifier: string): boolean {
  if (specifier.startsWith('.')) return true;
  const top = specifier.split('.')[0]!;
  return !STDLIB.has(top) && !KNOWN_PACKAGES.has(top);
}
