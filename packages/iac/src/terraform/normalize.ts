import path from 'node:path';
import type { Finding, Range } from '@lambda-lint/core';
import {
  functionSubject,
  mapEffective,
  UNSET,
  type Alias,
  type CodeLocation,
  type DeploymentGroup,
  type Destination,
  type Effective,
  type EventInvokeConfig,
  type EventSource,
  type EventSourceMapping,
  type FunctionUrl,
  type LambdaFunction,
  type LayerVersion,
  type LogGroup,
  type Origin,
  type Queue,
  type ResourceRef,
  type TargetType,
  type TemplateModel,
  type VpcConfig,
} from '../model.js';
import { pollSourceType } from '../normalize/events.js';
import { classifyPrincipal, eventBridgeRuleKind, snsSubscriptionDelivery } from '../normalize/triggers.js';
import { Evaluator, type Known, type Scope, type TfValue } from './evaluate.js';
import {
  attribute,
  nestedBlock,
  nestedBlocks,
  objectAttributes,
  type HclAttribute,
  type HclBlock,
  type HclBody,
  type HclFile,
} from './hcl-tree.js';
import type { ModuleFiles } from './module-files.js';

/** The registry module whose inputs map onto a function (any version); its `//modules/…` submodules (alias, deploy, docker-build) make no function. */
export const LAMBDA_MODULE_SOURCE =
  /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/lambda\/aws(?:\/\/(?!modules\/).*)?$/;
/** Its `modules/deploy` submodule: a CodeDeploy app and deployment group for one named function and alias. */
const DEPLOY_MODULE_SOURCE =
  /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/lambda\/aws\/\/modules\/deploy\/?$/;
const DEPLOY_MODULE_TYPE = 'module:terraform-aws-modules/lambda/aws//modules/deploy';
/** Child modules followed through local sources at most this deep (a cycle stops earlier). */
const MAX_MODULE_DEPTH = 8;

/** A Terraform resource type → the CloudFormation type the shared rules know it by. */
const CFN_TYPE: Record<string, string> = {
  aws_sqs_queue: 'AWS::SQS::Queue',
  aws_sns_topic: 'AWS::SNS::Topic',
  aws_kinesis_stream: 'AWS::Kinesis::Stream',
  aws_dynamodb_table: 'AWS::DynamoDB::Table',
  aws_msk_cluster: 'AWS::MSK::Cluster',
  aws_msk_serverless_cluster: 'AWS::MSK::ServerlessCluster',
  aws_mq_broker: 'AWS::AmazonMQ::Broker',
  aws_docdb_cluster: 'AWS::DocDB::DBCluster',
  aws_lambda_function: 'AWS::Lambda::Function',
  aws_cloudwatch_event_bus: 'AWS::Events::EventBus',
  aws_s3_bucket: 'AWS::S3::Bucket',
};

const TARGET_BY_TYPE: Record<string, TargetType> = {
  aws_sqs_queue: 'SQS',
  aws_sns_topic: 'SNS',
  aws_lambda_function: 'Lambda',
  aws_cloudwatch_event_bus: 'EventBridge',
  aws_s3_bucket: 'S3',
};

/** A module instance: its files, its variables and the prefix of its addresses. */
interface Instance {
  files: ModuleFiles;
  evaluator: Evaluator;
  prefix: string;
}

interface Resource {
  type: string;
  name: string;
  address: string;
  block: HclBlock;
  file: string;
  inst: Instance;
}

interface ModuleCall {
  address: string;
  source: string;
  block: HclBlock;
  file: string;
  inst: Instance;
}

export interface TerraformInput {
  /** The root module. */
  root: ModuleFiles;
  /** Display path of the root module folder (what `TemplateModel.file` holds). */
  display: string;
  /** Reads a child module folder (cached by the caller so each file is parsed once). */
  readModule(absoluteDir: string): ModuleFiles;
  /** Absolute path → display path. */
  displayOf(absolute: string): string;
  /** Resources from a plan JSON, values already resolved (instead of reading the root module's files). */
  planned?: PlannedResource[];
}

/** One resource instance of a plan, as a block of its planned values. */
export interface PlannedResource {
  type: string;
  name: string;
  /** Full address without instance keys (`module.orders.aws_lambda_function.this`). */
  address: string;
  /** Module address prefix (`module.orders.`, or `''`). */
  prefix: string;
  block: HclBlock;
  file: string;
}

/** Builds one TemplateModel for a root module: every resource of its files and its local child modules, joined. */
export function buildTerraformModel(input: TerraformInput): {
  model: TemplateModel;
  errors: Finding[];
  /** The configuration files of the root module and of every child module it instantiated. */
  files: HclFile[];
} {
  return new TerraformNormalizer(input).build();
}

class TerraformNormalizer {
  private readonly resources: Resource[] = [];
  private readonly byAddress = new Map<string, Resource>();
  private readonly registryFunctions: ModuleCall[] = [];
  private readonly deployModules: ModuleCall[] = [];
  private readonly deploymentGroups: DeploymentGroup[] = [];
  /** Address prefix of the module instance each function is declared in, to join deployment groups within one module. */
  private readonly functionPrefix = new Map<string, string>();
  private readonly errors: Finding[] = [];
  private readonly files: HclFile[] = [];
  private readonly functions = new Map<string, LambdaFunction>();
  /** Function addresses by literal function name, for triggers that name a function instead of referencing it. */
  private readonly functionsByName = new Map<string, string>();
  private readonly aliasOwner = new Map<string, string>();
  /** Local child module instances by address, to follow `module.x.<output>` references into them. */
  private readonly childModules = new Map<string, Instance>();
  private readonly queues = new Map<string, Queue>();
  private readonly mappings: EventSourceMapping[] = [];
  private readonly aliases: Alias[] = [];
  private readonly logGroups: LogGroup[] = [];
  private readonly layers = new Map<string, LayerVersion>();
  /** The bucket, topic, rule or resource a trigger or a permission is about, to tell when a permission only allows a trigger already seen. */
  private readonly aboutAddress = new Map<EventSource, string | undefined>();

  constructor(private readonly input: TerraformInput) {}

  build(): { model: TemplateModel; errors: Finding[]; files: HclFile[] } {
    if (this.input.planned) this.addPlanned(this.input.planned);
    else {
      this.instantiate(this.input.root, '', undefined, new Map(), 0, new Set());
      this.errors.push(...this.input.root.errors);
    }
    for (const r of this.resources) if (r.type === 'aws_lambda_function') this.lambdaFunction(r);
    for (const call of this.registryFunctions) this.registryLambda(call);
    for (const r of this.resources) if (r.type === 'aws_sqs_queue') this.queue(r);
    for (const r of this.resources) if (r.type === 'aws_lambda_layer_version') this.layer(r);
    // Aliases first: provisioned concurrency configs and triggers may name a function through its alias.
    for (const r of this.resources) if (r.type === 'aws_lambda_alias') this.alias(r);
    for (const r of this.resources) if (r.type !== 'aws_lambda_alias') this.related(r);
    this.linkDeadLetterSources();
    this.readDeploymentGroups();
    for (const fn of this.functions.values()) this.dropPermissionsOfSeenTriggers(fn);
    const functions = [...this.functions.values()];
    const resourceTypes = new Map<string, string>();
    for (const r of this.resources) resourceTypes.set(r.address, CFN_TYPE[r.type] ?? r.type);
    for (const call of this.registryFunctions) resourceTypes.set(call.address, 'AWS::Lambda::Function');
    const model: TemplateModel = {
      file: this.input.display,
      kind: 'terraform',
      functions,
      queues: this.queues,
      eventSourceMappings: this.mappings,
      aliases: this.aliases,
      versions: [],
      apiStages: [],
      stateMachines: [],
      httpApis: [],
      logGroups: this.logGroups,
      deploymentGroups: this.deploymentGroups,
      parameters: new Map(),
      layers: this.layers,
      resourceTypes,
      resourceCount: this.resources.length + this.registryFunctions.length,
      notes: [],
      suppressions: [],
    };
    return { model, errors: this.errors, files: this.files };
  }

  // ---- module instances ----

  private addPlanned(planned: PlannedResource[]): void {
    const instances = new Map<string, Instance>();
    for (const p of planned) {
      let inst = instances.get(p.prefix);
      if (!inst) {
        const scope: Scope = {
          prefix: p.prefix,
          modulePath: '.',
          variable: (name) => ({ kind: 'unknown', reason: `var.${name} (not in the plan's values)` }),
          local: () => undefined,
        };
        inst = { files: this.input.root, evaluator: new Evaluator(scope), prefix: p.prefix };
        instances.set(p.prefix, inst);
      }
      const resource: Resource = {
        type: p.type,
        name: p.name,
        address: p.address,
        block: p.block,
        file: p.file,
        inst,
      };
      if (this.byAddress.has(p.address)) continue;
      this.resources.push(resource);
      this.byAddress.set(p.address, resource);
    }
  }

  private instantiate(
    files: ModuleFiles,
    prefix: string,
    parent: Instance | undefined,
    args: Map<string, HclAttribute>,
    depth: number,
    ancestors: Set<string>,
  ): Instance {
    this.files.push(...files.files);
    const variables = new Map<string, HclBlock>();
    const locals = new Map<string, HclAttribute>();
    for (const file of files.files) {
      for (const block of file.body.blocks) {
        if (block.type === 'variable' && block.labels[0] !== undefined) variables.set(block.labels[0], block);
        if (block.type === 'locals') for (const a of block.body.attributes) locals.set(a.name, a);
      }
    }
    const tfvars = new Map<string, HclAttribute>();
    for (const file of files.tfvars) for (const a of file.body.attributes) tfvars.set(a.name, a);
    const modulePath = toPosix(path.relative(this.input.root.dir, files.dir)) || '.';
    const literalEvaluator = new Evaluator({
      prefix,
      modulePath,
      variable: (name) => ({ kind: 'unknown', reason: `var.${name} in a tfvars file` }),
      local: () => undefined,
    });
    const cache = new Map<string, TfValue>();
    const scope: Scope = {
      prefix,
      modulePath,
      variable: (name) => {
        const cached = cache.get(name);
        if (cached) return cached;
        cache.set(name, { kind: 'unknown', reason: `var.${name} refers to itself` });
        let value: TfValue;
        const arg = args.get(name);
        const given = parent ? arg : tfvars.get(name);
        if (given) value = (parent ? parent.evaluator : literalEvaluator).evaluate(given.expr);
        else {
          const declared = variables.get(name);
          const fallback = declared ? attribute(declared.body, 'default') : undefined;
          value = fallback
            ? literalEvaluator.evaluate(fallback.expr)
            : {
                kind: 'unknown',
                reason: declared
                  ? `var.${name} has no default${parent ? ' and the module call does not set it' : ' and no value in terraform.tfvars'}`
                  : `var.${name} is not declared`,
              };
        }
        cache.set(name, value);
        return value;
      },
      local: (name) => locals.get(name)?.expr,
    };
    const inst: Instance = { files, evaluator: new Evaluator(scope), prefix };
    for (const file of files.files) {
      for (const block of file.body.blocks) {
        if ((block.type === 'resource' || block.type === 'data') && block.labels.length === 2) {
          const [type, name] = block.labels as [string, string];
          const address = `${prefix}${block.type === 'data' ? 'data.' : ''}${type}.${name}`;
          const resource: Resource = {
            type: block.type === 'data' ? `data.${type}` : type,
            name,
            address,
            block,
            file: file.file,
            inst,
          };
          this.resources.push(resource);
          this.byAddress.set(address, resource);
        } else if (block.type === 'module' && block.labels[0] !== undefined) {
          this.moduleCall(block, file.file, inst, depth, ancestors);
        }
      }
    }
    return inst;
  }

  private moduleCall(
    block: HclBlock,
    file: string,
    inst: Instance,
    depth: number,
    ancestors: Set<string>,
  ): void {
    const address = `${inst.prefix}module.${block.labels[0]!}`;
    const sourceAttr = attribute(block.body, 'source');
    const source = sourceAttr?.expr.kind === 'literal' ? String(sourceAttr.expr.value) : undefined;
    if (source === undefined) return;
    const call: ModuleCall = { address, source, block, file, inst };
    if (LAMBDA_MODULE_SOURCE.test(source)) {
      this.registryFunctions.push(call);
      return;
    }
    if (DEPLOY_MODULE_SOURCE.test(source)) {
      this.deployModules.push(call);
      return;
    }
    if (!source.startsWith('./') && !source.startsWith('../')) return;
    const dir = path.resolve(inst.files.dir, source);
    if (depth >= MAX_MODULE_DEPTH || ancestors.has(dir)) return;
    const child = this.input.readModule(dir);
    this.errors.push(...child.errors);
    // A local copy or checkout of terraform-aws-modules/lambda/aws (its own examples use `source = "../../"`): read its inputs.
    if (isLambdaModuleCopy(child)) {
      this.registryFunctions.push(call);
      return;
    }
    const args = new Map(block.body.attributes.map((a) => [a.name, a]));
    const instance = this.instantiate(
      child,
      `${address}.`,
      inst,
      args,
      depth + 1,
      new Set([...ancestors, inst.files.dir]),
    );
    this.childModules.set(address, instance);
  }

  // ---- values ----

  private value(r: { inst: Instance }, attr: HclAttribute | undefined): TfValue | undefined {
    return attr ? r.inst.evaluator.evaluate(attr.expr) : undefined;
  }

  private origin(file: string, range: Range, kind: Origin['kind'], resource?: string): Origin {
    return resource === undefined ? { kind, file, range } : { kind, file, range, resource };
  }

  /** The effective value of an attribute; `null` is "not set", as in Terraform. */
  private effective<T>(
    r: { inst: Instance; file: string },
    attr: HclAttribute | undefined,
    convert: (value: Known) => T | undefined,
    kind: Origin['kind'] = 'function',
    resource?: string,
  ): Effective<T> {
    if (!attr) return UNSET;
    const origin = this.origin(r.file, attr.range, kind, resource);
    const value = r.inst.evaluator.evaluate(attr.expr);
    if (value.kind === 'known') {
      if (value.value === null) return UNSET;
      const converted = convert(value.value);
      if (converted !== undefined) return { state: 'set', value: converted, origin };
      return {
        state: 'dynamic',
        origin,
        conditional: false,
        reason: `unexpected value ${JSON.stringify(value.value)}`,
      };
    }
    return {
      state: 'dynamic',
      origin,
      conditional: false,
      reason: value.kind === 'ref' ? `${value.text} is known after apply` : value.reason,
    };
  }

  private resourceRef(value: TfValue | undefined, text: string): ResourceRef {
    if (!value || value.kind === 'unknown') return { text, dynamic: true };
    if (value.kind === 'ref') {
      const target = this.byAddress.get(value.address);
      const logicalId = target || this.functions.has(value.address) ? value.address : undefined;
      return logicalId
        ? { text: value.text, logicalId, dynamic: false }
        : { text: value.text, dynamic: false };
    }
    return {
      text: typeof value.value === 'string' ? value.value : JSON.stringify(value.value),
      dynamic: false,
    };
  }

  private destination(
    r: Resource | ModuleCall,
    attr: HclAttribute | undefined,
    kind: Origin['kind'],
    resource?: string,
  ): Effective<Destination> {
    if (!attr) return UNSET;
    const value = this.value(r, attr)!;
    const origin = this.origin(r.file, attr.range, kind, resource);
    if (value.kind === 'known' && value.value === null) return UNSET;
    if (value.kind === 'unknown')
      return { state: 'dynamic', origin, conditional: false, reason: value.reason };
    const target = this.resourceRef(value, exprText(attr));
    return { state: 'set', value: { type: this.targetType(value), target }, origin };
  }

  private targetType(value: TfValue): TargetType {
    if (value.kind === 'ref') {
      const type = this.byAddress.get(value.address)?.type;
      if (type) return TARGET_BY_TYPE[type] ?? 'unknown';
      return this.functions.has(value.address) ? 'Lambda' : 'unknown';
    }
    if (value.kind === 'known' && typeof value.value === 'string') {
      const service = /^arn:[^:]*:([a-z0-9-]+):/.exec(value.value)?.[1];
      if (service === 'sqs') return 'SQS';
      if (service === 'sns') return 'SNS';
      if (service === 'lambda') return 'Lambda';
      if (service === 'events') return 'EventBridge';
      if (service === 's3') return 'S3';
    }
    return 'unknown';
  }

  /** The function a `function_name` / ARN attribute designates: a reference to a function, its alias or a module, or its literal name. */
  private functionOf(
    r: { inst: Instance },
    attr: HclAttribute | undefined,
  ): { id: string; qualifier?: string } | undefined {
    const value = this.value(r, attr);
    if (!value) return undefined;
    if (value.kind === 'ref') return this.functionOfValue(this.moduleOutput(value) ?? value);
    if (value.kind === 'known' && typeof value.value === 'string') {
      const text = value.value;
      const name = /^arn:[^:]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::(.+))?$/.exec(text);
      const id = this.functionsByName.get(name ? name[1]! : text);
      if (id) return name?.[2] ? { id, qualifier: name[2] } : { id };
    }
    return undefined;
  }

  /** The value of a local child module's output (`module.notifier.function_arn` → its `output "function_arn"`). */
  private moduleOutput(value: Extract<TfValue, { kind: 'ref' }>, depth = 0): TfValue | undefined {
    const child = this.childModules.get(value.address);
    if (!child || value.attribute === undefined || depth > MAX_MODULE_DEPTH) return undefined;
    for (const file of child.files.files) {
      for (const block of file.body.blocks) {
        if (block.type !== 'output' || block.labels[0] !== value.attribute) continue;
        const expr = attribute(block.body, 'value');
        if (!expr) return undefined;
        const result = child.evaluator.evaluate(expr.expr);
        return result.kind === 'ref' ? (this.moduleOutput(result, depth + 1) ?? result) : result;
      }
    }
    return undefined;
  }

  private functionOfValue(value: TfValue): { id: string; qualifier?: string } | undefined {
    if (value.kind !== 'ref') return undefined;
    if (this.functions.has(value.address)) return { id: value.address };
    const owner = this.aliasOwner.get(value.address);
    return owner ? { id: owner, qualifier: value.address } : undefined;
  }

  // ---- functions ----

  private baseFunction(
    id: string,
    resourceType: string,
    file: string,
    block: HclBlock,
    name: string | undefined,
  ): LambdaFunction {
    const fn: LambdaFunction = {
      id,
      ...(name !== undefined && { name }),
      kind: 'terraform',
      resourceType,
      file,
      origin: this.origin(file, block.headerRange, 'function'),
      resourceRange: block.range,
      subject: functionSubject(name !== undefined ? { id, name } : { id }),
      runtime: UNSET,
      handler: UNSET,
      packageType: UNSET,
      codeLocation: UNSET,
      inlineCode: false,
      memorySize: UNSET,
      timeout: UNSET,
      architectures: UNSET,
      tracing: UNSET,
      deadLetterTarget: UNSET,
      eventInvokeConfig: UNSET,
      reservedConcurrency: UNSET,
      provisionedConcurrency: UNSET,
      autoPublishAlias: UNSET,
      versions: [],
      aliases: [],
      deploymentPreference: UNSET,
      vpcConfig: UNSET,
      environment: new Map(),
      layers: UNSET,
      snapStart: UNSET,
      functionUrl: UNSET,
      kmsKeyArn: UNSET,
      logRetention: UNSET,
      events: [],
    };
    return fn;
  }

  private lambdaFunction(r: Resource): void {
    const body = r.block.body;
    const count = attribute(body, 'count');
    const instances = count ? this.value(r, count) : undefined;
    // `count = 0` (or false ? 1 : 0 with known inputs) deploys nothing.
    if (instances?.kind === 'known' && instances.value === 0) return;
    const nameValue = this.value(r, attribute(body, 'function_name'));
    const literalName =
      nameValue?.kind === 'known' && typeof nameValue.value === 'string' ? nameValue.value : undefined;
    const fn = this.baseFunction(r.address, 'aws_lambda_function', r.file, r.block, literalName);
    if (literalName !== undefined) this.functionsByName.set(literalName, r.address);
    this.functionPrefix.set(r.address, r.inst.prefix);
    fn.runtime = this.effective(r, attribute(body, 'runtime'), asString);
    fn.handler = this.effective(r, attribute(body, 'handler'), asString);
    fn.packageType = this.effective(r, attribute(body, 'package_type'), (v) =>
      v === 'Zip' || v === 'Image' ? v : undefined,
    );
    fn.codeLocation = this.codeLocation(r, body);
    const repeat = count ?? attribute(body, 'for_each');
    if (repeat) fn.condition = `${repeat.name} = ${exprText(repeat)}`;
    fn.memorySize = this.effective(r, attribute(body, 'memory_size'), asNumber);
    fn.timeout = this.effective(r, attribute(body, 'timeout'), asNumber);
    fn.architectures = this.effective(r, attribute(body, 'architectures'), asStringList);
    const tracing = nestedBlock(body, 'tracing_config');
    if (tracing) {
      const mode = attribute(tracing.body, 'mode');
      fn.tracing = mode
        ? this.effective(r, mode, (v) => (v === 'Active' || v === 'PassThrough' ? v : undefined))
        : {
            state: 'set',
            value: 'PassThrough',
            origin: this.origin(r.file, tracing.headerRange, 'function'),
          };
    } else fn.tracing = this.dynamicBlock(r, body, 'tracing_config');
    const dlq = nestedBlock(body, 'dead_letter_config');
    fn.deadLetterTarget = dlq
      ? this.destination(r, attribute(dlq.body, 'target_arn'), 'function')
      : this.dynamicBlock(r, body, 'dead_letter_config');
    fn.reservedConcurrency = this.reserved(r, attribute(body, 'reserved_concurrent_executions'));
    fn.vpcConfig = nestedBlock(body, 'vpc_config')
      ? this.vpc(r, nestedBlock(body, 'vpc_config'))
      : this.dynamicBlock(r, body, 'vpc_config');
    const environment = nestedBlock(body, 'environment');
    if (environment) fn.environment = this.environment(r, attribute(environment.body, 'variables'));
    fn.layers = this.refList(r, attribute(body, 'layers'));
    const snap = nestedBlock(body, 'snap_start');
    fn.snapStart = snap
      ? this.effective(r, attribute(snap.body, 'apply_on'), (v) =>
          v === 'PublishedVersions' || v === 'None' ? v : undefined,
        )
      : this.dynamicBlock(r, body, 'snap_start');
    const fileSystems = nestedBlocks(body, 'file_system_config');
    fn.fileSystemConfigs =
      fileSystems.length > 0
        ? {
            state: 'set',
            value: fileSystems.map((b) =>
              this.resourceRef(this.value(r, attribute(b.body, 'arn')), 'file_system_config'),
            ),
            origin: this.origin(r.file, fileSystems[0]!.headerRange, 'function'),
          }
        : UNSET;
    const storage = nestedBlock(body, 'ephemeral_storage');
    fn.ephemeralStorageSize = storage ? this.effective(r, attribute(storage.body, 'size'), asNumber) : UNSET;
    // `publish = true` makes every deployment a new version, which aliases and SnapStart need.
    const publish = this.value(r, attribute(body, 'publish'));
    if (publish?.kind === 'known' && publish.value === true) fn.versions.push(`${r.address}.version`);
    const kms = attribute(body, 'kms_key_arn');
    if (kms) fn.kmsKeyArn = this.refEffective(r, kms, 'function');
    this.functions.set(r.address, fn);
  }

  /** A `dynamic "<name>"` block: whether and how the block exists is only known at plan time. */
  private dynamicBlock(r: Resource, body: HclBody, name: string): Effective<never> {
    const block = body.blocks.find((b) => b.type === 'dynamic' && b.labels[0] === name);
    if (!block) return UNSET;
    return {
      state: 'dynamic',
      origin: this.origin(r.file, block.headerRange, 'function'),
      conditional: false,
      reason: `a dynamic "${name}" block`,
    };
  }

  private reserved(r: { inst: Instance; file: string }, attr: HclAttribute | undefined): Effective<number> {
    const value = this.effective(r, attr, asNumber);
    // -1 is the provider's "unreserved": the function draws from the account's shared pool.
    return value.state === 'set' && value.value < 0 ? UNSET : value;
  }

  private codeLocation(r: Resource, body: HclBody): Effective<CodeLocation> {
    const image = attribute(body, 'image_uri');
    if (image)
      return this.effective(r, image, (v) =>
        typeof v === 'string' ? { type: 'image', imageUri: v } : undefined,
      );
    const filename = attribute(body, 'filename');
    if (filename) {
      const value = this.value(r, filename)!;
      const origin = this.origin(r.file, filename.range, 'function');
      if (value.kind === 'known' && typeof value.value === 'string') {
        return { state: 'set', value: { type: 'path', path: this.rootRelative(value.value) }, origin };
      }
      const archive = value.kind === 'ref' ? this.archiveSource(value.address) : undefined;
      if (archive) return { state: 'set', value: { type: 'path', path: archive }, origin };
      return {
        state: 'dynamic',
        origin,
        conditional: false,
        reason:
          value.kind === 'ref'
            ? `${value.text} is known after apply`
            : value.kind === 'unknown'
              ? value.reason
              : 'not a path',
      };
    }
    const bucket = attribute(body, 's3_bucket');
    if (bucket) {
      const key = this.value(r, attribute(body, 's3_key'));
      const b = this.value(r, bucket)!;
      const location: CodeLocation = { type: 's3' };
      if (b.kind === 'known' && typeof b.value === 'string') location.bucket = b.value;
      if (key?.kind === 'known' && typeof key.value === 'string') location.key = key.value;
      return { state: 'set', value: location, origin: this.origin(r.file, bucket.range, 'function') };
    }
    return UNSET;
  }

  /** `data "archive_file"`: its `source_dir` / `source_file` is what the zip holds, relative to the root module folder. */
  private archiveSource(address: string): string | undefined {
    const archive = this.byAddress.get(address);
    if (!archive || archive.type !== 'data.archive_file') return undefined;
    for (const name of ['source_dir', 'source_file']) {
      const value = this.value(archive, attribute(archive.block.body, name));
      if (value?.kind === 'known' && typeof value.value === 'string') return this.rootRelative(value.value);
    }
    return undefined;
  }

  /** A path as Terraform resolves it: relative to the working directory, i.e. the root module (`path.module` is already folded in). */
  private rootRelative(written: string): string {
    return toPosix(path.posix.normalize(written));
  }

  private vpc(r: Resource | ModuleCall, block: HclBlock | undefined): Effective<VpcConfig> {
    if (!block) return UNSET;
    return {
      state: 'set',
      value: {
        subnetIds: this.refList(r, attribute(block.body, 'subnet_ids')),
        securityGroupIds: this.refList(r, attribute(block.body, 'security_group_ids')),
      },
      origin: this.origin(r.file, block.headerRange, 'function'),
    };
  }

  private environment(
    r: Resource | ModuleCall,
    attr: HclAttribute | undefined,
  ): Map<string, Effective<string>> {
    const out = new Map<string, Effective<string>>();
    if (!attr) return out;
    let expr = attr.expr;
    if (expr.kind === 'traversal' && expr.root === 'local') {
      const local = r.inst.evaluator.scope.local(String(expr.path[0]));
      if (local?.kind === 'object') expr = local;
    }
    if (expr.kind !== 'object') return out;
    for (const attr of objectAttributes(expr)) {
      out.set(
        attr.name,
        this.effective(r, attr, (v) => (typeof v === 'object' ? undefined : String(v))),
      );
    }
    return out;
  }

  private refList(
    r: Resource | ModuleCall,
    attr: HclAttribute | undefined,
    kind: Origin['kind'] = 'function',
    resource?: string,
  ): Effective<ResourceRef[]> {
    if (!attr) return UNSET;
    const origin = this.origin(r.file, attr.range, kind, resource);
    if (attr.expr.kind === 'tuple') {
      return {
        state: 'set',
        value: attr.expr.items.map((item) =>
          this.resourceRef(
            r.inst.evaluator.evaluate(item),
            exprText({ name: '', range: item.range, expr: item }),
          ),
        ),
        origin,
      };
    }
    const value = this.value(r, attr)!;
    if (value.kind === 'known' && Array.isArray(value.value)) {
      return { state: 'set', value: value.value.map((v) => ({ text: String(v), dynamic: false })), origin };
    }
    if (value.kind === 'known' && value.value === null) return UNSET;
    return {
      state: 'dynamic',
      origin,
      conditional: false,
      reason: value.kind === 'unknown' ? value.reason : `${exprText(attr)} is known after apply`,
    };
  }

  private refEffective(
    r: Resource | ModuleCall,
    attr: HclAttribute,
    kind: Origin['kind'],
    resource?: string,
  ): Effective<ResourceRef> {
    const value = this.value(r, attr)!;
    const origin = this.origin(r.file, attr.range, kind, resource);
    if (value.kind === 'unknown')
      return { state: 'dynamic', origin, conditional: false, reason: value.reason };
    if (value.kind === 'known' && value.value === null) return UNSET;
    return { state: 'set', value: this.resourceRef(value, exprText(attr)), origin };
  }

  /** terraform-aws-modules/lambda/aws: its inputs as one function, at the module block. */
  private registryLambda(call: ModuleCall): void {
    const body = call.block.body;
    const get = (name: string) => attribute(body, name);
    // The module makes no function with `create = false`, `create_function = false` or `create_layer = true`.
    if (
      this.known(call, 'create') === false ||
      this.known(call, 'create_function') === false ||
      this.flag(call, 'create_layer')
    )
      return;
    const nameValue = this.value(call, get('function_name'));
    const literalName =
      nameValue?.kind === 'known' && typeof nameValue.value === 'string' ? nameValue.value : undefined;
    const fn = this.baseFunction(
      call.address,
      'module:terraform-aws-modules/lambda/aws',
      call.file,
      call.block,
      literalName,
    );
    if (literalName !== undefined) this.functionsByName.set(literalName, call.address);
    this.functionPrefix.set(call.address, call.inst.prefix);
    fn.runtime = this.effective(call, get('runtime'), asString);
    fn.handler = this.effective(call, get('handler'), asString);
    fn.memorySize = this.effective(call, get('memory_size'), asNumber);
    fn.timeout = this.effective(call, get('timeout'), asNumber);
    fn.architectures = this.effective(call, get('architectures'), asStringList);
    fn.tracing = this.effective(call, get('tracing_mode'), (v) =>
      v === 'Active' || v === 'PassThrough' ? v : undefined,
    );
    fn.deadLetterTarget = this.destination(call, get('dead_letter_target_arn'), 'function');
    fn.reservedConcurrency = this.reserved(call, get('reserved_concurrent_executions'));
    const provisioned = this.reserved(call, get('provisioned_concurrent_executions'));
    fn.provisionedConcurrency = provisioned.state === 'set' && provisioned.value === 0 ? UNSET : provisioned;
    // The module attaches provisioned concurrency to the version it publishes (`publish = true`).
    if (fn.provisionedConcurrency.state !== 'unset')
      fn.provisionedConcurrencyTarget = { kind: 'version', logicalId: `${call.address}.version` };
    if (this.flag(call, 'publish')) fn.versions.push(`${call.address}.version`);
    const env = get('environment_variables');
    if (env) fn.environment = this.environment(call, env);
    fn.layers = this.refList(call, get('layers'));
    const subnets = get('vpc_subnet_ids');
    if (subnets) {
      fn.vpcConfig = {
        state: 'set',
        value: {
          subnetIds: this.refList(call, subnets),
          securityGroupIds: this.refList(call, get('vpc_security_group_ids')),
        },
        origin: this.origin(call.file, subnets.range, 'function'),
      };
    }
    const snap = get('snap_start');
    if (snap) {
      const on = this.effective(call, snap, (v) => (typeof v === 'boolean' ? v : undefined));
      fn.snapStart =
        on.state === 'set'
          ? { ...on, value: on.value ? 'PublishedVersions' : 'None' }
          : on.state === 'dynamic'
            ? on
            : UNSET;
    }
    fn.ephemeralStorageSize = this.effective(call, get('ephemeral_storage_size'), asNumber);
    fn.kmsKeyArn = get('kms_key_arn') ? this.refEffective(call, get('kms_key_arn')!, 'function') : UNSET;
    fn.logRetention = this.effective(call, get('cloudwatch_logs_retention_in_days'), asNumber);
    fn.codeLocation = this.moduleCode(call);
    if (this.flag(call, 'create_async_event_config')) {
      const onFailure = this.destination(call, get('destination_on_failure'), 'function');
      const onSuccess = this.destination(call, get('destination_on_success'), 'function');
      fn.eventInvokeConfig = {
        state: 'set',
        value: {
          onFailure,
          onSuccess,
          maximumRetryAttempts: this.effective(call, get('maximum_retry_attempts'), asNumber),
          maximumEventAgeInSeconds: this.effective(call, get('maximum_event_age_in_seconds'), asNumber),
        },
        origin: this.origin(call.file, get('create_async_event_config')!.range, 'function'),
      };
    }
    this.functions.set(call.address, fn);
    this.moduleTriggers(call, fn);
  }

  private known(r: Resource | ModuleCall, name: string, body: HclBody = r.block.body): Known | undefined {
    const value = this.value(r, attribute(body, name));
    return value?.kind === 'known' ? value.value : undefined;
  }

  private flag(call: ModuleCall, name: string): boolean {
    const value = this.value(call, attribute(call.block.body, name));
    return value?.kind === 'known' && value.value === true;
  }

  /** The module's package: a prebuilt `local_existing_package`, a local `source_path`, or an S3 object. */
  private moduleCode(call: ModuleCall): Effective<CodeLocation> {
    const body = call.block.body;
    if (this.flag(call, 'create_package') === false && attribute(body, 'local_existing_package')) {
      return this.effective(call, attribute(body, 'local_existing_package'), (v) =>
        typeof v === 'string' ? { type: 'path', path: this.rootRelative(v) } : undefined,
      );
    }
    const image = attribute(body, 'image_uri');
    if (image)
      return this.effective(call, image, (v) =>
        typeof v === 'string' ? { type: 'image', imageUri: v } : undefined,
      );
    const source = attribute(body, 'source_path');
    if (!source) return UNSET;
    // `source_path` is a path, or a list of paths / `{ path = … }` objects: the first names the code.
    return this.effective(call, source, (v) => {
      const first = Array.isArray(v) ? v[0] : v;
      const written =
        typeof first === 'string'
          ? first
          : first && typeof first === 'object' && !Array.isArray(first) && typeof first.path === 'string'
            ? first.path
            : undefined;
      return written === undefined ? undefined : { type: 'path', path: this.rootRelative(written) };
    });
  }

  /** The module's `allowed_triggers` (permissions) and `event_source_mapping` inputs. */
  private moduleTriggers(call: ModuleCall, fn: LambdaFunction): void {
    const triggers = attribute(call.block.body, 'allowed_triggers');
    if (triggers?.expr.kind === 'object') {
      for (const entry of triggers.expr.entries) {
        if (entry.value.kind !== 'object' || entry.key === undefined) continue;
        const fields = new Map(entry.value.entries.map((e) => [e.key, e.value]));
        const principalExpr = fields.get('principal');
        const serviceExpr = fields.get('service');
        const principal = principalExpr ? call.inst.evaluator.evaluate(principalExpr) : undefined;
        const service = serviceExpr ? call.inst.evaluator.evaluate(serviceExpr) : undefined;
        const principalText =
          principal?.kind === 'known' && typeof principal.value === 'string'
            ? principal.value
            : service?.kind === 'known' && typeof service.value === 'string'
              ? `${service.value}.amazonaws.com`
              : undefined;
        const origin = this.origin(call.file, entry.keyRange, 'function');
        const sourceArn = fields.get('source_arn');
        this.permissionEvent(
          fn,
          `${call.address}.allowed_triggers.${entry.key}`,
          principalText,
          origin,
          sourceArn ? call.inst.evaluator.evaluate(sourceArn) : undefined,
        );
      }
    }
    const mappings = attribute(call.block.body, 'event_source_mapping');
    if (mappings?.expr.kind === 'object') {
      for (const entry of mappings.expr.entries) {
        if (entry.value.kind !== 'object' || entry.key === undefined) continue;
        const body: HclBody = { attributes: objectAttributes(entry.value), blocks: [] };
        const block: HclBlock = {
          type: 'event_source_mapping',
          labels: [entry.key],
          headerRange: entry.keyRange,
          range: entry.value.range,
          body,
        };
        this.eventSourceMapping(
          {
            type: 'aws_lambda_event_source_mapping',
            name: entry.key,
            address: `${call.address}.event_source_mapping.${entry.key}`,
            block,
            file: call.file,
            inst: call.inst,
          },
          fn,
          'function',
        );
      }
    }
  }

  // ---- related resources ----

  private related(r: Resource): void {
    const body = r.block.body;
    switch (r.type) {
      case 'aws_lambda_provisioned_concurrency_config': {
        const target = this.functionOf(r, attribute(body, 'function_name'));
        const fn = target && this.functions.get(target.id);
        if (!fn) return;
        const amount = this.effective(
          r,
          attribute(body, 'provisioned_concurrent_executions'),
          asNumber,
          'resource',
          r.address,
        );
        fn.provisionedConcurrency = amount;
        const qualifierAttr = attribute(body, 'qualifier');
        const qualifierValue = this.value(r, qualifierAttr);
        const aliasAddress =
          qualifierValue?.kind === 'ref' && qualifierValue.address.includes('aws_lambda_alias.')
            ? qualifierValue.address
            : undefined;
        // `qualifier = aws_lambda_function.x.version` names the version the function itself publishes.
        const ownVersion =
          qualifierValue?.kind === 'ref' &&
          qualifierValue.address === fn.id &&
          qualifierValue.attribute === 'version'
            ? `${fn.id}.version`
            : undefined;
        const logicalId = aliasAddress ?? ownVersion;
        fn.provisionedConcurrencyTarget = {
          kind: aliasAddress ? 'alias' : 'version',
          ...(logicalId && { logicalId }),
          qualifier: this.effective(r, qualifierAttr, asString, 'resource', r.address),
        };
        const alias = aliasAddress ? this.aliases.find((a) => a.id === aliasAddress) : undefined;
        if (alias) alias.provisionedConcurrency = amount;
        return;
      }
      case 'aws_lambda_function_event_invoke_config': {
        const target = this.functionOf(r, attribute(body, 'function_name'));
        const fn = target && this.functions.get(target.id);
        if (!fn) return;
        const destinations = nestedBlock(body, 'destination_config');
        const onFailure = destinations ? nestedBlock(destinations.body, 'on_failure') : undefined;
        const onSuccess = destinations ? nestedBlock(destinations.body, 'on_success') : undefined;
        const config: EventInvokeConfig = {
          onFailure: onFailure
            ? this.destination(r, attribute(onFailure.body, 'destination'), 'resource', r.address)
            : UNSET,
          onSuccess: onSuccess
            ? this.destination(r, attribute(onSuccess.body, 'destination'), 'resource', r.address)
            : UNSET,
          maximumRetryAttempts: this.effective(
            r,
            attribute(body, 'maximum_retry_attempts'),
            asNumber,
            'resource',
            r.address,
          ),
          maximumEventAgeInSeconds: this.effective(
            r,
            attribute(body, 'maximum_event_age_in_seconds'),
            asNumber,
            'resource',
            r.address,
          ),
        };
        fn.eventInvokeConfig = {
          state: 'set',
          value: config,
          origin: this.origin(r.file, r.block.headerRange, 'resource', r.address),
        };
        return;
      }
      case 'aws_lambda_event_source_mapping': {
        const target = this.functionOf(r, attribute(body, 'function_name'));
        this.eventSourceMapping(r, target && this.functions.get(target.id), 'resource');
        return;
      }
      case 'aws_lambda_permission': {
        const target = this.functionOf(r, attribute(body, 'function_name'));
        const fn = target && this.functions.get(target.id);
        if (!fn) return;
        const principal = this.value(r, attribute(body, 'principal'));
        const text =
          principal?.kind === 'known' && typeof principal.value === 'string' ? principal.value : undefined;
        this.permissionEvent(
          fn,
          r.address,
          text,
          this.origin(r.file, r.block.headerRange, 'resource', r.address),
          this.value(r, attribute(body, 'source_arn')),
        );
        return;
      }
      case 'aws_s3_bucket_notification':
        for (const b of nestedBlocks(body, 'lambda_function'))
          this.directTrigger(r, b, 'lambda_function_arn', 'S3', b.headerRange, attribute(body, 'bucket'));
        return;
      case 'aws_sns_topic_subscription': {
        const protocol = this.value(r, attribute(body, 'protocol'));
        // An `sqs` subscription feeds a queue: the function polling it is that queue's consumer, not SNS's.
        const delivery =
          protocol?.kind === 'known' && typeof protocol.value === 'string'
            ? snsSubscriptionDelivery(protocol.value)
            : 'other';
        if (delivery === 'function')
          this.directTrigger(
            r,
            r.block,
            'endpoint',
            'SNS',
            r.block.headerRange,
            attribute(body, 'topic_arn'),
          );
        return;
      }
      case 'aws_cloudwatch_event_target': {
        const rule = this.value(r, attribute(body, 'rule'));
        const ruleResource = rule?.kind === 'ref' ? this.byAddress.get(rule.address) : undefined;
        const kind = ruleResource
          ? eventBridgeRuleKind({
              scheduleExpression: attribute(ruleResource.block.body, 'schedule_expression') !== undefined,
              eventPattern: attribute(ruleResource.block.body, 'event_pattern') !== undefined,
            })
          : 'pattern';
        this.directTrigger(
          r,
          r.block,
          'arn',
          kind === 'schedule' ? 'Schedule' : 'EventBridgeRule',
          r.block.headerRange,
          attribute(body, 'rule'),
          kind === 'schedule',
        );
        return;
      }
      case 'aws_scheduler_schedule': {
        const target = nestedBlock(body, 'target');
        if (target) this.directTrigger(r, target, 'arn', 'ScheduleV2', r.block.headerRange, undefined, true);
        return;
      }
      case 'aws_api_gateway_integration':
        this.directTrigger(r, r.block, 'uri', 'Api', r.block.headerRange);
        return;
      case 'aws_apigatewayv2_integration':
        this.directTrigger(r, r.block, 'integration_uri', 'HttpApi', r.block.headerRange);
        return;
      case 'aws_lambda_function_url':
        return this.functionUrl(r);
      case 'aws_cloudwatch_log_group':
        return this.logGroup(r);
      default:
        return;
    }
  }

  private alias(r: Resource): void {
    const body = r.block.body;
    const target = this.functionOf(r, attribute(body, 'function_name'));
    this.aliasOwner.set(r.address, target?.id ?? '');
    if (!target) this.aliasOwner.delete(r.address);
    const version = attribute(body, 'function_version');
    const alias: Alias = {
      id: r.address,
      origin: this.origin(r.file, r.block.headerRange, 'resource', r.address),
      ...(target && { functionId: target.id }),
      name: this.effective(r, attribute(body, 'name'), asString, 'resource', r.address),
      functionVersion: version ? this.refEffective(r, version, 'resource', r.address) : UNSET,
      provisionedConcurrency: UNSET,
    };
    this.aliases.push(alias);
    if (target) this.functions.get(target.id)?.aliases.push(r.address);
  }

  /** A resource that invokes a function by ARN (S3 notification, SNS subscription, EventBridge target, schedule, API integration). */
  private directTrigger(
    r: Resource,
    block: HclBlock,
    arnAttribute: string,
    type: string,
    at: Range,
    about: HclAttribute | undefined = undefined,
    schedule = false,
  ): void {
    const target = this.functionOf(r, attribute(block.body, arnAttribute));
    const fn = target && this.functions.get(target.id);
    if (!fn) return;
    const api = type === 'Api' || type === 'HttpApi';
    const timeout = api
      ? this.effective(r, attribute(block.body, 'timeout_milliseconds'), asNumber, 'resource', r.address)
      : UNSET;
    const aboutValue = about ? this.value(r, about) : undefined;
    const event: EventSource = {
      id: r.address,
      type,
      invocation: api ? 'synchronous' : 'asynchronous',
      origin: this.origin(r.file, at, 'resource', r.address),
      via: 'event',
      ...(schedule && { schedule: true }),
      ...(timeout.state !== 'unset' && {
        integrationTimeoutSeconds:
          timeout.state === 'set' ? { ...timeout, value: timeout.value / 1000 } : timeout,
      }),
    };
    fn.events.push(event);
    this.aboutAddress.set(event, aboutValue?.kind === 'ref' ? aboutValue.address : r.address);
  }

  /**
   * An `aws_lambda_permission` for a bucket, topic or rule whose notification, subscription or target
   * is in the module only allows that trigger: the trigger itself (a schedule, say) is the better reading.
   */
  private dropPermissionsOfSeenTriggers(fn: LambdaFunction): void {
    const direct = fn.events.filter((e) => e.via === 'event' && SERVICE_OF_TRIGGER[e.type] !== undefined);
    if (direct.length === 0) return;
    fn.events = fn.events.filter((e) => {
      if (e.via !== 'permission') return true;
      const service = e.type.slice('Permission:'.length);
      const same = direct.filter((d) => SERVICE_OF_TRIGGER[d.type] === service);
      if (same.length === 0) return true;
      const about = this.aboutAddress.get(e);
      // A permission naming another bucket / topic / rule is a trigger of its own.
      return about !== undefined && !same.some((d) => this.aboutAddress.get(d) === about);
    });
  }

  private permissionEvent(
    fn: LambdaFunction,
    id: string,
    principal: string | undefined,
    origin: Origin,
    sourceArn: TfValue | undefined,
  ): void {
    const caller = principal !== undefined ? classifyPrincipal(principal) : undefined;
    if (!caller || principal === undefined) return;
    const event: EventSource = {
      id,
      type: `Permission:${caller.service}`,
      invocation: caller.invocation,
      origin,
      via: 'permission',
      principal,
    };
    fn.events.push(event);
    this.aboutAddress.set(event, sourceArn?.kind === 'ref' ? sourceArn.address : undefined);
  }

  private eventSourceMapping(r: Resource, fn: LambdaFunction | undefined, kind: Origin['kind']): void {
    const body = r.block.body;
    const resource = kind === 'resource' ? r.address : undefined;
    const sourceAttr = attribute(body, 'event_source_arn');
    const sourceValue = this.value(r, sourceAttr);
    const sourceResource = sourceValue?.kind === 'ref' ? this.byAddress.get(sourceValue.address) : undefined;
    const kafka = nestedBlock(body, 'self_managed_event_source') ? 'SelfManagedKafka' : undefined;
    const type = kafka ?? this.pollType(sourceResource?.type, sourceValue);
    const destinations = nestedBlock(body, 'destination_config');
    const onFailure = destinations ? nestedBlock(destinations.body, 'on_failure') : undefined;
    const scaling = nestedBlock(body, 'scaling_config');
    const event: EventSource = {
      id: r.address,
      type,
      invocation: 'poll',
      origin: this.origin(r.file, r.block.headerRange, kind, resource),
      via: 'event-source-mapping',
      ...(sourceAttr && { sourceArn: this.refEffective(r, sourceAttr, kind, resource) }),
      ...(sourceResource &&
        CFN_TYPE[sourceResource.type] && {
          sourceResource: { logicalId: sourceResource.address, type: CFN_TYPE[sourceResource.type]! },
        }),
      // The Lambda module's `event_source_mapping` entries name it `destination_arn_on_failure`.
      onFailure: onFailure
        ? this.destination(r, attribute(onFailure.body, 'destination_arn'), kind, resource)
        : this.destination(r, attribute(body, 'destination_arn_on_failure'), kind, resource),
      bisectBatchOnFunctionError: this.effective(
        r,
        attribute(body, 'bisect_batch_on_function_error'),
        asBoolean,
        kind,
        resource,
      ),
      maximumRetryAttempts: this.effective(
        r,
        attribute(body, 'maximum_retry_attempts'),
        asNumber,
        kind,
        resource,
      ),
      batchSize: this.effective(r, attribute(body, 'batch_size'), asNumber, kind, resource),
      maximumConcurrency: scaling
        ? this.effective(r, attribute(scaling.body, 'maximum_concurrency'), asNumber, kind, resource)
        : UNSET,
      maximumBatchingWindowInSeconds: this.effective(
        r,
        attribute(body, 'maximum_batching_window_in_seconds'),
        asNumber,
        kind,
        resource,
      ),
      isStream: type === 'Kinesis' || type === 'DynamoDB',
    };
    fn?.events.push(event);
    this.mappings.push({ id: r.address, origin: event.origin, ...(fn && { functionId: fn.id }), event });
  }

  /** SQS, Kinesis, DynamoDB, MSK, MQ or DocumentDB, from the source resource or the ARN (the CloudFormation normalizer's classification). */
  private pollType(resourceType: string | undefined, value: TfValue | undefined): string {
    const arn = value?.kind === 'known' && typeof value.value === 'string' ? value.value : '';
    const type = pollSourceType((resourceType && CFN_TYPE[resourceType]) ?? arn);
    return type === 'unknown' ? 'EventSourceMapping' : type;
  }

  /** A layer built from a local zip or `archive_file`: the bundle analyzer measures it for the functions that list it. */
  private layer(r: Resource): void {
    const name = this.value(r, attribute(r.block.body, 'layer_name'));
    this.layers.set(r.address, {
      id: r.address,
      ...(name?.kind === 'known' && typeof name.value === 'string' && { name: name.value }),
      resourceType: 'aws_lambda_layer_version',
      origin: this.origin(r.file, r.block.headerRange, 'resource', r.address),
      content: this.codeLocation(r, r.block.body),
    });
  }

  private queue(r: Resource): void {
    const body = r.block.body;
    const fifo = this.value(r, attribute(body, 'fifo_queue'));
    this.queues.set(r.address, {
      id: r.address,
      origin: this.origin(r.file, r.block.headerRange, 'resource', r.address),
      resourceRange: r.block.range,
      visibilityTimeout: this.effective(
        r,
        attribute(body, 'visibility_timeout_seconds'),
        asNumber,
        'resource',
        r.address,
      ),
      redrivePolicy: this.redrivePolicy(r, attribute(body, 'redrive_policy')),
      fifo: fifo?.kind === 'known' && fifo.value === true,
      deadLetterSourceOf: [],
    });
  }

  private redrivePolicy(r: Resource, attr: HclAttribute | undefined): Queue['redrivePolicy'] {
    if (!attr) return UNSET;
    const origin = this.origin(r.file, attr.range, 'resource', r.address);
    // jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, … }): read the object, keeping the reference.
    const object =
      attr.expr.kind === 'call' && attr.expr.name === 'jsonencode' ? attr.expr.args[0] : undefined;
    if (object?.kind === 'object') {
      const target = object.entries.find((e) => e.key === 'deadLetterTargetArn');
      const count = object.entries.find((e) => e.key === 'maxReceiveCount');
      if (!target) return { state: 'dynamic', origin, conditional: false, reason: 'no deadLetterTargetArn' };
      const targetValue = r.inst.evaluator.evaluate(target.value);
      if (targetValue.kind === 'unknown')
        return { state: 'dynamic', origin, conditional: false, reason: targetValue.reason };
      const countValue = count ? r.inst.evaluator.evaluate(count.value) : undefined;
      return {
        state: 'set',
        value: {
          deadLetterTarget: this.resourceRef(
            targetValue,
            exprText({ name: '', range: target.value.range, expr: target.value }),
          ),
          maxReceiveCount:
            countValue?.kind === 'known' && typeof countValue.value === 'number'
              ? { state: 'set', value: countValue.value, origin }
              : countValue
                ? { state: 'dynamic', origin, conditional: false, reason: 'computed' }
                : UNSET,
        },
        origin,
      };
    }
    const value = this.value(r, attr)!;
    if (value.kind === 'known' && typeof value.value === 'string') {
      try {
        const parsed = JSON.parse(value.value) as {
          deadLetterTargetArn?: unknown;
          maxReceiveCount?: unknown;
        };
        if (typeof parsed.deadLetterTargetArn === 'string') {
          return {
            state: 'set',
            value: {
              deadLetterTarget: { text: parsed.deadLetterTargetArn, dynamic: false },
              maxReceiveCount:
                typeof parsed.maxReceiveCount === 'number'
                  ? { state: 'set', value: parsed.maxReceiveCount, origin }
                  : UNSET,
            },
            origin,
          };
        }
      } catch {
        // not JSON: treated as unknown below
      }
    }
    if (value.kind === 'known' && (value.value === null || value.value === '')) return UNSET;
    return {
      state: 'dynamic',
      origin,
      conditional: false,
      reason: value.kind === 'unknown' ? value.reason : 'computed',
    };
  }

  /** `aws_sqs_queue_redrive_policy` resources and which queues are themselves dead-letter queues. */
  private linkDeadLetterSources(): void {
    for (const r of this.resources) {
      if (r.type !== 'aws_sqs_queue_redrive_policy') continue;
      const url = this.value(r, attribute(r.block.body, 'queue_url'));
      const queue = url?.kind === 'ref' ? this.queues.get(url.address) : undefined;
      if (queue) queue.redrivePolicy = this.redrivePolicy(r, attribute(r.block.body, 'redrive_policy'));
    }
    for (const queue of this.queues.values()) {
      const policy = queue.redrivePolicy;
      const target = policy.state === 'set' ? policy.value.deadLetterTarget.logicalId : undefined;
      if (target) this.queues.get(target)?.deadLetterSourceOf.push(queue.id);
    }
  }

  private functionUrl(r: Resource): void {
    const body = r.block.body;
    const target = this.functionOf(r, attribute(body, 'function_name'));
    const fn = target && this.functions.get(target.id);
    if (!fn) return;
    const url: FunctionUrl = {
      authType: this.effective(r, attribute(body, 'authorization_type'), asString, 'resource', r.address),
      invokeMode: this.effective(r, attribute(body, 'invoke_mode'), asString, 'resource', r.address),
    };
    const origin = this.origin(r.file, r.block.headerRange, 'resource', r.address);
    fn.functionUrl = { state: 'set', value: url, origin };
    fn.events.push({
      id: r.address,
      type: 'FunctionUrl',
      invocation: 'synchronous',
      origin,
      via: 'function-url',
    });
  }

  // ---- CodeDeploy ----

  /**
   * Lambda deployment groups and the functions they deploy. A raw `aws_codedeploy_deployment_group`
   * names no function (the AppSpec of each deployment does), so it is joined to one only when its
   * module has exactly one Lambda group and exactly one function with an alias; the deploy
   * submodule names its function itself.
   */
  private readDeploymentGroups(): void {
    const raw: { group: DeploymentGroup; prefix: string }[] = [];
    for (const r of this.resources) {
      if (r.type !== 'aws_codedeploy_deployment_group') continue;
      const group = this.lambdaDeploymentGroup(r);
      if (group) raw.push({ group, prefix: r.inst.prefix });
    }
    for (const { group, prefix } of raw) {
      if (raw.filter((g) => g.prefix === prefix).length !== 1) continue;
      const aliased = [...this.functions.values()].filter(
        (fn) => this.functionPrefix.get(fn.id) === prefix && fn.aliases.length > 0,
      );
      if (aliased.length === 1) group.functionId = aliased[0]!.id;
    }
    for (const call of this.deployModules) {
      const group = this.deployModuleGroup(call);
      if (group) raw.push({ group, prefix: call.inst.prefix });
    }
    for (const { group } of raw) {
      this.deploymentGroups.push(group);
      const fn = group.functionId ? this.functions.get(group.functionId) : undefined;
      if (fn?.deploymentPreference.state === 'unset') {
        fn.deploymentPreference = {
          state: 'set',
          value: {
            type: mapEffective(group.shift, (shift) => shift.text.replace(/^CodeDeployDefault\.Lambda/, '')),
            alarms: group.alarms,
            hooks: UNSET,
            enabled: { state: 'set', value: true, origin: group.origin },
          },
          origin: group.origin,
        };
      }
    }
  }

  /** An `aws_codedeploy_deployment_group` whose application or deployment config is for Lambda. */
  private lambdaDeploymentGroup(r: Resource): DeploymentGroup | undefined {
    const body = r.block.body;
    const count = this.value(r, attribute(body, 'count'));
    if (count?.kind === 'known' && count.value === 0) return undefined;
    const platform = this.appPlatform(r, attribute(body, 'app_name'));
    if (platform !== undefined && platform !== 'Lambda') return undefined;
    const shift = this.deploymentShift(r, attribute(body, 'deployment_config_name'));
    // Without a Lambda application in this module, only a Lambda deployment config tells the group deploys Lambda.
    if (platform === undefined && shift.state !== 'set') return undefined;
    const at = (range: Range) => this.origin(r.file, range, 'resource', r.address);
    const alarmBlock = nestedBlock(body, 'alarm_configuration');
    const rollbackBlock = nestedBlock(body, 'auto_rollback_configuration');
    return {
      id: r.address,
      resourceType: r.type,
      origin: at(r.block.headerRange),
      shift,
      alarms: alarmBlock
        ? attribute(alarmBlock.body, 'alarms')
          ? this.refList(r, attribute(alarmBlock.body, 'alarms'), 'resource', r.address)
          : { state: 'set', value: [], origin: at(alarmBlock.headerRange) }
        : this.dynamicBlock(r, body, 'alarm_configuration'),
      alarmsEnabled: alarmBlock
        ? this.effective(r, attribute(alarmBlock.body, 'enabled'), asBoolean, 'resource', r.address)
        : UNSET,
      autoRollback: rollbackBlock
        ? {
            state: 'set',
            value: {
              enabled: this.effective(
                r,
                attribute(rollbackBlock.body, 'enabled'),
                asBoolean,
                'resource',
                r.address,
              ),
              events: this.effective(
                r,
                attribute(rollbackBlock.body, 'events'),
                asStringList,
                'resource',
                r.address,
              ),
            },
            origin: at(rollbackBlock.headerRange),
          }
        : this.dynamicBlock(r, body, 'auto_rollback_configuration'),
    };
  }

  /** terraform-aws-modules/lambda/aws//modules/deploy with `create_deployment_group = true`, read with the module's defaults. */
  private deployModuleGroup(call: ModuleCall): DeploymentGroup | undefined {
    if (this.known(call, 'create') === false || !this.flag(call, 'create_deployment_group')) return undefined;
    const get = (name: string) => attribute(call.block.body, name);
    const header = this.origin(call.file, call.block.headerRange, 'resource', call.address);
    const byDefault = <T>(value: T): Effective<T> => ({
      state: 'set',
      value,
      origin: { ...header, kind: 'default' },
    });
    const target = this.functionOf(call, get('function_name'));
    const configName = get('deployment_config_name');
    return {
      id: call.address,
      resourceType: DEPLOY_MODULE_TYPE,
      origin: header,
      ...(target && this.functions.has(target.id) && { functionId: target.id }),
      shift: configName
        ? this.deploymentShift(call, configName)
        : byDefault({ kind: 'all-at-once' as const, text: 'CodeDeployDefault.LambdaAllAtOnce' }),
      alarms: this.refList(call, get('alarms')),
      // The module writes no alarm_configuration at all unless `alarm_enabled = true`.
      alarmsEnabled: get('alarm_enabled')
        ? this.effective(call, get('alarm_enabled'), asBoolean)
        : byDefault(false),
      autoRollback: byDefault({
        enabled: get('auto_rollback_enabled')
          ? this.effective(call, get('auto_rollback_enabled'), asBoolean)
          : byDefault(true),
        events: get('auto_rollback_events')
          ? this.effective(call, get('auto_rollback_events'), asStringList)
          : byDefault(['DEPLOYMENT_STOP_ON_ALARM']),
      }),
    };
  }

  /** `compute_platform` of the `aws_codedeploy_app` a group names (by reference or literal name); undefined when it is not in this module or not literal. */
  private appPlatform(r: Resource, attr: HclAttribute | undefined): string | undefined {
    const value = this.value(r, attr);
    const app =
      value?.kind === 'ref'
        ? this.byAddress.get(value.address)
        : value?.kind === 'known'
          ? this.resources.find(
              (a) => a.type === 'aws_codedeploy_app' && this.known(a, 'name') === value.value,
            )
          : undefined;
    if (app?.type !== 'aws_codedeploy_app') return undefined;
    const platform = this.value(app, attribute(app.block.body, 'compute_platform'));
    if (!platform) return 'Server';
    return platform.kind === 'known' && typeof platform.value === 'string' ? platform.value : undefined;
  }

  /** `deployment_config_name`: a CodeDeployDefault.Lambda… name, or a Lambda `aws_codedeploy_deployment_config` of this module by reference or name. */
  private deploymentShift(
    r: Resource | ModuleCall,
    attr: HclAttribute | undefined,
  ): DeploymentGroup['shift'] {
    if (!attr) return UNSET;
    const origin = this.origin(r.file, attr.range, 'resource', r.address);
    const value = this.value(r, attr)!;
    const dynamic = (reason: string): DeploymentGroup['shift'] => ({
      state: 'dynamic',
      origin,
      conditional: false,
      reason,
    });
    if (value.kind === 'known' && typeof value.value === 'string') {
      const name = value.value;
      const builtIn = /^CodeDeployDefault\.Lambda(Canary|Linear|AllAtOnce)/.exec(name)?.[1];
      if (builtIn) return { state: 'set', value: { kind: SHIFT_OF[builtIn]!, text: name }, origin };
      const config = this.resources.find(
        (c) =>
          c.type === 'aws_codedeploy_deployment_config' && this.known(c, 'deployment_config_name') === name,
      );
      return config
        ? this.configShift(config, origin)
        : dynamic(`${name} is not a Lambda deployment config of this module`);
    }
    if (value.kind === 'ref') {
      const config = this.byAddress.get(value.address);
      if (config?.type === 'aws_codedeploy_deployment_config') return this.configShift(config, origin);
      return dynamic(`${value.text} is known after apply`);
    }
    return dynamic(value.kind === 'unknown' ? value.reason : 'not a name');
  }

  private configShift(config: Resource, origin: Origin): DeploymentGroup['shift'] {
    const routing = nestedBlock(config.block.body, 'traffic_routing_config');
    const type = routing ? this.known(config, 'type', routing.body) : undefined;
    const kind = typeof type === 'string' ? SHIFT_OF[type.replace(/^TimeBased/, '')] : undefined;
    if (this.known(config, 'compute_platform') !== 'Lambda' || !kind)
      return {
        state: 'dynamic',
        origin,
        conditional: false,
        reason: `${config.address} is not a literal Lambda traffic routing`,
      };
    return { state: 'set', value: { kind, text: `${String(type)} in ${config.address}` }, origin };
  }

  private logGroup(r: Resource): void {
    const body = r.block.body;
    const nameAttr = attribute(body, 'name');
    const retention = this.effective(
      r,
      attribute(body, 'retention_in_days'),
      asNumber,
      'resource',
      r.address,
    );
    let functionId: string | undefined;
    if (nameAttr?.expr.kind === 'template') {
      const last = nameAttr.expr.parts[nameAttr.expr.parts.length - 1];
      const head = nameAttr.expr.parts[0];
      if (head === '/aws/lambda/' && last && typeof last !== 'string') {
        const value = r.inst.evaluator.evaluate(last);
        if (value.kind === 'ref' && this.functions.has(value.address)) functionId = value.address;
      }
    } else if (nameAttr) {
      const value = this.value(r, nameAttr);
      if (
        value?.kind === 'known' &&
        typeof value.value === 'string' &&
        value.value.startsWith('/aws/lambda/')
      ) {
        functionId = this.functionsByName.get(value.value.slice('/aws/lambda/'.length));
      }
    }
    this.logGroups.push({
      id: r.address,
      origin: this.origin(r.file, r.block.headerRange, 'resource', r.address),
      name: nameAttr ? this.refEffective(r, nameAttr, 'resource', r.address) : UNSET,
      retentionInDays: retention,
      ...(functionId && { functionId }),
    });
    const fn = functionId ? this.functions.get(functionId) : undefined;
    if (fn) fn.logRetention = retention;
  }
}

/** The inputs that only terraform-aws-modules/lambda/aws declares together. */
const LAMBDA_MODULE_INPUTS = ['source_path', 'tracing_mode', 'create_async_event_config', 'allowed_triggers'];

function isLambdaModuleCopy(files: ModuleFiles): boolean {
  const declared = new Set(
    files.files.flatMap((f) => f.body.blocks.filter((b) => b.type === 'variable').map((b) => b.labels[0])),
  );
  return LAMBDA_MODULE_INPUTS.every((name) => declared.has(name));
}

/** CodeDeployDefault.Lambda<…> and TimeBased<…> traffic routing → how traffic shifts. */
const SHIFT_OF: Record<string, 'canary' | 'linear' | 'all-at-once'> = {
  Canary: 'canary',
  Linear: 'linear',
  AllAtOnce: 'all-at-once',
};

/** The permission principal service that a direct trigger of this type needs. */
const SERVICE_OF_TRIGGER: Record<string, string> = {
  S3: 's3',
  SNS: 'sns',
  Schedule: 'events',
  EventBridgeRule: 'events',
  ScheduleV2: 'scheduler',
  Api: 'apigateway',
  HttpApi: 'apigateway',
};

function exprText(attr: HclAttribute): string {
  const e = attr.expr;
  if (e.kind === 'traversal' || e.kind === 'other') return e.text;
  if (e.kind === 'literal') return String(e.value);
  return attr.name;
}

function asString(v: Known): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function asNumber(v: Known): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function asBoolean(v: Known): boolean | undefined {
  if (typeof v === 'boolean') return v;
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

function asStringList(v: Known): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
