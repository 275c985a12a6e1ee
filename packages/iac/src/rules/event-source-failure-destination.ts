import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import {
  functionSubject,
  pollEventSources,
  valueOf,
  type EventSource,
  type LambdaFunction,
  type TemplateModel,
} from '../model.js';
import { POLL_SOURCE_NAMES, pollSourceKind, type PollSourceKind } from '../rule-helpers/event-sources.js';
import {
  capSeverity,
  functionLabel,
  generatedQueueHelp,
  locationKey,
  queueLabel,
  sentence,
  setWhere,
} from '../rule-helpers/support.js';

import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';

const EXPIRY: Partial<Record<PollSourceKind, string>> = {
  kinesis: 'until the records expire from the stream (24 hours to 365 days)',
  dynamodb: 'until the records leave the stream after 24 hours',
  kafka: 'until the records expire from the topic',
};

function consequence(source: EventSource, kind: PollSourceKind): string {
  const unit = kind === 'kafka' ? 'partition' : 'shard';
  const retries = source.maximumRetryAttempts ? valueOf(source.maximumRetryAttempts) : undefined;
  if (retries !== undefined && retries >= 0) {
    return `after ${retries} ${retries === 1 ? 'retry' : 'retries'} a failing batch is skipped and nothing records which records were lost`;
  }
  return `a failing batch is retried ${EXPIRY[kind] ?? 'until its records expire'}, blocking its ${unit} meanwhile, and is then lost without a trace`;
}

function streamHelp(source: EventSource, kind: TemplateModel['kind']): string {
  if (kind === 'terraform' && source.via === 'event-source-mapping') return tf.streamFailure(source);
  const tuning =
    'and consider `MaximumRetryAttempts` and `BisectBatchOnFunctionError: true` so one bad record does not hold up the rest';
  if (source.via === 'event-source-mapping') {
    return `Add \`DestinationConfig: { OnFailure: { Destination: <SQS queue, SNS topic or S3 bucket ARN> } }\` to ${source.id}, ${tuning}.`;
  }
  if (source.origin.kind === 'function' && isServerlessEvent(source)) {
    return `Add \`destinations: { onFailure: <SQS queue or SNS topic ARN> }\` to this event, and consider \`maximumRetryAttempts\` and \`bisectBatchOnFunctionError: true\`.`;
  }
  return `Add \`DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt <Queue>.Arn } }\` to the Properties of event ${source.id}, ${tuning}.`;
}

/** Serverless event types are lower-case keys (stream, msk, kafka); SAM types are capitalised. */
function isServerlessEvent(source: EventSource): boolean {
  return /^[a-z]/.test(source.type);
}

export default defineRule({
  meta: {
    id: 'event-source-failure-destination',
    description:
      'Stream and Kafka event sources have an on-failure destination; SQS queues feeding a function have a redrive policy',
    severity: 'error',
    tool: 'iac',
    options: z.object({}),
  },
  check(model: TemplateModel, ctx) {
    const seen = new Set<string>();
    const candidates: { source: EventSource; owner?: LambdaFunction }[] = [];
    for (const fn of model.functions)
      for (const source of pollEventSources(fn)) candidates.push({ source, owner: fn });
    // Mappings whose function is defined in another stack are still this template's to fix.
    for (const mapping of model.eventSourceMappings) candidates.push({ source: mapping.event });

    const reportedQueues = new Set<string>();
    for (const { source, owner } of candidates) {
      const key = locationKey(source.origin);
      if (seen.has(key)) continue;
      seen.add(key);
      const kind = pollSourceKind(source);
      const who = owner
        ? `${functionLabel(owner)}'s ${POLL_SOURCE_NAMES[kind]} event source ${source.via === 'event' && model.kind !== 'serverless' ? `${source.id} ` : ''}`
        : `Event source mapping ${source.id} (${POLL_SOURCE_NAMES[kind]}) `;
      const subject = owner ? functionSubject(owner) : ({ kind: 'resource', id: source.id } as const);

      if (kind === 'kinesis' || kind === 'dynamodb' || kind === 'kafka') {
        const onFailure = source.onFailure ?? { state: 'unset' as const };
        if (onFailure.state === 'set' || (onFailure.state === 'dynamic' && !onFailure.conditional)) continue;
        if (onFailure.state === 'dynamic') {
          ctx.report({
            at: onFailure.origin,
            severity: capSeverity('warning', ctx.severity),
            message: sentence(
              `${who}has an on-failure destination that is conditionally missing (an !If with an AWS::NoValue branch, ${setWhere(onFailure.origin)}): where the condition is false, ${consequence(source, kind)}.`,
            ),
            help: `Keep the on-failure destination in every deployment. ${streamHelp(source, model.kind)}`,
            subject,
          });
          continue;
        }
        ctx.report({
          at: source.origin,
          message: sentence(`${who}has no on-failure destination: ${consequence(source, kind)}.`),
          help: streamHelp(source, model.kind),
          subject,
        });
        continue;
      }

      if (kind === 'sqs' && source.sourceResource?.type === 'AWS::SQS::Queue') {
        const queue = model.queues.get(source.sourceResource.logicalId);
        if (!queue || reportedQueues.has(queue.id)) continue;
        const redrive = queue.redrivePolicy;
        if (redrive.state === 'set' || (redrive.state === 'dynamic' && !redrive.conditional)) continue;
        reportedQueues.add(queue.id);
        const consumer = owner ? functionLabel(owner) : `event source mapping ${source.id}`;
        const policy = model.kind === 'terraform' ? 'redrive_policy' : 'RedrivePolicy';
        const help =
          model.kind === 'terraform'
            ? tf.redrive(queue)
            : (generatedQueueHelp(
                queue,
                '`RedrivePolicy: { deadLetterTargetArn: !GetAtt <DeadLetterQueue>.Arn, maxReceiveCount: 5 }`',
              ) ??
              (model.kind === 'serverless'
                ? `Add \`RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [<DeadLetterQueue>, Arn] }, maxReceiveCount: 5 }\` to ${queue.id}'s Properties under resources.Resources.`
                : `Add \`RedrivePolicy: { deadLetterTargetArn: !GetAtt <DeadLetterQueue>.Arn, maxReceiveCount: 5 }\` to ${queue.id}'s Properties.`));
        if (redrive.state === 'dynamic') {
          ctx.report({
            at: redrive.origin,
            severity: capSeverity('warning', ctx.severity),
            message: sentence(
              `Queue ${queue.id} feeds ${consumer} and its ${policy} is conditionally missing (an !If with an AWS::NoValue branch, ${setWhere(redrive.origin)}): where the condition is false, a message that keeps failing is received again and again until the queue's retention period ends, then deleted without a trace.`,
            ),
            help: `Keep the redrive policy in every deployment. ${help}`,
            subject,
          });
          continue;
        }
        ctx.report({
          at: queue.origin,
          message: sentence(
            `${queueLabel(queue)} feeds ${consumer} but has no ${policy}: a message that keeps failing is received again and again until the queue's retention period ends (4 days by default), then deleted without a trace.`,
          ),
          help,
          subject,
        });
      }
      // Amazon MQ and DocumentDB have no Lambda on-failure destination; unknown sources are left alone.
    }
  },
});
