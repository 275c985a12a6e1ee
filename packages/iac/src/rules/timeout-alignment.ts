import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import {
  functionSubject,
  pollEventSources,
  valueOf,
  type LambdaFunction,
  type Origin,
  type TemplateModel,
} from '../model.js';
import { apiKind, pollSourceKind } from '../rule-helpers/event-sources.js';
import {
  capSeverity,
  describeEventSource,
  functionLabel,
  functionRef,
  generatedQueueHelp,
  queueLabel,
  sentence,
  setWhere,
} from '../rule-helpers/support.js';

import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';
const SQS_DEFAULT_VISIBILITY = 30;

/** The function's effective timeout in seconds and how to describe where it comes from; undefined when only known at deploy time. */
function timeoutOf(fn: LambdaFunction): { seconds: number; where: string; origin?: Origin } | undefined {
  const timeout = fn.timeout;
  if (timeout.state === 'dynamic') return undefined;
  if (timeout.state === 'set')
    return { seconds: timeout.value, where: setWhere(timeout.origin), origin: timeout.origin };
  // AWS default for AWS::Lambda::Function and SAM; the Serverless default (6 s) arrives as a `set` value with origin 'default'.
  return { seconds: fn.kind === 'serverless' ? 6 : 3, where: 'the default' };
}

export default defineRule({
  meta: {
    id: 'timeout-alignment',
    description:
      'SQS visibility timeouts and API Gateway integration timeouts leave room for the function timeout',
    severity: 'error',
    tool: 'iac',
    options: z.object({
      visibilityFactor: z
        .number()
        .min(1)
        .default(6)
        .describe('Warn when a queue visibility timeout is below this multiple of the function timeout.'),
      restApiTimeout: z
        .number()
        .int()
        .min(1)
        .default(29)
        .describe('Integration timeout of your REST APIs in seconds (raise it after a quota increase).'),
      httpApiTimeout: z
        .number()
        .int()
        .min(1)
        .default(30)
        .describe('Integration timeout of HTTP APIs in seconds (30 is the maximum).'),
    }),
  },
  check(model: TemplateModel, ctx) {
    const factor = ctx.options.visibilityFactor;
    for (const fn of model.functions) {
      const timeout = timeoutOf(fn);
      if (!timeout) continue;
      const fnTimeout = `the ${timeout.seconds} s timeout of ${functionLabel(fn)} (${timeout.where})`;

      for (const source of pollEventSources(fn)) {
        if (pollSourceKind(source) !== 'sqs' || source.sourceResource?.type !== 'AWS::SQS::Queue') continue;
        const queue = model.queues.get(source.sourceResource.logicalId);
        if (!queue) continue;
        const visibility = queue.visibilityTimeout;
        if (visibility.state === 'dynamic') continue;
        const seconds = visibility.state === 'set' ? visibility.value : SQS_DEFAULT_VISIBILITY;
        const at = visibility.state === 'set' ? visibility.origin : queue.origin;
        const has =
          visibility.state === 'set'
            ? `has a visibility timeout of ${seconds} s`
            : `uses the default visibility timeout of ${seconds} s`;
        const batchingWindow =
          (source.maximumBatchingWindowInSeconds && valueOf(source.maximumBatchingWindowInSeconds)) ?? 0;
        const recommended = Math.ceil(factor * timeout.seconds + batchingWindow);
        const property =
          model.kind === 'terraform'
            ? tf.visibility(queue, recommended)
            : model.kind === 'serverless'
              ? `\`VisibilityTimeout: ${recommended}\` in ${queue.id}'s Properties under resources.Resources`
              : `\`VisibilityTimeout: ${recommended}\` on ${queue.id}`;

        if (seconds < timeout.seconds) {
          ctx.report({
            at,
            message: `${queueLabel(queue)} ${has}, shorter than ${fnTimeout}, which consumes it: messages become visible again while they are still being processed, so another invocation handles them a second time.`,
            help:
              generatedQueueHelp(queue, `\`VisibilityTimeout: ${recommended}\``) ??
              `Set ${property} (${factor} × the function timeout${batchingWindow ? ' plus the batching window' : ''}), or lower the function's timeout below ${seconds} s.`,
            subject: functionSubject(fn),
          });
        } else if (seconds < recommended) {
          ctx.report({
            at,
            severity: capSeverity('warning', ctx.severity),
            message: `${queueLabel(queue)} ${has}, less than ${factor} × ${fnTimeout}${batchingWindow ? ` plus its ${batchingWindow} s batching window` : ''} = ${recommended} s, as AWS recommends for queues that trigger Lambda: a batch retried after throttling or a slow invocation can become visible again and be processed twice.`,
            help:
              generatedQueueHelp(queue, `\`VisibilityTimeout: ${recommended}\``) ??
              `Set ${property} (or more), or lower the function's timeout.`,
            subject: functionSubject(fn),
          });
        }
      }

      // API Gateway stops waiting after its integration timeout and answers 504, while the function runs on.
      let limit: number | undefined;
      let viaApi: string | undefined;
      for (const source of fn.events) {
        const kind = apiKind(source);
        if (!kind) continue;
        const own = source.integrationTimeoutSeconds;
        if (own?.state === 'dynamic') continue;
        const sourceLimit =
          own?.state === 'set'
            ? own.value
            : kind === 'rest'
              ? ctx.options.restApiTimeout
              : kind === 'http'
                ? ctx.options.httpApiTimeout
                : Math.max(ctx.options.restApiTimeout, ctx.options.httpApiTimeout);
        if (limit === undefined || sourceLimit < limit) {
          limit = sourceLimit;
          viaApi = `${describeEventSource(source, model.kind)}), whose ${kind === 'rest' ? 'REST API' : kind === 'http' ? 'HTTP API' : 'API'} integration`;
        }
      }
      if (limit === undefined || timeout.seconds <= limit || !timeout.origin) continue;
      ctx.report({
        at: timeout.origin,
        severity: capSeverity('warning', ctx.severity),
        message: sentence(
          `${functionLabel(fn)} has a timeout of ${timeout.seconds} s (${timeout.where}) but is invoked through API Gateway (${viaApi} stops waiting after ${limit} s: callers get a 504 while the function keeps running, and billing, for up to ${timeout.seconds - limit} s more.`,
        ),
        help:
          fn.kind === 'terraform'
            ? tf.timeout(fn, limit)
            : `Set ${fn.kind === 'serverless' ? '`timeout`' : '`Timeout`'} to ${limit} or less on ${functionRef(fn)}, or move the long work to an asynchronous job (SQS, Step Functions) and return early. If your Regional or private REST API's integration timeout quota was raised, set this rule's \`restApiTimeout\` option.`,
        subject: functionSubject(fn),
      });
    }
  },
});
