/**
 * Recognisers for AWS-specific literal values (credentials, ARNs, account IDs, regions,
 * endpoints). Pure string functions so rules stay short and the patterns are tested once.
 */

/** Long-term (AKIA) and temporary (ASIA) access key IDs: 4-letter prefix + 16 upper-case letters or digits. */
const ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;

/** AWS's own documentation keys (AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY). */
export function isDocumentedExampleKey(value: string): boolean {
  return /EXAMPLE/.test(value);
}

/** The first access key ID inside `text`, if any. */
export function findAccessKeyId(text: string): string | undefined {
  return ACCESS_KEY_ID.exec(text)?.[0];
}

/**
 * A secret access key: exactly 40 base64 characters with upper case, lower case and digits
 * (placeholders such as `xxxx…` or all-letter words do not qualify).
 */
export function looksLikeSecretAccessKey(value: string): boolean {
  return (
    /^[A-Za-z0-9/+]{40}$/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value)
  );
}

/** STS session tokens are long base64 blobs; their decoded prefix makes two encodings very recognisable. */
export function looksLikeSessionToken(value: string, nextToSessionTokenKey: boolean): boolean {
  if (value.length < 100 || !/^[A-Za-z0-9/+=]+$/.test(value)) return false;
  if (/^(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz)/.test(value)) return true;
  return nextToSessionTokenKey && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value);
}

/** Names of keys/variables that hold a secret access key (secretAccessKey, AWS_SECRET_ACCESS_KEY, aws_secret_key…). */
export function isSecretAccessKeyName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[^a-z]/g, '');
  return (
    normalized.includes('secretaccesskey') || normalized.endsWith('secretkey') || normalized === 'secret'
  );
}

export function isAccessKeyIdName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[^a-z]/g, '');
  if (normalized.includes('secret')) return false;
  return normalized.includes('accesskeyid') || normalized.endsWith('accesskey');
}

export function isSessionTokenName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[^a-z]/g, '');
  return (
    normalized.includes('sessiontoken') ||
    normalized === 'securitytoken' ||
    normalized.endsWith('securitytoken')
  );
}

/** Exact region code such as `us-east-1`, `eu-central-2`, `us-gov-west-1`; not `us.anthropic…` model IDs. */
const REGION =
  /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob|eusc)-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/;

export function isRegionCode(value: string): boolean {
  return REGION.test(value);
}

/** Region code appearing as a segment of a larger value (an ARN field, a hostname label). */
export function containsRegionCode(value: string): boolean {
  return /(?:^|[.:/])(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}(?=$|[.:/])/.test(
    value,
  );
}

export function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}

/** Placeholder (a private-use character) that stands for an interpolated expression when a template literal is flattened. */
export const DYNAMIC_PART = '\uE000';

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/**
 * Splits a (possibly partly dynamic) ARN. `value` must start with `arn:`; dynamic parts
 * appear as DYNAMIC_PART. Returns undefined for text that is not shaped like an ARN.
 */
export function parseArn(value: string): ParsedArn | undefined {
  if (!value.startsWith('arn:') || /\s/.test(value)) return undefined;
  const fields = value.split(':');
  if (fields.length < 6) return undefined;
  const [, partition = '', service = '', region = '', account = '', ...rest] = fields;
  if (!/^(?:aws[a-z-]*|\uE000)$/.test(partition) || !/^(?:[a-z0-9-]+|\uE000)$/.test(service))
    return undefined;
  return { partition, service, region, account, resource: rest.join(':') };
}

/**
 * True when an ARN pins something environment-specific: a concrete resource in a literal
 * account or region. Wildcard patterns (`arn:aws:execute-api:*:*:*`, as authorizers return)
 * and AWS-owned ARNs (account `aws`, managed policies) are not configuration.
 */
export function isEnvironmentSpecificArn(arn: ParsedArn): boolean {
  if (arn.account === '*' || arn.region === '*' || arn.account === 'aws') return false;
  if (arn.resource === '' || arn.resource === '*') return false;
  if (isAccountId(arn.account) || isRegionCode(arn.region)) return true;
  // S3 ARNs carry neither region nor account: a literal bucket name is what is pinned.
  if (arn.region === '' && arn.account === '') return !arn.resource.startsWith(DYNAMIC_PART);
  return false;
}

/** `https://sqs.<region>.amazonaws.com/<account>/<queue>` and the legacy `queue.amazonaws.com` form. */
export function isSqsQueueUrl(value: string): boolean {
  return /^https?:\/\/(?:sqs\.[^./]+\.amazonaws\.com(?:\.cn)?|queue\.amazonaws\.com|[^./]+\.queue\.amazonaws\.com)\/[^/]+\/[^/]+/.test(
    value,
  );
}

/**
 * A concrete AWS endpoint host (`abc.execute-api.us-east-1.amazonaws.com`, `s3.eu-west-1.amazonaws.com`,
 * an RDS cluster host). A bare `<service>.amazonaws.com` is a service principal (`lambda.amazonaws.com`)
 * in IAM policies, not an endpoint, and is not matched.
 */
export function findAmazonAwsEndpoint(value: string): string | undefined {
  if (/\s/.test(value)) return undefined;
  const match = /(?:^|[/@])((?:[a-z0-9\uE000-]+\.){2,}amazonaws\.com(?:\.cn)?)(?=$|[:/?#])/i.exec(value);
  return match?.[1];
}

/** Database / cache / broker connection strings. */
const CONNECTION_STRING =
  /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|jdbc:[a-z]+):\/\/(?:([^/@\s]*)@)?([^/:?\s,]+)/i;

export interface ConnectionString {
  hasPassword: boolean;
  host: string;
}

export function parseConnectionString(value: string): ConnectionString | undefined {
  const match = CONNECTION_STRING.exec(value);
  if (!match) return undefined;
  const userInfo = match[1] ?? '';
  const password = userInfo.includes(':') ? userInfo.slice(userInfo.indexOf(':') + 1) : '';
  // An interpolated password (`${secret}`) is read at runtime, not hardcoded.
  return { hasPassword: password !== '' && !password.includes(DYNAMIC_PART), host: match[2] ?? '' };
}

/** Hosts that only make sense on a developer machine or in local containers. */
export function isLocalHost(host: string): boolean {
  const lower = host.toLowerCase();
  return (
    lower === 'localhost' ||
    lower.endsWith('.localhost') ||
    lower === 'host.docker.internal' ||
    lower === '0.0.0.0' ||
    lower === '::1' ||
    lower.startsWith('127.') ||
    lower.includes(DYNAMIC_PART) ||
    !lower.includes('.')
  );
}

/** A remote hostname or IPv4 address written as a literal (`db.example.com`, `10.0.1.12`). */
export function looksLikeRemoteHost(value: string): boolean {
  if (!/^[a-z0-9.-]+$/i.test(value) || !value.includes('.')) return false;
  if (isLocalHost(value)) return false;
  return /^(?:\d{1,3}\.){3}\d{1,3}$/.test(value) || /\.[a-z]{2,}$/i.test(value);
}

/** `TableName` → `TABLE_NAME`, `topicArn` → `TOPIC_ARN`, `orders-table` → `ORDERS_TABLE`. */
export function toEnvVarName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** A literal that says by itself that it is deployment configuration, whatever it is assigned to. */
export interface SelfIdentifyingValue {
  kind: 'arn' | 'queueUrl' | 'endpoint' | 'connectionString';
  /** Stays reported even as an env-var fallback default (pins an account or embeds a password). */
  reportAsDefault: boolean;
  /** The environment variable to read instead. */
  envName: string;
  /** For connection strings: a password is written in it. */
  hasPassword?: boolean;
}

/** ARNs, queue URLs and endpoints pinned to an account or region, and remote connection strings; undefined otherwise. */
export function classifySelfIdentifyingValue(text: string): SelfIdentifyingValue | undefined {
  if (text.length < 8 || /\s/.test(text)) return undefined;
  if (text.startsWith('arn:')) {
    const arn = parseArn(text);
    if (!arn || !isEnvironmentSpecificArn(arn)) return undefined;
    const service = arn.service === DYNAMIC_PART ? 'RESOURCE' : toEnvVarName(arn.service);
    return { kind: 'arn', reportAsDefault: true, envName: `${service}_ARN` };
  }
  if (text.includes('amazonaws.com')) {
    if (isSqsQueueUrl(text)) {
      if (!/\/\d{12}\//.test(text) && !containsRegionCode(text)) return undefined;
      return { kind: 'queueUrl', reportAsDefault: /\/\d{12}\//.test(text), envName: 'QUEUE_URL' };
    }
    const host = findAmazonAwsEndpoint(text);
    if (host !== undefined) {
      const pinned =
        !host.includes(DYNAMIC_PART) || containsRegionCode(host) || /(?:^|\.)\d{12}\./.test(host);
      if (!pinned) return undefined;
      return { kind: 'endpoint', reportAsDefault: /(?:^|\.)\d{12}\./.test(host), envName: 'ENDPOINT' };
    }
  }
  if (text.includes('://')) {
    const connection = parseConnectionString(text);
    // Local hosts (`postgres:postgres@localhost`) are developer defaults that reach nothing from Lambda.
    if (connection && !isLocalHost(connection.host)) {
      return {
        kind: 'connectionString',
        reportAsDefault: connection.hasPassword,
        envName: 'DATABASE_URL',
        hasPassword: connection.hasPassword,
      };
    }
  }
  return undefined;
}

/** SDK parameter names whose value names a stage-specific resource (as the JS SDK spells them; boto3 uses the same names). */
export const SDK_RESOURCE_PARAMETERS: readonly string[] = [
  'TableName',
  'Bucket',
  'QueueUrl',
  'QueueName',
  'TopicArn',
  'TargetArn',
  'FunctionName',
  'StateMachineArn',
  'SecretId',
  'EventBusName',
  'StreamName',
  'StreamARN',
  'DeliveryStreamName',
  'LogGroupName',
  'KeyId',
  'UserPoolId',
  'IdentityPoolId',
  'ResourceArn',
  'resourceArn',
  'secretArn',
];

/** Resource-parameter values that are the same in every account and stage (`EventBusName: 'default'`). */
const UNIVERSAL_RESOURCE_VALUES: Readonly<Record<string, ReadonlySet<string>>> = {
  EventBusName: new Set(['default']),
};

/** True when `value` of the SDK resource parameter `key` names no stage-specific resource. */
export function isUniversalResourceValue(key: string, value: string): boolean {
  return UNIVERSAL_RESOURCE_VALUES[key]?.has(value) === true;
}
