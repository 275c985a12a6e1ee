import { isBuiltin } from 'node:module';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import {
  getHandlerAnalysis,
  isFunctionNode,
  memberName,
  pushChildren,
  unwrapExpression,
  type HandlerAnalysis,
  type ResolvedImport,
} from '../handlers/index.js';
import type { FunctionRef } from '@lambda-lint/core';
import { RULE_DOCS } from '../rule-docs.js';

type MessageIds = 'clientInHandler' | 'clientInInvokedCode' | 'eventDependentClient' | 'hoistToModuleScope';
export interface NoClientInHandlerOptions {
  /** Also report clients whose arguments depend on the handler's event/context (default false). */
  reportEventDependent?: boolean;
  /**
   * Extra constructors/factories to treat as clients: `"module#Export"`, `"module#Export.member"`,
   * `"module"` (anything constructed from it) or a bare `"Name"` (an imported binding of that name from any module).
   */
  additionalClients?: string[];
}
type Options = [NoClientInHandlerOptions];

/** What kind of client a construction makes; selects the "why" of the message. */
type ClientFamily = 'aws' | 'database' | 'http' | 'other';

const WHY: Record<ClientFamily, string> = {
  aws: 're-resolves credentials and opens new TLS connections on every call, which adds latency to every warm invocation',
  database:
    'opens a new connection on every call: warm invocations pay the connection setup again, and under concurrency the open connections exhaust the database limit',
  http: 'throws away the keep-alive connection pool, so every call pays new TCP and TLS handshakes',
  other: 're-creates its connections and configuration on every call, which slows every warm invocation',
};

/** SDK v2 exports that are configuration or helpers, not service clients. */
const AWS_SDK_V2_NON_CLIENTS = new Set([
  'Config',
  'Credentials',
  'CredentialProviderChain',
  'Endpoint',
  'HttpRequest',
  'HttpResponse',
  'Request',
  'Response',
  'Service',
  'MetadataService',
  'Signers',
  'EventListeners',
  'SequentialExecutor',
  'util',
  'config',
]);

/** Known client constructors / factories by package: `new` names and call names (`Export` or `Export.member`). */
interface KnownClients {
  family: ClientFamily;
  constructs?: readonly string[];
  calls?: readonly string[];
}
const KNOWN_CLIENTS: Record<string, KnownClients> = {
  pg: { family: 'database', constructs: ['Pool', 'Client'] },
  'pg-pool': { family: 'database', constructs: ['default'] },
  postgres: { family: 'database', calls: ['default'] },
  mysql: { family: 'database', calls: ['createPool', 'createConnection', 'createPoolCluster'] },
  mysql2: { family: 'database', calls: ['createPool', 'createConnection', 'createPoolCluster'] },
  'mysql2/promise': { family: 'database', calls: ['createPool', 'createConnection', 'createPoolCluster'] },
  'serverless-mysql': { family: 'database', calls: ['default'] },
  mongodb: { family: 'database', constructs: ['MongoClient'], calls: ['MongoClient.connect'] },
  mongoose: { family: 'database', calls: ['connect', 'createConnection'] },
  ioredis: { family: 'database', constructs: ['default', 'Redis', 'Cluster'] },
  redis: { family: 'database', calls: ['createClient', 'createCluster'] },
  '@redis/client': { family: 'database', calls: ['createClient', 'createCluster'] },
  '@prisma/client': { family: 'database', constructs: ['PrismaClient'] },
  knex: { family: 'database', calls: ['default', 'knex'] },
  sequelize: { family: 'database', constructs: ['Sequelize', 'default'] },
  '@sequelize/core': { family: 'database', constructs: ['Sequelize', 'default'] },
  kafkajs: { family: 'other', constructs: ['Kafka'] },
  axios: { family: 'http', calls: ['create', 'default.create'] },
  got: { family: 'http', calls: ['extend', 'default.extend'] },
  undici: { family: 'http', constructs: ['Pool', 'Agent', 'Client', 'BalancedPool', 'ProxyAgent'] },
  openai: { family: 'http', constructs: ['default', 'OpenAI', 'AzureOpenAI'] },
  '@anthropic-ai/sdk': { family: 'http', constructs: ['default', 'Anthropic'] },
  stripe: { family: 'http', constructs: ['default', 'Stripe'] },
  twilio: { family: 'http', calls: ['default'] },
  '@pinecone-database/pinecone': { family: 'http', constructs: ['Pinecone'] },
};

/** Classes from any package whose names say "I hold connections". */
const CLIENT_CLASS_NAME = /(Client|Driver|Pool|Connection|Agent)$/;
/** Functions from any package that open connections. */
const CONNECTION_FACTORY_NAME =
  /^(connect|createConnection|createPool|createPoolCluster|createClient|createCluster)$/;

function isBarePackage(source: string): boolean {
  return !/^[./#~]|^@\//.test(source);
}

/** `@aws-sdk/client-s3` → `s3`, `S3` → `s3`: the aggregated v3 client class has the package's service name. */
function normalizedServiceName(name: string): string {
  return name.replace(/[^a-z0-9]/gi, '').toLowerCase();
}

function classifyClient(
  resolved: ResolvedImport,
  isNew: boolean,
  additionalClients: readonly string[],
): ClientFamily | undefined {
  const path = [resolved.imported, ...resolved.members];
  const fullName = path.join('.');
  const lastName = path[path.length - 1];
  const source = resolved.source;

  for (const entry of additionalClients) {
    const hash = entry.indexOf('#');
    if (hash === -1) {
      if (entry === source || entry === fullName || entry === lastName) return 'other';
    } else if (entry.slice(0, hash) === source && entry.slice(hash + 1) === fullName) return 'other';
  }

  if (source.startsWith('@aws-sdk/')) {
    if (isNew) {
      if (lastName.endsWith('Client')) return 'aws';
      if (
        source.startsWith('@aws-sdk/client-') &&
        path.length === 1 &&
        normalizedServiceName(lastName) === normalizedServiceName(source.slice('@aws-sdk/client-'.length))
      ) {
        return 'aws'; // aggregated client: `new S3()` from @aws-sdk/client-s3
      }
      return undefined;
    }
    if (
      source === '@aws-sdk/lib-dynamodb' &&
      (fullName === 'DynamoDBDocumentClient.from' || fullName === 'DynamoDBDocument.from')
    ) {
      return 'aws';
    }
    return undefined;
  }
  if (source === 'aws-sdk' || source.startsWith('aws-sdk/clients/')) {
    if (!isNew) return undefined;
    if (
      source === 'aws-sdk' &&
      (resolved.imported === 'default' || AWS_SDK_V2_NON_CLIENTS.has(resolved.imported))
    )
      return undefined;
    return 'aws';
  }

  const known = KNOWN_CLIENTS[source];
  if (known) {
    if (isNew && known.constructs?.includes(fullName)) return known.family;
    if (!isNew && known.calls?.includes(fullName)) return known.family;
  }
  if (source.startsWith('@langchain/') && isNew && /^Chat|Embeddings$/.test(lastName)) return 'http';
  if (!isBarePackage(source)) return undefined;
  if (isNew && CLIENT_CLASS_NAME.test(lastName))
    return source.startsWith('node:') || isBuiltin(source) ? 'http' : 'other';
  if (!isNew && path.length <= 2 && CONNECTION_FACTORY_NAME.test(lastName) && !isBuiltin(source))
    return 'database';
  return undefined;
}

/** The nearest function or class field initializer around `node` (code not run at module load), if any. */
function enclosingFunctionOrField(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return current;
      case AST_NODE_TYPES.PropertyDefinition:
        return current.value ?? undefined;
      default:
        break;
    }
  }
  return undefined;
}

/** Member names that create a client when called: `axios.create`, `mysql.createPool`, `DynamoDBDocumentClient.from`. */
const FACTORY_METHOD_NAMES = [
  'create',
  'extend',
  'from',
  'connect',
  'createConnection',
  'createPool',
  'createPoolCluster',
  'createClient',
  'createCluster',
];
for (const known of Object.values(KNOWN_CLIENTS)) {
  for (const call of known.calls ?? []) {
    const name = call.split('.').at(-1);
    if (name && name !== 'default' && !FACTORY_METHOD_NAMES.includes(name)) FACTORY_METHOD_NAMES.push(name);
  }
}

const NEW_EXPRESSION_SELECTOR =
  'NewExpression:not([callee.name=/(?:Command|Error|Exception)$|^(?:Date|Map|Set|WeakMap|WeakSet|URL|URLSearchParams|Promise|RegExp|Array|Object|TextEncoder|TextDecoder|AbortController|Headers|Request|Response|Blob|Buffer|Intl)$/])';

const DEFAULT_FACTORY_NAMES: ReadonlySet<string> = new Set(FACTORY_METHOD_NAMES);
/** Factory member names per `additionalClients` list: built once per configuration, not per file. */
const factoryNameSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Member names whose calls may create a client: the built-in factories plus the configured ones. */
function factoryNamesFor(additionalClients: readonly string[]): ReadonlySet<string> {
  if (additionalClients.length === 0) return DEFAULT_FACTORY_NAMES;
  let names = factoryNameSets.get(additionalClients);
  if (names === undefined) {
    names = new Set([
      ...FACTORY_METHOD_NAMES,
      ...additionalClients.map(
        (entry) =>
          entry
            .slice(entry.indexOf('#') + 1)
            .split('.')
            .at(-1) ?? entry,
      ),
    ]);
    factoryNameSets.set(additionalClients, names);
  }
  return names;
}

/** True when `identifier` is bound by `declarator.id` directly or through object destructuring (not arrays). */
function isBoundThroughObjectPattern(
  declarator: TSESTree.VariableDeclarator,
  identifier: TSESTree.Node,
): boolean {
  let node: TSESTree.Node = identifier;
  while (node !== declarator.id) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return false;
    const followed =
      parent.type === AST_NODE_TYPES.ObjectPattern ||
      (parent.type === AST_NODE_TYPES.Property &&
        parent.value === node &&
        parent.parent.type === AST_NODE_TYPES.ObjectPattern) ||
      (parent.type === AST_NODE_TYPES.RestElement &&
        parent.argument === node &&
        parent.parent?.type === AST_NODE_TYPES.ObjectPattern) ||
      (parent.type === AST_NODE_TYPES.AssignmentPattern && parent.left === node);
    if (!followed) return false;
    node = parent;
  }
  return true;
}

/**
 * True when the top-level `variable` is bound by a (value) `import`, a top-level `import x = require()`, or a
 * top-level (not exported) declaration with an initializer — `const x = require('m')`, `const { a } = require('m')`,
 * `const Alias = Imported.Member` — i.e. a name that could hold an import. Names are only a pre-filter for plain
 * calls; resolution decides.
 */
function mayHoldImport(variable: Variable): boolean {
  for (const definition of variable.defs) {
    if (definition.type === 'ImportBinding') {
      const node = definition.node;
      if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        if (node.parent.type === AST_NODE_TYPES.Program) return true;
      } else if (definition.parent?.type === AST_NODE_TYPES.ImportDeclaration) {
        if (definition.parent.importKind !== 'type') return true;
      }
    } else if (
      definition.type === 'Variable' &&
      definition.node.init &&
      definition.parent?.parent?.type === AST_NODE_TYPES.Program &&
      isBoundThroughObjectPattern(definition.node, definition.name)
    ) {
      return true;
    }
  }
  return false;
}

/** The file's top-level scope (module, CommonJS function or, for scripts, global): where imports are bound. */
function topLevelScope(sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Scope | undefined {
  const globalScope = sourceCode.scopeManager?.globalScope ?? undefined;
  return globalScope?.childScopes.find((scope) => scope.block === sourceCode.ast) ?? globalScope;
}

/** Names of the callee as written, for messages: `new S3Client()`, `mysql.createPool()`. */
function constructionLabel(
  node: TSESTree.NewExpression | TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string {
  const callee = sourceCode.getText(node.callee);
  const short = callee.length > 60 ? `${callee.slice(0, 57)}...` : callee;
  return node.type === AST_NODE_TYPES.NewExpression ? `new ${short}()` : `${short}()`;
}

type Variable = TSESLint.Scope.Variable;

export default createRule<Options, MessageIds>({
  name: 'no-client-in-handler',
  meta: {
    type: 'problem',
    docs: RULE_DOCS['no-client-in-handler'],
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportEventDependent: {
            type: 'boolean',
            description: 'Also report clients whose arguments depend on the handler event or context.',
          },
          additionalClients: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Extra client constructors/factories: "module#Export", "module#Export.member", "module" or "Name".',
          },
        },
      },
    ],
    messages: {
      clientInHandler:
        '`{{client}}` runs on every invocation of the Lambda handler: a new client {{why}}. Create it once at module scope (outside the handler) and reuse it, or initialise it lazily into a module-scope variable (`client ??= {{client}}`).',
      clientInInvokedCode:
        '`{{client}}` runs on every invocation of {{functions}}: {{chain}}. A new client {{why}}. Create it once at module scope and reuse it, or initialise it lazily into a module-scope variable (`client ??= {{client}}`).',
      eventDependentClient:
        '`{{client}}` runs on every invocation because its arguments depend on the event (`{{dependency}}`): a new client {{why}}. Cache one client per `{{dependency}}` in a module-scope Map (`clients.get(key) ?? clients.set(key, …).get(key)`) and reuse it.',
      hoistToModuleScope:
        'Move `{{client}}` to module scope so it is created once per execution environment.',
    },
  },
  defaultOptions: [{ reportEventDependent: false, additionalClients: [] }],
  create(context, [options]) {
    const analysis = getHandlerAnalysis(context);
    // Cheap gate: files without per-invocation code (no handler export, no export a handler calls) get no visitors.
    if (!analysis.hasPerInvocationCode) return {};
    const sourceCode = context.sourceCode;
    const additionalClients = options.additionalClients ?? [];
    const reportEventDependent = options.reportEventDependent === true;
    let handlerFunctions: Set<TSESTree.Node> | undefined;

    function check(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      // Cheapest test first: module-scope code never runs per invocation (most clients live there).
      const boundary = enclosingFunctionOrField(node);
      if (!boundary) return;
      const resolved = analysis.resolveImport(node.callee);
      if (!resolved) return;
      const family = classifyClient(resolved, node.type === AST_NODE_TYPES.NewExpression, additionalClients);
      if (!family) return;
      if (isLazilyInitialised(node, boundary, analysis)) return;
      // Reachability is computed (once per file) only for a client built eagerly inside some function.
      if (!analysis.isPerInvocation(node)) return;
      const client = constructionLabel(node, sourceCode);
      const loc = { start: node.loc.start, end: node.callee.loc.end };
      // The variables the arguments read, found once for both the event check and the hoist suggestion.
      const references = argumentReferences(node, sourceCode);
      let dependency: string | undefined;
      if (references.length > 0) {
        handlerFunctions ??= new Set(
          analysis.handlers.flatMap((handler) => handler.functions.map((fn) => fn.node)),
        );
        dependency = eventDependency(references, analysis, handlerFunctions, sourceCode);
      }
      if (dependency !== undefined) {
        if (reportEventDependent) {
          context.report({
            node,
            loc,
            messageId: 'eventDependentClient',
            data: { client, why: WHY[family], dependency },
          });
        }
        return;
      }
      const hoist = hoistFix(node, references, analysis, sourceCode, resolved);
      const suggest = hoist
        ? [{ messageId: 'hoistToModuleScope' as const, data: { client }, fix: hoist }]
        : [];
      // With lambda-lint's project layer: name the handler and the call chain that reaches this code.
      const invocation = analysis.invocationChain(node);
      if (invocation && invocation.chain.length > 1) {
        context.report({
          node,
          loc,
          messageId: 'clientInInvokedCode',
          data: {
            client,
            why: WHY[family],
            chain: [...invocation.chain, client.replace(/\(.*$/s, '')].join(' → '),
            functions: describeFunctions(invocation.functions, invocation.chain[0] ?? 'the handler'),
          },
          suggest,
        });
        return;
      }
      context.report({
        node,
        loc,
        messageId: 'clientInHandler',
        data: { client, why: WHY[family] },
        suggest,
      });
    }

    // Visit only calls that could be client factories. `new` goes through a selector that skips commands,
    // errors and common built-ins; calls go through one plain listener that dispatches on the callee here,
    // which costs less than ESLint matching several attribute selectors against every call.
    const factoryNames = factoryNamesFor(additionalClients);
    let topScope: TSESLint.Scope.Scope | undefined | null = null;
    const listeners: TSESLint.RuleListener = {
      CallExpression(node) {
        const callee = node.callee;
        switch (callee.type) {
          case AST_NODE_TYPES.Identifier: {
            // Plain calls are common: only names bound at module level (imports, requires, aliases) can be
            // factories. One lookup in the top-level scope's map per call; no pass over the file's statements.
            if (topScope === null) topScope = topLevelScope(sourceCode);
            const variable = topScope?.set.get(callee.name);
            if (variable && mayHoldImport(variable)) check(node);
            break;
          }
          case AST_NODE_TYPES.MemberExpression:
            if (callee.property.type === AST_NODE_TYPES.Identifier && factoryNames.has(callee.property.name))
              check(node);
            break;
          case AST_NODE_TYPES.CallExpression:
            check(node); // `require('knex')(config)`, `middy()(…)`
            break;
          default:
            break;
        }
      },
    };
    // A selector held in a constant is assigned: computed keys in an object literal cost V8 a runtime call each.
    listeners[NEW_EXPRESSION_SELECTOR] = check;
    return listeners;
  },
});

/** `handler createUser of UsersFunction (serverless.yml:12)`, for messages about code a handler reaches. */
function describeFunctions(functions: readonly FunctionRef[], handler: string): string {
  const where = functions.map((fn) => `${fn.id} (${fn.template}:${fn.line})`).join(', ');
  return where ? `handler \`${handler}\` of ${where}` : `handler \`${handler}\``;
}

/** The module-scope (long-lived) variable behind an assignment target: `client`, `cache[key]`, `cache.x`. */
function longLivedTarget(target: TSESTree.Node, analysis: HandlerAnalysis): Variable | undefined {
  let base = unwrapExpression(target);
  while (base.type === AST_NODE_TYPES.MemberExpression) base = unwrapExpression(base.object);
  if (base.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = analysis.findVariable(base);
  if (!variable || (variable.scope.type === 'global' && variable.defs.length === 0)) return undefined;
  // Module-level bindings live as long as the execution environment (checked first: no reachability needed).
  const block = variable.scope.block;
  if (block.type === AST_NODE_TYPES.Program) return variable;
  // Declared in some other function: long-lived unless that function itself runs per invocation.
  return analysis.isPerInvocation(block) ? undefined : variable;
}

/** Does `node` (a test expression) read `variable`? */
function mentions(node: TSESTree.Node, variable: Variable): boolean {
  return variable.references.some(
    (reference) =>
      reference.identifier.range[0] >= node.range[0] && reference.identifier.range[1] <= node.range[1],
  );
}

function isInside(node: TSESTree.Node, container: TSESTree.Node | null | undefined): boolean {
  return !!container && node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

/** Is there a guard on `variable` between the assignment and the enclosing function (`boundary`)? */
function isGuarded(from: TSESTree.Node, boundary: TSESTree.Node, variable: Variable): boolean {
  let child: TSESTree.Node = from;
  for (
    let current = from.parent;
    current && current !== boundary.parent;
    child = current, current = current.parent
  ) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== current.test && mentions(current.test, variable)) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === current.right && mentions(current.left, variable)) return true;
        break;
      case AST_NODE_TYPES.BlockStatement:
        if (hasEarlyReturnGuard(current, child, [variable])) return true;
        break;
      default:
        break;
    }
    if (current === boundary) break;
  }
  return false;
}

/** `if (client) return client;` before `child` in `block`, guarding one of `variables`. */
function hasEarlyReturnGuard(
  block: TSESTree.BlockStatement,
  child: TSESTree.Node,
  variables: readonly Variable[],
): boolean {
  for (const statement of block.body) {
    if (statement === child) return false;
    if (
      statement.type === AST_NODE_TYPES.IfStatement &&
      (statement.consequent.type === AST_NODE_TYPES.ReturnStatement ||
        (statement.consequent.type === AST_NODE_TYPES.BlockStatement &&
          statement.consequent.body.some((inner) => inner.type === AST_NODE_TYPES.ReturnStatement))) &&
      variables.some((variable) => mentions(statement.test, variable))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Lazy initialisation into module scope, the pattern the AWS SDK docs recommend:
 * `client ??= new X()`, `client = client || new X()`, `if (!client) client = new X()`,
 * `if (!client) { const base = new X(); client = wrap(base); }`, `cache.set(key, new X())` under a guard.
 */
function isLazilyInitialised(
  node: TSESTree.Node,
  boundary: TSESTree.Node,
  analysis: HandlerAnalysis,
): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.AssignmentExpression && current.right === child) {
      const variable = longLivedTarget(current.left, analysis);
      if (variable) {
        if (current.operator === '??=' || current.operator === '||=') return true;
        const right = unwrapExpression(current.right);
        if (
          right.type === AST_NODE_TYPES.LogicalExpression &&
          right.operator !== '&&' &&
          mentions(right.left, variable)
        )
          return true;
        if (isGuarded(current, boundary, variable)) return true;
      }
    }
    if (
      current.type === AST_NODE_TYPES.CallExpression &&
      current.arguments.includes(child as TSESTree.CallExpressionArgument) &&
      current.callee.type === AST_NODE_TYPES.MemberExpression &&
      memberName(current.callee) === 'set'
    ) {
      // `cache.set(key, new X())` keyed cache in module scope
      const variable = longLivedTarget(current.callee.object, analysis);
      if (variable) return true;
    }
    if (current.type === AST_NODE_TYPES.IfStatement && child !== current.test) {
      // `if (!client) { const base = new X(); client = DynamoDBDocumentClient.from(base); }`
      for (const variable of longLivedVariablesIn(current.test, analysis)) {
        if (
          variable.references.some(
            (reference) => reference.isWrite() && isInside(reference.identifier, child),
          )
        )
          return true;
      }
    }
    if (current.type === AST_NODE_TYPES.BlockStatement && current.parent && isFunctionNode(current.parent)) {
      // `if (client) return client; const base = new X(); client = wrap(base);` in a memoising getter
      const guarded = current.body
        .filter(
          (statement): statement is TSESTree.IfStatement => statement.type === AST_NODE_TYPES.IfStatement,
        )
        .flatMap((statement) => longLivedVariablesIn(statement.test, analysis))
        .filter((variable) =>
          variable.references.some(
            (reference) => reference.isWrite() && isInside(reference.identifier, current),
          ),
        );
      if (guarded.length > 0 && hasEarlyReturnGuard(current, child, guarded)) return true;
    }
    if (current === boundary || isFunctionNode(current)) break;
  }
  return false;
}

function longLivedVariablesIn(test: TSESTree.Node, analysis: HandlerAnalysis): Variable[] {
  const found: Variable[] = [];
  const stack: TSESTree.Node[] = [test];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    switch (node.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = longLivedTarget(node, analysis);
        if (variable) found.push(variable);
        break;
      }
      case AST_NODE_TYPES.UnaryExpression:
        stack.push(node.argument);
        break;
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.BinaryExpression:
        stack.push(node.left, node.right);
        break;
      case AST_NODE_TYPES.MemberExpression:
        stack.push(node.object);
        break;
      case AST_NODE_TYPES.CallExpression:
        // `!cache.has(key)`
        if (node.callee.type === AST_NODE_TYPES.MemberExpression) stack.push(node.callee.object);
        break;
      default:
        break;
    }
  }
  return found;
}

/**
 * False when no identifier in `nodes` can be a reference (only literals, object keys, `.property` names…):
 * then the arguments read no variable and the scope lookup is skipped. Any other identifier answers true.
 */
function mayReadVariables(
  nodes: readonly TSESTree.Node[],
  visitorKeys: Readonly<TSESLint.SourceCode>['visitorKeys'],
): boolean {
  const stack: TSESTree.Node[] = [...nodes];
  while (stack.length > 0) {
    const current = stack.pop() as TSESTree.Node;
    if (current.type.includes('Identifier')) return true;
    if (current.type === AST_NODE_TYPES.Property && !current.computed && !current.shorthand) {
      stack.push(current.value); // a plain key names a property, it reads nothing
      continue;
    }
    if (current.type === AST_NODE_TYPES.MemberExpression && !current.computed) {
      stack.push(current.object);
      continue;
    }
    pushChildren(current, visitorKeys, stack);
  }
  return false;
}

/** Variables read by the construction's arguments (including through nested functions). */
function argumentReferences(
  node: TSESTree.NewExpression | TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.Scope.Reference[] {
  const start = node.arguments[0]?.range[0];
  if (start === undefined || !mayReadVariables(node.arguments, sourceCode.visitorKeys)) return [];
  const end = node.range[1];
  const references: TSESLint.Scope.Reference[] = [];
  const scopes = [sourceCode.getScope(node)];
  for (let index = 0; index < scopes.length; index++) {
    const scope = scopes[index];
    for (const reference of scope.references) {
      const range = reference.identifier.range;
      if (range[0] >= start && range[1] <= end) references.push(reference);
    }
    for (const child of scope.childScopes) {
      if (child.block.range[0] >= start && child.block.range[1] <= end) scopes.push(child);
    }
  }
  return references;
}

const MAX_DERIVATION_DEPTH = 4;

/**
 * The handler parameter the construction's arguments (their `references`) are derived from
 * (`event.requestContext.domainName` directly, or through local `const`s), or undefined.
 */
function eventDependency(
  references: readonly TSESLint.Scope.Reference[],
  analysis: HandlerAnalysis,
  handlerFunctions: ReadonlySet<TSESTree.Node>,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string | undefined {
  const visited = new Set<Variable>();
  const dependsOnEvent = (variable: Variable, depth: number): boolean => {
    if (visited.has(variable) || depth > MAX_DERIVATION_DEPTH) return false;
    visited.add(variable);
    for (const definition of variable.defs) {
      if (definition.type === 'Parameter' && handlerFunctions.has(definition.node)) return true;
      if (
        definition.type === 'Variable' &&
        definition.node.init &&
        analysis.isPerInvocation(definition.node)
      ) {
        const init = definition.node.init;
        const scope = sourceCode.getScope(init);
        for (const reference of scope.references) {
          if (!isInside(reference.identifier, init) || !reference.resolved) continue;
          if (dependsOnEvent(reference.resolved, depth + 1)) return true;
        }
      }
    }
    return false;
  };
  for (const reference of references) {
    if (reference.resolved && dependsOnEvent(reference.resolved, 0)) {
      // Show the expression the user wrote, e.g. `event.requestContext.domainName`.
      let shown: TSESTree.Node = reference.identifier;
      while (
        shown.parent?.type === AST_NODE_TYPES.MemberExpression &&
        shown.parent.object === shown &&
        !shown.parent.computed
      ) {
        shown = shown.parent;
      }
      const text = sourceCode.getText(shown);
      return text.length > 60 ? `${text.slice(0, 57)}...` : text;
    }
  }
  return undefined;
}

/** `S3Client` → `s3Client`, `SQSClient` → `sqsClient`, `DynamoDBClient` → `dynamoDBClient`, `S3` → `s3`. */
function lowerCamel(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_$]/g, '');
  const leadingCapitals = /^[A-Z0-9]+(?=[A-Z][a-z]|$)/.exec(cleaned)?.[0] ?? cleaned.charAt(0);
  return leadingCapitals.toLowerCase() + cleaned.slice(leadingCapitals.length);
}

const FACTORY_RESULT_NAMES: Record<string, string> = {
  connect: 'connection',
  from: '',
  create: '',
  extend: '',
};

/** A readable variable name for a hoisted client: `new S3Client()` → `s3Client`, `mysql.createPool()` → `pool`. */
function hoistedClientName(
  node: TSESTree.NewExpression | TSESTree.CallExpression,
  resolved: ResolvedImport,
): string {
  const path = [resolved.imported, ...resolved.members].filter((part) => part !== 'default' && part !== '*');
  const callee = unwrapExpression(node.callee);
  const localName =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier
        ? callee.object.name
        : 'client';
  let base: string;
  if (node.type === AST_NODE_TYPES.NewExpression) base = path.at(-1) ?? localName;
  else {
    const factory = path.at(-1);
    if (factory === undefined)
      base = localName; // `knex()`, `mysql()`: the package's default export
    else if (factory in FACTORY_RESULT_NAMES)
      base = FACTORY_RESULT_NAMES[factory] || (path.length > 1 ? path[path.length - 2] : localName);
    else if (/^create[A-Z]/.test(factory)) base = factory.slice('create'.length);
    else base = factory;
  }
  const camel = lowerCamel(base);
  return /(Client|Pool|Connection|Agent|Driver|connection|client|pool|agent)$/.test(camel)
    ? camel
    : `${camel}Client`;
}

/**
 * Suggestion: move the construction to module scope, offered only when that cannot change what it reads:
 * its arguments reference nothing declared in per-invocation code, no `this`/`await`, and everything they read
 * at module scope is declared before the insertion point.
 */
function hoistFix(
  node: TSESTree.NewExpression | TSESTree.CallExpression,
  references: readonly TSESLint.Scope.Reference[],
  analysis: HandlerAnalysis,
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolved: ResolvedImport,
): TSESLint.ReportFixFunction | undefined {
  // The top-level statement the construction lives in: the new declaration goes right before it.
  let statement: TSESTree.Node = node;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.Program) statement = statement.parent;
  if (!statement.parent) return undefined;
  const insertAt = leadingCommentStart(statement, sourceCode);

  for (const reference of references) {
    const variable = reference.resolved;
    if (!variable) continue; // a global such as `process`
    if (analysis.isPerInvocation(variable.scope.block)) return undefined;
    const declared = variable.defs[0]?.name;
    if (declared && declared.range[0] >= insertAt && variable.defs[0].type !== 'ImportBinding')
      return undefined;
  }
  if (hasForbiddenExpression(node, sourceCode)) return undefined;

  const text = sourceCode.getText(node);
  const parent = node.parent;
  const declarator =
    parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node ? parent : undefined;
  const declaration = declarator?.parent;
  const topScope = sourceCode.getScope(sourceCode.ast);
  const moduleScope = topScope.childScopes.find((scope) => scope.block === sourceCode.ast) ?? topScope;

  if (
    declarator &&
    declaration?.type === AST_NODE_TYPES.VariableDeclaration &&
    declaration.kind === 'const' &&
    declaration.declarations.length === 1 &&
    declarator.id.type === AST_NODE_TYPES.Identifier &&
    !declarator.id.typeAnnotation &&
    !moduleScope.set.has(declarator.id.name)
  ) {
    // `const s3 = new S3Client({})` inside the handler: move the whole declaration.
    const name = declarator.id.name;
    return (fixer) => [
      fixer.insertTextBeforeRange([insertAt, insertAt], `const ${name} = ${text};\n`),
      fixer.removeRange(lineRangeOf(declaration, sourceCode)),
    ];
  }

  // Inline use (`await new S3Client({}).send(…)`): introduce a module-scope constant with a free name.
  const base = hoistedClientName(node, resolved);
  const scopeAtUse = sourceCode.getScope(node);
  // `pool = pool` in a class field is valid but reads like a mistake: avoid the field's own name.
  const fieldName =
    parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.key.type === AST_NODE_TYPES.Identifier
      ? parent.key.name
      : undefined;
  const taken = (candidate: string): boolean =>
    candidate === fieldName || isNameTaken(candidate, scopeAtUse) || moduleScope.set.has(candidate);
  let name = base === fieldName ? `shared${base.charAt(0).toUpperCase()}${base.slice(1)}` : base;
  for (let suffix = 2; taken(name); suffix++) name = `${base}${suffix}`;
  return (fixer) => [
    fixer.insertTextBeforeRange([insertAt, insertAt], `const ${name} = ${text};\n`),
    fixer.replaceText(node, name),
  ];
}

/**
 * Where the comments directly above a top-level statement start (what `getCommentsBefore(statement)[0]` finds),
 * else the statement's start: a binary search over the sorted comments instead of a token-store cursor.
 */
function leadingCommentStart(statement: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): number {
  const body = sourceCode.ast.body;
  const index = body.indexOf(statement as TSESTree.ProgramStatement);
  if (index < 0) return (sourceCode.getCommentsBefore(statement)[0] ?? statement).range[0];
  // The token before a top-level statement is the last token of the previous one (or none).
  const previousEnd = index > 0 ? body[index - 1].range[1] : 0;
  const comments = sourceCode.getAllComments();
  let low = 0;
  let high = comments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (comments[middle].range[0] < previousEnd) low = middle + 1;
    else high = middle;
  }
  const first = comments[low];
  return first && first.range[1] <= statement.range[0] ? first.range[0] : statement.range[0];
}

function isNameTaken(name: string, scope: TSESLint.Scope.Scope): boolean {
  for (let current: TSESLint.Scope.Scope | null = scope; current; current = current.upper) {
    if (current.set.has(name) || current.through.some((reference) => reference.identifier.name === name))
      return true;
  }
  return false;
}

/** The statement's range extended over its line's indentation and trailing newline, when it is alone on its line. */
function lineRangeOf(statement: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): [number, number] {
  const text = sourceCode.text;
  let start = statement.range[0];
  const end = statement.range[1];
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const aloneBefore = start === 0 || text[start - 1] === '\n';
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  if (aloneBefore && (after === text.length || text[after] === '\n' || text[after] === '\r')) {
    if (text[after] === '\r') after++;
    if (text[after] === '\n') after++;
    return [start, after];
  }
  return [statement.range[0], end];
}

/** `this`, `await`, `yield`, `super`, `arguments`, `new.target` tie an expression to its function. */
function hasForbiddenExpression(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const stack: TSESTree.Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as TSESTree.Node;
    switch (current.type) {
      case AST_NODE_TYPES.ThisExpression:
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.Super:
      case AST_NODE_TYPES.MetaProperty:
        return true;
      case AST_NODE_TYPES.Identifier:
        if (current.name === 'arguments') return true;
        break;
      default:
        break;
    }
    if (isFunctionNode(current) && current !== node) continue;
    pushChildren(current, sourceCode.visitorKeys, stack);
  }
  return false;
}
