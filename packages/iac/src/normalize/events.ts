import type { Invocation } from '../model.js';

/** SAM `Events` types → how Lambda is invoked. */
export const SAM_EVENT_INVOCATION: ReadonlyMap<string, Invocation> = new Map<string, Invocation>([
  ['Api', 'synchronous'],
  ['HttpApi', 'synchronous'],
  ['Cognito', 'synchronous'],
  ['AlexaSkill', 'synchronous'],
  ['S3', 'asynchronous'],
  ['SNS', 'asynchronous'],
  ['EventBridgeRule', 'asynchronous'],
  ['CloudWatchEvent', 'asynchronous'],
  ['Schedule', 'asynchronous'],
  ['ScheduleV2', 'asynchronous'],
  ['IoTRule', 'asynchronous'],
  ['CloudWatchLogs', 'asynchronous'],
  ['SQS', 'poll'],
  ['Kinesis', 'poll'],
  ['DynamoDB', 'poll'],
  ['MSK', 'poll'],
  ['SelfManagedKafka', 'poll'],
  ['MQ', 'poll'],
  ['DocumentDB', 'poll'],
]);

/** Serverless Framework event keys → how Lambda is invoked. */
export const SERVERLESS_EVENT_INVOCATION: ReadonlyMap<string, Invocation> = new Map<string, Invocation>([
  ['http', 'synchronous'],
  ['httpApi', 'synchronous'],
  ['websocket', 'synchronous'],
  ['alb', 'synchronous'],
  ['alexaSkill', 'synchronous'],
  ['alexaSmartHome', 'synchronous'],
  ['cognitoUserPool', 'synchronous'],
  ['cloudFront', 'synchronous'],
  ['s3', 'asynchronous'],
  ['sns', 'asynchronous'],
  ['schedule', 'asynchronous'],
  ['eventBridge', 'asynchronous'],
  ['cloudwatchEvent', 'asynchronous'],
  ['cloudwatchLog', 'asynchronous'],
  ['iot', 'asynchronous'],
  ['iotFleetProvisioning', 'asynchronous'],
  ['sqs', 'poll'],
  ['stream', 'poll'],
  ['msk', 'poll'],
  ['kafka', 'poll'],
  ['activemq', 'poll'],
  ['rabbitmq', 'poll'],
]);

// Principals are classified in the shared trigger module; re-exported for existing importers.
export { PRINCIPAL_INVOCATION, principalService } from './triggers.js';

/** Event-source-mapping source type by the ARN service or the referenced resource's type. */
export function pollSourceType(arnOrType: string): string {
  if (/^arn:[^:]*:sqs:|AWS::SQS::Queue/.test(arnOrType)) return 'SQS';
  if (/^arn:[^:]*:kinesis:|AWS::Kinesis::Stream/.test(arnOrType)) return 'Kinesis';
  if (/^arn:[^:]*:dynamodb:|AWS::DynamoDB::(Global)?Table/.test(arnOrType)) return 'DynamoDB';
  if (/^arn:[^:]*:kafka:|AWS::MSK::/.test(arnOrType)) return 'MSK';
  if (/^arn:[^:]*:mq:|AWS::AmazonMQ::/.test(arnOrType)) return 'MQ';
  if (/^arn:[^:]*:rds:|AWS::DocDB::/.test(arnOrType)) return 'DocumentDB';
  return 'unknown';
}

/** Stream sources: failures block the shard until handled, so an on-failure destination matters. */
export const STREAM_TYPES: ReadonlySet<string> = new Set([
  'Kinesis',
  'DynamoDB',
  'MSK',
  'SelfManagedKafka',
  'stream',
  'msk',
  'kafka',
]);
