import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import { getHandlerAnalysis, unwrapExpression, type HandlerAnalysis } from '../handlers/index.js';
import {
  DYNAMIC_PART,
  SDK_RESOURCE_PARAMETERS,
  classifySelfIdentifyingValue,
  isAccountId,
  isRegionCode,
  isUniversalResourceValue,
  looksLikeRemoteHost,
  toEnvVarName,
} from '../util/aws-patterns.js';
import { RULE_DOCS } from '../rule-docs.js';

type MessageIds =
  | 'arn'
  | 'queueUrl'
  | 'endpoint'
  | 'connectionString'
  | 'region'
  | 'resourceName'
  | 'accountId'
  | 'databaseHost'
  | 'useEnvVar'
  | 'removeDefault'
  | 'useRegionEnv';

type Options = [{ allowInLambdaEdge?: boolean; resourceParameters?: string[] }];

/** SDK input keys whose value names a stage-specific resource (shared with the Python rule). */
const RESOURCE_PARAMETERS = SDK_RESOURCE_PARAMETERS;

/** SSM parameter APIs whose `Name`/`Names`/`Path` name a stage-specific parameter. */
const SSM_COMMAND = /^(?:Get|Put|Delete)Parameters?(?:ByPath)?Command$|^(?:Get|Delete)ParametersCommand$/;
const SSM_METHOD = /^(?:getParameters?|getParametersByPath|putParameter|deleteParameters?)$/;
const SSM_NAME_KEYS = new Set(['Name', 'Names', 'Path']);

/** Powertools Parameters helpers taking a parameter/secret name as first argument. */
const POWERTOOLS_GETTERS = new Set(['getParameter', 'getParameters', 'getSecret', 'getAppConfig']);

/** Constructors/factories of database and cache clients whose `host` is configuration. */
const DATABASE_CLIENT =
  /^(?:Pool|Client|Sequelize|createPool|createConnection|createClient|createCluster|connect|knex|Knex|Redis|Cluster|MongoClient|PrismaClient|Connection)$/;
const HOST_KEYS = new Set(['host', 'hostname', 'server']);

/** Keys checked besides the resource parameters (account keys match `ccount` in the selector). */
const CONFIG_KEYS: readonly string[] = [
  'region',
  'Region',
  'signingRegion',
  'ExpectedBucketOwner',
  'Name',
  'Names',
  'Path',
  'host',
  'hostname',
  'server',
  'Host',
];

/** String literals that can be ARNs, queue URLs, endpoints or connection strings. */
const SELF_IDENTIFYING_LITERAL = 'Literal[value=/arn:|amazonaws\\.com|:\\x2F\\x2F/]';
const SELF_IDENTIFYING_TEMPLATE_PART = 'TemplateElement[value.raw=/arn:|amazonaws\\.com|:\\x2F\\x2F/]';

/** Property values worth resolving: literals, `const` names, arrays (SSM `Names`) and TS wrappers. */
const VALUE_TYPES =
  '[value.type=/^(?:Literal|TemplateLiteral|Identifier|ArrayExpression|TSAsExpression|TSSatisfiesExpression|TSNonNullExpression)$/]';

function escapeForSelector(name: string): string {
  // esquery regexes end at the first `/`, so anything unusual is written as a \xNN escape.
  return name.replace(
    /[^A-Za-z0-9_]/g,
    (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Lambda@Edge handlers read CloudFront events and cannot have environment variables. */
const LAMBDA_EDGE =
  /Records\s*\[\s*0\s*\]\s*\.\s*cf\b|\bCloudFront(?:Request|Response)(?:Event|Handler|Result)\b/;

/** Calls whose string arguments are log text. */
const LOG_OBJECT = /^(?:console|logger|log|Logger)$/;

interface ResolvedString {
  value: string;
  /** The literal that holds the value (inline or in a `const` initializer). */
  literal: TSESTree.Literal | TSESTree.TemplateLiteral;
  /** Set when the value was reached through a `const` binding. */
  binding?: { name: string; line: number };
}

type SelfIdentifyingKind = 'arn' | 'queueUrl' | 'endpoint' | 'connectionString';

interface Classified {
  kind: SelfIdentifyingKind;
  /** Stays reported even as an env-var fallback default (pins an account or embeds a password). */
  reportAsDefault: boolean;
  envName: string;
}

function staticKeyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string')
    return property.key.value;
  return undefined;
}

/** Flattened text of a literal or template literal; interpolations become DYNAMIC_PART. */
function literalText(node: TSESTree.Literal | TSESTree.TemplateLiteral): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' ? node.value : undefined;
  const parts: string[] = [];
  for (const quasi of node.quasis) {
    if (quasi.value.cooked === null) return undefined;
    parts.push(quasi.value.cooked);
  }
  return parts.join(DYNAMIC_PART);
}

/** Most literals repeat across the files of a project: pure string results are memoised up to this many entries. */
const MEMO_LIMIT = 4096;

/**
 * A string with the same characters that shares no memory with `text`. Literal values from the parser are
 * slices of the whole file's text: a long-lived cache keyed by one would keep that file in memory. (Joining
 * makes a new string; slicing it copies the characters out.)
 */
function detached(text: string): string {
  return `${text} `.slice(0, -1);
}

/** A bounded memo of a pure string function (cleared when full: repeated values matter, not old ones). */
function memoised<Result>(compute: (text: string) => Result): (text: string) => Result {
  const results = new Map<string, Result>();
  return (text) => {
    let result = results.get(text);
    if (result === undefined && !results.has(text)) {
      result = compute(text);
      if (results.size >= MEMO_LIMIT) results.clear();
      results.set(detached(text), result);
    }
    return result as Result;
  };
}

const envVarNameOf = memoised(toEnvVarName);

/** Values that identify themselves as configuration whatever they are assigned to (memoised by value). */
const classifySelfIdentifying = memoised<Classified | undefined>(classifySelfIdentifyingValue);

function readsEnvironment(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  return /\bprocess\.env\b|\benv\b|\bimport\.meta\.env\b|\bDeno\.env\b/.test(sourceCode.getText(node));
}

/** `process.env.X ?? 'value'`, `process.env.X || 'value'`, `const { X = 'value' } = process.env`. */
function isEnvironmentFallback(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  // Allow `(process.env.X ?? 'v') as string` and similar wrappers.
  while (
    current.parent?.type === AST_NODE_TYPES.TSAsExpression ||
    current.parent?.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.parent?.type === AST_NODE_TYPES.TSSatisfiesExpression
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (
    parent?.type === AST_NODE_TYPES.LogicalExpression &&
    parent.right === current &&
    parent.operator !== '&&'
  ) {
    return readsEnvironment(sourceCode, parent.left);
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentPattern && parent.right === current) {
    let pattern: TSESTree.Node | undefined = parent.parent;
    while (
      pattern &&
      (pattern.type === AST_NODE_TYPES.Property || pattern.type === AST_NODE_TYPES.ObjectPattern)
    ) {
      if (pattern.parent?.type === AST_NODE_TYPES.VariableDeclarator && pattern.parent.id === pattern) {
        return pattern.parent.init !== null && readsEnvironment(sourceCode, pattern.parent.init);
      }
      pattern = pattern.parent;
    }
  }
  return false;
}

/** String literal arguments of `console.log(…)`, `logger.info(…)` etc. are log text. */
function isLogArgument(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee === node) return false;
  const callee = parent.callee;
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    LOG_OBJECT.test(callee.object.name)
  );
}

/** Positions where a string is syntax, not a value: module specifiers, types, keys. */
function isNonValuePosition(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return true;
  switch (parent.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration:
    case AST_NODE_TYPES.ExportNamedDeclaration:
    case AST_NODE_TYPES.ImportExpression:
    case AST_NODE_TYPES.TSLiteralType:
    case AST_NODE_TYPES.TSExternalModuleReference:
    case AST_NODE_TYPES.TSModuleDeclaration:
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return true;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.MethodDefinition:
      return parent.key === node;
    case AST_NODE_TYPES.MemberExpression:
      return parent.property === node;
    case AST_NODE_TYPES.CallExpression:
      return parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'require';
    case AST_NODE_TYPES.ExpressionStatement:
      return parent.directive !== undefined;
    default:
      return false;
  }
}

/** Last identifier of a callee: `S3Client` for `new S3Client`, `getParameter` for `ssm.getParameter`. */
function calleeName(callee: TSESTree.Node): string | undefined {
  const inner = unwrapExpression(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    !inner.computed &&
    inner.property.type === AST_NODE_TYPES.Identifier
  ) {
    return inner.property.name;
  }
  return undefined;
}

/** The call/new an object literal is passed to directly (or through `{ connection: { … } }`, as knex does). */
function callReceiving(
  object: TSESTree.ObjectExpression,
  nesting: number,
): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  let current: TSESTree.Node = object;
  for (let level = 0; level <= nesting; level++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (
      (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
      parent.arguments.includes(current as TSESTree.CallExpressionArgument)
    ) {
      return parent;
    }
    if (parent?.type !== AST_NODE_TYPES.Property || parent.parent.type !== AST_NODE_TYPES.ObjectExpression)
      return undefined;
    current = parent.parent;
  }
  return undefined;
}

/** A string literal or an interpolation-free template literal, with its value. */
function staticLiteral(node: TSESTree.Node): ResolvedString | undefined {
  if (node.type !== AST_NODE_TYPES.Literal && node.type !== AST_NODE_TYPES.TemplateLiteral) return undefined;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length > 0) return undefined;
  const value = literalText(node);
  return value === undefined ? undefined : { value, literal: node };
}

const keySelectorCache = new Map<string, { resourceKeys: ReadonlySet<string>; propertySelector: string }>();

/**
 * The property selector for the configured keys, built once per option value: ESLint then skips
 * the many properties that cannot matter without calling the rule.
 */
function keySelectorFor(resourceParameters: readonly string[]): {
  resourceKeys: ReadonlySet<string>;
  propertySelector: string;
} {
  const cacheKey = resourceParameters.join('\n');
  let cached = keySelectorCache.get(cacheKey);
  if (!cached) {
    const resourceKeys = new Set([...RESOURCE_PARAMETERS, ...resourceParameters]);
    const keyPattern = [...CONFIG_KEYS, ...resourceKeys].map(escapeForSelector).join('|');
    // The key test comes first: esquery stops at the first failing attribute, and few keys match.
    const propertySelector = `ObjectExpression > Property[key.name=/^(?:${keyPattern})$|ccount/]${VALUE_TYPES}, ObjectExpression > Property[key.value=/^(?:${keyPattern})$|ccount/]${VALUE_TYPES}`;
    cached = { resourceKeys, propertySelector };
    keySelectorCache.set(cacheKey, cached);
  }
  return cached;
}

function display(value: string): string {
  const shown = value.replaceAll(DYNAMIC_PART, '${…}');
  return shown.length > 72 ? `${shown.slice(0, 69)}…` : shown;
}

export default createRule<Options, MessageIds>({
  name: 'no-hardcoded-config',
  meta: {
    type: 'suggestion',
    hasSuggestions: true,
    docs: RULE_DOCS['no-hardcoded-config'],
    schema: [
      {
        type: 'object',
        properties: {
          allowInLambdaEdge: {
            type: 'boolean',
            description:
              'Skip Lambda@Edge handlers (CloudFront events), which cannot have environment variables.',
          },
          resourceParameters: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Extra SDK parameter names whose literal values are reported (added to the built-in list).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowInLambdaEdge: true, resourceParameters: [] }],
    messages: {
      arn: 'Hardcoded ARN `{{value}}`{{origin}}: it pins this handler to one account, region and stage, so the same code cannot be deployed to another stage or account. Pass it in through an environment variable set by the template (`!Ref` / `!GetAtt`) and read `process.env.{{envName}}`.',
      queueUrl:
        'Hardcoded SQS queue URL `{{value}}`{{origin}}: it pins this handler to one account, region and stage. Set the URL as an environment variable in the template (`!Ref` of the queue) and read `process.env.{{envName}}`.',
      endpoint:
        'Hardcoded AWS endpoint `{{value}}`{{origin}}: it pins this handler to one region or deployment. Let the SDK derive endpoints from `AWS_REGION`, or pass the endpoint through `process.env.{{envName}}`.',
      connectionString:
        'Hardcoded database connection string{{origin}}: the host differs per stage and a password in code leaks with the package. Read it from `process.env.{{envName}}` (host) and Secrets Manager (password).',
      region:
        'Hardcoded region `{{value}}`{{origin}} given to an SDK client: the function then calls that region even when deployed elsewhere. Lambda sets `AWS_REGION` and the SDK reads it: omit `region`, or use `process.env.AWS_REGION`.',
      resourceName:
        'Hardcoded {{parameter}} `{{value}}`{{origin}}: resource names differ per stage and stack, so this handler only works against one deployment. Set it as an environment variable in the template and read `process.env.{{envName}}`.',
      accountId:
        'Hardcoded AWS account ID `{{value}}`{{origin}}: it pins this handler to one account. Pass it through an environment variable (`!Ref AWS::AccountId`) and read `process.env.{{envName}}`.',
      databaseHost:
        'Hardcoded database host `{{value}}`{{origin}}: the host differs per stage. Pass it through an environment variable and read `process.env.{{envName}}`.',
      useRegionEnv: "Read `process.env.AWS_REGION` instead (Lambda sets it to the function's region).",
      removeDefault: 'Remove the hardcoded default and rely on the environment variable alone.',
      useEnvVar:
        "Read `process.env.{{envName}}` instead (and set {{envName}} in the function's Environment).",
    },
  },
  defaultOptions: [{ allowInLambdaEdge: true, resourceParameters: [] }],
  create(context, [{ allowInLambdaEdge = true, resourceParameters = [] }]) {
    const analysis: HandlerAnalysis = getHandlerAnalysis(context);
    // Handler files, and with lambda-lint's project layer every module a handler imports.
    if (!analysis.isFunctionCode) return {};
    const sourceCode = context.sourceCode;
    /**
     * Lambda@Edge files are exempt (option). Most files report nothing, so the file text is searched only
     * when there is something to report, once per file.
     */
    let exemptAsLambdaEdge: boolean | undefined = allowInLambdaEdge ? undefined : false;
    const report = (descriptor: TSESLint.ReportDescriptor<MessageIds>): void => {
      exemptAsLambdaEdge ??= LAMBDA_EDGE.test(sourceCode.text);
      if (!exemptAsLambdaEdge) context.report(descriptor);
    };
    const { resourceKeys, propertySelector } = keySelectorFor(resourceParameters);
    const checkedTemplates = new Set<TSESTree.TemplateLiteral>();

    /**
     * Names declared as `const NAME = <literal | alias>` anywhere in the file, collected during the
     * traversal: an identifier with any other name cannot resolve to a literal, so it costs no scope lookup.
     */
    const literalConstNames = new Set<string>();
    const resolvedByVariable = new Map<TSESLint.Scope.Variable, ResolvedString | null>();

    /** The string literal a value comes from, inline or through `const` bindings (a few hops). */
    const resolveString = (node: TSESTree.Node, depth = 0): ResolvedString | undefined => {
      const inner = unwrapExpression(node);
      if (inner.type !== AST_NODE_TYPES.Identifier) return staticLiteral(inner);
      if (depth > 3 || !literalConstNames.has(inner.name)) return undefined;
      const variable = analysis.findVariable(inner);
      if (!variable) return undefined;
      const cached = resolvedByVariable.get(variable);
      if (cached !== undefined) return cached ?? undefined;
      let resolved: ResolvedString | undefined;
      const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
      if (
        definition?.type === 'Variable' &&
        definition.node.type === AST_NODE_TYPES.VariableDeclarator &&
        definition.node.parent.kind === 'const' &&
        definition.node.id.type === AST_NODE_TYPES.Identifier &&
        definition.node.init
      ) {
        const target = resolveString(definition.node.init, depth + 1);
        if (target) {
          resolved = {
            ...target,
            binding: target.binding ?? {
              name: definition.node.id.name,
              line: definition.node.loc.start.line,
            },
          };
        }
      }
      resolvedByVariable.set(variable, resolved ?? null);
      return resolved;
    };

    /**
     * Checks that follow `const` bindings run at the end, once every declaration has been seen. Properties
     * whose value is written inline are checked on the spot, while their nodes are fresh in memory.
     */
    const deferred: (TSESTree.Property | TSESTree.AssignmentExpression | TSESTree.CallExpression)[] = [];
    /** For each deferred node, the name its value is written as (a property `Key: NAME`), else ''. */
    const deferredValueNames: string[] = [];

    const originText = (resolved: ResolvedString): string =>
      resolved.binding ? ` (from \`const ${resolved.binding.name}\` on line ${resolved.binding.line})` : '';

    const suggestEnv = (
      literal: TSESTree.Node,
      envName: string,
    ): TSESLint.ReportSuggestionArray<MessageIds> => [
      {
        messageId: envName === 'AWS_REGION' ? 'useRegionEnv' : 'useEnvVar',
        data: { envName },
        fix: (fixer) => fixer.replaceText(literal, `process.env.${envName}`),
      },
    ];

    /** Env-var name for a literal: the key or const it is bound to, else the kind's default. */
    const envNameFor = (literal: TSESTree.Node, fallback: string): string => {
      const parent = literal.parent;
      if (parent?.type === AST_NODE_TYPES.Property && parent.value === literal) {
        const key = staticKeyName(parent);
        if (key !== undefined) return envVarNameOf(key === 'Bucket' ? 'BucketName' : key);
      }
      if (
        parent?.type === AST_NODE_TYPES.VariableDeclarator &&
        parent.id.type === AST_NODE_TYPES.Identifier
      ) {
        return envVarNameOf(parent.id.name);
      }
      return fallback;
    };

    const checkSelfIdentifying = (node: TSESTree.Literal | TSESTree.TemplateLiteral): boolean => {
      const text = literalText(node);
      if (text === undefined) return false;
      const classified = classifySelfIdentifying(text);
      if (!classified) return false;
      if (isNonValuePosition(node) || isLogArgument(node)) return true;
      const isFallback = isEnvironmentFallback(sourceCode, node);
      if (!classified.reportAsDefault && isFallback) return true;
      const envName = envNameFor(node, classified.envName);
      const dynamic = node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length > 0;
      const fallbackOf =
        isFallback && node.parent.type === AST_NODE_TYPES.LogicalExpression ? node.parent : undefined;
      report({
        node,
        messageId: classified.kind,
        data: { value: display(text), origin: '', envName },
        suggest: fallbackOf
          ? [
              {
                messageId: 'removeDefault',
                fix: (fixer) => fixer.removeRange([fallbackOf.left.range[1], node.range[1]]),
              },
            ]
          : dynamic
            ? null
            : suggestEnv(node, envName),
      });
      return true;
    };

    /** Report a context-dependent value (region, resource name…) at its use, naming the binding. */
    const reportAtUse = (
      valueNode: TSESTree.Node,
      resolved: ResolvedString,
      messageId: 'region' | 'resourceName' | 'accountId' | 'databaseHost',
      envName: string,
      parameter = '',
    ): void => {
      const finalEnvName =
        resolved.binding && messageId !== 'region' ? envVarNameOf(resolved.binding.name) : envName;
      report({
        node: valueNode,
        messageId,
        data: {
          value: display(resolved.value),
          origin: originText(resolved),
          envName: finalEnvName,
          parameter,
        },
        suggest: suggestEnv(resolved.literal, finalEnvName),
      });
    };

    /** A value in a configuration position: skip dynamic values, fallbacks and self-identifying literals. */
    const resolveConfigValue = (valueNode: TSESTree.Node): ResolvedString | undefined => {
      const resolved = resolveString(valueNode);
      if (!resolved || resolved.value === '') return undefined;
      // Self-identifying literals (ARNs, queue URLs…) are reported once, at the literal itself.
      if (classifySelfIdentifying(resolved.value)) return undefined;
      if (isEnvironmentFallback(sourceCode, resolved.literal)) return undefined;
      return resolved;
    };

    const checkProperty = (property: TSESTree.Property): void => {
      const key = staticKeyName(property);
      if (key === undefined) return;
      const value = property.value;
      const lowerKey = key.toLowerCase();

      if (lowerKey === 'region' || lowerKey === 'signingregion') {
        const resolved = resolveConfigValue(value);
        if (resolved && isRegionCode(resolved.value)) reportAtUse(value, resolved, 'region', 'AWS_REGION');
        return;
      }
      if (lowerKey.includes('account') || key === 'ExpectedBucketOwner') {
        const resolved = resolveConfigValue(value);
        if (resolved && isAccountId(resolved.value))
          reportAtUse(value, resolved, 'accountId', 'AWS_ACCOUNT_ID');
        return;
      }
      if (resourceKeys.has(key)) {
        const resolved = resolveConfigValue(value);
        if (!resolved || isUniversalResourceValue(key, resolved.value)) return;
        reportAtUse(
          value,
          resolved,
          'resourceName',
          envVarNameOf(key === 'Bucket' ? 'BucketName' : key),
          key,
        );
        return;
      }
      if (SSM_NAME_KEYS.has(key) && property.parent.type === AST_NODE_TYPES.ObjectExpression) {
        const call = callReceiving(property.parent, 0);
        const name = call ? calleeName(call.callee) : undefined;
        if (name === undefined || !(SSM_COMMAND.test(name) || SSM_METHOD.test(name))) return;
        const values = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
        for (const element of values) {
          if (!element || element.type === AST_NODE_TYPES.SpreadElement) continue;
          const resolved = resolveConfigValue(element);
          if (resolved)
            reportAtUse(element, resolved, 'resourceName', 'PARAMETER_NAME', `SSM parameter ${key}`);
        }
        return;
      }
      if (HOST_KEYS.has(lowerKey) && property.parent.type === AST_NODE_TYPES.ObjectExpression) {
        const call = callReceiving(property.parent, 1);
        const name = call ? calleeName(call.callee) : undefined;
        if (name === undefined || !DATABASE_CLIENT.test(name)) return;
        const resolved = resolveConfigValue(value);
        if (resolved && looksLikeRemoteHost(resolved.value))
          reportAtUse(value, resolved, 'databaseHost', 'DB_HOST');
      }
    };

    /** `AWS.config.region = 'us-east-1'` (the listener checked the target). */
    const checkRegionAssignment = (node: TSESTree.AssignmentExpression): void => {
      const resolved = resolveConfigValue(node.right);
      if (resolved && isRegionCode(resolved.value)) reportAtUse(node.right, resolved, 'region', 'AWS_REGION');
    };

    /** A Powertools getter imported from `@aws-lambda-powertools/parameters` (the listener checked the import). */
    const checkPowertoolsCall = (node: TSESTree.CallExpression): void => {
      const first = node.arguments[0];
      const resolved = resolveConfigValue(first);
      if (!resolved) return;
      const isSecret = node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'getSecret';
      reportAtUse(
        first,
        resolved,
        'resourceName',
        isSecret ? 'SECRET_NAME' : 'PARAMETER_NAME',
        isSecret ? 'secret name' : 'parameter name',
      );
    };

    const listeners: TSESLint.RuleListener = {
      'VariableDeclaration[kind="const"] > VariableDeclarator[init.type=/^(?:Literal|TemplateLiteral|Identifier|TSAsExpression|TSSatisfiesExpression)$/][id.type="Identifier"]'(
        node: TSESTree.VariableDeclarator,
      ) {
        if (node.id.type === AST_NODE_TYPES.Identifier) literalConstNames.add(node.id.name);
      },
      'Program:exit'() {
        // In traversal order; the node type says which check was deferred (no closure per node).
        for (let index = 0; index < deferred.length; index++) {
          const node = deferred[index];
          const valueName = deferredValueNames[index];
          // `Key: NAME` can only resolve when NAME was declared `const NAME = <literal | alias>`.
          if (valueName !== '' && !literalConstNames.has(valueName)) continue;
          if (node.type === AST_NODE_TYPES.Property) checkProperty(node);
          else if (node.type === AST_NODE_TYPES.AssignmentExpression) checkRegionAssignment(node);
          else checkPowertoolsCall(node);
        }
      },
      'AssignmentExpression[left.property.name="region"]'(node: TSESTree.AssignmentExpression) {
        // `AWS.config.region = 'us-east-1'`
        if (node.left.type !== AST_NODE_TYPES.MemberExpression || node.left.computed) return;
        if (node.left.property.type !== AST_NODE_TYPES.Identifier || node.left.property.name !== 'region')
          return;
        deferred.push(node);
        deferredValueNames.push('');
      },
      'CallExpression[callee.name=/^(?:getParameters?|getSecret|getAppConfig)$/]'(
        node: TSESTree.CallExpression,
      ) {
        // Powertools Parameters: `getParameter('/app/prod/db-host')`, `getSecret('prod/db')`.
        if (node.callee.type !== AST_NODE_TYPES.Identifier || !POWERTOOLS_GETTERS.has(node.callee.name))
          return;
        const source = analysis.resolveImport(node.callee)?.source;
        if (source === undefined || !source.startsWith('@aws-lambda-powertools/parameters')) return;
        const [first] = node.arguments;
        if (!first || first.type === AST_NODE_TYPES.SpreadElement) return;
        deferred.push(node);
        deferredValueNames.push('');
      },
    };
    // Computed keys in an object literal cost V8 a runtime call each, on every file: the selectors held in
    // constants are added by assignment instead.
    listeners[SELF_IDENTIFYING_LITERAL] = (node: TSESTree.StringLiteral): void => {
      checkSelfIdentifying(node);
    };
    listeners[SELF_IDENTIFYING_TEMPLATE_PART] = (node: TSESTree.TemplateElement): void => {
      // Several matching parts in one template are one value: check the template once.
      const template = node.parent;
      if (template.type !== AST_NODE_TYPES.TemplateLiteral || checkedTemplates.has(template)) return;
      checkedTemplates.add(template);
      checkSelfIdentifying(template);
    };
    listeners[propertySelector] = (node: TSESTree.Property): void => {
      const inner = unwrapExpression(node.value);
      if (inner.type === AST_NODE_TYPES.Identifier) {
        deferred.push(node);
        deferredValueNames.push(inner.name);
      } else if (inner.type === AST_NODE_TYPES.ArrayExpression) {
        deferred.push(node);
        deferredValueNames.push('');
      } else checkProperty(node);
    };
    return listeners;
  },
});
