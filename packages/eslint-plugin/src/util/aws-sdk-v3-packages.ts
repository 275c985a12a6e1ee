/**
 * AWS SDK for JavaScript v2 service names (class names such as `DynamoDB`, which are
 * also the lowercased file names under `aws-sdk/clients/`) mapped to their v3 packages.
 * Only names whose v3 package is known are listed: an unknown service gets a generic hint
 * rather than a guessed package name.
 */
const V3_CLIENT_BY_V2_SERVICE: Readonly<Record<string, string>> = {
  acm: 'client-acm',
  apigateway: 'client-api-gateway',
  apigatewaymanagementapi: 'client-apigatewaymanagementapi',
  apigatewayv2: 'client-apigatewayv2',
  appsync: 'client-appsync',
  athena: 'client-athena',
  autoscaling: 'client-auto-scaling',
  batch: 'client-batch',
  cloudformation: 'client-cloudformation',
  cloudfront: 'client-cloudfront',
  cloudtrail: 'client-cloudtrail',
  cloudwatch: 'client-cloudwatch',
  cloudwatchevents: 'client-cloudwatch-events',
  cloudwatchlogs: 'client-cloudwatch-logs',
  codebuild: 'client-codebuild',
  codecommit: 'client-codecommit',
  codepipeline: 'client-codepipeline',
  cognitoidentity: 'client-cognito-identity',
  cognitoidentityserviceprovider: 'client-cognito-identity-provider',
  comprehend: 'client-comprehend',
  dynamodb: 'client-dynamodb',
  dynamodbstreams: 'client-dynamodb-streams',
  ec2: 'client-ec2',
  ecr: 'client-ecr',
  ecs: 'client-ecs',
  eks: 'client-eks',
  elasticache: 'client-elasticache',
  elbv2: 'client-elastic-load-balancing-v2',
  eventbridge: 'client-eventbridge',
  firehose: 'client-firehose',
  glue: 'client-glue',
  iam: 'client-iam',
  iot: 'client-iot',
  iotdata: 'client-iot-data-plane',
  kinesis: 'client-kinesis',
  kms: 'client-kms',
  lambda: 'client-lambda',
  mediaconvert: 'client-mediaconvert',
  organizations: 'client-organizations',
  pinpoint: 'client-pinpoint',
  polly: 'client-polly',
  rds: 'client-rds',
  rdsdataservice: 'client-rds-data',
  redshift: 'client-redshift',
  redshiftdata: 'client-redshift-data',
  rekognition: 'client-rekognition',
  route53: 'client-route-53',
  s3: 'client-s3',
  s3control: 'client-s3-control',
  sagemaker: 'client-sagemaker',
  sagemakerruntime: 'client-sagemaker-runtime',
  secretsmanager: 'client-secrets-manager',
  ses: 'client-ses',
  sesv2: 'client-sesv2',
  sns: 'client-sns',
  sqs: 'client-sqs',
  ssm: 'client-ssm',
  stepfunctions: 'client-sfn',
  sts: 'client-sts',
  textract: 'client-textract',
  timestreamwrite: 'client-timestream-write',
  translate: 'client-translate',
  xray: 'client-xray',
};

/** The v3 replacement for one v2 service, e.g. `S3` → "`@aws-sdk/client-s3`"; undefined when unknown. */
export function v3ReplacementForV2Service(serviceName: string): string | undefined {
  const key = serviceName.toLowerCase();
  const client = V3_CLIENT_BY_V2_SERVICE[key];
  if (client === undefined) return undefined;
  if (key === 'dynamodb')
    return '`@aws-sdk/client-dynamodb` (and `@aws-sdk/lib-dynamodb` for DocumentClient)';
  return `\`@aws-sdk/${client}\``;
}

/** Non-service v2 members with a dedicated v3 home. */
export function v3ReplacementForV2Member(memberPath: readonly string[]): string | undefined {
  const [first, second] = memberPath;
  if (first === undefined) return undefined;
  if (first === 'DynamoDB' && second === 'DocumentClient')
    return '`@aws-sdk/lib-dynamodb` (with `@aws-sdk/client-dynamodb`)';
  if (first === 'DynamoDB' && second === 'Converter')
    return '`@aws-sdk/util-dynamodb` (`marshall` / `unmarshall`)';
  return v3ReplacementForV2Service(first);
}
