import { ruleDocsUrl, type Finding } from '@lambda-lint/core';
import type { MapEntry, TNode } from '../node.js';
import { get } from '../node.js';
import {
  UNSET,
  functionSubject,
  type CodeLocation,
  type Destination,
  type Effective,
  type EventInvokeConfig,
  type EventSource,
  type LambdaFunction,
  type Origin,
  type TemplateModel,
} from '../model.js';
import { TemplateBuilder } from './cloudformation.js';
import { SERVERLESS_EVENT_INVOCATION, STREAM_TYPES } from './events.js';
import { ServerlessVariables } from './serverless-variables.js';
import {
  asBoolean,
  asNumber,
  asString,
  child,
  deref,
  listItems,
  originOfEntry,
  present,
  readReference,
  readRef,
  readValue,
  spanRange,
  targetTypeOf,
  toResourceRef,
  type Found,
  type Layer,
  type ReadContext,
} from './values.js';

/** Info note id for templates that are deliberately not analyzed (e.g. a non-AWS Serverless provider). */
export const UNSUPPORTED_TEMPLATE_NOTE = 'unsupported-template';

/** The logical ID Serverless gives a function's AWS::Lambda::Function (`hello-world` → `HelloDashworldLambdaFunction`). */
export function serverlessLogicalId(key: string): string {
  return `${serverlessNormalizedName(key)}LambdaFunction`;
}

/** The logical ID Serverless gives a `layers:` entry's AWS::Lambda::LayerVersion (`node-deps` → `NodeDashdepsLambdaLayer`). */
export function serverlessLayerLogicalId(key: string): string {
  return `${serverlessNormalizedName(key)}LambdaLayer`;
}

/** Serverless' name normalisation for logical IDs: `-` → Dash, `_` → Underscore, first letter upper-cased. */
function serverlessNormalizedName(key: string): string {
  const normalized = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}`;
}

/** `plugins: [a, b]` or `plugins: { modules: [a, b] }` (the long form). */
function serverlessPlugins(node: TNode): string[] {
  const list = node.kind === 'map' ? get(node, 'modules') : node;
  if (list?.kind !== 'seq') return [];
  return list.items.flatMap((item) =>
    item.kind === 'scalar' && typeof item.value === 'string' ? [item.value] : [],
  );
}

/**
 * Builds the model of a Serverless Framework service: `provider` defaults under each function
 * (origin 'provider'), Serverless' own defaults (1024 MB, 6 s; origin 'default'), events
 * classified by key, and `resources.Resources` read as CloudFormation.
 */
export function buildServerlessModel(file: string, root: TNode | null): TemplateModel {
  const builder = new TemplateBuilder(file, 'serverless', root);
  const provider = get(root, 'provider');
  const providerName =
    provider?.kind === 'scalar'
      ? provider.value
      : asString(get(provider, 'name') ?? { kind: 'scalar', value: null, range: { line: 1, column: 1 } });
  if (providerName !== undefined && providerName !== null && providerName !== 'aws') {
    builder.notes.push(
      unsupportedProviderNote(file, String(providerName), provider?.range ?? { line: 1, column: 1 }),
    );
    return builder.toModel();
  }
  const variables = new ServerlessVariables(root);
  const resolveString = (text: string) => variables.resolveString(text);
  const resolveNode = (node: TNode) => variables.resolveNode(node);
  const baseCtx: ReadContext = { file, resourceTypes: builder.resourceTypes, resolveString, resolveNode };

  const resources = deref(baseCtx, get(root, 'resources') ?? nullNode());
  for (const section of resources.kind === 'seq' ? resources.items : [resources]) {
    builder.collectResources(get(deref(baseCtx, section), 'Resources'));
  }

  // Layers before functions, so a function's `{ Ref: DepsLambdaLayer }` resolves to its layer.
  serverlessLayers(builder, baseCtx, root);

  const functions = deref(baseCtx, get(root, 'functions') ?? nullNode());
  const functionEntries: MapEntry[] = [];
  // `functions` may also be a list of maps (one per included file).
  for (const part of functions.kind === 'seq' ? functions.items : [functions]) {
    const map = deref(baseCtx, part);
    if (map.kind === 'map') functionEntries.push(...map.entries);
  }
  for (const entry of functionEntries) {
    const logicalId = serverlessLogicalId(entry.key);
    builder.resourceTypes.set(logicalId, 'AWS::Lambda::Function');
    builder.aliasIds.set(logicalId, entry.key);
  }
  const serviceName = readValue(baseCtx, rootFound(root, 'service'), (n) =>
    n.kind === 'map' ? asString(get(n, 'name') ?? nullNode()) : asString(n),
  );
  const stage = readValue(baseCtx, child(baseCtx, rootFound(root, 'provider'), 'stage'), asString);
  const stageName = stage.state === 'set' ? stage.value : stage.state === 'unset' ? 'dev' : undefined;

  const providerFound = rootFound(root, 'provider');
  const prov = (key: string) => child(baseCtx, providerFound, key);
  let hasHttpEvents = false;
  for (const entry of functionEntries) {
    const fn = serverlessFunction(builder, baseCtx, entry, prov, root, functionEntries);
    if (fn.events.some((e) => e.type === 'http')) hasHttpEvents = true;
    const defaultName =
      serviceName.state === 'set' && stageName !== undefined
        ? `${serviceName.value}-${stageName}-${entry.key}`
        : undefined;
    const name = fn.name ?? defaultName;
    if (name !== undefined) builder.functionsByName.set(name, entry.key);
    builder.functions.push(fn);
    builder.functionsById.set(entry.key, fn);
  }
  if (hasHttpEvents) {
    const apiTracing = child(baseCtx, prov('tracing'), 'apiGateway');
    const origin: Origin = providerFound
      ? originOfEntry(baseCtx, { entry: providerFound.entry, layer: 'provider' })
      : { kind: 'default', file, range: { line: 1, column: 1 } };
    origin.range = {
      ...origin.range,
      endLine: origin.range.line,
      endColumn: origin.range.column + 'provider'.length,
    };
    builder.apiStages.push({
      id: 'ApiGatewayRestApi',
      resourceType: 'serverless',
      origin,
      tracing: readValue(baseCtx, apiTracing, asBoolean),
    });
  }
  builder.buildFromResources(undefined);
  const model = builder.toModel();
  model.plugins = serverlessPlugins(deref(baseCtx, get(root, 'plugins') ?? nullNode()));
  return model;
}

function serverlessFunction(
  builder: TemplateBuilder,
  baseCtx: ReadContext,
  entry: MapEntry,
  prov: (key: string) => Found | undefined,
  root: TNode | null,
  all: MapEntry[],
): LambdaFunction {
  const ctx: ReadContext = { ...baseCtx };
  const fnFound: Found = { entry, layer: 'function' };
  const own = (key: string) => child(ctx, fnFound, key);
  /** The function's value, else the provider's. */
  const either = (fnKey: string, providerKey = fnKey): Found | undefined =>
    present(own(fnKey)) ? own(fnKey) : prov(providerKey);
  const keyOrigin: Origin = { kind: 'function', file: ctx.file, range: entry.keyRange };
  const defaultOrigin: Origin = { ...keyOrigin, kind: 'default' };
  const withDefault = (e: Effective<number>, value: number): Effective<number> =>
    e.state === 'unset' ? { state: 'set', value, origin: defaultOrigin } : e;

  const name = readValue(ctx, own('name'), asString);
  const image = own('image');
  const artifact =
    child(ctx, own('package'), 'artifact') ?? child(ctx, rootFound(root, 'package'), 'artifact');
  let codeLocation: Effective<CodeLocation>;
  if (present(image))
    codeLocation = readValue(ctx, image, (n) =>
      asString(n) !== undefined ? { type: 'image', imageUri: asString(n)! } : { type: 'image' },
    );
  else if (present(artifact))
    codeLocation = readValue(ctx, artifact, (n) =>
      asString(n) !== undefined ? { type: 'path', path: asString(n)! } : undefined,
    );
  else codeLocation = { state: 'set', value: { type: 'path', path: '.' }, origin: defaultOrigin };

  const fn: LambdaFunction = {
    id: entry.key,
    kind: 'serverless',
    resourceType: 'serverless',
    file: ctx.file,
    origin: keyOrigin,
    resourceRange: spanRange(entry.keyRange, entry.value.range),
    subject: functionSubject({ id: entry.key }),
    runtime: readValue(ctx, either('runtime'), asString),
    handler: readValue(ctx, own('handler'), asString),
    packageType: present(image) ? { state: 'set', value: 'Image', origin: originOfEntry(ctx, image) } : UNSET,
    codeLocation,
    inlineCode: false,
    memorySize: withDefault(readValue(ctx, either('memorySize'), asNumber), 1024),
    timeout: withDefault(readValue(ctx, either('timeout'), asNumber), 6),
    architectures: readValue(ctx, either('architecture'), (n) =>
      asString(n) !== undefined ? [asString(n)!] : undefined,
    ),
    tracing: serverlessTracing(ctx, own('tracing'), child(ctx, prov('tracing'), 'lambda')),
    deadLetterTarget: readReference(ctx, own('onError'), (n) => destinationOf(ctx, n, all)),
    eventInvokeConfig: eventInvokeConfig(
      ctx,
      own('destinations'),
      own('maximumRetryAttempts'),
      own('maximumEventAge'),
      all,
    ),
    reservedConcurrency: readValue(ctx, own('reservedConcurrency'), asNumber),
    provisionedConcurrency: readValue(ctx, own('provisionedConcurrency'), asNumber),
    autoPublishAlias: UNSET,
    versions: [],
    aliases: [],
    deploymentPreference: UNSET,
    vpcConfig: builder.vpcConfig(ctx, either('vpc')),
    environment: new Map([
      ...builder.environment(ctx, prov('environment')),
      ...builder.environment(ctx, own('environment')),
    ]),
    environmentBlocks: [
      ...builder.environmentBlocks(ctx, prov('environment')),
      ...builder.environmentBlocks(ctx, own('environment')),
    ],
    layers: builder.refList(ctx, either('layers')),
    snapStart: readValue(ctx, own('snapStart'), (n) =>
      asBoolean(n) === undefined ? undefined : asBoolean(n) ? 'PublishedVersions' : 'None',
    ),
    fileSystemConfigs: readValue(ctx, own('fileSystemConfig'), (n) =>
      n.kind === 'map' ? [toResourceRef(ctx, get(n, 'arn') ?? n)] : undefined,
    ),
    ephemeralStorageSize: readValue(ctx, own('ephemeralStorageSize'), asNumber),
    functionUrl: UNSET,
    kmsKeyArn: readRef(
      ctx,
      present(own('kmsKeyArn')) ? own('kmsKeyArn') : (prov('kmsKeyArn') ?? prov('awsKmsKeyArn')),
    ),
    logRetention: readValue(ctx, either('logRetentionInDays'), asNumber),
    events: [],
  };
  if (name.state === 'set') {
    fn.name = name.value;
    fn.subject = functionSubject({ id: entry.key, name: name.value });
  }
  // Serverless publishes a version and a `provisioned` alias for provisioned concurrency.
  if (fn.provisionedConcurrency.state !== 'unset') {
    const origin = fn.provisionedConcurrency.origin;
    fn.autoPublishAlias = { state: 'set', value: 'provisioned', origin: { ...origin, kind: 'default' } };
    fn.provisionedConcurrencyTarget = { kind: 'alias' };
  }
  const url = own('url');
  if (present(url)) {
    const authorizer = child(ctx, url, 'authorizer');
    fn.functionUrl = {
      state: 'set',
      value: {
        authType: authorizer
          ? readValue(ctx, authorizer, (n) => (asString(n) === 'aws_iam' ? 'AWS_IAM' : 'NONE'))
          : { state: 'set', value: 'NONE', origin: { ...originOfEntry(ctx, url), kind: 'default' } },
        invokeMode: readValue(ctx, child(ctx, url, 'invokeMode'), asString),
      },
      origin: originOfEntry(ctx, url),
    };
    fn.events.push({
      id: 'url',
      type: 'FunctionUrl',
      invocation: 'synchronous',
      origin: originOfEntry(ctx, url),
      via: 'function-url',
    });
  }
  const events = own('events');
  const items = events ? listItems(ctx, events.entry.value) : undefined;
  items?.forEach((item, index) => {
    const map = deref(ctx, item);
    const first = map.kind === 'map' ? map.entries[0] : undefined;
    if (!first) return;
    const invocation = SERVERLESS_EVENT_INVOCATION.get(first.key);
    if (invocation === undefined) return;
    const found: Found = { entry: first, layer: 'function' };
    const ev: EventSource = {
      id: String(index),
      type: first.key,
      invocation,
      origin: { kind: 'function', file: ctx.file, range: first.keyRange },
      via: 'event',
    };
    if (invocation === 'poll') pollDetails(ctx, ev, found, all);
    fn.events.push(ev);
  });
  return fn;
}

/**
 * Top-level `layers: { <name>: { path, package: { artifact } } }`. The content is `package.artifact`
 * when given (Serverless uploads that zip as is), else the `path` directory it zips.
 */
function serverlessLayers(builder: TemplateBuilder, baseCtx: ReadContext, root: TNode | null): void {
  const section = deref(baseCtx, get(root, 'layers') ?? nullNode());
  if (section.kind !== 'map') return;
  for (const entry of section.entries) {
    const id = serverlessLayerLogicalId(entry.key);
    const ctx: ReadContext = { ...baseCtx, resource: id };
    const found: Found = { entry, layer: 'resource' };
    const artifact = child(ctx, child(ctx, found, 'package'), 'artifact');
    const path = child(ctx, found, 'path');
    const source = present(artifact) ? artifact : path;
    const content = readValue(ctx, source, (n): CodeLocation | undefined => {
      const text = asString(n);
      if (text === undefined) return undefined;
      const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(text);
      return s3 ? { type: 's3', bucket: s3[1]!, key: s3[2]! } : { type: 'path', path: text };
    });
    builder.resourceTypes.set(id, 'AWS::Lambda::LayerVersion');
    builder.layers.set(id, {
      id,
      name: entry.key,
      resourceType: 'serverless',
      origin: { kind: 'resource', file: ctx.file, range: entry.keyRange, resource: id },
      content,
    });
  }
}

/** Function `tracing` wins when truthy; `false` cannot switch off provider `tracing.lambda: true` (the framework's `||`). */
function serverlessTracing(
  ctx: ReadContext,
  own: Found | undefined,
  provider: Found | undefined,
): Effective<'Active' | 'PassThrough'> {
  const convert = (n: TNode): 'Active' | 'PassThrough' | undefined => {
    const b = asBoolean(n);
    if (b !== undefined) return b ? 'Active' : 'PassThrough';
    return n.kind === 'scalar' && (n.value === 'Active' || n.value === 'PassThrough') ? n.value : undefined;
  };
  const fnValue = readValue(ctx, own, convert);
  const fnIsFalse = fnValue.state === 'set' && own !== undefined && asBoolean(own.entry.value) === false;
  if (fnValue.state !== 'unset' && !fnIsFalse) return fnValue;
  const providerValue = readValue(ctx, provider, convert);
  if (providerValue.state !== 'unset') return providerValue;
  return fnValue;
}

/** `onError` / `destinations.onFailure`: a function key of this service, an ARN, or `{ type, arn }`. */
function destinationOf(ctx: ReadContext, node: TNode, all: MapEntry[]): Destination | undefined {
  const n = deref(ctx, node);
  if (n.kind === 'map') {
    const arn = get(n, 'arn');
    if (!arn) return undefined;
    const target = toResourceRef(ctx, arn);
    return { type: targetTypeOf(ctx, target, asString(get(n, 'type') ?? nullNode())), target };
  }
  const text = asString(n);
  if (text !== undefined && all.some((e) => e.key === text)) {
    return { type: 'Lambda', target: { text, logicalId: serverlessLogicalId(text), dynamic: false } };
  }
  const target = toResourceRef(ctx, n);
  return { type: targetTypeOf(ctx, target), target };
}

function eventInvokeConfig(
  ctx: ReadContext,
  destinations: Found | undefined,
  retries: Found | undefined,
  maxAge: Found | undefined,
  all: MapEntry[],
): Effective<EventInvokeConfig> {
  const first = [destinations, retries, maxAge].find(present);
  if (!first) return UNSET;
  return {
    state: 'set',
    value: {
      onFailure: readReference(ctx, child(ctx, destinations, 'onFailure'), (n) => destinationOf(ctx, n, all)),
      onSuccess: readReference(ctx, child(ctx, destinations, 'onSuccess'), (n) => destinationOf(ctx, n, all)),
      maximumRetryAttempts: readValue(ctx, retries, asNumber),
      maximumEventAgeInSeconds: readValue(ctx, maxAge, asNumber),
    },
    origin: originOfEntry(ctx, first),
  };
}

/** sqs / stream / msk / kafka / activemq / rabbitmq: an ARN string or a map with `arn` and options. */
function pollDetails(ctx: ReadContext, ev: EventSource, found: Found, all: MapEntry[]): void {
  const value = deref(ctx, found.entry.value);
  const arn: Found | undefined =
    value.kind === 'map' ? (child(ctx, found, 'arn') ?? child(ctx, found, 'queueArn')) : found;
  ev.sourceArn = readRef(ctx, arn);
  if (ev.sourceArn.state === 'set' && ev.sourceArn.value.logicalId !== undefined) {
    const logicalId = ev.sourceArn.value.logicalId;
    ev.sourceResource = { logicalId, type: ctx.resourceTypes.get(logicalId) ?? '' };
  }
  if (value.kind === 'map') {
    ev.onFailure = readReference(ctx, child(ctx, child(ctx, found, 'destinations'), 'onFailure'), (n) =>
      destinationOf(ctx, n, all),
    );
    ev.bisectBatchOnFunctionError = readValue(
      ctx,
      child(ctx, found, 'bisectBatchOnFunctionError'),
      asBoolean,
    );
    ev.maximumRetryAttempts = readValue(ctx, child(ctx, found, 'maximumRetryAttempts'), asNumber);
    ev.batchSize = readValue(ctx, child(ctx, found, 'batchSize'), asNumber);
    ev.maximumConcurrency = readValue(ctx, child(ctx, found, 'maximumConcurrency'), asNumber);
    ev.maximumBatchingWindowInSeconds = readValue(ctx, child(ctx, found, 'maximumBatchingWindow'), asNumber);
  } else {
    ev.onFailure = UNSET;
  }
  ev.isStream = STREAM_TYPES.has(ev.type);
}

function rootFound(root: TNode | null, key: string): Found | undefined {
  if (root?.kind !== 'map') return undefined;
  const entry = root.entries.find((e) => e.key === key);
  return entry ? { entry, layer: 'provider' as Layer } : undefined;
}

function nullNode(): TNode {
  return { kind: 'scalar', value: null, range: { line: 1, column: 1 } };
}

function unsupportedProviderNote(
  file: string,
  provider: string,
  range: { line: number; column: number },
): Finding {
  return {
    ruleId: UNSUPPORTED_TEMPLATE_NOTE,
    severity: 'info',
    message: `This Serverless service uses provider "${provider}", not AWS, so lambda-lint skipped it: its rules are about AWS Lambda.`,
    help: 'Nothing to do; leave this file out of the scanned paths (or add it to "ignore") to silence this note.',
    file,
    range,
    docsUrl: ruleDocsUrl(UNSUPPORTED_TEMPLATE_NOTE),
    tool: 'iac',
  };
}
