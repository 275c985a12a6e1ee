import { describe, expect, it } from 'vitest';
import { fn, mergedSettings, modelOfFixture, modelOfText, show, showEnvironment } from './helpers.js';

// Expected values follow what the SAM translator's Globals plugin produces for each fixture:
// local primitives/intrinsics win, maps merge key by key, lists concatenate global-first.
describe('SAM Globals merge (fixtures/sam-globals)', () => {
  it('primitives: own value wins, Globals fills the rest', () => {
    const model = modelOfFixture('fixtures/sam-globals/primitives.yaml');
    expect(mergedSettings(fn(model, 'InheritsEverything'))).toEqual({
      tracing: 'Active @globals:10',
      deadLetterTarget: 'unset',
      reservedConcurrency: '20 @globals:11',
      provisionedConcurrency: 'unset',
      autoPublishAlias: 'unset',
      environment: {},
    });
    const overrides = fn(model, 'OverridesPrimitives');
    expect(mergedSettings(overrides)).toMatchObject({
      tracing: 'PassThrough @function:24',
      reservedConcurrency: '5 @function:25',
    });
    expect(show(overrides.runtime)).toBe('python3.12 @function:23');
    expect(show(overrides.memorySize)).toBe('512 @globals:8');
    expect(show(overrides.timeout)).toBe('30 @function:26');
  });

  it('maps: DeadLetterQueue, Environment.Variables and VpcConfig merge key by key', () => {
    const model = modelOfFixture('fixtures/sam-globals/maps.yaml');
    expect(mergedSettings(fn(model, 'KeepsGlobalMaps'))).toEqual({
      tracing: 'unset',
      deadLetterTarget: 'SQS→SharedDeadLetters @globals:8',
      reservedConcurrency: 'unset',
      provisionedConcurrency: 'unset',
      autoPublishAlias: 'unset',
      environment: { TABLE_NAME: 'orders @globals:13', LOG_LEVEL: 'INFO @globals:14' },
    });
    const merges = fn(model, 'MergesMaps');
    expect(mergedSettings(merges)).toEqual({
      tracing: 'unset',
      deadLetterTarget: 'SNS→OwnTopicDeadLetters @function:35',
      reservedConcurrency: 'unset',
      provisionedConcurrency: 'unset',
      autoPublishAlias: 'unset',
      environment: {
        TABLE_NAME: 'orders @globals:13',
        LOG_LEVEL: 'DEBUG @function:40',
        FEATURE_FLAG: 'on @function:41',
      },
    });
    const vpc = merges.vpcConfig;
    expect(vpc.state).toBe('set');
    if (vpc.state === 'set') {
      expect(show(vpc.value.subnetIds)).toBe('[subnet-0123456789abcdef0] @function:43');
      expect(show(vpc.value.securityGroupIds)).toBe('[sg-0123456789abcdef0] @globals:16');
    }
  });

  it('lists: Layers and VpcConfig.SubnetIds concatenate, Globals first', () => {
    const model = modelOfFixture('fixtures/sam-globals/lists.yaml');
    const observability = 'arn:aws:lambda:eu-west-1:123456789012:layer:observability:3';
    expect(show(fn(model, 'GlobalLayerOnly').layers)).toBe(`[${observability}] @globals:9`);
    const both = fn(model, 'ConcatenatesLists');
    expect(show(both.layers)).toBe(`[${observability}, SharedLayer] @function:32`);
    expect(mergedSettings(both).tracing).toBe('Active @globals:8');
    if (both.vpcConfig.state !== 'set') throw new Error('expected a VpcConfig');
    expect(show(both.vpcConfig.value.subnetIds)).toBe(
      '[subnet-aaaaaaaaaaaaaaaaa, subnet-bbbbbbbbbbbbbbbbb] @function:35',
    );
    expect(show(both.vpcConfig.value.securityGroupIds)).toBe('[sg-aaaaaaaaaaaaaaaaa] @globals:14');
  });

  it('intrinsics: a local !If or !Ref replaces the global value (and !Ref AWS::NoValue removes it)', () => {
    const model = modelOfFixture('fixtures/sam-globals/intrinsics.yaml');
    const prodOnly = fn(model, 'TracingOnlyInProd');
    expect(mergedSettings(prodOnly)).toEqual({
      tracing: 'conditional @function:31',
      deadLetterTarget: 'conditional @function:32',
      reservedConcurrency: 'unset',
      provisionedConcurrency: 'unset',
      autoPublishAlias: 'unset',
      environment: { STAGE: 'dynamic @globals:24' },
    });
    if (prodOnly.tracing.state !== 'dynamic') throw new Error('expected dynamic tracing');
    expect(prodOnly.tracing.reason).toBe('set only when condition IsProd is true');
    const fromParameter = fn(model, 'TracingFromParameter');
    expect(mergedSettings(fromParameter)).toEqual({
      tracing: 'unset',
      deadLetterTarget: 'SNS→(!Ref AlertTopicArn) @globals:19',
      reservedConcurrency: 'unset',
      provisionedConcurrency: 'unset',
      autoPublishAlias: 'unset',
      // The whole Environment is a local !If: nothing is known about its variables.
      environment: {},
    });
  });

  it("IgnoreGlobals: '*' takes nothing, a list skips the named properties", () => {
    const model = modelOfFixture('fixtures/sam-globals/ignore-globals.yaml');
    const all = fn(model, 'IgnoresAll');
    expect(mergedSettings(all)).toEqual({
      tracing: 'unset',
      deadLetterTarget: 'unset',
      reservedConcurrency: 'unset',
      provisionedConcurrency: 'unset',
      autoPublishAlias: 'unset',
      environment: {},
    });
    expect(show(all.runtime)).toBe('python3.12 @function:20');
    const some = fn(model, 'IgnoresSome');
    expect(mergedSettings(some)).toMatchObject({
      tracing: 'unset',
      reservedConcurrency: '10 @globals:9',
      environment: {},
    });
    expect(show(some.runtime)).toBe('nodejs20.x @globals:6');
    expect(mergedSettings(fn(model, 'IgnoresNothing'))).toMatchObject({
      tracing: 'Active @globals:8',
      reservedConcurrency: '10 @globals:9',
      environment: { SHARED: 'yes @globals:12' },
    });
  });

  it('concurrency, alias and deployment preference', () => {
    const model = modelOfFixture('fixtures/sam-globals/concurrency-alias.yaml');
    const globalAlias = fn(model, 'UsesGlobalAlias');
    expect(mergedSettings(globalAlias)).toEqual({
      tracing: 'unset',
      deadLetterTarget: 'unset',
      reservedConcurrency: '50 @globals:10',
      provisionedConcurrency: '5 @globals:12',
      autoPublishAlias: 'live @globals:9',
      environment: {},
    });
    expect(globalAlias.provisionedConcurrencyTarget).toEqual({ kind: 'alias' });
    const own = fn(model, 'OwnAliasAndCanary');
    expect(mergedSettings(own)).toMatchObject({
      reservedConcurrency: '50 @globals:10',
      provisionedConcurrency: '20 @function:29',
      autoPublishAlias: 'prod @function:27',
    });
    const preference = own.deploymentPreference;
    if (preference.state !== 'set') throw new Error('expected a DeploymentPreference');
    expect(preference.origin.range.line).toBe(30);
    expect(show(preference.value.type)).toBe('Linear10PercentEvery1Minute @function:31');
    // "Optional properties" rule of the translator: Enabled: false from Globals still applies.
    expect(show(preference.value.enabled)).toBe('false @globals:14');
    expect(show(preference.value.alarms)).toBe('[ErrorsAlarm] @function:32');
    const inherited = globalAlias.deploymentPreference;
    if (inherited.state !== 'set') throw new Error('expected an inherited DeploymentPreference');
    expect(show(inherited.value.type)).toBe('Canary10Percent5Minutes @globals:15');
    expect(show(inherited.value.alarms)).toBe('unset');
  });

  it("EventInvokeConfig merges nested maps; Events stay the resource's own", () => {
    const model = modelOfFixture('fixtures/sam-globals/event-invoke-config.yaml');
    const upload = fn(model, 'OnUpload');
    if (upload.eventInvokeConfig.state !== 'set') throw new Error('expected EventInvokeConfig');
    expect(show(upload.eventInvokeConfig.value.maximumRetryAttempts)).toBe('1 @globals:10');
    expect(show(upload.eventInvokeConfig.value.maximumEventAgeInSeconds)).toBe('3600 @function:28');
    expect(show(upload.eventInvokeConfig.value.onFailure)).toBe('SQS→FailedEvents @globals:12');
    expect(upload.events.map((e) => `${e.id}:${e.type}:${e.invocation}`)).toEqual(['Upload:S3:asynchronous']);
    const nightly = fn(model, 'Nightly');
    if (nightly.eventInvokeConfig.state !== 'set') throw new Error('expected EventInvokeConfig');
    expect(show(nightly.eventInvokeConfig.value.maximumRetryAttempts)).toBe('0 @function:41');
    // Local Type, global Destination: the merged OnFailure map says SNS but points at the queue.
    expect(show(nightly.eventInvokeConfig.value.onFailure)).toBe('SNS→FailedEvents @function:43');
    expect(nightly.events.map((e) => `${e.id}:${e.type}:${e.invocation}`)).toEqual([
      'Nightly:Schedule:asynchronous',
    ]);
  });

  it('never takes Events, Role, Policies or FunctionName from Globals', () => {
    const model = modelOfText(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    FunctionName: shared-name
    Events:
      Tick: { Type: Schedule, Properties: { Schedule: rate(1 minute) } }
    Tracing: Active
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: . }
`);
    const worker = fn(model, 'Worker');
    expect(worker.events).toEqual([]);
    expect(worker.name).toBeUndefined();
    expect(show(worker.tracing)).toBe('Active @globals:7');
  });

  it('a function with no Properties still gets Globals', () => {
    const model = modelOfText(`Transform: [AWS::Serverless-2016-10-31]
Globals:
  Function:
    Runtime: nodejs22.x
Resources:
  Bare:
    Type: AWS::Serverless::Function
`);
    expect(show(fn(model, 'Bare').runtime)).toBe('nodejs22.x @globals:4');
    expect(showEnvironment(fn(model, 'Bare'))).toEqual({});
  });
});
