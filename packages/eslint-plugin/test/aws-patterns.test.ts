import { describe, expect, it } from 'vitest';
import {
  DYNAMIC_PART,
  findAccessKeyId,
  findAmazonAwsEndpoint,
  isEnvironmentSpecificArn,
  isRegionCode,
  isSqsQueueUrl,
  looksLikeSecretAccessKey,
  parseArn,
  parseConnectionString,
  toEnvVarName,
} from '../src/util/aws-patterns.js';

describe('aws-patterns', () => {
  it('recognises exact region codes only', () => {
    expect(
      ['us-east-1', 'eu-central-2', 'ap-southeast-4', 'us-gov-west-1', 'il-central-1'].every(isRegionCode),
    ).toBe(true);
    expect(
      ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'us-east', 'US-EAST-1', 'us-east-1a', 'global'].some(
        isRegionCode,
      ),
    ).toBe(false);
  });

  it('decides which ARNs pin an environment', () => {
    const pinned = (arn: string): boolean => {
      const parsed = parseArn(arn);
      return parsed !== undefined && isEnvironmentSpecificArn(parsed);
    };
    expect(pinned('arn:aws:sns:us-east-1:123456789012:orders')).toBe(true);
    expect(pinned('arn:aws:s3:::reports-prod/*')).toBe(true);
    expect(pinned(`arn:aws:sns:${DYNAMIC_PART}:123456789012:${DYNAMIC_PART}`)).toBe(true);
    expect(pinned(`arn:aws:sns:${DYNAMIC_PART}:${DYNAMIC_PART}:orders`)).toBe(false);
    expect(pinned(`arn:aws:s3:::${DYNAMIC_PART}/*`)).toBe(false);
    expect(pinned('arn:aws:execute-api:*:*:*')).toBe(false);
    expect(pinned('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBe(false);
    expect(parseArn('arn: not an arn')).toBeUndefined();
  });

  it('finds endpoints, queue URLs and connection strings', () => {
    expect(findAmazonAwsEndpoint('https://abc.execute-api.us-east-1.amazonaws.com/prod')).toBe(
      'abc.execute-api.us-east-1.amazonaws.com',
    );
    expect(findAmazonAwsEndpoint('lambda.amazonaws.com')).toBeUndefined();
    expect(findAmazonAwsEndpoint('.amazonaws.com')).toBeUndefined();
    expect(isSqsQueueUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/jobs')).toBe(true);
    expect(isSqsQueueUrl('https://sqs.eu-west-1.amazonaws.com/')).toBe(false);
    expect(parseConnectionString('postgres://app:pw@db.example.com:5432/x')).toEqual({
      hasPassword: true,
      host: 'db.example.com',
    });
    expect(
      parseConnectionString(`postgres://${DYNAMIC_PART}:${DYNAMIC_PART}@${DYNAMIC_PART}/x`)?.hasPassword,
    ).toBe(false);
    expect(parseConnectionString('https://example.com')).toBeUndefined();
  });

  it('recognises credential shapes', () => {
    expect(findAccessKeyId('key=AKIA2E0A8F3B244C9986&x')).toBe('AKIA2E0A8F3B244C9986');
    expect(findAccessKeyId('AKIA2E0A8F3B244C99861')).toBeUndefined();
    expect(looksLikeSecretAccessKey('Zk3pQ9vR2mT7yW1xC5bN8hJ4gF6dS0aL/eU+iO3q')).toBe(true);
    expect(looksLikeSecretAccessKey('x'.repeat(40))).toBe(false);
  });

  it('derives environment variable names', () => {
    expect(toEnvVarName('TableName')).toBe('TABLE_NAME');
    expect(toEnvVarName('topicArn')).toBe('TOPIC_ARN');
    expect(toEnvVarName('StreamARN')).toBe('STREAM_ARN');
    expect(toEnvVarName('orders-table')).toBe('ORDERS_TABLE');
    expect(toEnvVarName('ORDERS_TOPIC')).toBe('ORDERS_TOPIC');
  });
});
