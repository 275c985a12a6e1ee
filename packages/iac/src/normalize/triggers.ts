import type { EventSource, Invocation } from '../model.js';

/**
 * Trigger classification shared by every format (SAM, CloudFormation, Serverless, Terraform).
 * A normalizer reads its own syntax into plain facts (a principal string, whether a rule has a
 * schedule expression, a subscription's protocol, a connector's source type) and asks these
 * functions what the trigger means, so that one function gets one verdict whatever the format.
 */

/**
 * Principal service (the part before `.amazonaws.com`) → invocation. Services that invoke
 * asynchronously retry and then drop events, so they need a DLQ/destination.
 */
export const PRINCIPAL_INVOCATION: ReadonlyMap<string, Invocation> = new Map<string, Invocation>([
  ['s3', 'asynchronous'],
  ['sns', 'asynchronous'],
  ['events', 'asynchronous'],
  ['logs', 'asynchronous'],
  ['iot', 'asynchronous'],
  ['ses', 'asynchronous'],
  ['scheduler', 'asynchronous'],
  ['config', 'asynchronous'],
  ['codecommit', 'asynchronous'],
  ['apigateway', 'synchronous'],
  ['elasticloadbalancing', 'synchronous'],
  ['cognito-idp', 'synchronous'],
  ['lex', 'synchronous'],
  ['alexa-appkit', 'synchronous'],
  ['alexa-connectedhome', 'synchronous'],
]);

/**
 * Service part of a principal: `s3.amazonaws.com`, `logs.eu-west-1.amazonaws.com`,
 * `logs.${AWS::Region}.amazonaws.com`, `sns.amazonaws.com.cn`, and Alexa's `alexa-appkit.amazon.com`.
 */
export function principalService(principal: string): string | undefined {
  const text = principal.trim().replace(/\$\{AWS::Region\}/g, 'region');
  const m = /^([a-z0-9-]+)\.(?:[a-z0-9-]+\.)?amazonaws\.com(?:\.cn)?$/.exec(text);
  if (m) return m[1];
  return /^(alexa-appkit|alexa-connectedhome)\.amazon\.com$/.exec(text)?.[1];
}

/** What an invoke permission's principal means: the calling service and how it invokes; undefined for accounts, `*` and unknown services. */
export function classifyPrincipal(
  principal: string,
): { service: string; invocation: Invocation } | undefined {
  const service = principalService(principal);
  const invocation = service !== undefined ? PRINCIPAL_INVOCATION.get(service) : undefined;
  return service !== undefined && invocation !== undefined ? { service, invocation } : undefined;
}

/**
 * An EventBridge rule with a schedule expression fires on a timetable; one with only an event
 * pattern fires once per matching event (and can fan out). A rule with both can fan out too.
 */
export function eventBridgeRuleKind(rule: {
  scheduleExpression: boolean;
  eventPattern: boolean;
}): 'schedule' | 'pattern' {
  return rule.scheduleExpression && !rule.eventPattern ? 'schedule' : 'pattern';
}

/**
 * Where an SNS subscription delivers: `lambda` invokes the function asynchronously; `sqs` puts
 * the message in a queue, so the function that polls that queue is poll-based, not SNS-invoked.
 */
export function snsSubscriptionDelivery(protocol: string | undefined): 'function' | 'queue' | 'other' {
  const p = protocol?.trim().toLowerCase();
  return p === 'lambda' ? 'function' : p === 'sqs' ? 'queue' : 'other';
}

/**
 * How a SAM SNS event reaches its function, from how its `SqsSubscription` is written: absent or
 * `false` subscribes the function (SNS invokes it asynchronously); `true` makes SAM create a queue
 * with default settings and a mapping; a map names the user's own queue (`QueueArn`); a
 * deploy-time value is a queue that cannot be told.
 */
export function samSnsDelivery(
  sqsSubscription: 'absent' | 'false' | 'true' | 'map' | 'dynamic',
): 'direct' | 'generated-queue' | 'own-queue' | 'unknown-queue' {
  switch (sqsSubscription) {
    case 'absent':
    case 'false':
      return 'direct';
    case 'true':
      return 'generated-queue';
    case 'map':
      return 'own-queue';
    case 'dynamic':
      return 'unknown-queue';
  }
}

/** CloudFormation resource types that invoke a Lambda function they may write to, with how they invoke it. */
const INVOKING_SOURCE_TYPES: ReadonlyMap<string, { type: string; service: string; invocation: Invocation }> =
  new Map([
    ['AWS::S3::Bucket', { type: 'S3', service: 's3', invocation: 'asynchronous' }],
    ['AWS::SNS::Topic', { type: 'SNS', service: 'sns', invocation: 'asynchronous' }],
    ['AWS::Events::Rule', { type: 'EventBridgeRule', service: 'events', invocation: 'asynchronous' }],
    ['AWS::IoT::TopicRule', { type: 'IoTRule', service: 'iot', invocation: 'asynchronous' }],
    ['AWS::Serverless::Api', { type: 'Api', service: 'apigateway', invocation: 'synchronous' }],
    ['AWS::ApiGateway::RestApi', { type: 'Api', service: 'apigateway', invocation: 'synchronous' }],
    ['AWS::Serverless::HttpApi', { type: 'HttpApi', service: 'apigateway', invocation: 'synchronous' }],
    ['AWS::ApiGatewayV2::Api', { type: 'HttpApi', service: 'apigateway', invocation: 'synchronous' }],
  ]);

/**
 * The trigger a SAM connector means for its destination function: a source that may `Write` to a
 * function invokes it (S3, SNS and EventBridge asynchronously, API Gateway synchronously).
 * Other connectors grant IAM access only (a function reading a queue still needs its mapping).
 */
export function connectorTrigger(
  sourceType: string,
  permissions: readonly string[],
): { type: string; service: string; invocation: Invocation } | undefined {
  if (!permissions.includes('Write')) return undefined;
  return INVOKING_SOURCE_TYPES.get(sourceType);
}

/** A trigger that fires on a timetable (it cannot fan out): SAM/Serverless schedules, schedule rules, Scheduler. */
export function isScheduleSource(source: EventSource): boolean {
  return (
    source.schedule === true ||
    /^schedule(v2)?$/i.test(source.type) ||
    source.principal === 'scheduler.amazonaws.com'
  );
}
