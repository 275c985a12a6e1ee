import { describe, expect, it } from 'vitest';
import { fn, modelOfFixture, show } from './helpers.js';

describe('CDK output (fixtures/cdk-app)', () => {
  const model = modelOfFixture('fixtures/cdk-app/cdk.out/OrdersStack.template.json');

  it('names functions by their construct path and keeps the asset path for the bundle analyzer', () => {
    expect(model.kind).toBe('cdk');
    expect(model.functions.map((f) => [f.id, f.name, f.kind])).toEqual([
      ['Processor5B6C7D8E', 'OrdersStack/Processor', 'cdk'],
      ['Auditor9A8B7C6D', 'OrdersStack/Auditor', 'cdk'],
      ['Notifier6E7F8091', 'OrdersStack/Notifier', 'cdk'],
    ]);
    const processor = fn(model, 'Processor5B6C7D8E');
    expect(processor.subject).toEqual({
      kind: 'function',
      id: 'Processor5B6C7D8E',
      name: 'OrdersStack/Processor',
    });
    if (processor.codeLocation.state !== 'set') throw new Error('expected a code location');
    expect(processor.codeLocation.value).toEqual({
      type: 'cdk-asset',
      path: 'asset.3f2a9c0d1e',
      assetProperty: 'Code',
      bundled: true,
    });
    expect(processor.codeLocation.origin.kind).toBe('resource');
  });

  it('links the generated mapping, permission and log retention', () => {
    const processor = fn(model, 'Processor5B6C7D8E');
    expect(
      processor.events.map((e) => `${e.type}:${e.invocation}:${e.sourceResource?.logicalId ?? ''}`),
    ).toEqual(['SQS:poll:OrdersQueue9E1F2A3B']);
    const auditor = fn(model, 'Auditor9A8B7C6D');
    expect(auditor.events.map((e) => `${e.type}:${e.invocation}`)).toEqual(['Permission:sns:asynchronous']);
    expect(show(auditor.logRetention)).toBe('7 @resource:118');
    expect(show(auditor.tracing)).toBe('unset');
    expect(show(processor.tracing)).toBe('Active @function:42');
  });
});

describe('sample SAM project (fixtures/sam-app)', () => {
  const model = modelOfFixture('fixtures/sam-app/template.yaml');
  it('finds each function with its triggers classified', () => {
    expect(model.kind).toBe('sam');
    expect(model.functions.map((f) => [f.id, f.events.map((e) => `${e.type}:${e.invocation}`)])).toEqual([
      ['OrdersApiFunction', ['Api:synchronous', 'Api:synchronous']],
      ['OrderWorkerFunction', ['SQS:poll']],
      ['ReceiptFunction', ['S3:asynchronous']],
      ['NightlyReportFunction', ['Schedule:asynchronous']],
    ]);
    expect(fn(model, 'OrderWorkerFunction').events[0]!.sourceResource?.logicalId).toBe('OrdersQueue');
    // Api events without RestApiId make SAM's implicit ServerlessRestApi, a stage of its own.
    expect(model.apiStages.map((s) => s.id)).toEqual(['ServerlessRestApi']);
  });
});

describe('sample projects: every function has a code location', () => {
  it.each([
    ['fixtures/sam-app/template.yaml'],
    ['fixtures/serverless-app/serverless.yml'],
    ['fixtures/cdk-app/cdk.out/OrdersStack.template.json'],
  ])('%s', (file) => {
    const model = modelOfFixture(file);
    expect(model.functions.length).toBeGreaterThan(0);
    for (const f of model.functions) expect([f.id, f.codeLocation.state]).toEqual([f.id, 'set']);
  });
});
