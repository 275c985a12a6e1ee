import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import {
  asyncEventSources,
  functionSubject,
  valueOf,
  type Destination,
  type Effective,
  type LambdaFunction,
  type TemplateModel,
} from '../model.js';
import {
  capSeverity,
  sentence,
  describeEventSource,
  functionLabel,
  functionRef,
  globalsOr,
  isSamFunction,
  setWhere,
  summarize,
} from '../rule-helpers/support.js';

import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';

/** The on-failure destination of the async invoke config, as its own Effective (a dynamic config makes it dynamic). */
function onFailureOf(fn: LambdaFunction): Effective<Destination> {
  const config = fn.eventInvokeConfig;
  if (config.state === 'set') return config.value.onFailure;
  return config;
}

function helpFor(fn: LambdaFunction): string {
  if (fn.kind === 'terraform') return tf.asyncFailure(fn);
  const name = functionRef(fn);
  if (fn.kind === 'serverless') {
    return `Add \`destinations: { onFailure: <SQS queue, SNS topic, EventBridge bus or function ARN> }\` or \`onError: <SQS or SNS ARN>\` to ${name}.`;
  }
  if (isSamFunction(fn)) {
    return `Add \`DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt <Queue>.Arn }\` or \`EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt <Queue>.Arn } } }\` to ${name}${globalsOr(fn)}.`;
  }
  const cdk =
    fn.kind === 'cdk'
      ? ' In CDK, set `deadLetterQueueEnabled: true` or `onFailure` on the function construct.'
      : '';
  return `Add \`DeadLetterConfig: { TargetArn: !GetAtt <Queue>.Arn }\` to ${name}, or an \`AWS::Lambda::EventInvokeConfig\` resource for it with \`DestinationConfig: { OnFailure: { Destination: <ARN> } }\`.${cdk}`;
}

export default defineRule({
  meta: {
    id: 'async-failure-destination',
    description: 'Every asynchronously invoked function has a dead-letter queue or an on-failure destination',
    severity: 'error',
    tool: 'iac',
    options: z.object({
      flagUntriggered: z
        .boolean()
        .default(false)
        .describe(
          'Also report functions with no trigger visible in the template (they may be invoked asynchronously from elsewhere).',
        ),
    }),
  },
  check(model: TemplateModel, ctx) {
    for (const fn of model.functions) {
      const asyncSources = asyncEventSources(fn);
      const untriggered = fn.events.length === 0;
      if (asyncSources.length === 0 && !(untriggered && ctx.options.flagUntriggered)) continue;

      const dlq = fn.deadLetterTarget;
      const onFailure = onFailureOf(fn);
      if (dlq.state === 'set' || onFailure.state === 'set') continue;
      // A value only known at deploy time is never "missing".
      if (
        (dlq.state === 'dynamic' && !dlq.conditional) ||
        (onFailure.state === 'dynamic' && !onFailure.conditional)
      )
        continue;

      // Lambda retries a failed asynchronous invocation twice unless MaximumRetryAttempts says otherwise.
      const config = fn.eventInvokeConfig;
      const retries = (config.state === 'set' ? valueOf(config.value.maximumRetryAttempts) : undefined) ?? 2;
      const afterRetries =
        retries === 0
          ? 'after the first failed attempt'
          : `after ${retries} ${retries === 1 ? 'retry' : 'retries'}`;
      const trigger = untriggered
        ? 'has no trigger in this template, so it may be invoked asynchronously from elsewhere,'
        : `is invoked asynchronously (${summarize(asyncSources.map((s) => describeEventSource(s, model.kind)))})`;
      const conditional =
        dlq.state === 'dynamic' ? dlq : onFailure.state === 'dynamic' ? onFailure : undefined;

      if (conditional) {
        const what = conditional === dlq ? 'dead-letter queue' : 'on-failure destination';
        ctx.report({
          at: conditional.origin,
          severity: capSeverity('warning', ctx.severity),
          message: sentence(
            `${functionLabel(fn)} ${trigger} and its ${what} is conditionally missing (an !If with an AWS::NoValue branch, ${setWhere(conditional.origin)}): in deployments where the condition is false, failed events are dropped silently ${afterRetries}.`,
          ),
          help: `Keep the ${what} in every deployment (move the !If inside the value instead of around the property), or ${helpFor(fn).replace(/^Add/, 'add')}`,
          subject: functionSubject(fn),
        });
        continue;
      }

      ctx.report({
        at: fn.origin,
        message: sentence(
          `${functionLabel(fn)} ${trigger} but has no dead-letter queue or on-failure destination: ${afterRetries} Lambda drops the failed event silently, and nothing records what was lost.`,
        ),
        help: helpFor(fn),
        subject: functionSubject(fn),
      });
    }
  },
});
