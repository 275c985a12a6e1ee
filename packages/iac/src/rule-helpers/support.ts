import { compareSeverity, type Severity } from '@lambda-lint/core';
import {
  describeOrigin,
  type EventSource,
  type LambdaFunction,
  type Origin,
  type Queue,
  type TemplateModel,
} from '../model.js';

/** The less serious of a finding's own tier and the configured severity: a rule set to `info` never emits warnings. */
export function capSeverity(tier: Severity, configured: Severity): Severity {
  return compareSeverity(tier, configured) <= 0 ? tier : configured;
}

/** "set in Globals at line 12" / "set on the function at line 30" / "by default". */
export function setWhere(origin: Origin): string {
  return origin.kind === 'default' ? 'by default' : `set ${describeOrigin(origin)}`;
}

/** Function name for messages: logical ID plus the CDK path or literal name when there is one; "function x" for Serverless. */
export function functionLabel(fn: LambdaFunction): string {
  if (fn.kind === 'serverless') return `function ${fn.id}`;
  if (fn.kind === 'terraform')
    return fn.name !== undefined ? `function ${fn.id} (${fn.name})` : `function ${fn.id}`;
  return fn.name !== undefined && fn.name !== fn.id ? `${fn.id} (${fn.name})` : fn.id;
}

/** Upper-cases the first letter, for messages that start with a label. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "function resize" for Serverless, the logical ID otherwise: how the user finds it in the file. */
export function functionRef(fn: LambdaFunction): string {
  return fn.kind === 'serverless' ? `function ${fn.id}` : fn.id;
}

/** True for the SAM resource type, whose properties differ from AWS::Lambda::Function. */
export function isSamFunction(fn: LambdaFunction): boolean {
  return fn.resourceType === 'AWS::Serverless::Function';
}

const PRINCIPAL_NAMES: Record<string, string> = {
  's3.amazonaws.com': 'S3',
  'sns.amazonaws.com': 'SNS',
  'events.amazonaws.com': 'EventBridge',
  'scheduler.amazonaws.com': 'EventBridge Scheduler',
  'iot.amazonaws.com': 'IoT',
  'logs.amazonaws.com': 'CloudWatch Logs',
  'ses.amazonaws.com': 'SES',
  'config.amazonaws.com': 'AWS Config',
  'codecommit.amazonaws.com': 'CodeCommit',
  'cloudformation.amazonaws.com': 'CloudFormation',
  'apigateway.amazonaws.com': 'API Gateway',
};

/** "S3 event Upload at line 19", "EventBridge permission AuditPermission at line 15", "s3 event at line 12". */
export function describeEventSource(source: EventSource, kind: TemplateModel['kind']): string {
  // A Terraform root module spans files: name the file the trigger is in.
  const line =
    kind === 'terraform'
      ? `at ${source.origin.file.slice(source.origin.file.lastIndexOf('/') + 1)}:${source.origin.range.line}`
      : `at line ${source.origin.range.line}`;
  if (source.via === 'permission') {
    const service = source.principal ? (PRINCIPAL_NAMES[source.principal] ?? source.principal) : source.type;
    return `${service} permission ${source.id} ${line}`;
  }
  if (source.via === 'resource') {
    const service = source.principal ? (PRINCIPAL_NAMES[source.principal] ?? source.principal) : source.type;
    const noun = source.type.startsWith('Connector:')
      ? 'connector'
      : source.schedule
        ? 'schedule'
        : source.type === 'SNSSubscription'
          ? 'subscription'
          : source.type === 'Authorizer'
            ? 'authorizer'
            : 'trigger';
    return `${service} ${noun} ${source.id} ${line}`;
  }
  if (source.via === 'event-source-mapping') return `event source mapping ${source.id} ${line}`;
  if (source.via === 'function-url') return `function URL ${line}`;
  if (kind === 'serverless') return `${source.type} event ${line}`;
  return `${source.type} event ${source.id} ${line}`;
}

/** "X and 2 more" from a list of descriptions. */
export function summarize(items: string[], max = 1): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Stable key of a location, to report one thing once. */
export function locationKey(origin: Origin): string {
  return `${origin.file}:${origin.range.line}:${origin.range.column}`;
}

/** `Properties` path wording for help texts: "Globals.Function" or the function. */
export function globalsOr(fn: LambdaFunction): string {
  return isSamFunction(fn) ? ` (or once in Globals.Function)` : '';
}

/** "Queue Jobs", or for a queue SAM creates from `SqsSubscription: true`: "The queue SAM creates for ShipOrder's event Orders (SqsSubscription: true)". */
export function queueLabel(queue: Queue): string {
  const generated = queue.generatedBy;
  return generated
    ? `The queue SAM creates for ${generated.functionId}'s event ${generated.eventId} (${generated.property}: true)`
    : `Queue ${queue.id}`;
}

/** Help for a queue SAM creates with default settings: define it yourself and name it in the event, with `settings`. */
export function generatedQueueHelp(queue: Queue, settings: string): string | undefined {
  const generated = queue.generatedBy;
  if (!generated) return undefined;
  return `SAM gives the queue it creates default settings you cannot change: define an AWS::SQS::Queue with ${settings} and point the event at it with \`${generated.property}: { QueueArn: !GetAtt <Queue>.Arn, QueueUrl: !Ref <Queue> }\` on event ${generated.eventId} of ${generated.functionId}.`;
}
