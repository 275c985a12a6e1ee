import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import {
  asyncEventSources,
  functionSubject,
  pollEventSources,
  type Effective,
  type EventSource,
  type TemplateModel,
} from '../model.js';
import { isScheduleSource } from '../normalize/triggers.js';
import { pollSourceKind } from '../rule-helpers/event-sources.js';
import {
  capSeverity,
  describeEventSource,
  functionLabel,
  functionRef,
  isSamFunction,
  sentence,
  setWhere,
  summarize,
} from '../rule-helpers/support.js';

import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';

/** SQS `ScalingConfig.MaximumConcurrency` of an event source, when the model carries it. */
function maximumConcurrencyOf(source: EventSource): Effective<number> {
  return source.maximumConcurrency ?? { state: 'unset' };
}

/** A setting that limits concurrency: set, or only known at deploy time (never "missing"). */
function limits(value: Effective<number>): boolean {
  return value.state === 'set' || (value.state === 'dynamic' && !value.conditional);
}

export default defineRule({
  meta: {
    id: 'concurrency-limit',
    description:
      'Event-driven functions have a concurrency ceiling so they cannot throttle the rest of the account',
    severity: 'warning',
    tool: 'iac',
    options: z.object({
      scope: z
        .enum(['async-or-poll', 'all'])
        .default('async-or-poll')
        .describe(
          'Which functions must have a limit: those with an asynchronous or SQS trigger, or every function.',
        ),
    }),
  },
  check(model: TemplateModel, ctx) {
    for (const fn of model.functions) {
      // A schedule invokes once per period: it cannot fan out, so it needs no ceiling.
      const asyncSources = asyncEventSources(fn).filter((s) => !isScheduleSource(s));
      // Stream and Kafka consumers are already bounded by their shard / partition count.
      const sqsSources = pollEventSources(fn).filter((s) => pollSourceKind(s) === 'sqs');
      const fanOutSources = [...asyncSources, ...sqsSources];
      if (ctx.options.scope === 'async-or-poll' && fanOutSources.length === 0) continue;

      const reserved = fn.reservedConcurrency;
      if (limits(reserved) || limits(fn.provisionedConcurrency)) continue;
      // Every SQS trigger capped by MaximumConcurrency, and nothing else that fans out: the poller is the limit.
      if (
        asyncSources.length === 0 &&
        sqsSources.length > 0 &&
        sqsSources.every((s) => limits(maximumConcurrencyOf(s)))
      )
        continue;

      // SAM's SqsSubscription has no ScalingConfig: only a queue event of its own can cap the poller.
      const sqsHint =
        sqsSources.some((s) => s.type !== 'SNS')
          ? fn.kind === 'serverless'
            ? ', or `maximumConcurrency: <n>` on its sqs event'
            : ', or `ScalingConfig: { MaximumConcurrency: <n> }` on its SQS event source'
          : '';
      const help =
        fn.kind === 'terraform'
          ? tf.reservedConcurrency(fn, sqsSources.length > 0)
          : fn.kind === 'serverless'
            ? `Add \`reservedConcurrency: <highest number of parallel executions it needs>\` to ${functionRef(fn)}${sqsHint}.`
            : `Add \`ReservedConcurrentExecutions: <highest number of parallel executions it needs>\` to ${fn.id}${isSamFunction(fn) ? '' : "'s Properties"}${sqsHint}.`;
      const trigger =
        fanOutSources.length > 0
          ? `its trigger (${summarize(fanOutSources.map((s) => describeEventSource(s, model.kind)))}) can scale it`
          : 'a burst of invocations can scale it';
      const why = `${trigger} up to the account's whole concurrency pool (1,000 by default) and throttle every other function in the account and Region, including synchronous APIs`;

      if (reserved.state === 'dynamic') {
        ctx.report({
          at: reserved.origin,
          severity: capSeverity('info', ctx.severity),
          message: sentence(
            `${functionLabel(fn)}'s reserved concurrency is conditionally missing (an !If with an AWS::NoValue branch, ${setWhere(reserved.origin)}): where the condition is false, ${why}.`,
          ),
          help,
          subject: functionSubject(fn),
        });
        continue;
      }
      ctx.report({
        at: fn.origin,
        message: sentence(`${functionLabel(fn)} has no reserved or provisioned concurrency: ${why}.`),
        help,
        subject: functionSubject(fn),
      });
    }
  },
});
