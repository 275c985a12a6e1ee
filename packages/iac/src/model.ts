import type { Finding, Location, Range, Subject, Suppression } from '@lambda-lint/core';

/**
 * The normalized model every IaC rule reads. SAM, plain CloudFormation, Serverless Framework and
 * CDK output all become the same shapes; rules never see YAML or TNodes. Every value carries where
 * it was set (so a finding can point at it and say "set in Globals") and values that cannot be
 * known statically are a state of their own, so "not configured" is never confused with "unknown".
 */

/** Source format of a template. */
export type TemplateKind = 'sam' | 'cloudformation' | 'serverless' | 'cdk' | 'terraform';

/** Where a value was written. It is a Location, so rules can pass it straight to `report({ at })`. */
export interface Origin extends Location {
  /** Which layer set it: the function itself, SAM Globals, Serverless provider, a related resource, or a built-in default. */
  kind: 'function' | 'globals' | 'provider' | 'resource' | 'default';
  /** Template-relative file (POSIX), as in findings. */
  file: string;
  /** The property (key start to value end), or the logical ID line for resource-level facts. */
  range: Range;
  /** Logical ID of the resource that set it, when that is not the function itself (e.g. an AWS::Lambda::EventInvokeConfig). */
  resource?: string;
}

/**
 * The effective value of one setting.
 * - `set`: a literal (or a structure whose presence is certain) with the place it was written.
 * - `unset`: nobody wrote it; AWS defaults apply. Rules report "missing" only for this state.
 * - `dynamic`: cannot be known before deploy (`!Ref Param`, `!If`, `!ImportValue`, `${ssm:…}`, `${env:…}`).
 *   `conditional` is true when an `!If` branch is `AWS::NoValue`: the setting is "conditionally missing".
 */
export type Effective<T> =
  | { state: 'set'; value: T; origin: Origin }
  | { state: 'unset' }
  | { state: 'dynamic'; origin: Origin; conditional: boolean; reason: string };

/** The single shared `unset` value. */
export const UNSET: Effective<never> = Object.freeze({ state: 'unset' }) as Effective<never>;

export function isSet<T>(e: Effective<T>): e is { state: 'set'; value: T; origin: Origin } {
  return e.state === 'set';
}

export function isUnset<T>(e: Effective<T>): e is { state: 'unset' } {
  return e.state === 'unset';
}

export function isDynamic<T>(
  e: Effective<T>,
): e is { state: 'dynamic'; origin: Origin; conditional: boolean; reason: string } {
  return e.state === 'dynamic';
}

/** True for a dynamic value that may be absent at deploy time (`!If [Cond, x, !Ref AWS::NoValue]`). */
export function isConditionallyMissing<T>(e: Effective<T>): boolean {
  return e.state === 'dynamic' && e.conditional;
}

/** The literal value, or `fallback` when unset or dynamic. */
export function valueOr<T, F>(e: Effective<T>, fallback: F): T | F {
  return e.state === 'set' ? e.value : fallback;
}

/** The literal value, or undefined. */
export function valueOf<T>(e: Effective<T>): T | undefined {
  return e.state === 'set' ? e.value : undefined;
}

/** Where the value was written, if anywhere. */
export function originOf<T>(e: Effective<T>): Origin | undefined {
  return e.state === 'unset' ? undefined : e.origin;
}

/** Human wording of an origin for messages: "in Globals at line 12", "in provider at line 7", "on the function at line 30". */
export function describeOrigin(origin: Origin): string {
  const where = `at line ${origin.range.line}`;
  switch (origin.kind) {
    case 'globals':
      return `in Globals ${where}`;
    case 'provider':
      return `in provider ${where}`;
    case 'resource':
      return origin.resource ? `in resource ${origin.resource} ${where}` : `in a related resource ${where}`;
    case 'default':
      return 'by default';
    case 'function':
      return `on the function ${where}`;
  }
}

/** Builds a `set` value. */
export function setValue<T>(value: T, origin: Origin): Effective<T> {
  return { state: 'set', value, origin };
}

/** Maps a set value, keeping unset/dynamic as they are. */
export function mapEffective<T, U>(e: Effective<T>, f: (value: T) => U): Effective<U> {
  return e.state === 'set' ? { state: 'set', value: f(e.value), origin: e.origin } : e;
}

/**
 * A reference to another resource or an ARN, as written. `text` is display text for messages
 * ("!GetAtt DLQ.Arn", "arn:aws:sqs:…"); `logicalId` names the resource when it is in this template.
 */
export interface ResourceRef {
  /** Display text of the reference as written. */
  text: string;
  /** Logical ID of the referenced resource when it is defined in this template. */
  logicalId?: string;
  /** True when the ARN/name is only known at deploy time (Ref to a parameter, ImportValue, ${ssm:…}). */
  dynamic: boolean;
}

/** Kind of target of a dead-letter queue or destination, when it can be told. */
export type TargetType = 'SQS' | 'SNS' | 'Lambda' | 'EventBridge' | 'S3' | 'unknown';

/** A DLQ or on-failure/on-success destination. */
export interface Destination {
  /** SQS/SNS/Lambda/EventBridge/S3 when known from the property, ARN or referenced resource type. */
  type: TargetType;
  /** What it points at. */
  target: ResourceRef;
}

/** Asynchronous-invocation settings (SAM EventInvokeConfig, AWS::Lambda::EventInvokeConfig, Serverless destinations/maximumRetryAttempts). */
export interface EventInvokeConfig {
  /** Destination for failed asynchronous invocations. */
  onFailure: Effective<Destination>;
  /** Destination for successful asynchronous invocations. */
  onSuccess: Effective<Destination>;
  /** 0–2 retries of a failed async invocation (AWS default 2). */
  maximumRetryAttempts: Effective<number>;
  /** 60–21600 seconds an async event may wait (AWS default 21600). */
  maximumEventAgeInSeconds: Effective<number>;
}

/** Where the function's code comes from. */
export interface CodeLocation {
  /** local path (CodeUri / package.artifact / handler dir), S3 object, inline ZipFile, container image, or CDK asset. */
  type: 'path' | 's3' | 'inline' | 'image' | 'cdk-asset';
  /** Local path as written, relative to the template's directory (for CDK: the asset directory inside cdk.out). */
  path?: string;
  /** S3 bucket, when literal. */
  bucket?: string;
  /** S3 key, when literal. */
  key?: string;
  /** Container image URI. */
  imageUri?: string;
  /** CDK `aws:asset:property` (normally "Code"). */
  assetProperty?: string;
  /** CDK `aws:asset:is-bundled: true`: the asset is build output (NodejsFunction), not source. */
  bundled?: boolean;
  /** Inline code (`InlineCode`, `Code.ZipFile`) when it is a literal string. */
  inline?: InlineCode;
}

/** Literal inline code and where it sits in the template, so code findings can be mapped back. */
export interface InlineCode {
  text: string;
  /** Where line 1, column 1 of `text` is in the template. */
  start: { line: number; column: number };
  /** True for a YAML literal block (`|`): line n of the code is template line `start.line + n - 1`, same indent. Otherwise findings go to `start`. */
  linesMapped: boolean;
}

/** SAM `Metadata: { BuildMethod, BuildProperties: { EntryPoints } }`: how `sam build` builds the function. */
export interface BuildMetadata {
  /** `esbuild`, `makefile`, … */
  method?: string;
  /** `BuildProperties.EntryPoints`, relative to CodeUri (TypeScript sources for esbuild). */
  entryPoints: string[];
}

/** Gradual deployment (SAM DeploymentPreference / CodeDeploy). */
export interface DeploymentPreference {
  /** Canary10Percent5Minutes, Linear10PercentEvery1Minute, AllAtOnce, … */
  type: Effective<string>;
  /** CloudWatch alarms that roll the deployment back; `set` with [] when written as an empty list. */
  alarms: Effective<ResourceRef[]>;
  /** PreTraffic / PostTraffic hook functions. */
  hooks: Effective<{ preTraffic?: ResourceRef; postTraffic?: ResourceRef }>;
  /** `Enabled: false` turns the preference off. */
  enabled: Effective<boolean>;
}

/**
 * A CodeDeploy deployment group for Lambda as Terraform writes it: an `aws_codedeploy_deployment_group`
 * of a Lambda application, or the terraform-aws-modules/lambda/aws `modules/deploy` submodule.
 * Unlike SAM's DeploymentPreference it does not always name the function it deploys.
 */
export interface DeploymentGroup {
  /** Terraform address of the group or of the deploy module call. */
  id: string;
  /** `aws_codedeploy_deployment_group` or `module:terraform-aws-modules/lambda/aws//modules/deploy`. */
  resourceType: string;
  /** The resource or module block header. */
  origin: Origin;
  /** The function it deploys, only when that is certain (see docs/rules/deployment-safety.md). */
  functionId?: string;
  /** How traffic shifts: from `deployment_config_name`, a CodeDeployDefault.Lambda… name or an `aws_codedeploy_deployment_config`. */
  shift: Effective<{ kind: 'canary' | 'linear' | 'all-at-once'; text: string }>;
  /** `alarm_configuration { alarms }` (module: `alarms`); `set` with [] when written as an empty list. */
  alarms: Effective<ResourceRef[]>;
  /** `alarm_configuration { enabled }` (module: `alarm_enabled`); only `false` as written turns the alarms off. */
  alarmsEnabled: Effective<boolean>;
  /** `auto_rollback_configuration` (module: `auto_rollback_enabled` / `auto_rollback_events`). */
  autoRollback: Effective<{ enabled: Effective<boolean>; events: Effective<string[]> }>;
}

/** VPC attachment. */
export interface VpcConfig {
  /** Subnet references (display texts). An empty list means not attached. */
  subnetIds: Effective<ResourceRef[]>;
  /** Security group references. */
  securityGroupIds: Effective<ResourceRef[]>;
}

/** A function URL (SAM FunctionUrlConfig, AWS::Lambda::Url, Serverless `url`). */
export interface FunctionUrl {
  /** AWS_IAM or NONE. */
  authType: Effective<string>;
  /** BUFFERED or RESPONSE_STREAM. */
  invokeMode: Effective<string>;
}

/** How Lambda is invoked by an event source; decides which failure handling applies. */
export type Invocation = 'synchronous' | 'asynchronous' | 'poll';

/** One trigger of a function. */
export interface EventSource {
  /** Event name (SAM Events key), `<index>` for Serverless events, or the logical ID of the CFN resource it came from. */
  id: string;
  /**
   * SAM event type (Api, HttpApi, SQS, Kinesis, DynamoDB, S3, SNS, Schedule, EventBridgeRule, …).
   * Serverless events use their key (http, httpApi, sqs, stream, s3, sns, schedule, eventBridge, …);
   * raw CloudFormation uses 'EventSourceMapping' or 'Permission:<service>' (e.g. 'Permission:s3').
   */
  type: string;
  /** Synchronous (caller waits, no retries by Lambda), asynchronous (queued, retried, needs DLQ/destination) or poll-based (event source mapping). */
  invocation: Invocation;
  /** Where this source is declared: the event key, the mapping/permission resource. */
  origin: Origin;
  /**
   * How it was found: a SAM/Serverless event, a CFN AWS::Lambda::EventSourceMapping / Permission, a function URL,
   * or another resource that names the function as its target (an AWS::Scheduler::Schedule, an SNS subscription, a SAM connector).
   */
  via: 'event' | 'event-source-mapping' | 'permission' | 'function-url' | 'resource';
  /** True when it fires on a timetable (schedules, EventBridge rules with only a ScheduleExpression, EventBridge Scheduler): it cannot fan out. */
  schedule?: boolean;
  /** Poll-based: the stream / queue / table / cluster ARN; permissions: their SourceArn. */
  sourceArn?: Effective<ResourceRef>;
  /** The source resource when it is in this template (poll-based: the queue/stream; permissions: the SourceArn's resource), with its CFN type. */
  sourceResource?: { logicalId: string; type: string };
  /** Poll-based: DestinationConfig.OnFailure (streams, Kafka; not SQS). */
  onFailure?: Effective<Destination>;
  /** Poll-based streams: BisectBatchOnFunctionError. */
  bisectBatchOnFunctionError?: Effective<boolean>;
  /** Poll-based streams: MaximumRetryAttempts (-1 = until the record expires). */
  maximumRetryAttempts?: Effective<number>;
  /** Poll-based: BatchSize. */
  batchSize?: Effective<number>;
  /** Poll-based SQS: ScalingConfig.MaximumConcurrency (Serverless sqs `maximumConcurrency`); caps the poller's concurrency. */
  maximumConcurrency?: Effective<number>;
  /** Poll-based: MaximumBatchingWindowInSeconds (Serverless `maximumBatchingWindow`); adds to the time a message stays in flight. */
  maximumBatchingWindowInSeconds?: Effective<number>;
  /** Api/HttpApi: logical ID of the explicit API resource (RestApiId / ApiId), when given. */
  apiId?: string;
  /** Permission-inferred: the principal service (s3.amazonaws.com …). */
  principal?: string;
  /** Stream-based event sources (Kinesis, DynamoDB) vs queue/broker ones; for messages. */
  isStream?: boolean;
  /** Api/HttpApi: the integration's own timeout in seconds when the template sets one (Terraform `timeout_milliseconds`). */
  integrationTimeoutSeconds?: Effective<number>;
}

/** One Lambda function with its effective configuration whatever the source format. */
export interface LambdaFunction {
  /** Logical ID (SAM/CFN/CDK) or function key (Serverless). */
  id: string;
  /** Friendlier name: CDK construct path (`aws:cdk:path` without its trailing `/Resource`), else the literal FunctionName / Serverless `name`. */
  name?: string;
  /** Format the function came from. */
  kind: TemplateKind;
  /** CloudFormation resource type (AWS::Serverless::Function, AWS::Lambda::Function) or 'serverless'. */
  resourceType: string;
  /** Template file (relative, POSIX). */
  file: string;
  /** The logical ID / function key line: where "missing property" findings point. */
  origin: Origin;
  /** Full line span of the resource / function block (Metadata suppressions, "inside this function"). */
  resourceRange: Range;
  /** Ready-made finding subject. */
  subject: Subject;
  /** CloudFormation Condition on the resource (it may not be deployed at all). */
  condition?: string;

  /** nodejs20.x, python3.12, java21, provided.al2023 … (unset for container images). */
  runtime: Effective<string>;
  /** Handler string. */
  handler: Effective<string>;
  /** Zip or Image. */
  packageType: Effective<'Zip' | 'Image'>;
  /** CodeUri / Code / InlineCode / package.artifact / CDK asset. */
  codeLocation: Effective<CodeLocation>;
  /** True when the code is inline (InlineCode / Code.ZipFile): there is no package to analyze. */
  inlineCode: boolean;
  /** SAM build Metadata, when the resource has one. */
  build?: BuildMetadata;
  /** MB; AWS default 128. */
  memorySize: Effective<number>;
  /** Seconds; AWS default 3 (Serverless default 6, reported as origin kind 'default'). */
  timeout: Effective<number>;
  /** ['x86_64'] / ['arm64']. */
  architectures: Effective<string[]>;
  /** X-Ray: Serverless `tracing.lambda: true` maps to Active, `false` to PassThrough. */
  tracing: Effective<'Active' | 'PassThrough'>;
  /** SAM DeadLetterQueue, CFN DeadLetterConfig.TargetArn, Serverless onError. */
  deadLetterTarget: Effective<Destination>;
  /** Async invocation config from the function (SAM), a related AWS::Lambda::EventInvokeConfig, or Serverless destinations. */
  eventInvokeConfig: Effective<EventInvokeConfig>;
  /** ReservedConcurrentExecutions / reservedConcurrency. */
  reservedConcurrency: Effective<number>;
  /** ProvisionedConcurrencyConfig (SAM, on an Alias/Version resource in CFN) / provisionedConcurrency. */
  provisionedConcurrency: Effective<number>;
  /** Where provisioned concurrency is attached: SAM/Serverless publish an alias; CFN names the Alias or Version resource. */
  provisionedConcurrencyTarget?: {
    kind: 'alias' | 'version' | 'function';
    logicalId?: string;
    qualifier?: Effective<string>;
  };
  /** SAM AutoPublishAlias (Serverless publishes a `provisioned` alias when provisionedConcurrency is set: reported as set with origin 'default'). */
  autoPublishAlias: Effective<string>;
  /** AWS::Lambda::Version resources publishing this function (logical IDs). */
  versions: string[];
  /** AWS::Lambda::Alias resources of this function (logical IDs). */
  aliases: string[];
  /** SAM DeploymentPreference. */
  deploymentPreference: Effective<DeploymentPreference>;
  /** VpcConfig / Serverless vpc. */
  vpcConfig: Effective<VpcConfig>;
  /** Environment variables, each with its own origin (function, Globals or provider). */
  environment: ReadonlyMap<string, Effective<string>>;
  /**
   * The `Environment` / `environment` blocks that set `environment` (function, Globals, provider), each with
   * whether its variables map itself is dynamic (`Variables: !If …`, `${file(env.yml)}`): then any name may be set.
   */
  environmentBlocks?: Array<{ origin: Origin; dynamic: boolean }>;
  /** Layers, Globals first then the function's own (the SAM translator's list merge). */
  layers: Effective<ResourceRef[]>;
  /** SnapStart.ApplyOn: PublishedVersions / None (Serverless `snapStart: true` → PublishedVersions). */
  snapStart: Effective<'PublishedVersions' | 'None'>;
  /** FileSystemConfigs (EFS mounts); SnapStart cannot be used with them. Optional: absent when the normalizer does not read it. */
  fileSystemConfigs?: Effective<ResourceRef[]>;
  /** EphemeralStorage.Size in MB (AWS default 512); SnapStart needs 512 or less. Optional like fileSystemConfigs. */
  ephemeralStorageSize?: Effective<number>;
  /** Function URL (its presence is a synchronous trigger too). */
  functionUrl: Effective<FunctionUrl>;
  /** KmsKeyArn for environment encryption. */
  kmsKeyArn: Effective<ResourceRef>;
  /** CloudWatch log retention in days (Serverless logRetentionInDays, or an AWS::Logs::LogGroup for this function). */
  logRetention: Effective<number>;
  /** Every trigger found: the function's own events plus CFN mappings/permissions/URLs that reference it. */
  events: EventSource[];
}

/** An AWS::SQS::Queue. */
export interface Queue {
  /** Logical ID. */
  id: string;
  /** The logical ID line. */
  origin: Origin;
  /** Full line span of the resource. */
  resourceRange: Range;
  /** Seconds; AWS default 30. */
  visibilityTimeout: Effective<number>;
  /** RedrivePolicy (dead-letter queue of this queue). */
  redrivePolicy: Effective<{ deadLetterTarget: ResourceRef; maxReceiveCount: Effective<number> }>;
  /** FifoQueue: true. */
  fifo: boolean;
  /** Logical IDs of queues whose RedrivePolicy points here: this queue is itself a DLQ. */
  deadLetterSourceOf: string[];
  /** Set when the template does not define the queue but a property makes SAM create it (SNS `SqsSubscription: true`): the place to change. */
  generatedBy?: { property: string; functionId: string; eventId: string };
}

/** An AWS::Lambda::EventSourceMapping resource (raw CloudFormation / CDK). */
export interface EventSourceMapping {
  /** Logical ID. */
  id: string;
  /** The logical ID line. */
  origin: Origin;
  /** Logical ID of the function it invokes, when resolvable. */
  functionId?: string;
  /** The mapping as an event source (also appended to the function's `events`). */
  event: EventSource;
}

/** An AWS::Lambda::Alias. */
export interface Alias {
  /** Logical ID. */
  id: string;
  /** The logical ID line. */
  origin: Origin;
  /** Logical ID of the function, when resolvable. */
  functionId?: string;
  /** Alias name. */
  name: Effective<string>;
  /** FunctionVersion as written ('$LATEST', !GetAtt Version.Version …). */
  functionVersion: Effective<ResourceRef>;
  /** ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions. */
  provisionedConcurrency: Effective<number>;
}

/** An AWS::Lambda::Version. */
export interface Version {
  /** Logical ID. */
  id: string;
  /** The logical ID line. */
  origin: Origin;
  /** Logical ID of the function, when resolvable. */
  functionId?: string;
  /** ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions. */
  provisionedConcurrency: Effective<number>;
}

/** An API Gateway stage (SAM Api, AWS::ApiGateway::Stage, Serverless provider.tracing.apiGateway) and its X-Ray tracing. */
export interface ApiStage {
  /** Logical ID (or 'ApiGatewayRestApi' for Serverless). */
  id: string;
  /** The API resource type (AWS::Serverless::Api, AWS::ApiGateway::Stage, serverless). */
  resourceType: string;
  /** The logical ID line. */
  origin: Origin;
  /** TracingEnabled. */
  tracing: Effective<boolean>;
}

/** An HTTP API (SAM HttpApi / AWS::ApiGatewayV2::Api). HTTP APIs have no X-Ray tracing. */
export interface HttpApi {
  /** Logical ID. */
  id: string;
  /** CloudFormation type (or 'serverless'). */
  resourceType: string;
  /** The logical ID line. */
  origin: Origin;
}

/** A Step Functions state machine and its X-Ray tracing. */
export interface StateMachine {
  /** Logical ID. */
  id: string;
  /** CloudFormation type (or 'serverless'). */
  resourceType: string;
  /** The logical ID line. */
  origin: Origin;
  /** Tracing.Enabled / TracingConfiguration.Enabled. */
  tracing: Effective<boolean>;
}

/** An AWS::Logs::LogGroup. */
export interface LogGroup {
  /** Logical ID. */
  id: string;
  /** The logical ID line. */
  origin: Origin;
  /** LogGroupName as written. */
  name: Effective<ResourceRef>;
  /** RetentionInDays. */
  retentionInDays: Effective<number>;
  /** Function whose log group this is (LogGroupName `/aws/lambda/${Fn}`), when it can be told. */
  functionId?: string;
}

/** A template Parameter. */
export interface Parameter {
  /** Logical ID. */
  id: string;
  /** The logical ID line. */
  origin: Origin;
  /** Parameter Type (String, Number, AWS::SSM::Parameter::Value<String> …). */
  type?: string;
  /** Literal Default, if any. */
  default?: string | number | boolean;
  /** AllowedValues, if literal. */
  allowedValues?: (string | number | boolean)[];
}

/**
 * A Lambda layer defined in the template: AWS::Serverless::LayerVersion, AWS::Lambda::LayerVersion
 * (plain CloudFormation or CDK), or an entry of Serverless' top-level `layers:`. Functions point at
 * it through `ResourceRef.logicalId`; the bundle analyzer measures its local content.
 */
export interface LayerVersion {
  /** Logical ID; for Serverless the generated `<Name>LambdaLayer` that `{ Ref: … }` names. */
  id: string;
  /** Serverless layer key (its packaged zip is `.serverless/<name>.zip`), or the CDK construct path. */
  name?: string;
  /** AWS::Serverless::LayerVersion, AWS::Lambda::LayerVersion or 'serverless'. */
  resourceType: string;
  /** The logical ID / layer key line. */
  origin: Origin;
  /**
   * SAM ContentUri, CloudFormation Content, CDK `aws:asset:path` (type 'cdk-asset'), Serverless
   * `package.artifact` else `path`. Local paths are relative to the template's directory.
   */
  content: Effective<CodeLocation>;
}

/** Everything a rule needs from one template file. */
export interface TemplateModel {
  /** Template file (relative, POSIX). */
  file: string;
  /** Source format. */
  kind: TemplateKind;
  /** Lambda functions, in file order. */
  functions: LambdaFunction[];
  /** SQS queues by logical ID, and the ones SAM creates for `SqsSubscription: true` (with `generatedBy`). */
  queues: ReadonlyMap<string, Queue>;
  /** AWS::Lambda::EventSourceMapping resources. */
  eventSourceMappings: EventSourceMapping[];
  /** AWS::Lambda::Alias resources. */
  aliases: Alias[];
  /** AWS::Lambda::Version resources. */
  versions: Version[];
  /** REST API stages with their tracing setting. */
  apiStages: ApiStage[];
  /** State machines with their tracing setting. */
  stateMachines: StateMachine[];
  /** HTTP APIs. */
  httpApis: HttpApi[];
  /** Log groups. */
  logGroups: LogGroup[];
  /** CodeDeploy deployment groups for Lambda (Terraform only: other formats carry them as `deploymentPreference`). */
  deploymentGroups?: DeploymentGroup[];
  /** Parameters by name. */
  parameters: ReadonlyMap<string, Parameter>;
  /** Layers defined in this template, by logical ID (Serverless: `<Name>LambdaLayer`). */
  layers: ReadonlyMap<string, LayerVersion>;
  /** CloudFormation resource types by logical ID (every resource, including Serverless `resources.Resources`). */
  resourceTypes: ReadonlyMap<string, string>;
  /** Number of resources (functions included). */
  resourceCount: number;
  /** Info notes from normalization (e.g. non-AWS Serverless provider skipped). */
  notes: Finding[];
  /** Serverless Framework `plugins:` (serverless-esbuild, serverless-plugin-typescript, …); absent for other formats. */
  plugins?: string[];
  /** Metadata `lambda-lint: ignore` entries, template-level (whole file) and per resource (its line span). */
  suppressions: Suppression[];
}

/** The finding subject for a function. */
export function functionSubject(fn: Pick<LambdaFunction, 'id' | 'name'>): Subject {
  return fn.name !== undefined
    ? { kind: 'function', id: fn.id, name: fn.name }
    : { kind: 'function', id: fn.id };
}

/** The invocation classes of a function's triggers. */
export function invocationsOf(fn: LambdaFunction): Set<Invocation> {
  return new Set(fn.events.map((e) => e.invocation));
}

/** Asynchronous triggers (including permission-inferred ones). */
export function asyncEventSources(fn: LambdaFunction): EventSource[] {
  return fn.events.filter((e) => e.invocation === 'asynchronous');
}

/** Poll-based triggers (event source mappings). */
export function pollEventSources(fn: LambdaFunction): EventSource[] {
  return fn.events.filter((e) => e.invocation === 'poll');
}
