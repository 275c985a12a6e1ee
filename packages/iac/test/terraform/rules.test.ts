import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfigView } from '@lambda-lint/core';
import { iacRules, iacScanner } from '../../src/index.js';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../fixtures/terraform/rules',
);
const config = defaultConfigView(iacRules);

/**
 * fixtures/terraform/rules/<rule>/<variant>/main.tf: a raw-resource (`resource.*`) and a
 * terraform-aws-modules (`module.*`) pass and fail variant per rule. Every finding of the rule:
 * line, column and the whole message; pass variants have none.
 */
const EXPECTED: Record<string, [number, number, string][]> = {
  'async-failure-destination/module.fail': [
    [
      1,
      1,
      'Function module.orders (orders) is invoked asynchronously (S3 permission module.orders.allowed_triggers.uploads at main.tf:10) but has no dead-letter queue or on-failure destination: after 2 retries Lambda drops the failed event silently, and nothing records what was lost.',
    ],
  ],
  'async-failure-destination/module.pass': [],
  'async-failure-destination/resource.fail': [
    [
      1,
      1,
      'Function aws_lambda_function.orders (orders) is invoked asynchronously (S3 permission aws_lambda_permission.uploads at main.tf:9) but has no dead-letter queue or on-failure destination: after 2 retries Lambda drops the failed event silently, and nothing records what was lost.',
    ],
  ],
  'async-failure-destination/resource.pass': [],
  'cold-start/module.fail': [
    [
      1,
      1,
      'Function module.orders (orders) runs on java21 without SnapStart: every cold start starts the JVM and initialises the application from scratch, often several seconds that synchronous callers wait for.',
    ],
  ],
  'cold-start/module.pass': [],
  'cold-start/resource.fail': [
    [
      1,
      1,
      'Function aws_lambda_function.report (report) runs on java21 without SnapStart: every cold start starts the JVM and initialises the application from scratch, often several seconds that synchronous callers wait for.',
    ],
  ],
  'cold-start/resource.pass': [],
  'concurrency-budget/module.fail': [
    [
      8,
      3,
      'Function module.orders (orders) has reserved concurrency 0 (set on the function at line 8): every invocation is throttled, so the function can never run and its triggers pile up retries or errors.',
    ],
  ],
  'concurrency-budget/module.pass': [],
  'concurrency-budget/resource.fail': [
    [
      7,
      3,
      'Function aws_lambda_function.orders (orders) has reserved concurrency 0 (set on the function at line 7): every invocation is throttled, so the function can never run and its triggers pile up retries or errors.',
    ],
  ],
  'concurrency-budget/resource.pass': [],
  'concurrency-limit/module.fail': [
    [
      1,
      1,
      "Function module.orders (orders) has no reserved or provisioned concurrency: its trigger (S3 permission module.orders.allowed_triggers.uploads at main.tf:10) can scale it up to the account's whole concurrency pool (1,000 by default) and throttle every other function in the account and Region, including synchronous APIs.",
    ],
  ],
  'concurrency-limit/module.pass': [],
  'concurrency-limit/resource.fail': [
    [
      1,
      1,
      "Function aws_lambda_function.orders (orders) has no reserved or provisioned concurrency: its trigger (event source mapping aws_lambda_event_source_mapping.jobs at main.tf:22) can scale it up to the account's whole concurrency pool (1,000 by default) and throttle every other function in the account and Region, including synchronous APIs.",
    ],
  ],
  'concurrency-limit/resource.pass': [],
  'deployment-safety/module.fail': [
    [
      24,
      3,
      'CodeDeploy module module.deploy of function module.orders (orders) deploys gradually (CodeDeployDefault.LambdaCanary10Percent5Minutes, line 23) with `alarms` but without `alarm_enabled = true`, so the module attaches no alarms: CodeDeploy shifts all traffic to the new version on a timer even when it fails, because nothing tells it to stop and roll back.',
    ],
  ],
  'deployment-safety/module.pass': [],
  'deployment-safety/resource-all-at-once.fail': [
    [
      27,
      3,
      'Deployment group aws_codedeploy_deployment_group.payments deploys AllAtOnce (CodeDeployDefault.LambdaAllAtOnce, line 27) while aws_codedeploy_deployment_group.orders in this module deploys gradually: every request switches to the new version at once, with no canary to catch a bad release.',
    ],
  ],
  'deployment-safety/resource-config.fail': [
    [
      22,
      5,
      'Deployment group aws_codedeploy_deployment_group.orders deploys gradually (TimeBasedCanary in aws_codedeploy_deployment_config.canary, line 19) with its alarms turned off (`enabled = false`): CodeDeploy shifts all traffic to the new version on a timer even when it fails, because nothing tells it to stop and roll back.',
    ],
  ],
  'deployment-safety/resource-rollback.fail': [
    [
      19,
      5,
      'Deployment group aws_codedeploy_deployment_group.orders stops on its alarms but does not roll back on them (no `DEPLOYMENT_STOP_ON_ALARM` in its rollback events): a Lambda deployment stopped without rollback leaves the alias splitting traffic between the old and the new version, and the next deployment fails until the alias is reset by hand.',
    ],
  ],
  'deployment-safety/resource-unknown.pass': [],
  'deployment-safety/resource.fail': [
    [
      21,
      1,
      'Deployment group aws_codedeploy_deployment_group.orders of function aws_lambda_function.orders (orders) deploys gradually (CodeDeployDefault.LambdaLinear10PercentEvery1Minute, line 25) without alarms: CodeDeploy shifts all traffic to the new version on a timer even when it fails, because nothing tells it to stop and roll back.',
    ],
  ],
  'deployment-safety/resource.pass': [],
  'event-source-failure-destination/module.fail': [
    [
      10,
      5,
      "Function module.orders (orders)'s Kinesis event source has no on-failure destination: a failing batch is retried until the records expire from the stream (24 hours to 365 days), blocking its shard meanwhile, and is then lost without a trace.",
    ],
  ],
  'event-source-failure-destination/module.pass': [],
  'event-source-failure-destination/resource.fail': [
    [
      14,
      1,
      "Function aws_lambda_function.orders (orders)'s Kinesis event source has no on-failure destination: a failing batch is retried until the records expire from the stream (24 hours to 365 days), blocking its shard meanwhile, and is then lost without a trace.",
    ],
  ],
  'event-source-failure-destination/resource.pass': [],
  'no-plaintext-secrets/module.fail': [
    [
      10,
      5,
      'Function module.orders (orders): environment variable API_TOKEN holds a plaintext value (tok-…ef, 25 characters): anyone who can read the template, the repository, the deployment artifacts or the function configuration can read the secret.',
    ],
  ],
  'no-plaintext-secrets/module.pass': [],
  'no-plaintext-secrets/resource.fail': [
    [
      10,
      7,
      'Function aws_lambda_function.orders (orders): environment variable DB_PASSWORD holds a plaintext value (corr…ry, 21 characters): anyone who can read the template, the repository, the deployment artifacts or the function configuration can read the secret.',
    ],
  ],
  'no-plaintext-secrets/resource.pass': [],
  'provisioned-concurrency-alias/module.fail': [
    [
      8,
      3,
      'Function module.orders (orders) has provisioned concurrency (5 environments), set on the function at line 8, on its own version, but does not set `publish = true`, so that version is $LATEST: Lambda only provisions published versions and aliases, so the deployment is rejected.',
    ],
  ],
  'provisioned-concurrency-alias/module.pass': [],
  'provisioned-concurrency-alias/resource-unpublished.fail': [
    [
      12,
      3,
      'Function aws_lambda_function.orders (orders) has provisioned concurrency (5 environments), set in resource aws_lambda_provisioned_concurrency_config.orders at line 12, on its own version, but does not set `publish = true`, so that version is $LATEST: Lambda only provisions published versions and aliases, so the deployment is rejected.',
    ],
  ],
  'provisioned-concurrency-alias/resource.fail': [
    [
      13,
      3,
      'Alias aws_lambda_alias.live of function aws_lambda_function.orders (orders) points at $LATEST and has provisioned concurrency: Lambda only provisions published versions, so the deployment is rejected.',
    ],
  ],
  'provisioned-concurrency-alias/resource.pass': [],
  'runtime-lifecycle/module.fail': [
    [
      5,
      3,
      'Function module.orders (orders) runs on nodejs18.x (set on the function at line 5), which AWS Lambda deprecated on 2025-09-01: it no longer gets security patches or support, and Lambda blocks creating and then updating functions on it, so the next deployment can fail.',
    ],
  ],
  'runtime-lifecycle/module.pass': [],
  'runtime-lifecycle/resource.fail': [
    [
      4,
      3,
      'Function aws_lambda_function.orders (orders) runs on nodejs16.x (set on the function at line 4), which AWS Lambda deprecated on 2024-06-12: it no longer gets security patches or support, and Lambda blocks creating and then updating functions on it, so the next deployment can fail.',
    ],
  ],
  'runtime-lifecycle/resource.pass': [],
  'timeout-alignment/module.fail': [
    [
      19,
      3,
      'Queue aws_sqs_queue.jobs has a visibility timeout of 30 s, shorter than the 60 s timeout of function module.orders (orders) (set on the function at line 8), which consumes it: messages become visible again while they are still being processed, so another invocation handles them a second time.',
    ],
  ],
  'timeout-alignment/module.pass': [],
  'timeout-alignment/resource.fail': [
    [
      12,
      3,
      'Queue aws_sqs_queue.jobs has a visibility timeout of 30 s, shorter than the 60 s timeout of function aws_lambda_function.orders (orders) (set on the function at line 7), which consumes it: messages become visible again while they are still being processed, so another invocation handles them a second time.',
    ],
  ],
  'timeout-alignment/resource.pass': [],
  'tracing-active/module.fail': [
    [
      1,
      1,
      'Function module.orders (orders) has no X-Ray tracing (not set, so Lambda uses PassThrough): its invocations and its calls to other services do not appear in X-Ray traces, a blind spot when requests are slow or fail.',
    ],
  ],
  'tracing-active/module.pass': [],
  'tracing-active/resource.fail': [
    [
      1,
      1,
      'Function aws_lambda_function.orders (orders) has no X-Ray tracing (not set, so Lambda uses PassThrough): its invocations and its calls to other services do not appear in X-Ray traces, a blind spot when requests are slow or fail.',
    ],
  ],
  'tracing-active/resource.pass': [],
};

describe('per-rule Terraform fixtures', () => {
  it('there is a fixture for every variant listed, and a test for every fixture', () => {
    const found = readdirSync(root).flatMap((rule) =>
      readdirSync(path.join(root, rule)).map((v) => `${rule}/${v}`),
    );
    expect(found.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [fixture, expected] of Object.entries(EXPECTED)) {
    const rule = fixture.split('/')[0]!;
    it(`${fixture}: ${expected.length === 0 ? 'no finding' : 'exactly its findings'}`, async () => {
      const { findings } = await iacScanner.scan({ paths: ['.'], cwd: path.join(root, fixture), config });
      expect(findings.filter((f) => f.fatal)).toEqual([]);
      const own = findings.filter((f) => f.ruleId === rule);
      expect(own.map((f) => [f.range.line, f.range.column, f.message])).toEqual(expected);
      expect(own.every((f) => f.file === 'main.tf' && f.tool === 'iac')).toBe(true);
      if (fixture.includes('.pass')) expect(own).toEqual([]);
    });
  }
});
