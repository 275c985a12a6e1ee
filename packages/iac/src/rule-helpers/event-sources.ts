import type { EventSource } from '../model.js';

/** What a poll-based event source reads from, as far as the template tells. */
export type PollSourceKind = 'kinesis' | 'dynamodb' | 'kafka' | 'sqs' | 'mq' | 'docdb' | 'unknown';

const BY_EVENT_TYPE: Record<string, PollSourceKind> = {
  kinesis: 'kinesis',
  dynamodb: 'dynamodb',
  msk: 'kafka',
  selfmanagedkafka: 'kafka',
  kafka: 'kafka',
  sqs: 'sqs',
  // A poll-based SNS event is its SqsSubscription queue.
  sns: 'sqs',
  mq: 'mq',
  activemq: 'mq',
  rabbitmq: 'mq',
  documentdb: 'docdb',
};

const BY_RESOURCE_TYPE: Record<string, PollSourceKind> = {
  'AWS::Kinesis::Stream': 'kinesis',
  'AWS::Kinesis::StreamConsumer': 'kinesis',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::DynamoDB::GlobalTable': 'dynamodb',
  'AWS::MSK::Cluster': 'kafka',
  'AWS::MSK::ServerlessCluster': 'kafka',
  'AWS::SQS::Queue': 'sqs',
  'AWS::AmazonMQ::Broker': 'mq',
  'AWS::DocDB::DBCluster': 'docdb',
};

/** Classifies a poll-based source from its event type, the referenced resource, or the ARN's service. */
export function pollSourceKind(source: EventSource): PollSourceKind {
  const byType = BY_EVENT_TYPE[source.type.toLowerCase()];
  if (byType) return byType;
  if (source.sourceResource) {
    const byResource = BY_RESOURCE_TYPE[source.sourceResource.type];
    if (byResource) return byResource;
  }
  const arn = source.sourceArn?.state === 'set' ? source.sourceArn.value.text : '';
  const service = /arn:[^:]*:([a-z0-9-]+):/.exec(arn)?.[1];
  if (service === 'kinesis') return 'kinesis';
  if (service === 'dynamodb') return 'dynamodb';
  if (service === 'kafka') return 'kafka';
  if (service === 'sqs') return 'sqs';
  if (service === 'mq') return 'mq';
  if (service === 'rds' && /:cluster:/.test(arn)) return 'docdb';
  return 'unknown';
}

export const POLL_SOURCE_NAMES: Record<PollSourceKind, string> = {
  kinesis: 'Kinesis',
  dynamodb: 'DynamoDB stream',
  kafka: 'Kafka',
  sqs: 'SQS',
  mq: 'Amazon MQ',
  docdb: 'DocumentDB',
  unknown: 'poll-based',
};

/** API Gateway flavour of a synchronous trigger, for its integration timeout. */
export function apiKind(source: EventSource): 'rest' | 'http' | 'either' | undefined {
  const type = source.type.toLowerCase();
  if (type === 'api' || type === 'http') return 'rest';
  if (type === 'httpapi') return 'http';
  if (source.principal === 'apigateway.amazonaws.com') {
    // A permission's SourceArn (or a connector's source) names the API when it is in the template.
    const api = source.sourceResource?.type;
    if (api === 'AWS::ApiGateway::RestApi' || api === 'AWS::Serverless::Api') return 'rest';
    if (api === 'AWS::ApiGatewayV2::Api' || api === 'AWS::Serverless::HttpApi') return 'http';
    return 'either';
  }
  return undefined;
}
