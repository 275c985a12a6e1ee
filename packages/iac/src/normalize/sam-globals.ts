import type { MapEntry, MapNode, SeqNode, TNode } from '../node.js';

/**
 * Function properties the SAM translator takes from `Globals.Function` (everything except
 * Events, Role, Policies, FunctionName and a few resource-specific ones). A property outside
 * this list is rejected by the translator, so it never reaches a function here either.
 */
export const SAM_FUNCTION_GLOBAL_PROPERTIES: ReadonlySet<string> = new Set([
  'Handler',
  'Runtime',
  'CodeUri',
  'DeadLetterQueue',
  'Description',
  'MemorySize',
  'Timeout',
  'VpcConfig',
  'Environment',
  'Tags',
  'PropagateTags',
  'Tracing',
  'KmsKeyArn',
  'Layers',
  'AutoPublishAlias',
  'AutoPublishAliasAllProperties',
  'DeploymentPreference',
  'PermissionsBoundary',
  'ReservedConcurrentExecutions',
  'ProvisionedConcurrencyConfig',
  'AssumeRolePolicyDocument',
  'EventInvokeConfig',
  'FileSystemConfigs',
  'CodeSigningConfigArn',
  'Architectures',
  'SnapStart',
  'EphemeralStorage',
  'FunctionUrlConfig',
  'RuntimeManagementConfig',
  'LoggingConfig',
  'RecursiveLoop',
  'SourceKMSKeyArn',
]);

/** `Globals.Api` properties the translator merges into AWS::Serverless::Api (the ones this model reads). */
export const SAM_API_GLOBAL_PROPERTIES: ReadonlySet<string> = new Set([
  'Auth',
  'Name',
  'DefinitionUri',
  'CacheClusterEnabled',
  'CacheClusterSize',
  'MergeDefinitions',
  'Variables',
  'EndpointConfiguration',
  'MethodSettings',
  'BinaryMediaTypes',
  'MinimumCompressionSize',
  'Cors',
  'GatewayResponses',
  'AccessLogSetting',
  'CanarySetting',
  'TracingEnabled',
  'OpenApiVersion',
  'Domain',
  'AlwaysDeploy',
  'PropagateTags',
]);

/** `IgnoreGlobals` resource attribute: '*' (every property) or a list of property names. */
export type IgnoreGlobals = { all: true } | { all: false; properties: ReadonlySet<string> };

export function readIgnoreGlobals(node: TNode | undefined): IgnoreGlobals {
  if (!node) return { all: false, properties: new Set() };
  if (node.kind === 'scalar')
    return node.value === '*' ? { all: true } : { all: false, properties: new Set([String(node.value)]) };
  if (node.kind === 'seq') {
    const names = node.items.flatMap((i) => (i.kind === 'scalar' ? [String(i.value)] : []));
    return names.includes('*') ? { all: true } : { all: false, properties: new Set(names) };
  }
  return { all: false, properties: new Set() };
}

type Token = 'primitive' | 'dict' | 'list';

/** The translator's three kinds: intrinsics count as primitives because they resolve to one. */
function tokenOf(node: TNode): Token {
  if (node.kind === 'map') return 'dict';
  if (node.kind === 'seq') return 'list';
  return 'primitive';
}

/**
 * Merges a resource's properties over `Globals.<Section>` the way the SAM translator does:
 * differing kinds and primitives (intrinsics included) → local wins; maps merge key by key,
 * recursively; lists concatenate global then local. Entries taken over unchanged from Globals
 * are returned in `globalsEntries` so origins can say "set in Globals".
 */
export function mergeSamGlobals(
  globalSection: TNode | undefined,
  local: TNode | undefined,
  supported: ReadonlySet<string>,
  ignore: IgnoreGlobals,
): { properties: MapNode | undefined; globalsEntries: Set<MapEntry> } {
  const globalsEntries = new Set<MapEntry>();
  const localMap = local?.kind === 'map' ? local : undefined;
  if (globalSection?.kind !== 'map' || ignore.all) return { properties: localMap, globalsEntries };
  const usable = globalSection.entries.filter((e) => supported.has(e.key) && !ignore.properties.has(e.key));
  if (usable.length === 0) return { properties: localMap, globalsEntries };
  const globalMap: MapNode = { kind: 'map', range: globalSection.range, entries: usable };
  const base: MapNode = localMap ?? { kind: 'map', range: globalSection.range, entries: [] };
  return { properties: mergeMaps(globalMap, base, globalsEntries), globalsEntries };
}

function merge(global: TNode, local: TNode, globalsEntries: Set<MapEntry>): TNode {
  const g = tokenOf(global);
  const l = tokenOf(local);
  if (g !== l || g === 'primitive') return local;
  if (g === 'dict') return mergeMaps(global as MapNode, local as MapNode, globalsEntries);
  const merged: SeqNode = {
    kind: 'seq',
    range: local.range,
    items: [...(global as SeqNode).items, ...(local as SeqNode).items],
  };
  return merged;
}

function mergeMaps(global: MapNode, local: MapNode, globalsEntries: Set<MapEntry>): MapNode {
  const entries: MapEntry[] = [];
  const localByKey = new Map(local.entries.map((e) => [e.key, e]));
  for (const g of global.entries) {
    const l = localByKey.get(g.key);
    if (!l) {
      globalsEntries.add(g);
      entries.push(g);
    } else if (tokenOf(g.value) === 'primitive' || tokenOf(g.value) !== tokenOf(l.value)) {
      entries.push(l);
    } else {
      entries.push({ key: l.key, keyRange: l.keyRange, value: merge(g.value, l.value, globalsEntries) });
    }
  }
  const globalKeys = new Set(global.entries.map((e) => e.key));
  for (const l of local.entries) if (!globalKeys.has(l.key)) entries.push(l);
  return { kind: 'map', range: local.range, entries };
}
