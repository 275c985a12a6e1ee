/**
 * Environment variables the Lambda runtime (or the tooling around it) sets itself, so code may read them
 * without the template setting them; shared by the JavaScript and Python `env-var-declared` rules. Sources: AWS Lambda Developer Guide, "Defined runtime environment
 * variables" (reserved and unreserved); the X-Ray SDK and local emulators for the rest.
 */
const SET_BY_LAMBDA: ReadonlySet<string> = new Set([
  // Reserved
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  // Unreserved, set by the runtime
  'TZ',
  'LANG',
  'PATH',
  'LD_LIBRARY_PATH',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'PYTHONPATH',
  'HOME',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  // Set by local emulators and bundlers, read to tell local runs apart
  'AWS_SAM_LOCAL',
  'IS_OFFLINE',
  'IS_LOCAL',
  'NODE_ENV',
]);

/** Prefixes the runtime owns: X-Ray (`AWS_XRAY_CONTEXT_MISSING`, `_AWS_XRAY_DAEMON_ADDRESS`) and `AWS_LAMBDA_*` (log format and level, …). */
const SET_BY_LAMBDA_PREFIXES: readonly string[] = ['AWS_XRAY_', '_AWS_XRAY_', 'AWS_LAMBDA_'];

/** True when the Lambda runtime sets `name` in every function's environment. */
export function isSetByLambda(name: string): boolean {
  return SET_BY_LAMBDA.has(name) || SET_BY_LAMBDA_PREFIXES.some((prefix) => name.startsWith(prefix));
}
