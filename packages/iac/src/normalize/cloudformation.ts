import type { Finding, Range, Suppression } from '@lambda-lint/core';
import type { MapEntry, MapNode, TNode } from '../node.js';
import { get } from '../node.js';
import {
  UNSET,
  functionSubject,
  type Alias,
  type ApiStage,
  type BuildMetadata,
  type CodeLocation,
  type DeploymentPreference,
  type Destination,
  type Effective,
  type EventInvokeConfig,
  type EventSource,
  type EventSourceMapping,
  type FunctionUrl,
  type HttpApi,
  type LambdaFunction,
  type LayerVersion,
  type LogGroup,
  type Origin,
  type Parameter,
  type Queue,
  type ResourceRef,
  type StateMachine,
  type TemplateKind,
  type TemplateModel,
  type Version,
  type VpcConfig,
} from '../model.js';
import {
  PRINCIPAL_INVOCATION,
  SAM_EVENT_INVOCATION,
  STREAM_TYPES,
  pollSourceType,
  principalService,
} from './events.js';
import {
  SAM_API_GLOBAL_PROPERTIES,
  SAM_FUNCTION_GLOBAL_PROPERTIES,
  mergeSamGlobals,
  readIgnoreGlobals,
} from './sam-globals.js';
import {
  asBoolean,
  asNumber,
  asString,
  child,
  deref,
  listItems,
  nodeText,
  originOfEntry,
  present,
  readRef,
  readValue,
  referencedResource,
  spanRange,
  structuredDynamic,
  targetTypeOf,
  toResourceRef,
  type Found,
  type Layer,
  type ReadContext,
} from './values.js';

/** One resource as found in `Resources`. */
export interface ResourceEntry {
  id: string;
  type: string;
  entry: MapEntry;
  node: MapNode;
  properties: TNode | undefined;
}

/**
 * Builds a TemplateModel from CloudFormation-shaped input (SAM, plain CFN, CDK output, and the
 * `resources.Resources` section of a Serverless service). Functions are read first, then every
 * resource that points at a function (event invoke configs, mappings, permissions, aliases,
 * versions, URLs, log groups) is attached to it.
 */
export class TemplateBuilder {
  readonly functions: LambdaFunction[] = [];
  readonly functionsById = new Map<string, LambdaFunction>();
  /** Literal FunctionName → logical ID, to resolve references by name or ARN. */
  readonly functionsByName = new Map<string, string>();
  readonly resourceTypes = new Map<string, string>();
  readonly resources: ResourceEntry[] = [];
  readonly queues = new Map<string, Queue>();
  readonly eventSourceMappings: EventSourceMapping[] = [];
  readonly aliases: Alias[] = [];
  readonly versions: Version[] = [];
  readonly apiStages: ApiStage[] = [];
  readonly stateMachines: StateMachine[] = [];
  readonly httpApis: HttpApi[] = [];
  readonly logGroups: LogGroup[] = [];
  readonly layers = new Map<string, LayerVersion>();
  readonly parameters = new Map<string, Parameter>();
  readonly notes: Finding[] = [];
  readonly suppressions: Suppression[] = [];
  /** Serverless function logical IDs (`HelloLambdaFunction`) → function key. */
  readonly aliasIds = new Map<string, string>();

  constructor(
    readonly file: string,
    readonly kind: TemplateKind,
    readonly root: TNode | null,
  ) {}

  ctx(resource?: string): ReadContext {
    const ctx: ReadContext = { file: this.file, resourceTypes: this.resourceTypes };
    if (resource !== undefined) ctx.resource = resource;
    return ctx;
  }

  origin(kind: Layer, range: Range, resource?: string): Origin {
    const o: Origin = { kind, file: this.file, range };
    if (resource !== undefined) o.resource = resource;
    return o;
  }

  /** Registers every resource of a `Resources` map (types first, so references resolve in any order). */
  collectResources(resources: TNode | undefined): void {
    if (resources?.kind !== 'map') return;
    for (const entry of resources.entries) {
      const node = entry.value;
      if (node.kind !== 'map') continue;
      const typeNode = get(node, 'Type');
      const type = typeNode?.kind === 'scalar' ? String(typeNode.value) : '';
      this.resourceTypes.set(entry.key, type);
      this.resources.push({ id: entry.key, type, entry, node, properties: get(node, 'Properties') });
    }
  }

  collectParameters(parameters: TNode | undefined): void {
    if (parameters?.kind !== 'map') return;
    for (const entry of parameters.entries) {
      const p: Parameter = { id: entry.key, origin: this.origin('resource', entry.keyRange, entry.key) };
      const t = get(entry.value, 'Type');
      if (t?.kind === 'scalar' && t.value !== null) p.type = String(t.value);
      const d = get(entry.value, 'Default');
      if (d?.kind === 'scalar' && d.value !== null) p.default = d.value;
      const allowed = get(entry.value, 'AllowedValues');
      if (allowed?.kind === 'seq') {
        p.allowedValues = allowed.items.flatMap((i) =>
          i.kind === 'scalar' && i.value !== null ? [i.value] : [],
        );
      }
      this.parameters.set(entry.key, p);
    }
  }

  /** Everything of a CloudFormation-shaped template: resources, functions, related resources. */
  buildFromResources(globals: TNode | undefined): void {
    for (const r of this.resources) {
      if (r.type === 'AWS::Serverless::Function') this.addFunction(r, globals);
      else if (r.type === 'AWS::Lambda::Function') this.addFunction(r, undefined);
      else if (r.type === 'AWS::Serverless::LayerVersion' || r.type === 'AWS::Lambda::LayerVersion')
        this.addLayer(r);
    }
    for (const r of this.resources) this.addRelated(r, globals);
    this.attachRelated();
  }

  // -------------------------------------------------------------------------------------------
  // Functions

  addFunction(r: ResourceEntry, globals: TNode | undefined): void {
    const isSam = r.type === 'AWS::Serverless::Function';
    let properties = r.properties?.kind === 'map' ? r.properties : undefined;
    const ctx = this.ctx(r.id);
    if (isSam) {
      const merged = mergeSamGlobals(
        get(globals, 'Function'),
        properties,
        SAM_FUNCTION_GLOBAL_PROPERTIES,
        readIgnoreGlobals(get(r.node, 'IgnoreGlobals')),
      );
      properties = merged.properties;
      ctx.globalsEntries = merged.globalsEntries;
    }
    const props = { node: properties, layer: 'function' as Layer };
    const p = (key: string) => child(ctx, props, key);
    const metadata = get(r.node, 'Metadata');
    // `Stack/Construct/Resource` → `Stack/Construct`: the path a CDK user wrote.
    const cdkPath = asStringNode(get(metadata, 'aws:cdk:path'))?.replace(/\/Resource$/, '');
    const functionName = readValue(ctx, p('FunctionName'), asString);
    const name = cdkPath ?? (functionName.state === 'set' ? functionName.value : undefined);
    const fnKind: TemplateKind =
      this.kind === 'cdk' || cdkPath !== undefined
        ? 'cdk'
        : isSam
          ? 'sam'
          : this.kind === 'serverless'
            ? 'serverless'
            : 'cloudformation';
    const condition = asStringNode(get(r.node, 'Condition'));

    const code = isSam
      ? this.samCode(ctx, p('CodeUri'), p('InlineCode'), p('ImageUri'))
      : this.cfnCode(ctx, p('Code'));
    const codeLocation = this.cdkAsset(r, metadata) ?? code.location;

    const tracing: Effective<'Active' | 'PassThrough'> = isSam
      ? readValue(ctx, p('Tracing'), asTracingMode)
      : readValue(ctx, child(ctx, p('TracingConfig'), 'Mode'), asTracingMode);

    const fn: LambdaFunction = {
      id: r.id,
      kind: fnKind,
      resourceType: r.type,
      file: this.file,
      origin: this.origin('function', r.entry.keyRange),
      resourceRange: spanRange(r.entry.keyRange, r.node.range),
      subject: functionSubject({ id: r.id, ...(name !== undefined && { name }) }),
      runtime: readValue(ctx, p('Runtime'), asString),
      handler: readValue(ctx, p('Handler'), asString),
      packageType: readValue(ctx, p('PackageType'), (n) =>
        n.kind === 'scalar' && (n.value === 'Zip' || n.value === 'Image') ? n.value : undefined,
      ),
      codeLocation,
      inlineCode: code.inline,
      memorySize: readValue(ctx, p('MemorySize'), asNumber),
      timeout: readValue(ctx, p('Timeout'), asNumber),
      architectures: this.stringList(ctx, p('Architectures')),
      tracing,
      deadLetterTarget: isSam
        ? this.destination(ctx, p('DeadLetterQueue'), 'TargetArn', 'Type')
        : this.destination(ctx, p('DeadLetterConfig'), 'TargetArn'),
      eventInvokeConfig: isSam ? this.eventInvokeConfig(ctx, p('EventInvokeConfig')) : UNSET,
      reservedConcurrency: readValue(ctx, p('ReservedConcurrentExecutions'), asNumber),
      provisionedConcurrency: isSam ? this.provisioned(ctx, p('ProvisionedConcurrencyConfig')) : UNSET,
      autoPublishAlias: isSam ? readValue(ctx, p('AutoPublishAlias'), asString) : UNSET,
      versions: [],
      aliases: [],
      deploymentPreference: isSam ? this.deploymentPreference(ctx, p('DeploymentPreference')) : UNSET,
      vpcConfig: this.vpcConfig(ctx, p('VpcConfig')),
      environment: this.environment(ctx, child(ctx, p('Environment'), 'Variables')),
      environmentBlocks: this.environmentBlocks(ctx, p('Environment'), 'Variables'),
      layers: this.refList(ctx, p('Layers')),
      snapStart: readValue(ctx, child(ctx, p('SnapStart'), 'ApplyOn'), (n) =>
        n.kind === 'scalar' && (n.value === 'PublishedVersions' || n.value === 'None') ? n.value : undefined,
      ),
      fileSystemConfigs: readValue(ctx, p('FileSystemConfigs'), (n) =>
        n.kind === 'seq' ? n.items.map((item) => toResourceRef(ctx, get(item, 'Arn') ?? item)) : undefined,
      ),
      ephemeralStorageSize: readValue(ctx, child(ctx, p('EphemeralStorage'), 'Size'), asNumber),
      functionUrl: isSam ? this.functionUrl(ctx, p('FunctionUrlConfig')) : UNSET,
      kmsKeyArn: readRef(ctx, p('KmsKeyArn')),
      logRetention: UNSET,
      events: [],
    };
    if (name !== undefined) fn.name = name;
    if (condition !== undefined) fn.condition = condition;
    const build = buildMetadataOf(metadata);
    if (build) fn.build = build;
    if (fn.provisionedConcurrency.state !== 'unset')
      fn.provisionedConcurrencyTarget = {
        kind: fn.autoPublishAlias.state === 'unset' ? 'function' : 'alias',
      };
    if (fn.functionUrl.state === 'set')
      fn.events.push({
        id: 'FunctionUrlConfig',
        type: 'FunctionUrl',
        invocation: 'synchronous',
        origin: fn.functionUrl.origin,
        via: 'function-url',
      });
    if (isSam) this.samEvents(ctx, fn, r);
    // A LoggingConfig.LogGroup reference names the log group whose retention applies.
    const logGroup = child(ctx, p('LoggingConfig'), 'LogGroup');
    if (present(logGroup)) {
      const target = referencedResource(ctx, logGroup.entry.value);
      if (target !== undefined) this.logGroupOwners.set(target, r.id);
    }
    this.functions.push(fn);
    this.functionsById.set(r.id, fn);
    if (functionName.state === 'set') this.functionsByName.set(functionName.value, r.id);
  }

  // -------------------------------------------------------------------------------------------
  // Layers

  /** A layer resource; a Serverless `layers:` entry of the same logical ID (added first) wins. */
  addLayer(r: ResourceEntry): void {
    if (this.layers.has(r.id)) return;
    const ctx = this.ctx(r.id);
    const props = {
      node: r.properties?.kind === 'map' ? r.properties : undefined,
      layer: 'resource' as Layer,
    };
    const metadata = get(r.node, 'Metadata');
    const cdkPath = asStringNode(get(metadata, 'aws:cdk:path'))?.replace(/\/Resource$/, '');
    let content =
      r.type === 'AWS::Serverless::LayerVersion'
        ? this.samCode(ctx, child(ctx, props, 'ContentUri'), undefined, undefined).location
        : this.cfnLayerContent(ctx, child(ctx, props, 'Content'));
    const asset = this.cdkAsset(r, metadata);
    if (asset) content = asset;
    const layer: LayerVersion = {
      id: r.id,
      resourceType: r.type,
      origin: this.origin('resource', r.entry.keyRange, r.id),
      content,
    };
    if (cdkPath !== undefined) layer.name = cdkPath;
    this.layers.set(r.id, layer);
  }

  /** AWS::Lambda::LayerVersion Content: S3Bucket/S3Key, or a local path (`aws cloudformation package` input). */
  private cfnLayerContent(ctx: ReadContext, content: Found | undefined): Effective<CodeLocation> {
    if (!present(content)) return UNSET;
    const dyn = structuredDynamic<CodeLocation>(ctx, content);
    if (dyn) return dyn;
    const node = content.entry.value;
    const origin = originOfEntry(ctx, content);
    const path = asString(node);
    if (path !== undefined) return { state: 'set', value: { type: 'path', path }, origin };
    const location: CodeLocation = { type: 's3' };
    const bucket = get(node, 'S3Bucket');
    const key = get(node, 'S3Key');
    if (bucket) location.bucket = nodeText(bucket);
    if (key) location.key = nodeText(key);
    return { state: 'set', value: location, origin };
  }

  /** The CDK asset a resource's code comes from (`aws:asset:path` Metadata, relative to cdk.out). */
  private cdkAsset(r: ResourceEntry, metadata: TNode | undefined): Effective<CodeLocation> | undefined {
    const assetPath = asStringNode(get(metadata, 'aws:asset:path'));
    if (assetPath === undefined) return undefined;
    const asset: CodeLocation = { type: 'cdk-asset', path: assetPath };
    const property = asStringNode(get(metadata, 'aws:asset:property'));
    if (property !== undefined) asset.assetProperty = property;
    const bundled = get(metadata, 'aws:asset:is-bundled');
    if (bundled?.kind === 'scalar' && (bundled.value === true || bundled.value === 'true')) asset.bundled = true;
    const metaEntry =
      metadata?.kind === 'map' ? metadata.entries.find((e) => e.key === 'aws:asset:path') : undefined;
    return {
      state: 'set',
      value: asset,
      origin: this.origin(
        'resource',
        metaEntry ? spanRange(metaEntry.keyRange, metaEntry.value.range) : r.entry.keyRange,
        r.id,
      ),
    };
  }

  /** Log group logical ID → function, from LoggingConfig.LogGroup. */
  private readonly logGroupOwners = new Map<string, string>();

  private samCode(
    ctx: ReadContext,
    codeUri: Found | undefined,
    inline: Found | undefined,
    image: Found | undefined,
  ): { location: Effective<CodeLocation>; inline: boolean } {
    if (present(inline))
      return {
        location: { state: 'set', value: inlineLocation(inline.entry.value), origin: originOfEntry(ctx, inline) },
        inline: true,
      };
    if (present(image))
      return {
        location: readValue(ctx, image, (n) =>
          asString(n) !== undefined ? { type: 'image', imageUri: asString(n)! } : undefined,
        ),
        inline: false,
      };
    if (!present(codeUri)) return { location: UNSET, inline: false };
    const dyn = structuredDynamic<CodeLocation>(ctx, codeUri);
    if (dyn) return { location: dyn, inline: false };
    const node = codeUri.entry.value;
    if (node.kind === 'map') {
      const bucket = asStringNode(get(node, 'Bucket'));
      const key = asStringNode(get(node, 'Key'));
      const location: CodeLocation = { type: 's3' };
      if (bucket !== undefined) location.bucket = bucket;
      if (key !== undefined) location.key = key;
      return {
        location: { state: 'set', value: location, origin: originOfEntry(ctx, codeUri) },
        inline: false,
      };
    }
    return {
      location: readValue(ctx, codeUri, (n) => {
        const s = asString(n);
        if (s === undefined) return undefined;
        const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(s);
        return s3 ? { type: 's3', bucket: s3[1]!, key: s3[2]! } : { type: 'path', path: s };
      }),
      inline: false,
    };
  }

  private cfnCode(
    ctx: ReadContext,
    code: Found | undefined,
  ): { location: Effective<CodeLocation>; inline: boolean } {
    if (!present(code)) return { location: UNSET, inline: false };
    const dyn = structuredDynamic<CodeLocation>(ctx, code);
    if (dyn) return { location: dyn, inline: false };
    const node = code.entry.value;
    const origin = originOfEntry(ctx, code);
    const zipFile = get(node, 'ZipFile');
    if (zipFile !== undefined)
      return { location: { state: 'set', value: inlineLocation(zipFile), origin }, inline: true };
    const image = asStringNode(get(node, 'ImageUri'));
    if (image !== undefined)
      return { location: { state: 'set', value: { type: 'image', imageUri: image }, origin }, inline: false };
    const location: CodeLocation = { type: 's3' };
    const bucket = get(node, 'S3Bucket');
    const key = get(node, 'S3Key');
    if (bucket) location.bucket = nodeText(bucket);
    if (key) location.key = nodeText(key);
    // `aws cloudformation package` input: Code may be a local path string.
    const path = asString(node);
    if (path !== undefined)
      return { location: { state: 'set', value: { type: 'path', path }, origin }, inline: false };
    return { location: { state: 'set', value: location, origin }, inline: false };
  }

  stringList(ctx: ReadContext, found: Found | undefined): Effective<string[]> {
    return readValue(ctx, found, (n) => {
      const items = listItems(ctx, n);
      if (!items) return asString(n) !== undefined ? [asString(n)!] : undefined;
      const out: string[] = [];
      for (const item of items) {
        const s = asString(item);
        if (s === undefined) return undefined;
        out.push(s);
      }
      return out;
    });
  }

  refList(ctx: ReadContext, found: Found | undefined): Effective<ResourceRef[]> {
    return readValue(ctx, found, (n) => {
      const items = listItems(ctx, n);
      if (items) return items.map((i) => toResourceRef(ctx, i));
      return n.kind === 'scalar' && n.value !== null ? [toResourceRef(ctx, n)] : undefined;
    });
  }

  /** A DLQ-like property: a map with the target under `arnKey` (and optionally its type under `typeKey`). */
  destination(
    ctx: ReadContext,
    found: Found | undefined,
    arnKey: string,
    typeKey?: string,
  ): Effective<Destination> {
    if (!present(found)) return UNSET;
    const dyn = structuredDynamic<Destination>(ctx, found);
    if (dyn) return dyn;
    const arn = child(ctx, found, arnKey);
    if (!present(arn)) return UNSET;
    const arnDyn = structuredDynamic<Destination>(ctx, arn);
    // `!If [C, arn, !Ref AWS::NoValue]` on the ARN alone is still "conditionally missing".
    if (arnDyn && arnDyn.state === 'dynamic' && arnDyn.conditional) return arnDyn;
    const target = toResourceRef(ctx, arn.entry.value);
    const explicit = typeKey ? asStringNode(child(ctx, found, typeKey)?.entry.value) : undefined;
    return {
      state: 'set',
      value: { type: targetTypeOf(ctx, target, explicit), target },
      origin: originOfEntry(ctx, found),
    };
  }

  eventInvokeConfig(ctx: ReadContext, found: Found | undefined): Effective<EventInvokeConfig> {
    if (!present(found)) return UNSET;
    const dyn = structuredDynamic<EventInvokeConfig>(ctx, found);
    if (dyn) return dyn;
    const destinations = child(ctx, found, 'DestinationConfig');
    const config: EventInvokeConfig = {
      onFailure: this.destination(ctx, child(ctx, destinations, 'OnFailure'), 'Destination', 'Type'),
      onSuccess: this.destination(ctx, child(ctx, destinations, 'OnSuccess'), 'Destination', 'Type'),
      maximumRetryAttempts: readValue(ctx, child(ctx, found, 'MaximumRetryAttempts'), asNumber),
      maximumEventAgeInSeconds: readValue(ctx, child(ctx, found, 'MaximumEventAgeInSeconds'), asNumber),
    };
    const destDyn = destinations && structuredDynamic<Destination>(ctx, destinations);
    if (destDyn) config.onFailure = destDyn;
    // SAM creates the queue or topic itself when OnFailure names only `Type: SQS|SNS` (no Destination).
    const onFailureEntry = child(ctx, destinations, 'OnFailure');
    const autoType = asStringNode(child(ctx, onFailureEntry, 'Type')?.entry.value);
    if (config.onFailure.state === 'unset' && onFailureEntry && (autoType === 'SQS' || autoType === 'SNS')) {
      config.onFailure = {
        state: 'set',
        value: { type: autoType, target: { text: `${autoType} created by SAM`, dynamic: false } },
        origin: originOfEntry(ctx, onFailureEntry),
      };
    }
    return { state: 'set', value: config, origin: originOfEntry(ctx, found) };
  }

  private provisioned(ctx: ReadContext, found: Found | undefined): Effective<number> {
    if (!present(found)) return UNSET;
    const dyn = structuredDynamic<number>(ctx, found);
    if (dyn) return dyn;
    return readValue(ctx, child(ctx, found, 'ProvisionedConcurrentExecutions'), asNumber);
  }

  private deploymentPreference(ctx: ReadContext, found: Found | undefined): Effective<DeploymentPreference> {
    if (!present(found)) return UNSET;
    const dyn = structuredDynamic<DeploymentPreference>(ctx, found);
    if (dyn) return dyn;
    const hooks = child(ctx, found, 'Hooks');
    const value: DeploymentPreference = {
      type: readValue(ctx, child(ctx, found, 'Type'), asString),
      alarms: this.refList(ctx, child(ctx, found, 'Alarms')),
      hooks: readValue(ctx, hooks, (n) => {
        if (n.kind !== 'map') return undefined;
        const out: { preTraffic?: ResourceRef; postTraffic?: ResourceRef } = {};
        const pre = get(n, 'PreTraffic');
        const post = get(n, 'PostTraffic');
        if (pre) out.preTraffic = toResourceRef(ctx, pre);
        if (post) out.postTraffic = toResourceRef(ctx, post);
        return out;
      }),
      enabled: readValue(ctx, child(ctx, found, 'Enabled'), asBoolean),
    };
    return { state: 'set', value, origin: originOfEntry(ctx, found) };
  }

  vpcConfig(ctx: ReadContext, found: Found | undefined): Effective<VpcConfig> {
    if (!present(found)) return UNSET;
    const dyn = structuredDynamic<VpcConfig>(ctx, found);
    if (dyn) return dyn;
    if (deref(ctx, found.entry.value).kind !== 'map')
      return readValue<VpcConfig>(ctx, found, () => undefined);
    const subnets = child(ctx, found, 'SubnetIds') ?? child(ctx, found, 'subnetIds');
    const groups = child(ctx, found, 'SecurityGroupIds') ?? child(ctx, found, 'securityGroupIds');
    return {
      state: 'set',
      value: { subnetIds: this.refList(ctx, subnets), securityGroupIds: this.refList(ctx, groups) },
      origin: originOfEntry(ctx, found),
    };
  }

  /** Where an environment block is written and whether its variables map is dynamic; `variablesKey` for CloudFormation's `Variables`. */
  environmentBlocks(
    ctx: ReadContext,
    found: Found | undefined,
    variablesKey?: string,
  ): Array<{ origin: Origin; dynamic: boolean }> {
    if (!present(found)) return [];
    const variables = variablesKey === undefined ? found : child(ctx, found, variablesKey);
    const node = variables ? deref(ctx, variables.entry.value) : deref(ctx, found.entry.value);
    const dynamic = variables ? present(variables) && node.kind !== 'map' : node.kind !== 'map';
    return [{ origin: originOfEntry(ctx, found), dynamic }];
  }

  environment(ctx: ReadContext, found: Found | undefined): Map<string, Effective<string>> {
    const env = new Map<string, Effective<string>>();
    if (!present(found)) return env;
    const node = deref(ctx, found.entry.value);
    if (node.kind !== 'map') return env;
    for (const entry of node.entries) {
      const var_ = child(ctx, found, entry.key);
      if (var_)
        env.set(
          entry.key,
          readValue(ctx, var_, (n) =>
            n.kind === 'scalar' && n.value !== null ? String(n.value) : undefined,
          ),
        );
    }
    return env;
  }

  private functionUrl(ctx: ReadContext, found: Found | undefined): Effective<FunctionUrl> {
    if (!present(found)) return UNSET;
    const dyn = structuredDynamic<FunctionUrl>(ctx, found);
    if (dyn) return dyn;
    return {
      state: 'set',
      value: {
        authType: readValue(ctx, child(ctx, found, 'AuthType'), asString),
        invokeMode: readValue(ctx, child(ctx, found, 'InvokeMode'), asString),
      },
      origin: originOfEntry(ctx, found),
    };
  }

  private samEvents(ctx: ReadContext, fn: LambdaFunction, r: ResourceEntry): void {
    // Events never come from Globals: read them from the resource's own properties.
    const events = get(r.properties, 'Events');
    if (events?.kind !== 'map') return;
    for (const entry of events.entries) {
      const typeName = asStringNode(get(entry.value, 'Type'));
      if (typeName === undefined) continue;
      let invocation = SAM_EVENT_INVOCATION.get(typeName) ?? 'synchronous';
      // SNS with SqsSubscription delivers through a queue SAM creates: Lambda polls it.
      const sqsSubscription = get(get(entry.value, 'Properties'), 'SqsSubscription');
      if (
        typeName === 'SNS' &&
        sqsSubscription !== undefined &&
        !(
          sqsSubscription.kind === 'scalar' &&
          (sqsSubscription.value === false || sqsSubscription.value === null)
        )
      )
        invocation = 'poll';
      const ev: EventSource = {
        id: entry.key,
        type: typeName,
        invocation,
        origin: this.origin('function', spanRange(entry.keyRange, entry.keyRange)),
        via: 'event',
      };
      const props = {
        entry: {
          key: 'Properties',
          keyRange: entry.keyRange,
          value: get(entry.value, 'Properties') ?? emptyMap(entry.value.range),
        },
        layer: 'function' as Layer,
      };
      if (invocation === 'poll' && typeName !== 'SNS') {
        const sourceKey =
          typeName === 'SQS'
            ? 'Queue'
            : typeName === 'MQ'
              ? 'Broker'
              : typeName === 'DocumentDB'
                ? 'Cluster'
                : 'Stream';
        this.pollDetails(ctx, ev, props, sourceKey, typeName);
      } else if (typeName === 'Api') {
        const api = child(ctx, props, 'RestApiId');
        if (api) {
          const id = referencedResource(ctx, api.entry.value);
          if (id !== undefined) ev.apiId = id;
        }
      } else if (typeName === 'HttpApi') {
        const api = child(ctx, props, 'ApiId');
        if (api) {
          const id = referencedResource(ctx, api.entry.value);
          if (id !== undefined) ev.apiId = id;
        }
      }
      fn.events.push(ev);
    }
  }

  /** Source ARN, on-failure destination, retries and bisect of a poll-based source (SAM event or EventSourceMapping). */
  pollDetails(ctx: ReadContext, ev: EventSource, props: Found, sourceKey: string, typeName?: string): void {
    const source = child(ctx, props, sourceKey);
    ev.sourceArn = readRef(ctx, source);
    if (ev.sourceArn.state === 'set' && ev.sourceArn.value.logicalId !== undefined) {
      const logicalId = ev.sourceArn.value.logicalId;
      ev.sourceResource = { logicalId, type: this.resourceTypes.get(logicalId) ?? '' };
    }
    if (typeName === undefined || typeName === 'EventSourceMapping') {
      const t = ev.sourceResource?.type ?? (ev.sourceArn.state === 'set' ? ev.sourceArn.value.text : '');
      const detected = pollSourceType(t);
      if (detected !== 'unknown') ev.type = detected;
      else if (get(props.entry.value, 'SelfManagedEventSource') !== undefined) ev.type = 'SelfManagedKafka';
      else if (get(props.entry.value, 'Queues') !== undefined) ev.type = 'MQ';
    }
    const destinations = child(ctx, props, 'DestinationConfig');
    ev.onFailure = this.destination(ctx, child(ctx, destinations, 'OnFailure'), 'Destination', 'Type');
    ev.bisectBatchOnFunctionError = readValue(
      ctx,
      child(ctx, props, 'BisectBatchOnFunctionError'),
      asBoolean,
    );
    ev.maximumRetryAttempts = readValue(ctx, child(ctx, props, 'MaximumRetryAttempts'), asNumber);
    ev.batchSize = readValue(ctx, child(ctx, props, 'BatchSize'), asNumber);
    ev.maximumConcurrency = readValue(
      ctx,
      child(ctx, child(ctx, props, 'ScalingConfig'), 'MaximumConcurrency'),
      asNumber,
    );
    ev.maximumBatchingWindowInSeconds = readValue(
      ctx,
      child(ctx, props, 'MaximumBatchingWindowInSeconds'),
      asNumber,
    );
    ev.isStream = STREAM_TYPES.has(ev.type);
  }

  // -------------------------------------------------------------------------------------------
  // Related resources

  private readonly pending: { fnRef: TNode | undefined; apply: (fn: LambdaFunction) => void }[] = [];

  private addRelated(r: ResourceEntry, globals: TNode | undefined): void {
    const ctx = this.ctx(r.id);
    const props = { node: r.properties, layer: 'resource' as Layer };
    const p = (key: string) => child(ctx, props, key);
    const at = this.origin('resource', r.entry.keyRange, r.id);
    this.collectMetadataSuppressions(r);
    switch (r.type) {
      case 'AWS::SQS::Queue': {
        const redrive = p('RedrivePolicy');
        let redrivePolicy: Queue['redrivePolicy'] = UNSET;
        if (present(redrive)) {
          const dyn = structuredDynamic<{
            deadLetterTarget: ResourceRef;
            maxReceiveCount: Effective<number>;
          }>(ctx, redrive);
          if (dyn) redrivePolicy = dyn;
          else {
            const target = child(ctx, redrive, 'deadLetterTargetArn');
            redrivePolicy = {
              state: 'set',
              value: {
                deadLetterTarget: target
                  ? toResourceRef(ctx, target.entry.value)
                  : { text: nodeText(redrive.entry.value), dynamic: true },
                maxReceiveCount: readValue(ctx, child(ctx, redrive, 'maxReceiveCount'), asNumber),
              },
              origin: originOfEntry(ctx, redrive),
            };
          }
        }
        this.queues.set(r.id, {
          id: r.id,
          origin: at,
          resourceRange: spanRange(r.entry.keyRange, r.node.range),
          visibilityTimeout: readValue(ctx, p('VisibilityTimeout'), asNumber),
          redrivePolicy,
          fifo: asBoolean(p('FifoQueue')?.entry.value ?? emptyMap(r.node.range)) === true,
          deadLetterSourceOf: [],
        });
        break;
      }
      case 'AWS::Lambda::EventSourceMapping': {
        const ev: EventSource = {
          id: r.id,
          type: 'EventSourceMapping',
          invocation: 'poll',
          origin: at,
          via: 'event-source-mapping',
        };
        this.pollDetails(
          ctx,
          ev,
          {
            entry: {
              key: 'Properties',
              keyRange: r.entry.keyRange,
              value: r.properties ?? emptyMap(r.node.range),
            },
            layer: 'resource',
          },
          'EventSourceArn',
          'EventSourceMapping',
        );
        const mapping: EventSourceMapping = { id: r.id, origin: at, event: ev };
        this.eventSourceMappings.push(mapping);
        this.pending.push({
          fnRef: p('FunctionName')?.entry.value,
          apply: (fn) => {
            mapping.functionId = fn.id;
            fn.events.push(ev);
          },
        });
        break;
      }
      case 'AWS::Lambda::Permission': {
        const principal = p('Principal');
        const text = principal ? principalText(principal.entry.value) : undefined;
        const service = text !== undefined ? principalService(text) : undefined;
        const invocation = service !== undefined ? PRINCIPAL_INVOCATION.get(service) : undefined;
        if (invocation === undefined || text === undefined) break;
        const ev: EventSource = {
          id: r.id,
          type: `Permission:${service}`,
          invocation,
          origin: at,
          via: 'permission',
          principal: text,
        };
        this.pending.push({ fnRef: p('FunctionName')?.entry.value, apply: (fn) => fn.events.push(ev) });
        break;
      }
      case 'AWS::Lambda::EventInvokeConfig': {
        const config = this.eventInvokeConfig(ctx, {
          entry: {
            key: 'Properties',
            keyRange: r.entry.keyRange,
            value: r.properties ?? emptyMap(r.node.range),
          },
          layer: 'resource',
        });
        if (config.state === 'set') config.origin = at;
        this.pending.push({
          fnRef: p('FunctionName')?.entry.value,
          apply: (fn) => {
            if (fn.eventInvokeConfig.state === 'unset') fn.eventInvokeConfig = config;
          },
        });
        break;
      }
      case 'AWS::Lambda::Alias': {
        const alias: Alias = {
          id: r.id,
          origin: at,
          name: readValue(ctx, p('Name'), asString),
          functionVersion: readRef(ctx, p('FunctionVersion')),
          provisionedConcurrency: this.provisioned(ctx, p('ProvisionedConcurrencyConfig')),
        };
        this.aliases.push(alias);
        this.pending.push({
          fnRef: p('FunctionName')?.entry.value,
          apply: (fn) => {
            alias.functionId = fn.id;
            fn.aliases.push(alias.id);
            if (
              alias.provisionedConcurrency.state !== 'unset' &&
              fn.provisionedConcurrency.state === 'unset'
            ) {
              fn.provisionedConcurrency = alias.provisionedConcurrency;
              fn.provisionedConcurrencyTarget = { kind: 'alias', logicalId: alias.id, qualifier: alias.name };
            }
          },
        });
        break;
      }
      case 'AWS::Lambda::Version': {
        const version: Version = {
          id: r.id,
          origin: at,
          provisionedConcurrency: this.provisioned(ctx, p('ProvisionedConcurrencyConfig')),
        };
        this.versions.push(version);
        this.pending.push({
          fnRef: p('FunctionName')?.entry.value,
          apply: (fn) => {
            version.functionId = fn.id;
            fn.versions.push(version.id);
            if (
              version.provisionedConcurrency.state !== 'unset' &&
              fn.provisionedConcurrency.state === 'unset'
            ) {
              fn.provisionedConcurrency = version.provisionedConcurrency;
              fn.provisionedConcurrencyTarget = { kind: 'version', logicalId: version.id };
            }
          },
        });
        break;
      }
      case 'AWS::Lambda::Url': {
        const url: FunctionUrl = {
          authType: readValue(ctx, p('AuthType'), asString),
          invokeMode: readValue(ctx, p('InvokeMode'), asString),
        };
        this.pending.push({
          fnRef: p('TargetFunctionArn')?.entry.value,
          apply: (fn) => {
            if (fn.functionUrl.state === 'unset') fn.functionUrl = { state: 'set', value: url, origin: at };
            fn.events.push({
              id: r.id,
              type: 'FunctionUrl',
              invocation: 'synchronous',
              origin: at,
              via: 'function-url',
            });
          },
        });
        break;
      }
      // Custom::LogRetention is CDK's log retention resource: LogGroupName is `/aws/lambda/<fn>` built with !Join.
      case 'AWS::Logs::LogGroup':
      case 'Custom::LogRetention': {
        const group: LogGroup = {
          id: r.id,
          origin: at,
          name: readRef(ctx, p('LogGroupName')),
          retentionInDays: readValue(ctx, p('RetentionInDays'), asNumber),
        };
        this.logGroups.push(group);
        const nameNode = p('LogGroupName')?.entry.value;
        this.pending.push({
          fnRef: nameNode ? logGroupFunctionRef(nameNode) : undefined,
          apply: (fn) => attachLogGroup(fn, group),
        });
        break;
      }
      case 'AWS::Serverless::Api': {
        const merged = mergeSamGlobals(
          get(globals, 'Api'),
          r.properties,
          SAM_API_GLOBAL_PROPERTIES,
          readIgnoreGlobals(get(r.node, 'IgnoreGlobals')),
        );
        const apiCtx = { ...ctx, globalsEntries: merged.globalsEntries };
        this.apiStages.push({
          id: r.id,
          resourceType: r.type,
          origin: at,
          tracing: readValue(
            apiCtx,
            child(apiCtx, { node: merged.properties, layer: 'function' }, 'TracingEnabled'),
            asBoolean,
          ),
        });
        break;
      }
      case 'AWS::ApiGateway::Stage':
        this.apiStages.push({
          id: r.id,
          resourceType: r.type,
          origin: at,
          tracing: readValue(ctx, p('TracingEnabled'), asBoolean),
        });
        break;
      case 'AWS::Serverless::HttpApi':
      case 'AWS::ApiGatewayV2::Api':
        this.httpApis.push({ id: r.id, resourceType: r.type, origin: at });
        break;
      case 'AWS::Serverless::StateMachine':
        this.stateMachines.push({
          id: r.id,
          resourceType: r.type,
          origin: at,
          tracing: this.stateMachineTracing(ctx, p('Tracing')),
        });
        break;
      case 'AWS::StepFunctions::StateMachine':
        this.stateMachines.push({
          id: r.id,
          resourceType: r.type,
          origin: at,
          tracing: this.stateMachineTracing(ctx, p('TracingConfiguration')),
        });
        break;
    }
  }

  private stateMachineTracing(ctx: ReadContext, found: Found | undefined): Effective<boolean> {
    if (!present(found)) return UNSET;
    const dyn = structuredDynamic<boolean>(ctx, found);
    if (dyn) return dyn;
    return readValue(ctx, child(ctx, found, 'Enabled'), asBoolean);
  }

  /** Resolves every pending reference to a function, then links queues to the queues they dead-letter into. */
  attachRelated(): void {
    for (const { fnRef, apply } of this.pending) {
      const fn = fnRef ? this.functionOf(fnRef) : undefined;
      if (fn) apply(fn);
    }
    this.pending.length = 0;
    const logGroupsById = firstById(this.logGroups);
    for (const [groupId, fnId] of this.logGroupOwners) {
      const group = logGroupsById.get(groupId);
      const fn = this.functionsById.get(fnId);
      if (group && fn && group.functionId === undefined) attachLogGroup(fn, group);
    }
    for (const queue of this.queues.values()) {
      if (queue.redrivePolicy.state !== 'set') continue;
      const target = queue.redrivePolicy.value.deadLetterTarget.logicalId;
      if (target !== undefined) this.queues.get(target)?.deadLetterSourceOf.push(queue.id);
    }
  }

  private aliasLookup:
    | {
        aliasCount: number;
        resourceCount: number;
        aliases: Map<string, Alias>;
        aliasOrVersionResources: Map<string, ResourceEntry>;
      }
    | undefined;

  /** Aliases and alias/version resources by logical ID, rebuilt only when either list grew (one lookup per reference, not a scan). */
  private aliasIndex(): { aliases: Map<string, Alias>; aliasOrVersionResources: Map<string, ResourceEntry> } {
    const lookup = this.aliasLookup;
    if (lookup && lookup.aliasCount === this.aliases.length && lookup.resourceCount === this.resources.length)
      return lookup;
    const aliasOrVersion = this.resources.filter(
      (r) => r.type === 'AWS::Lambda::Alias' || r.type === 'AWS::Lambda::Version',
    );
    this.aliasLookup = {
      aliasCount: this.aliases.length,
      resourceCount: this.resources.length,
      aliases: firstById(this.aliases),
      aliasOrVersionResources: firstById(aliasOrVersion),
    };
    return this.aliasLookup;
  }

  /** The function a FunctionName / TargetFunctionArn / log group name points at, if it is in this template. */
  functionOf(node: TNode): LambdaFunction | undefined {
    const ctx = this.ctx();
    const id = referencedResource(ctx, node);
    if (id !== undefined) {
      const fn = this.functionsById.get(this.aliasIds.get(id) ?? id);
      if (fn) return fn;
      const alias = this.aliasIndex().aliases.get(id);
      if (alias?.functionId) return this.functionsById.get(alias.functionId);
      const aliasNode = this.aliasIndex().aliasOrVersionResources.get(id);
      const inner = aliasNode ? get(aliasNode.properties, 'FunctionName') : undefined;
      return inner && inner !== node ? this.functionOf(inner) : undefined;
    }
    if (node.kind === 'intrinsic' && node.name === 'Ref' && node.arg.kind === 'scalar') {
      // SAM's generated alias `<Function>Alias<Name>` is not in the template but names its function.
      const m = /^(.+)Alias[A-Za-z0-9]+$/.exec(String(node.arg.value));
      if (m) return this.functionsById.get(m[1]!);
    }
    const literal = asString(node);
    if (literal === undefined) return undefined;
    const byArn = /:function:([^:]+)(:[^:]+)?$/.exec(literal);
    const name = byArn ? byArn[1]! : literal;
    const id2 = this.functionsByName.get(name) ?? this.aliasIds.get(name);
    return id2 !== undefined ? this.functionsById.get(id2) : this.functionsById.get(name);
  }

  /** `Metadata: { lambda-lint: { ignore: [...] } }` on a resource covers the resource's lines. */
  collectMetadataSuppressions(r: ResourceEntry): void {
    const range = spanRange(r.entry.keyRange, r.node.range);
    this.metadataSuppressions(
      get(get(r.node, 'Metadata'), 'lambda-lint'),
      range.line,
      range.endLine ?? range.line,
    );
  }

  metadataSuppressions(config: TNode | undefined, fromLine: number, toLine: number): void {
    const ignore = get(config, 'ignore');
    if (!ignore) return;
    const items = ignore.kind === 'seq' ? ignore.items : [ignore];
    for (const item of items) {
      let rules: string[] = [];
      let reason: string | undefined;
      if (item.kind === 'scalar' && item.value !== null)
        rules = String(item.value)
          .split(/[\s,]+/)
          .filter(Boolean);
      else if (item.kind === 'map') {
        const rule = get(item, 'rule') ?? get(item, 'id');
        if (rule?.kind === 'scalar' && rule.value !== null) rules = [String(rule.value)];
        else if (rule?.kind === 'seq')
          rules = rule.items.flatMap((i) => (i.kind === 'scalar' ? [String(i.value)] : []));
        const r = get(item, 'reason');
        if (r?.kind === 'scalar' && r.value !== null) reason = String(r.value);
      } else continue;
      rules = rules.filter((x) => x !== '*' && x !== 'all');
      const s: Suppression = { file: this.file, kind: 'metadata', rules, fromLine, toLine, at: item.range };
      if (reason !== undefined) s.reason = reason;
      this.suppressions.push(s);
    }
  }

  /**
   * SAM creates `ServerlessRestApi` for Api events without RestApiId; its stage takes
   * `Globals.Api` (TracingEnabled included), so it is a stage of its own for the rules.
   */
  addImplicitApi(globals: TNode | undefined): void {
    const implicit = this.functions.flatMap((fn) =>
      fn.events.filter((e) => e.type === 'Api' && e.via === 'event' && e.apiId === undefined),
    );
    const first = implicit[0];
    if (!first || this.resourceTypes.has('ServerlessRestApi')) return;
    const ctx = this.ctx();
    const section = get(globals, 'Api');
    const entry =
      section?.kind === 'map' ? section.entries.find((e) => e.key === 'TracingEnabled') : undefined;
    this.apiStages.push({
      id: 'ServerlessRestApi',
      resourceType: 'AWS::Serverless::Api',
      origin: first.origin,
      tracing: readValue(ctx, entry ? { entry, layer: 'globals' } : undefined, asBoolean),
    });
  }

  toModel(): TemplateModel {
    return {
      file: this.file,
      kind: this.kind,
      functions: this.functions,
      queues: this.queues,
      eventSourceMappings: this.eventSourceMappings,
      aliases: this.aliases,
      versions: this.versions,
      apiStages: this.apiStages,
      stateMachines: this.stateMachines,
      httpApis: this.httpApis,
      logGroups: this.logGroups,
      parameters: this.parameters,
      layers: this.layers,
      resourceTypes: this.resourceTypes,
      resourceCount: this.resourceTypes.size,
      notes: this.notes,
      suppressions: this.suppressions,
    };
  }
}

function attachLogGroup(fn: LambdaFunction, group: LogGroup): void {
  group.functionId = fn.id;
  if (fn.logRetention.state === 'unset') fn.logRetention = group.retentionInDays;
}

/** `/aws/lambda/${Fn}` (Sub) or Join of '/aws/lambda/' and `!Ref Fn` → the `!Ref Fn` node. */
function logGroupFunctionRef(node: TNode): TNode | undefined {
  if (node.kind === 'intrinsic' && node.name === 'Fn::Sub') {
    const t = node.arg.kind === 'scalar' ? node.arg : node.arg.kind === 'seq' ? node.arg.items[0] : undefined;
    const m = t?.kind === 'scalar' ? /^\/aws\/lambda\/\$\{([A-Za-z0-9]+)\}$/.exec(String(t.value)) : null;
    if (m)
      return {
        kind: 'intrinsic',
        name: 'Ref',
        arg: { kind: 'scalar', value: m[1]!, range: node.range },
        range: node.range,
      };
  }
  if (node.kind === 'intrinsic' && node.name === 'Fn::Join' && node.arg.kind === 'seq') {
    const parts = node.arg.items[1];
    if (parts?.kind === 'seq' && parts.items.length === 2 && asString(parts.items[0]!) === '/aws/lambda/')
      return parts.items[1];
  }
  const s = asString(node);
  if (s?.startsWith('/aws/lambda/'))
    return { kind: 'scalar', value: s.slice('/aws/lambda/'.length), range: node.range };
  return undefined;
}

/** Principal as text: literal, or a `!Sub s3.${AWS::URLSuffix}` / `!Join` that still names the service. */
function principalText(node: TNode): string | undefined {
  if (node.kind === 'scalar') return node.value === null ? undefined : String(node.value);
  if (node.kind === 'intrinsic' && node.name === 'Fn::Sub') {
    const t = node.arg.kind === 'scalar' ? node.arg : node.arg.kind === 'seq' ? node.arg.items[0] : undefined;
    if (t?.kind === 'scalar') return String(t.value).replace('${AWS::URLSuffix}', 'amazonaws.com');
  }
  if (node.kind === 'intrinsic' && node.name === 'Fn::Join' && node.arg.kind === 'seq') {
    const parts = node.arg.items[1];
    if (parts?.kind === 'seq') {
      return parts.items
        .map((i) =>
          i.kind === 'intrinsic' &&
          i.name === 'Ref' &&
          i.arg.kind === 'scalar' &&
          i.arg.value === 'AWS::URLSuffix'
            ? 'amazonaws.com'
            : i.kind === 'scalar'
              ? String(i.value)
              : '?',
        )
        .join(asString(node.arg.items[0]!) ?? '');
    }
  }
  return undefined;
}

function asTracingMode(n: TNode): 'Active' | 'PassThrough' | undefined {
  return n.kind === 'scalar' && (n.value === 'Active' || n.value === 'PassThrough') ? n.value : undefined;
}

/** Inline code with its text when literal (an `!Sub`/`!Join` body is deploy-time and stays text-less). */
function inlineLocation(node: TNode): CodeLocation {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return { type: 'inline' };
  const start = node.contentStart ?? { line: node.range.line, column: node.range.column };
  return {
    type: 'inline',
    inline: { text: node.value, start, linesMapped: node.contentStart !== undefined },
  };
}

/** SAM `Metadata.BuildMethod` and `BuildProperties.EntryPoints`. */
function buildMetadataOf(metadata: TNode | undefined): BuildMetadata | undefined {
  const method = asStringNode(get(metadata, 'BuildMethod'));
  const entries = get(get(metadata, 'BuildProperties'), 'EntryPoints');
  const entryPoints =
    entries?.kind === 'seq'
      ? entries.items.flatMap((item) => {
          const text = asStringNode(item);
          return text === undefined ? [] : [text];
        })
      : [];
  if (method === undefined && entryPoints.length === 0) return undefined;
  return { ...(method !== undefined && { method }), entryPoints };
}

export function asStringNode(n: TNode | undefined): string | undefined {
  return n ? asString(n) : undefined;
}

function emptyMap(range: Range): MapNode {
  return { kind: 'map', range, entries: [] };
}

/** Builds the model of a SAM, CloudFormation or CDK template. */
export function buildCloudFormationModel(
  file: string,
  kind: 'sam' | 'cloudformation' | 'cdk',
  root: TNode | null,
): TemplateModel {
  const builder = new TemplateBuilder(file, kind, root);
  builder.collectParameters(get(root, 'Parameters'));
  builder.collectResources(get(root, 'Resources'));
  const rootRange = root?.range;
  if (rootRange)
    builder.metadataSuppressions(get(get(root, 'Metadata'), 'lambda-lint'), 1, Number.MAX_SAFE_INTEGER);
  const globals = kind === 'sam' ? get(root, 'Globals') : undefined;
  builder.buildFromResources(globals);
  if (kind === 'sam') builder.addImplicitApi(globals);
  return builder.toModel();
}

/** Items by `id`, keeping the first of each (what `Array.find` by id would return). */
function firstById<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return byId;
}
