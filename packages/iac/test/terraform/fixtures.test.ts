import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfigView } from '@lambda-lint/core';
import { iacRules, iacScanner, loadTemplateModel } from '../../src/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const config = defaultConfigView(iacRules);

function valueOrState<T>(e: { state: string; value?: T }): T | string {
  return e.state === 'set' ? e.value! : e.state;
}

async function scan(target: string) {
  const result = await iacScanner.scan({ paths: [target], cwd: repo, config });
  return result.findings.map((f) => [f.ruleId, f.file, f.range.line, f.message]);
}

/** Every finding of every Terraform fixture: rule, file, line and the whole message. The pass variants have none. */
const EXPECTED: Record<string, [string, string, number, string][]> = {
  'fixtures/terraform/raw/fail': [
    [
      'async-failure-destination',
      'fixtures/terraform/raw/fail/main.tf',
      2,
      'Function aws_lambda_function.orders is invoked asynchronously (S3 event aws_s3_bucket_notification.uploads at triggers.tf:4) but has no dead-letter queue or on-failure destination: after 2 retries Lambda drops the failed event silently, and nothing records what was lost.',
    ],
    [
      'event-source-failure-destination',
      'fixtures/terraform/raw/fail/queues.tf',
      1,
      "Queue aws_sqs_queue.jobs feeds function aws_lambda_function.worker (worker) but has no redrive_policy: a message that keeps failing is received again and again until the queue's retention period ends (4 days by default), then deleted without a trace.",
    ],
    [
      'event-source-failure-destination',
      'fixtures/terraform/raw/fail/triggers.tf',
      16,
      "Function aws_lambda_function.worker (worker)'s Kinesis event source has no on-failure destination: a failing batch is retried until the records expire from the stream (24 hours to 365 days), blocking its shard meanwhile, and is then lost without a trace.",
    ],
    [
      'concurrency-limit',
      'fixtures/terraform/raw/fail/main.tf',
      2,
      "Function aws_lambda_function.orders has no reserved or provisioned concurrency: its trigger (S3 event aws_s3_bucket_notification.uploads at triggers.tf:4) can scale it up to the account's whole concurrency pool (1,000 by default) and throttle every other function in the account and Region, including synchronous APIs.",
    ],
    [
      'concurrency-limit',
      'fixtures/terraform/raw/fail/main.tf',
      19,
      "Function aws_lambda_function.worker (worker) has no reserved or provisioned concurrency: its trigger (event source mapping aws_lambda_event_source_mapping.jobs at triggers.tf:10) can scale it up to the account's whole concurrency pool (1,000 by default) and throttle every other function in the account and Region, including synchronous APIs.",
    ],
    [
      'concurrency-budget',
      'fixtures/terraform/raw/fail/main.tf',
      39,
      'Function aws_lambda_function.report (report) has reserved concurrency 0 (set on the function at line 39): every invocation is throttled, so the function can never run and its triggers pile up retries or errors.',
    ],
    [
      'concurrency-budget',
      'fixtures/terraform/raw/fail/triggers.tf',
      40,
      'Function aws_lambda_function.report (report) has provisioned concurrency 5, above its reserved concurrency 0 (set on the function at line 39): Lambda rejects the deployment, since the function can never use more than 0 execution environments.',
    ],
    [
      'provisioned-concurrency-alias',
      'fixtures/terraform/raw/fail/triggers.tf',
      34,
      'Alias aws_lambda_alias.live of function aws_lambda_function.report (report) points at $LATEST and has provisioned concurrency: Lambda only provisions published versions, so the deployment is rejected.',
    ],
    [
      'tracing-active',
      'fixtures/terraform/raw/fail/main.tf',
      2,
      'Function aws_lambda_function.orders has no X-Ray tracing (not set, so Lambda uses PassThrough): its invocations and its calls to other services do not appear in X-Ray traces, a blind spot when requests are slow or fail.',
    ],
    [
      'tracing-active',
      'fixtures/terraform/raw/fail/main.tf',
      28,
      'Function aws_lambda_function.worker (worker): X-Ray tracing is PassThrough, set on the function at line 28: its invocations and its calls to other services do not appear in X-Ray traces, a blind spot when requests are slow or fail. PassThrough only traces requests that an upstream service already sampled.',
    ],
    [
      'deployment-safety',
      'fixtures/terraform/raw/fail/deploy.tf',
      6,
      'Deployment group aws_codedeploy_deployment_group.report of function aws_lambda_function.report (report) deploys gradually (CodeDeployDefault.LambdaCanary10Percent5Minutes, line 10) without alarms: CodeDeploy shifts all traffic to the new version on a timer even when it fails, because nothing tells it to stop and roll back.',
    ],
    [
      'no-plaintext-secrets',
      'fixtures/terraform/raw/fail/main.tf',
      14,
      'Function aws_lambda_function.orders: environment variable DB_PASSWORD holds a plaintext value (hunt…et, 20 characters): anyone who can read the template, the repository, the deployment artifacts or the function configuration can read the secret.',
    ],
    [
      'runtime-lifecycle',
      'fixtures/terraform/raw/fail/main.tf',
      5,
      'Function aws_lambda_function.orders runs on nodejs16.x (set on the function at line 5), which AWS Lambda deprecated on 2024-06-12: it no longer gets security patches or support, and Lambda blocks creating and then updating functions on it, so the next deployment can fail.',
    ],
    [
      'cold-start',
      'fixtures/terraform/raw/fail/main.tf',
      19,
      'Function aws_lambda_function.worker (worker) runs on python3.12 without SnapStart: every cold start re-runs imports and initialisation code; SnapStart resumes from a snapshot instead (billed per cached snapshot and restore for Python).',
    ],
    [
      'timeout-alignment',
      'fixtures/terraform/raw/fail/main.tf',
      8,
      'Function aws_lambda_function.orders has a timeout of 40 s (set on the function at line 8) but is invoked through API Gateway (Api event aws_api_gateway_integration.orders at triggers.tf:22), whose REST API integration stops waiting after 29 s: callers get a 504 while the function keeps running, and billing, for up to 11 s more.',
    ],
    [
      'timeout-alignment',
      'fixtures/terraform/raw/fail/queues.tf',
      3,
      'Queue aws_sqs_queue.jobs has a visibility timeout of 30 s, shorter than the 60 s timeout of function aws_lambda_function.worker (worker) (set on the function at line 25), which consumes it: messages become visible again while they are still being processed, so another invocation handles them a second time.',
    ],
  ],
  'fixtures/terraform/raw/pass': [],
  'fixtures/terraform/module/fail': [
    [
      'async-failure-destination',
      'fixtures/terraform/module/fail/modules/notifier/main.tf',
      5,
      'Function module.notifier.aws_lambda_function.this (notifier) is invoked asynchronously (SNS event module.notifier.aws_sns_topic_subscription.this at main.tf:17) but has no dead-letter queue or on-failure destination: after 2 retries Lambda drops the failed event silently, and nothing records what was lost.',
    ],
    [
      'async-failure-destination',
      'fixtures/terraform/module/fail/main.tf',
      1,
      'Function module.orders (orders) is invoked asynchronously (S3 permission module.orders.allowed_triggers.uploads at main.tf:16) but has no dead-letter queue or on-failure destination: after 2 retries Lambda drops the failed event silently, and nothing records what was lost.',
    ],
    [
      'event-source-failure-destination',
      'fixtures/terraform/module/fail/main.tf',
      34,
      "Queue aws_sqs_queue.jobs feeds function module.orders (orders) but has no redrive_policy: a message that keeps failing is received again and again until the queue's retention period ends (4 days by default), then deleted without a trace.",
    ],
    [
      'concurrency-limit',
      'fixtures/terraform/module/fail/modules/notifier/main.tf',
      5,
      "Function module.notifier.aws_lambda_function.this (notifier) has no reserved or provisioned concurrency: its trigger (SNS event module.notifier.aws_sns_topic_subscription.this at main.tf:17) can scale it up to the account's whole concurrency pool (1,000 by default) and throttle every other function in the account and Region, including synchronous APIs.",
    ],
    [
      'concurrency-limit',
      'fixtures/terraform/module/fail/main.tf',
      1,
      "Function module.orders (orders) has no reserved or provisioned concurrency: its trigger (S3 permission module.orders.allowed_triggers.uploads at main.tf:16 and 1 more) can scale it up to the account's whole concurrency pool (1,000 by default) and throttle every other function in the account and Region, including synchronous APIs.",
    ],
    [
      'tracing-active',
      'fixtures/terraform/module/fail/main.tf',
      1,
      'Function module.orders (orders) has no X-Ray tracing (not set, so Lambda uses PassThrough): its invocations and its calls to other services do not appear in X-Ray traces, a blind spot when requests are slow or fail.',
    ],
    [
      'no-plaintext-secrets',
      'fixtures/terraform/module/fail/main.tf',
      12,
      'Function module.orders (orders): environment variable STRIPE_SECRET_KEY holds a plaintext value (sk_l…00, 29 characters): anyone who can read the template, the repository, the deployment artifacts or the function configuration can read the secret.',
    ],
    [
      'runtime-lifecycle',
      'fixtures/terraform/module/fail/main.tf',
      7,
      'Function module.orders (orders) runs on nodejs18.x (set on the function at line 7), which AWS Lambda deprecated on 2025-09-01: it no longer gets security patches or support, and Lambda blocks creating and then updating functions on it, so the next deployment can fail.',
    ],
    [
      'cold-start',
      'fixtures/terraform/module/fail/modules/notifier/main.tf',
      5,
      'Function module.notifier.aws_lambda_function.this (notifier) runs on python3.13 without SnapStart: every cold start re-runs imports and initialisation code; SnapStart resumes from a snapshot instead (billed per cached snapshot and restore for Python).',
    ],
    [
      'timeout-alignment',
      'fixtures/terraform/module/fail/main.tf',
      36,
      'Queue aws_sqs_queue.jobs has a visibility timeout of 300 s, less than 6 × the 120 s timeout of function module.orders (orders) (set on the function at line 8) = 720 s, as AWS recommends for queues that trigger Lambda: a batch retried after throttling or a slow invocation can become visible again and be processed twice.',
    ],
  ],
  'fixtures/terraform/module/pass': [],
  'fixtures/terraform/plan/plan.json': [
    [
      'async-failure-destination',
      'fixtures/terraform/plan/main.tf',
      5,
      'Function aws_lambda_function.api (api) is invoked asynchronously (EventBridge permission aws_lambda_permission.events at main.tf:14) but has no dead-letter queue or on-failure destination: after 2 retries Lambda drops the failed event silently, and nothing records what was lost.',
    ],
    [
      'async-failure-destination',
      'fixtures/terraform/plan/plan.json',
      52,
      'Function module.orders.aws_lambda_function.this (orders) is invoked asynchronously (SNS permission module.orders.aws_lambda_permission.current_version_triggers at plan.json:73) but has no dead-letter queue or on-failure destination: after 2 retries Lambda drops the failed event silently, and nothing records what was lost.',
    ],
    [
      'concurrency-limit',
      'fixtures/terraform/plan/main.tf',
      5,
      "Function aws_lambda_function.api (api) has no reserved or provisioned concurrency: its trigger (EventBridge permission aws_lambda_permission.events at main.tf:14) can scale it up to the account's whole concurrency pool (1,000 by default) and throttle every other function in the account and Region, including synchronous APIs.",
    ],
    [
      'concurrency-limit',
      'fixtures/terraform/plan/plan.json',
      52,
      "Function module.orders.aws_lambda_function.this (orders) has no reserved or provisioned concurrency: its trigger (SNS permission module.orders.aws_lambda_permission.current_version_triggers at plan.json:73) can scale it up to the account's whole concurrency pool (1,000 by default) and throttle every other function in the account and Region, including synchronous APIs.",
    ],
    [
      'tracing-active',
      'fixtures/terraform/plan/main.tf',
      5,
      'Function aws_lambda_function.api (api) has no X-Ray tracing (not set, so Lambda uses PassThrough): its invocations and its calls to other services do not appear in X-Ray traces, a blind spot when requests are slow or fail.',
    ],
    [
      'runtime-lifecycle',
      'fixtures/terraform/plan/plan.json',
      52,
      'Function module.orders.aws_lambda_function.this (orders) runs on python3.8 (set on the function at line 52), which AWS Lambda deprecated on 2024-10-14: it no longer gets security patches or support, and Lambda blocks creating and then updating functions on it, so the next deployment can fail.',
    ],
  ],
};

describe('Terraform fixtures', () => {
  for (const [target, expected] of Object.entries(EXPECTED)) {
    it(`${target}: exactly the expected findings`, async () => {
      expect(await scan(target)).toEqual(expected);
    });
  }

  it('reports every rule that applies to Terraform in the fail variants', async () => {
    const rules = new Set([
      ...EXPECTED['fixtures/terraform/raw/fail']!.map((f) => f[0]),
      ...EXPECTED['fixtures/terraform/module/fail']!.map((f) => f[0]),
    ]);
    expect([...rules].sort()).toEqual(iacRules.map((r) => r.meta.id).sort());
  });

  it('a local child module is scanned through its caller only, not again as a root module', async () => {
    const findings = await scan('fixtures/terraform/module/fail');
    const inChild = findings.filter((f) => String(f[1]).includes('modules/notifier'));
    expect(new Set(inChild.map((f) => f[0]))).toEqual(
      new Set(['async-failure-destination', 'cold-start', 'concurrency-limit']),
    );
    expect(inChild).toHaveLength(3);
  });

  it('a single .tf file reads its whole folder and keeps only its own findings', async () => {
    const findings = await scan('fixtures/terraform/raw/fail/queues.tf');
    expect(findings.map((f) => [f[0], f[2]])).toEqual([
      ['event-source-failure-destination', 1],
      ['timeout-alignment', 3],
    ]);
  });

  it('gives the bundle analyzer each function with its package and handler', async () => {
    const { model, findings } = await loadTemplateModel(
      path.join(repo, 'fixtures/terraform/raw/fail'),
      'fixtures/terraform/raw/fail',
    );
    expect(findings).toEqual([]);
    const code = Object.fromEntries(
      model!.functions.map((fn) => [
        fn.id,
        [
          fn.codeLocation.state === 'set' ? fn.codeLocation.value : fn.codeLocation.state,
          fn.handler.state === 'set' ? fn.handler.value : undefined,
        ],
      ]),
    );
    expect(code).toEqual({
      'aws_lambda_function.orders': [{ type: 'path', path: 'build/orders.zip' }, 'index.handler'],
      'aws_lambda_function.worker': [{ type: 'path', path: 'src/worker' }, 'app.handler'],
      'aws_lambda_function.report': [
        { type: 's3', bucket: 'artifacts', key: 'report.jar' },
        'example.Handler::handleRequest',
      ],
    });
    const plan = await loadTemplateModel(
      path.join(repo, 'fixtures/terraform/plan/plan.json'),
      'fixtures/terraform/plan/plan.json',
    );
    expect(plan.model!.functions.map((fn) => [fn.id, fn.file, valueOrState(fn.codeLocation)])).toEqual([
      ['aws_lambda_function.api', 'fixtures/terraform/plan/main.tf', { type: 'path', path: 'build/api.zip' }],
      ['module.orders.aws_lambda_function.this', 'fixtures/terraform/plan/plan.json', 'unset'],
    ]);
    const module = await loadTemplateModel(
      path.join(repo, 'fixtures/terraform/module/pass'),
      'fixtures/terraform/module/pass',
    );
    const orders = module.model!.functions.find((fn) => fn.id === 'module.orders')!;
    expect(orders.codeLocation).toMatchObject({ state: 'set', value: { type: 'path', path: 'src/orders' } });
  });
});
