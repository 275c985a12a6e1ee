/**
 * Handler detection shared by every lambda-lint rule.
 *
 * Contract (documented for users in docs/eslint-plugin.md):
 * - `getHandlerAnalysis(context)` is memoised per `SourceCode`: all rules linting one file share one analysis.
 * - `isHandlerFile` is the cheap gate: a module-scope lookup of the handler names answers the usual
 *   `export const handler = …` / `export function handler` directly; otherwise only `Program.body` export
 *   statements are scanned. The full list of handler exports is scanned lazily, when `handlers` is asked for.
 * - `handlers`, `perInvocation` and the reachability walk are computed lazily, once, on first access.
 * - `resolveImport(node)` works in every file (handler or not) and uses ESLint's scope analysis,
 *   so shadowed names and aliases resolve correctly.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionRef, ModuleFacts, ProjectFileFacts } from '@lambda-lint/core';
import { fileFunctions, type FileFunctions } from './file-functions.js';
import {
  createImportResolver,
  findVariableByName,
  memberName,
  pushChildren,
  unwrapExpression,
  type ResolvedImport,
} from './imports.js';
import { collectModuleFacts } from './module-facts.js';

export type { ResolvedImport } from './imports.js';
export type { FileFunctions } from './file-functions.js';
export { memberName, pushChildren, requiredModule, unwrapExpression } from './imports.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;
type SourceCode = Readonly<TSESLint.SourceCode>;
type AnyRuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type FunctionNode =
  TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** `settings['lambda-lint']` in the ESLint config. */
export interface LambdaLintSettings {
  /**
   * Export names treated as Lambda handlers. Default `DEFAULT_HANDLER_NAMES`.
   * When set, every listed name counts without further evidence.
   */
  handlerNames?: string[];
  /** Treat `export default` as a handler (some frameworks and bundler setups). Default false. */
  defaultExportIsHandler?: boolean;
  /** Editor: read this template (absolute, or relative to ESLint's cwd) instead of the nearest one. */
  template?: string;
  /** Editor: walk up from the linted file to the nearest template. Default true. */
  discoverTemplate?: boolean;
  /** Set per file by lambda-lint's project layer; when present no template is read. */
  project?: ProjectFileFacts;
}

/** Names that are Lambda handlers by convention (SAM/CDK/Serverless templates, Powertools examples). */
export const DEFAULT_HANDLER_NAMES: readonly string[] = ['handler', 'lambdaHandler', 'main'];

/**
 * Default names that are also common outside Lambda (`main()` in scripts): with the default settings they
 * count only with evidence — wrapped by a Lambda wrapper, typed as a Lambda handler, or an `event` parameter.
 */
const WEAK_DEFAULT_NAMES: ReadonlySet<string> = new Set(['main']);

/** How a handler export was written. */
export type HandlerExportForm =
  | 'export-function' // export async function handler() {}
  | 'export-variable' // export const handler = …
  | 'export-specifier' // export { fn as handler }
  | 'export-default' // export default … (option)
  | 'exports-property' // exports.handler = … / module.exports.handler = …
  | 'module-exports-object'; // module.exports = { handler } / export = { handler }

/** One function that runs as (part of) a handler. */
export interface HandlerFunction {
  node: FunctionNode;
  /**
   * How the export reached this function, outermost first: wrapper callees as written (`middy`,
   * `Sentry.wrapHandler`, `.handler`, `.bind`), `.use` for inline middleware functions; empty when direct.
   */
  wrappers: string[];
}

/** An export whose name says "handler". `functions` is empty when the value cannot be resolved in this file. */
export interface HandlerExport {
  exportName: string;
  form: HandlerExportForm;
  /** The export statement/assignment/property, for reporting. */
  exportNode: TSESTree.Node;
  functions: HandlerFunction[];
}

export interface HandlerAnalysis {
  /** True when the file exports at least one handler (see `DEFAULT_HANDLER_NAMES` and the weak-name policy). */
  readonly isHandlerFile: boolean;
  /** True when some code of this file runs per invocation: a handler, or an export per-invocation code of another module calls. */
  readonly hasPerInvocationCode: boolean;
  /** True when the file is code of a Lambda function: a handler file, or a module the project layer says one imports. */
  readonly isFunctionCode: boolean;
  /** The functions this file is code of (project layer or a discovered template), when known. */
  readonly fileFunctions: FileFunctions | undefined;
  /**
   * For a node in per-invocation code of a module the project layer follows: the call chain from the handler
   * (`['createUser', 'db.query', 'getPool']`) and the functions it belongs to. Undefined without `project`.
   */
  invocationChain(node: TSESTree.Node): { chain: string[]; functions: FunctionRef[] } | undefined;
  /** Handler exports found, with the functions they resolve to. */
  readonly handlers: readonly HandlerExport[];
  /**
   * Nodes whose code runs on every invocation: handler functions, plus functions/methods/class constructors in
   * this file reachable from them (transitively), plus instance field initializers of classes constructed there.
   * Functions only called at module scope are not in it.
   */
  readonly perInvocation: ReadonlySet<TSESTree.Node>;
  /** True when `node` is inside (or is) per-invocation code. */
  isPerInvocation(node: TSESTree.Node): boolean;
  /** The innermost per-invocation function/initializer containing `node`, if any. */
  perInvocationRoot(node: TSESTree.Node): TSESTree.Node | undefined;
  /** Where an identifier or member chain (`S3.S3Client`, `AWS.DynamoDB.DocumentClient`) is imported from. */
  resolveImport(node: TSESTree.Node): ResolvedImport | undefined;
  /** The variable an identifier refers to, resolved from the scope it is written in. */
  findVariable(identifier: TSESTree.Identifier): Variable | undefined;
}

interface ResolvedSettings {
  handlerNames: ReadonlySet<string>;
  namesAreExplicit: boolean;
  defaultExportIsHandler: boolean;
  /** The raw settings object, for the per-file template / project lookup. */
  raw: LambdaLintSettings | undefined;
}
// ESLint hands every file of a config the same settings object: parse it once.
const settingsCache = new WeakMap<object, ResolvedSettings>();

/** Read and validate `settings['lambda-lint']`. */
export function readLambdaLintSettings(
  settings: Readonly<Record<string, unknown>> | undefined,
): ResolvedSettings {
  const cacheKey = settings?.['lambda-lint'];
  if (cacheKey && typeof cacheKey === 'object') {
    const cached = settingsCache.get(cacheKey);
    if (cached) return cached;
    const parsed = parseSettings(settings);
    settingsCache.set(cacheKey, parsed);
    return parsed;
  }
  return cacheKey === undefined ? DEFAULT_SETTINGS : parseSettings(settings);
}

function parseSettings(settings: Readonly<Record<string, unknown>> | undefined): ResolvedSettings {
  const raw = (settings?.['lambda-lint'] ?? {}) as LambdaLintSettings;
  const explicit =
    Array.isArray(raw.handlerNames) && raw.handlerNames.every((name) => typeof name === 'string');
  return {
    handlerNames: new Set(explicit ? raw.handlerNames : DEFAULT_HANDLER_NAMES),
    namesAreExplicit: explicit,
    defaultExportIsHandler: raw.defaultExportIsHandler === true,
    raw: settings?.['lambda-lint'] as LambdaLintSettings | undefined,
  };
}

export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

const DEFAULT_SETTINGS: ResolvedSettings = parseSettings(undefined);

/**
 * The memo: ESLint creates every rule of one file, and runs their listeners, before it moves to the next file,
 * so the last file's analysis is the only one ever asked for again. A one-entry cache answers that with one
 * comparison (a WeakMap insert per file cost more than the gate it guards); another file simply gets a fresh
 * analysis. It keeps the last linted file's SourceCode reachable until the next file replaces it.
 */
let lastSourceCode: SourceCode | undefined;
let lastAnalysis: HandlerAnalysis | undefined;

let lastFunctionsSource: SourceCode | undefined;
let lastFunctions: FileFunctions | undefined;

/**
 * What is known about the functions the linted file is code of (memoised like the analysis): the project
 * layer's facts or the discovered template's. Cheaper than `getHandlerAnalysis` for rules that need only this.
 */
export function getFileFunctions(context: AnyRuleContext): FileFunctions | undefined {
  const sourceCode = context.sourceCode;
  if (sourceCode !== lastFunctionsSource) {
    lastFunctions = fileFunctions(
      context.physicalFilename ?? context.filename,
      context.cwd,
      readLambdaLintSettings(context.settings).raw,
    );
    lastFunctionsSource = sourceCode;
    // The project layer's `collect` gets this file's facts once per lint, whichever rule runs first.
    const collect = lastFunctions?.source === 'project' ? lastFunctions.facts.collect : undefined;
    if (typeof collect === 'function') {
      try {
        collect((getHandlerAnalysis(context) as Analyzer).moduleFacts());
      } catch {
        // Facts are an aid to the join; a failure here must not stop the lint of this file.
      }
    }
  }
  return lastFunctions;
}

/** The (memoised) handler analysis of the file being linted. */
export function getHandlerAnalysis(context: AnyRuleContext): HandlerAnalysis {
  const sourceCode = context.sourceCode;
  const functions = getFileFunctions(context); // may build the analysis itself, for `collect`
  if (sourceCode === lastSourceCode && lastAnalysis) return lastAnalysis;
  const analysis = new Analyzer(sourceCode, context.settings, functions);
  lastSourceCode = sourceCode;
  lastAnalysis = analysis;
  return analysis;
}

/** A top-level export whose name is a handler name, before its value is resolved. */
interface CandidateExport {
  exportName: string;
  form: HandlerExportForm;
  exportNode: TSESTree.Node;
  /** The exported value (expression or declaration), or a local identifier to resolve. */
  value: TSESTree.Node | undefined;
  /** Type annotation on `export const handler: Handler = …`, used as evidence for weak names. */
  declaredType?: TSESTree.TypeNode;
  /** Not named like a handler: a handler only if its signature says so (`(event, context)`, `aws-lambda` types). */
  bySignature?: boolean;
}

function propertyKeyName(
  property: TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition,
): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string')
    return property.key.value;
  return undefined;
}

function isModuleExports(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === 'module' &&
    memberName(node) === 'exports'
  );
}

/** How an export name matches: a handler name, a name to check by signature (fallback), or neither. */
type NameMatch = (name: string) => 'named' | 'signature' | undefined;

function candidate(
  match: ReturnType<NameMatch>,
  fields: Omit<CandidateExport, 'bySignature'>,
): CandidateExport {
  return match === 'signature' ? { ...fields, bySignature: true } : fields;
}

function objectExportCandidates(
  object: TSESTree.ObjectExpression,
  match: NameMatch,
  candidates: CandidateExport[],
): void {
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = propertyKeyName(property);
    const matched = name === undefined ? undefined : match(name);
    if (name !== undefined && matched) {
      candidates.push(
        candidate(matched, {
          exportName: name,
          form: 'module-exports-object',
          exportNode: property,
          value: property.value,
        }),
      );
    }
  }
}

/**
 * The cheap gate: scan only top-level statements for exports named like handlers; with `bySignature`, every
 * other export too, to be kept only when its signature is a handler's.
 */
function scanHandlerExports(
  program: TSESTree.Program,
  names: ReadonlySet<string>,
  defaultExportIsHandler: boolean,
  bySignature: boolean,
): CandidateExport[] {
  const match: NameMatch = (name) => (names.has(name) ? 'named' : bySignature ? 'signature' : undefined);
  const candidates: CandidateExport[] = [];
  for (const statement of program.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.ExportNamedDeclaration: {
        const declaration = statement.declaration;
        if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) {
          const matched = declaration.id ? match(declaration.id.name) : undefined;
          if (declaration.id && matched) {
            candidates.push(
              candidate(matched, {
                exportName: declaration.id.name,
                form: 'export-function',
                exportNode: statement,
                value: declaration,
              }),
            );
          }
        } else if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of declaration.declarations) {
            const matched =
              declarator.id.type === AST_NODE_TYPES.Identifier ? match(declarator.id.name) : undefined;
            if (declarator.id.type === AST_NODE_TYPES.Identifier && matched) {
              candidates.push(
                candidate(matched, {
                  exportName: declarator.id.name,
                  form: 'export-variable',
                  exportNode: declarator,
                  value: declarator.init ?? undefined,
                  declaredType: declarator.id.typeAnnotation?.typeAnnotation,
                }),
              );
            }
          }
        } else if (!declaration && !statement.source) {
          for (const specifier of statement.specifiers) {
            const exported =
              specifier.exported.type === AST_NODE_TYPES.Identifier
                ? specifier.exported.name
                : String(specifier.exported.value);
            const matched = match(exported);
            if (matched && specifier.local.type === AST_NODE_TYPES.Identifier) {
              candidates.push(
                candidate(matched, {
                  exportName: exported,
                  form: 'export-specifier',
                  exportNode: specifier,
                  value: specifier.local,
                }),
              );
            }
          }
        }
        break;
      }
      case AST_NODE_TYPES.ExportDefaultDeclaration:
        if (defaultExportIsHandler) {
          candidates.push({
            exportName: 'default',
            form: 'export-default',
            exportNode: statement,
            value: statement.declaration,
          });
        }
        break;
      case AST_NODE_TYPES.TSExportAssignment: {
        const value = unwrapExpression(statement.expression);
        if (value.type === AST_NODE_TYPES.ObjectExpression) objectExportCandidates(value, match, candidates);
        break;
      }
      case AST_NODE_TYPES.ExpressionStatement: {
        // `exports.a = module.exports.b = fn` chains: look at every assignment target.
        let expression: TSESTree.Node = statement.expression;
        while (expression.type === AST_NODE_TYPES.AssignmentExpression && expression.operator === '=') {
          const target = expression.left;
          const value: TSESTree.Expression = expression.right;
          if (target.type === AST_NODE_TYPES.MemberExpression) {
            const name = memberName(target);
            const owner = target.object;
            const isExportsObject =
              (owner.type === AST_NODE_TYPES.Identifier && owner.name === 'exports') ||
              isModuleExports(owner);
            const matched = isExportsObject && name !== undefined ? match(name) : undefined;
            if (name !== undefined && matched) {
              candidates.push(
                candidate(matched, {
                  exportName: name,
                  form: 'exports-property',
                  exportNode: expression,
                  value,
                }),
              );
            } else if (isModuleExports(target)) {
              const object = unwrapExpression(value);
              if (object.type === AST_NODE_TYPES.ObjectExpression)
                objectExportCandidates(object, match, candidates);
            }
          }
          expression = value;
        }
        break;
      }
      default:
        break;
    }
  }
  return candidates;
}

/** Wrappers that say "this is a Lambda handler" on their own (evidence for weak names). */
const LAMBDA_WRAPPER_NAMES =
  /(^|\.)(middy|wrapHandler|streamifyResponse|captureLambdaHandler|handler|bind|use|withRequest|lambdaHandler)$/;
const EVENT_PARAMETER = /^_*(event|evt|ev|e)$/i;
const CONTEXT_PARAMETER = /^_*(context|ctx)$/i;
const LAMBDA_TYPE_NAME = /(Handler|Event)$/;
/** The signature fallback: `(event, context)` / `(event, context, callback)` by parameter name. */
const SIGNATURE_EVENT = /^_?(event|evt)$/;
const SIGNATURE_CONTEXT = /^_?(context|ctx)$/;
const SIGNATURE_CALLBACK = /^_?(callback|cb)$/;
/** `Handler`, `Handler<…>`, `APIGatewayProxyHandler`, `SQSHandler`, … from `aws-lambda`. */
const HANDLER_TYPE = /Handler(V2)?$/;
const AWS_LAMBDA_TYPES: ReadonlySet<unknown> = new Set(['aws-lambda', '@types/aws-lambda']);

function typeName(type: TSESTree.TypeNode | undefined): string | undefined {
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const name = type.typeName;
  if (name.type === AST_NODE_TYPES.Identifier) return name.name;
  if (name.type === AST_NODE_TYPES.TSQualifiedName) return name.right.name;
  return undefined;
}

/** Evidence that a weakly-named export (`main`) really is a Lambda handler. */
function looksLikeLambdaHandler(candidate: CandidateExport, functions: HandlerFunction[]): boolean {
  const declared = typeName(candidate.declaredType);
  if (declared && LAMBDA_TYPE_NAME.test(declared)) return true;
  for (const { node, wrappers } of functions) {
    if (wrappers.some((wrapper) => LAMBDA_WRAPPER_NAMES.test(wrapper))) return true;
    const [first, second] = node.params;
    if (first?.type === AST_NODE_TYPES.Identifier) {
      if (EVENT_PARAMETER.test(first.name)) return true;
      const annotated = typeName(first.typeAnnotation?.typeAnnotation);
      if (annotated && LAMBDA_TYPE_NAME.test(annotated)) return true;
    }
    if (second?.type === AST_NODE_TYPES.Identifier && CONTEXT_PARAMETER.test(second.name)) return true;
  }
  return false;
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Maximum depth when following wrappers / aliases to a handler function. */
const MAX_RESOLVE_DEPTH = 6;
const MIDDY_CHAIN_METHODS = new Set(['use', 'before', 'after', 'onError']);

/**
 * True when `scope` declares `name` as an exported function or variable (`export function name`,
 * `export const name = …`): then the export scan would list it, so a strong name needs no scan.
 */
function declaresExportedBinding(scope: Scope, name: string): boolean {
  const variable = scope.set.get(name);
  if (!variable) return false;
  for (const definition of variable.defs) {
    if (definition.type === 'FunctionName') {
      if (
        definition.node.type === AST_NODE_TYPES.FunctionDeclaration &&
        definition.node.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration
      )
        return true;
    } else if (
      definition.type === 'Variable' &&
      definition.node.id === definition.name &&
      definition.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration
    ) {
      return true;
    }
  }
  return false;
}

/** A function of this file that other modules' per-invocation code calls (from the project layer). */
interface InvokedExport {
  exportName: string;
  chain: string[];
  functions: FunctionRef[];
}

class Analyzer implements HandlerAnalysis {
  readonly isHandlerFile: boolean;
  readonly fileFunctions: FileFunctions | undefined;
  private candidatesCache: CandidateExport[] | undefined;
  private readonly handlerNames: ReadonlySet<string>;
  /** Names from the template or the project layer: handlers without further evidence. */
  private readonly knownNames: ReadonlySet<string>;
  private readonly defaultExportIsHandler: boolean;
  /** Exports not named like handlers count when their signature is a handler's (off when the project layer names them). */
  private readonly bySignature: boolean;
  private topScopeCache: Scope | undefined;
  private handlersCache: HandlerExport[] | undefined;
  private perInvocationCache: Set<TSESTree.Node> | undefined;
  private handlerFunctionsCache: Set<TSESTree.Node> | undefined;
  private invokedRootsCache: Map<TSESTree.Node, InvokedExport> | undefined;
  /** For each per-invocation node, the node the reachability walk reached it from (roots map to themselves). */
  private readonly reachedFrom = new Map<TSESTree.Node, TSESTree.Node>();
  private resolveImportFor: ((node: TSESTree.Node) => ResolvedImport | undefined) | undefined;

  private readonly namesAreExplicit: boolean;

  constructor(
    private readonly sourceCode: SourceCode,
    settings: Readonly<Record<string, unknown>>,
    functions: FileFunctions | undefined,
  ) {
    const resolved = readLambdaLintSettings(settings);
    this.fileFunctions = functions;
    const known = this.fileFunctions?.facts.handlers.map((handler) => handler.exportName) ?? [];
    const exact = this.fileFunctions?.source === 'project' && known.length > 0;
    this.knownNames = new Set(known);
    this.namesAreExplicit = exact || resolved.namesAreExplicit;
    this.handlerNames = exact
      ? this.knownNames
      : known.length > 0
        ? new Set([...resolved.handlerNames, ...known])
        : resolved.handlerNames;
    this.defaultExportIsHandler = resolved.defaultExportIsHandler || this.knownNames.has('default');
    this.bySignature = !exact;
    if (this.exportsStrongNameDirectly()) this.isHandlerFile = true;
    else if (this.candidates.length === 0) this.isHandlerFile = false;
    else if (
      this.candidates.some((candidate) => !candidate.bySignature && this.isStrongName(candidate.exportName))
    ) {
      this.isHandlerFile = true;
    } else this.isHandlerFile = this.handlers.length > 0; // weak names (`main`), signatures: need evidence
  }

  get isFunctionCode(): boolean {
    return this.isHandlerFile || this.fileFunctions?.source === 'project';
  }

  get hasPerInvocationCode(): boolean {
    return this.isHandlerFile || this.invokedRoots().size > 0;
  }

  /** A handler name that needs no evidence: listed by the template / project, set explicitly, or not weak. */
  private isStrongName(name: string): boolean {
    return this.namesAreExplicit || this.knownNames.has(name) || !WEAK_DEFAULT_NAMES.has(name);
  }

  /** Every top-level export named like a handler, and with the fallback every other export (scanned once, on first use). */
  private get candidates(): CandidateExport[] {
    this.candidatesCache ??= scanHandlerExports(
      this.sourceCode.ast,
      this.handlerNames,
      this.defaultExportIsHandler,
      this.bySignature,
    );
    return this.candidatesCache;
  }

  /** The functions of `perInvocationExports` (project layer), by function node. */
  private invokedRoots(): Map<TSESTree.Node, InvokedExport> {
    if (!this.invokedRootsCache) {
      this.invokedRootsCache = new Map();
      const invoked = this.fileFunctions?.facts.perInvocationExports ?? [];
      if (invoked.length > 0) {
        const byName = new Map(invoked.map((entry) => [entry.exportName, entry]));
        const names = new Set(byName.keys());
        for (const exported of scanHandlerExports(this.sourceCode.ast, names, names.has('default'), false)) {
          const entry = byName.get(exported.exportName);
          if (!entry || !exported.value) continue;
          for (const { node } of this.resolveHandlerValue(exported.value, [], 0))
            if (!this.invokedRootsCache.has(node)) this.invokedRootsCache.set(node, entry);
        }
      }
    }
    return this.invokedRootsCache;
  }

  /** This file's `ModuleFacts` for the project layer. */
  moduleFacts(): ModuleFacts {
    return collectModuleFacts(
      this.sourceCode,
      this.topScope,
      (node) => this.invocationOrigin(node)?.chain[0],
    );
  }

  invocationChain(node: TSESTree.Node): { chain: string[]; functions: FunctionRef[] } | undefined {
    if (this.fileFunctions?.source !== 'project') return undefined;
    return this.invocationOrigin(node);
  }

  /** The per-invocation root `node` is reached from (a handler or an invoked export), with the chain to it. */
  private invocationOrigin(node: TSESTree.Node): { chain: string[]; functions: FunctionRef[] } | undefined {
    const root = this.perInvocationRoot(node);
    if (!root) return undefined;
    const local: string[] = [];
    let current = root;
    for (let hops = 0; hops < 64; hops++) {
      const invoked = this.invokedRoots().get(current);
      if (invoked) return { chain: [...invoked.chain, ...local], functions: invoked.functions };
      const handler = this.handlerOfFunction(current);
      if (handler) return { chain: [handler.exportName, ...local], functions: handler.functions };
      const from = this.reachedFrom.get(current);
      if (!from || from === current) return undefined;
      const name = functionLabel(current);
      if (name !== undefined) local.unshift(name);
      current = from;
    }
    return undefined;
  }

  /** The project layer's handler entry whose export resolves to `fn`. */
  private handlerOfFunction(fn: TSESTree.Node): { exportName: string; functions: FunctionRef[] } | undefined {
    for (const handler of this.handlers) {
      if (!handler.functions.some((resolved) => resolved.node === fn)) continue;
      const facts = this.fileFunctions?.facts.handlers.find(
        (entry) => entry.exportName === handler.exportName,
      );
      return { exportName: handler.exportName, functions: facts?.functions ?? [] };
    }
    return undefined;
  }

  /**
   * The fast gate: a name that counts without evidence, declared at module scope by an exported function or
   * variable. A few map lookups in the scope analysis instead of a pass over the file's top-level statements.
   */
  private exportsStrongNameDirectly(): boolean {
    const moduleScope = this.topScope;
    if (!moduleScope) return false;
    for (const name of this.handlerNames) {
      if (this.isStrongName(name) && declaresExportedBinding(moduleScope, name)) return true;
    }
    return false;
  }

  get handlers(): readonly HandlerExport[] {
    if (!this.handlersCache) {
      this.handlersCache = [];
      for (const candidate of this.candidates) {
        if (candidate.bySignature && !this.mayHaveHandlerSignature(candidate)) continue;
        const functions = candidate.value ? this.resolveHandlerValue(candidate.value, [], 0) : [];
        if (candidate.bySignature) {
          if (!this.hasHandlerSignature(candidate, functions)) continue;
        } else if (
          !this.isStrongName(candidate.exportName) &&
          !looksLikeLambdaHandler(candidate, functions)
        ) {
          continue;
        }
        this.handlersCache.push({
          exportName: candidate.exportName,
          form: candidate.form,
          exportNode: candidate.exportNode,
          functions,
        });
      }
    }
    return this.handlersCache;
  }

  get perInvocation(): ReadonlySet<TSESTree.Node> {
    if (!this.perInvocationCache)
      this.perInvocationCache = this.hasPerInvocationCode ? this.computeReachable() : new Set();
    return this.perInvocationCache;
  }

  /**
   * Cheap pre-check of the signature fallback, before any value resolution: a declared `aws-lambda` type, a
   * function written inline or declared at module scope with 2–3 parameters, or a wrapper call.
   */
  private mayHaveHandlerSignature(candidate: CandidateExport): boolean {
    if (!candidate.value) return false;
    if (candidate.declaredType) return true;
    const node = unwrapExpression(candidate.value);
    if (node.type === AST_NODE_TYPES.CallExpression) return true;
    let fn: TSESTree.Node | undefined = node;
    if (node.type === AST_NODE_TYPES.Identifier) {
      const definition = this.topScope?.set.get(node.name)?.defs[0];
      fn =
        definition?.type === 'FunctionName'
          ? definition.node
          : definition?.type === 'Variable' && definition.node.type === AST_NODE_TYPES.VariableDeclarator
            ? (definition.node.init ?? undefined)
            : undefined;
      if (fn) fn = unwrapExpression(fn);
    }
    if (fn?.type === AST_NODE_TYPES.CallExpression) return true;
    return isFunctionNode(fn) && fn.params.length >= 2 && fn.params.length <= 3;
  }

  /**
   * The fallback for exports not named like handlers: `(event, context[, callback])` by parameter names, or
   * `aws-lambda` types on the parameters or on the exported variable (`APIGatewayProxyHandler`, `Handler<…>`).
   */
  private hasHandlerSignature(candidate: CandidateExport, functions: HandlerFunction[]): boolean {
    if (candidate.declaredType && this.isAwsLambdaType(candidate.declaredType, HANDLER_TYPE)) return true;
    return functions.some(({ node }) => {
      const [event, context, callback, ...rest] = node.params;
      if (!event || !context || rest.length > 0) return false;
      const named = (parameter: TSESTree.Parameter, pattern: RegExp, type: RegExp): boolean =>
        parameter.type === AST_NODE_TYPES.Identifier &&
        (pattern.test(parameter.name) ||
          (parameter.typeAnnotation !== undefined &&
            this.isAwsLambdaType(parameter.typeAnnotation.typeAnnotation, type)));
      return (
        named(event, SIGNATURE_EVENT, /./) &&
        named(context, SIGNATURE_CONTEXT, /^Context$/) &&
        (callback === undefined || named(callback, SIGNATURE_CALLBACK, /Callback$/))
      );
    });
  }

  /** True when `type` is a type imported from `aws-lambda` (or the global `AWSLambda` namespace) whose name matches. */
  private isAwsLambdaType(type: TSESTree.TypeNode, name: RegExp): boolean {
    if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
    const reference = type.typeName;
    if (reference.type === AST_NODE_TYPES.TSQualifiedName) {
      if (!name.test(reference.right.name) || reference.left.type !== AST_NODE_TYPES.Identifier) return false;
      return reference.left.name === 'AWSLambda' || this.importsFromAwsLambda(reference.left.name);
    }
    return (
      reference.type === AST_NODE_TYPES.Identifier &&
      name.test(reference.name) &&
      this.importsFromAwsLambda(reference.name)
    );
  }

  private importsFromAwsLambda(local: string): boolean {
    const definition = this.topScope?.set.get(local)?.defs[0];
    return (
      definition?.type === 'ImportBinding' &&
      definition.parent.type === AST_NODE_TYPES.ImportDeclaration &&
      AWS_LAMBDA_TYPES.has(definition.parent.source.value)
    );
  }

  isPerInvocation(node: TSESTree.Node): boolean {
    if (!this.hasPerInvocationCode) return false;
    // Fastest path: inside a function exported directly under a handler name (always a handler function).
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      if (isFunctionNode(current) && this.isExportedHandlerFunction(current)) return true;
    }
    // Fast path: code inside a handler function itself needs no reachability walk (handlers are always roots).
    const handlerFunctions = this.handlerFunctionNodes();
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      if (handlerFunctions.has(current)) return true;
    }
    return this.perInvocationRoot(node) !== undefined;
  }

  /**
   * `export function handler() {}` / `export const handler = () => {}` under a name that counts without evidence:
   * the export scan would list exactly this function, so no scan or value resolution is needed to know it.
   */
  private isExportedHandlerFunction(fn: FunctionNode): boolean {
    const parent = fn.parent;
    let name: string | undefined;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
      if (parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) name = fn.id?.name;
    } else if (
      parent?.type === AST_NODE_TYPES.VariableDeclarator &&
      parent.init === fn &&
      parent.id.type === AST_NODE_TYPES.Identifier &&
      parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration
    ) {
      name = parent.id.name;
    }
    return (
      name !== undefined &&
      this.handlerNames.has(name) &&
      (this.namesAreExplicit || !WEAK_DEFAULT_NAMES.has(name))
    );
  }

  /** The handler functions themselves (the roots of the reachability walk). */
  private handlerFunctionNodes(): ReadonlySet<TSESTree.Node> {
    if (!this.handlerFunctionsCache) {
      this.handlerFunctionsCache = new Set();
      for (const handler of this.handlers)
        for (const fn of handler.functions) this.handlerFunctionsCache.add(fn.node);
    }
    return this.handlerFunctionsCache;
  }

  perInvocationRoot(node: TSESTree.Node): TSESTree.Node | undefined {
    if (!this.hasPerInvocationCode) return undefined;
    const reachable = this.perInvocation;
    if (reachable.size === 0) return undefined;
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      if (reachable.has(current)) return current;
    }
    return undefined;
  }

  resolveImport(node: TSESTree.Node): ResolvedImport | undefined {
    this.resolveImportFor ??= createImportResolver((identifier) => this.findVariable(identifier));
    return this.resolveImportFor(node);
  }

  /** The module (ESM/CommonJS) scope, or the global scope of a script; looked up on first use. */
  private get topScope(): Scope {
    if (!this.topScopeCache) {
      const globalScope = this.sourceCode.scopeManager?.globalScope;
      // ESM and CommonJS files get a module/function scope under the global one; scripts do not.
      this.topScopeCache =
        (globalScope?.childScopes.find((scope) => scope.block === this.sourceCode.ast) as
          Scope | undefined) ?? (globalScope as Scope);
    }
    return this.topScopeCache;
  }

  findVariable(identifier: TSESTree.Identifier): Variable | undefined {
    return (
      this.moduleBindingOf(identifier) ??
      findVariableByName(this.sourceCode.getScope(identifier), identifier.name)
    );
  }

  /**
   * The module-level variable `identifier` refers to, when scope analysis resolved this very identifier to it:
   * one map lookup and a scan of that variable's references, instead of finding the identifier's innermost
   * scope through the scope map of each of its ancestors. Anything else (locals, shadowed names, globals)
   * returns undefined and takes the full lookup.
   */
  private moduleBindingOf(identifier: TSESTree.Identifier): Variable | undefined {
    const variable = this.topScope?.set.get(identifier.name);
    if (!variable) return undefined;
    for (const reference of variable.references) if (reference.identifier === identifier) return variable;
    return undefined;
  }

  /** The variable a module-level identifier (in an export or initializer) refers to. */
  private variableAt(identifier: TSESTree.Identifier): Variable | undefined {
    return (
      findVariableByName(this.sourceCode.getScope(identifier), identifier.name) ??
      findVariableByName(this.topScope, identifier.name)
    );
  }

  /** Follow a handler export's value through aliases, wrappers and `.bind` to the function(s) that run. */
  private resolveHandlerValue(value: TSESTree.Node, wrappers: string[], depth: number): HandlerFunction[] {
    if (depth > MAX_RESOLVE_DEPTH) return [];
    const node = unwrapExpression(value);
    if (isFunctionNode(node)) return [{ node, wrappers }];
    switch (node.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = this.variableAt(node);
        return variable ? this.resolveVariableFunctions(variable, wrappers, depth + 1) : [];
      }
      case AST_NODE_TYPES.MemberExpression:
        return this.resolveMemberFunction(node, wrappers, depth + 1);
      case AST_NODE_TYPES.CallExpression:
        return this.resolveWrapperCall(node, wrappers, depth + 1);
      default:
        return [];
    }
  }

  private resolveVariableFunctions(variable: Variable, wrappers: string[], depth: number): HandlerFunction[] {
    const definition = variable.defs[0];
    if (!definition || variable.defs.length !== 1) return [];
    if (definition.type === 'FunctionName' && isFunctionNode(definition.node)) {
      return [{ node: definition.node, wrappers }];
    }
    if (
      definition.type === 'Variable' &&
      definition.node.type === AST_NODE_TYPES.VariableDeclarator &&
      definition.node.id.type === AST_NODE_TYPES.Identifier &&
      definition.node.init
    ) {
      return this.resolveHandlerValue(definition.node.init, wrappers, depth);
    }
    return [];
  }

  /** `instance.handler` / `object.handler`: a method of a local class instance or a property of a local object. */
  private resolveMemberFunction(
    member: TSESTree.MemberExpression,
    wrappers: string[],
    depth: number,
  ): HandlerFunction[] {
    const name = memberName(member);
    const object = unwrapExpression(member.object);
    if (name === undefined) return [];
    const owner = this.localValueOf(object);
    if (!owner) return [];
    if (owner.type === AST_NODE_TYPES.NewExpression) {
      const classNode = this.localClassOf(owner.callee);
      const method = classNode ? classMember(classNode, name, false) : undefined;
      return method ? [{ node: method, wrappers }] : [];
    }
    if (owner.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of owner.properties) {
        if (property.type === AST_NODE_TYPES.Property && propertyKeyName(property) === name) {
          return this.resolveHandlerValue(property.value, wrappers, depth);
        }
      }
    }
    if (owner.type === AST_NODE_TYPES.ClassDeclaration || owner.type === AST_NODE_TYPES.ClassExpression) {
      const method = classMember(owner, name, true);
      return method ? [{ node: method, wrappers }] : [];
    }
    return [];
  }

  /** The local value an identifier holds at module scope: its initializer or class declaration. */
  private localValueOf(node: TSESTree.Node): TSESTree.Node | undefined {
    if (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.ObjectExpression)
      return node;
    if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.variableAt(node);
    const definition = variable?.defs[0];
    if (!definition || variable.defs.length !== 1) return undefined;
    if (definition.type === 'ClassName') return definition.node;
    if (
      definition.type === 'Variable' &&
      definition.node.type === AST_NODE_TYPES.VariableDeclarator &&
      definition.node.init
    ) {
      const init = unwrapExpression(definition.node.init);
      return init.type === AST_NODE_TYPES.ClassExpression ? init : init;
    }
    return undefined;
  }

  /** The class declared in this file that `callee` (of `new callee()`) refers to. */
  private localClassOf(callee: TSESTree.Node): ClassNode | undefined {
    const node = unwrapExpression(callee);
    if (node.type === AST_NODE_TYPES.ClassExpression) return node;
    if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
    const value = this.localValueOf(node);
    return value?.type === AST_NODE_TYPES.ClassDeclaration || value?.type === AST_NODE_TYPES.ClassExpression
      ? value
      : undefined;
  }

  /** `middy(fn)`, `middy().use(m).handler(fn)`, `Sentry.wrapHandler(fn)`, `x.handler.bind(x)`, `wrap(opts, fn)`. */
  private resolveWrapperCall(
    call: TSESTree.CallExpression,
    wrappers: string[],
    depth: number,
  ): HandlerFunction[] {
    const callee = unwrapExpression(call.callee);
    const calleeText = this.sourceCode.getText(callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = memberName(callee);
      if (method === 'bind' || method === 'call') {
        return this.resolveHandlerValue(callee.object, [...wrappers, '.bind'], depth);
      }
      if (method !== undefined && MIDDY_CHAIN_METHODS.has(method)) {
        // Middleware attached with `.use({ before })` / `.before(fn)` runs on every invocation too.
        const middleware = call.arguments
          .flatMap((argument) => inlineFunctions(argument))
          .map((node) => ({
            node,
            wrappers: [...wrappers, `.${method}`],
          }));
        return [...this.resolveHandlerValue(callee.object, wrappers, depth), ...middleware];
      }
      if (method === 'handler' && unwrapExpression(callee.object).type === AST_NODE_TYPES.CallExpression) {
        const inner = this.resolveHandlerValue(callee.object, wrappers, depth);
        const [argument] = call.arguments;
        const wrapped = argument ? this.resolveHandlerValue(argument, [...wrappers, '.handler'], depth) : [];
        return [...wrapped, ...inner];
      }
    }
    // A generic wrapper: the function-valued arguments are what runs per invocation.
    const resolved: HandlerFunction[] = [];
    for (const argument of call.arguments) {
      if (argument.type === AST_NODE_TYPES.SpreadElement) continue;
      const inner = unwrapExpression(argument);
      if (
        isFunctionNode(inner) ||
        inner.type === AST_NODE_TYPES.Identifier ||
        inner.type === AST_NODE_TYPES.CallExpression ||
        inner.type === AST_NODE_TYPES.MemberExpression
      ) {
        resolved.push(...this.resolveHandlerValue(inner, [...wrappers, calleeText], depth));
      }
    }
    return resolved;
  }

  /** Walk from the handler functions to everything in this file they can call. */
  private computeReachable(): Set<TSESTree.Node> {
    const reachable = new Set<TSESTree.Node>();
    const queue: TSESTree.Node[] = [];
    let from: TSESTree.Node | undefined;
    const add = (node: TSESTree.Node | undefined): void => {
      if (node && !reachable.has(node)) {
        reachable.add(node);
        queue.push(node);
        this.reachedFrom.set(node, from ?? node);
      }
    };
    const addConstruction = (classNode: ClassNode, seen = 0): void => {
      for (const element of classNode.body.body) {
        if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor')
          add(element.value);
        else if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.static && element.value) {
          add(element.value);
        }
      }
      // `super()` runs the parent constructor of a local base class too.
      const base = classNode.superClass ? this.localClassOf(classNode.superClass) : undefined;
      if (base && seen < MAX_RESOLVE_DEPTH) addConstruction(base, seen + 1);
    };

    for (const handler of this.handlers) for (const fn of handler.functions) add(fn.node);
    for (const root of this.invokedRoots().keys()) add(root);

    const scopeManager = this.sourceCode.scopeManager;
    while (queue.length > 0) {
      const root = queue.pop() as TSESTree.Node;
      from = root;
      // Class methods: `this.other()` reaches sibling methods.
      const ownerClass = methodOwner(root);
      if (ownerClass) {
        for (const name of thisMemberNames(root, this.sourceCode.visitorKeys)) {
          add(classMember(ownerClass, name, false));
        }
      }
      const scopes: Scope[] = [];
      const rootScope = isFunctionNode(root) ? scopeManager?.acquire(root) : undefined;
      if (rootScope) scopes.push(rootScope as Scope);
      else {
        // A field initializer: gather the scopes of functions nested inside it via its references.
        collectInitializerScopes(root, this.sourceCode, scopes);
      }
      const [rootStart, rootEnd] = root.range;
      for (let index = 0; index < scopes.length; index++) {
        const scope = scopes[index];
        for (const child of scope.childScopes) scopes.push(child as Scope);
        for (const reference of scope.references) {
          const variable = reference.resolved;
          if (!variable) continue;
          // Locals of this function are already inside it; only `local.method()` on a local class instance reaches out.
          const block = variable.scope.block;
          if (
            block.range[0] >= rootStart &&
            block.range[1] <= rootEnd &&
            reference.identifier.parent?.type !== AST_NODE_TYPES.MemberExpression
          ) {
            continue;
          }
          if (reference.isWriteOnly()) continue;
          const definition = variable.defs[0];
          if (!definition || variable.defs.length !== 1) continue;
          const identifier = reference.identifier;
          const parent = identifier.parent;
          const accessed =
            parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier
              ? memberName(parent)
              : undefined;
          if (definition.type === 'FunctionName') {
            if (isFunctionNode(definition.node)) add(definition.node);
          } else if (definition.type === 'ClassName') {
            const classNode = definition.node as ClassNode;
            if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === identifier) {
              addConstruction(classNode);
              const after = parent.parent;
              if (after?.type === AST_NODE_TYPES.MemberExpression && after.object === parent) {
                const name = memberName(after);
                if (name !== undefined) add(classMember(classNode, name, false));
              }
            } else if (accessed !== undefined) add(classMember(classNode, accessed, true));
          } else if (
            definition.type === 'Variable' &&
            definition.node.type === AST_NODE_TYPES.VariableDeclarator &&
            definition.node.id.type === AST_NODE_TYPES.Identifier &&
            definition.node.init
          ) {
            const init = unwrapExpression(definition.node.init);
            if (isFunctionNode(init)) add(init);
            else if (init.type === AST_NODE_TYPES.ObjectExpression) {
              for (const fn of objectFunctions(init, accessed)) add(fn);
            } else if (init.type === AST_NODE_TYPES.NewExpression && accessed !== undefined) {
              const classNode = this.localClassOf(init.callee);
              if (classNode) add(classMember(classNode, accessed, false));
            } else if (init.type === AST_NODE_TYPES.ClassExpression) {
              if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === identifier)
                addConstruction(init);
              else if (accessed !== undefined) add(classMember(init, accessed, true));
            }
          }
        }
      }
    }
    return reachable;
  }
}

/** Functions written inline in a middleware argument: `fn`, `{ before: fn, after() {} }`. */
function inlineFunctions(argument: TSESTree.Node): FunctionNode[] {
  const node = unwrapExpression(argument);
  if (isFunctionNode(node)) return [node];
  if (node.type === AST_NODE_TYPES.ObjectExpression) return objectFunctions(node, undefined);
  return [];
}

/** Function values of an object literal (one nesting level deep, for `resolvers = { Query: { … } }`). */
function objectFunctions(
  object: TSESTree.ObjectExpression,
  onlyKey: string | undefined,
  depth = 0,
): FunctionNode[] {
  const functions: FunctionNode[] = [];
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    if (onlyKey !== undefined && propertyKeyName(property) !== onlyKey) continue;
    const value = unwrapExpression(property.value);
    if (isFunctionNode(value)) functions.push(value);
    else if (value.type === AST_NODE_TYPES.ObjectExpression && depth < 2)
      functions.push(...objectFunctions(value, undefined, depth + 1));
  }
  return functions;
}

/** The method (or arrow-function field) `name` of a class; `isStatic` selects static members. */
function classMember(classNode: ClassNode, name: string, isStatic: boolean): FunctionNode | undefined {
  for (const element of classNode.body.body) {
    if (
      element.type !== AST_NODE_TYPES.MethodDefinition &&
      element.type !== AST_NODE_TYPES.PropertyDefinition
    )
      continue;
    if (element.static !== isStatic || propertyKeyName(element) !== name) continue;
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind !== 'constructor') {
      return element.value.type === AST_NODE_TYPES.FunctionExpression ? element.value : undefined;
    }
    if (element.type === AST_NODE_TYPES.PropertyDefinition && isFunctionNode(element.value))
      return element.value;
  }
  return undefined;
}

/** The class a method / field-initializer node belongs to. */
function methodOwner(node: TSESTree.Node): ClassNode | undefined {
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.MethodDefinition && parent?.type !== AST_NODE_TYPES.PropertyDefinition)
    return undefined;
  const owner = parent.parent?.parent;
  return owner?.type === AST_NODE_TYPES.ClassDeclaration || owner?.type === AST_NODE_TYPES.ClassExpression
    ? owner
    : undefined;
}

/** Names `m` of `this.m` accessed in a method body (not crossing into nested non-arrow functions). */
function thisMemberNames(root: TSESTree.Node, visitorKeys: SourceCode['visitorKeys']): Set<string> {
  const names = new Set<string>();
  const stack: TSESTree.Node[] = [isFunctionNode(root) ? root.body : root];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = memberName(node);
      if (name !== undefined) names.add(name);
    }
    if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration)
      continue;
    if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression)
      continue;
    pushChildren(node, visitorKeys, stack);
  }
  return names;
}

/** Scopes whose references belong to a (non-function) field initializer: the class scope's matching references. */
function collectInitializerScopes(initializer: TSESTree.Node, sourceCode: SourceCode, scopes: Scope[]): void {
  // Field initializers get their own scope in ESLint's scope analysis ("class-field-initializer").
  const scope = sourceCode.scopeManager?.acquire(initializer);
  if (scope) scopes.push(scope as Scope);
}

/** A name for a function in call chains: `getPool`, `Repo.find`; undefined for anonymous callbacks. */
function functionLabel(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.FunctionDeclaration) return node.id?.name;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier)
    return parent.id.name;
  if (
    (parent?.type === AST_NODE_TYPES.MethodDefinition ||
      parent?.type === AST_NODE_TYPES.PropertyDefinition ||
      parent?.type === AST_NODE_TYPES.Property) &&
    parent.value === node
  )
    return propertyKeyName(parent);
  return undefined;
}
