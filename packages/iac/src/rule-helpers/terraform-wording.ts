import type { DeploymentGroup, EventSource, LambdaFunction, Queue } from '../model.js';

/**
 * How to fix each problem in Terraform's own vocabulary: `aws_lambda_function` attributes and
 * blocks, or the terraform-aws-modules/lambda/aws inputs when the function is that module. The
 * rules ask here instead of branching on Terraform themselves.
 */
export function isLambdaModule(fn: LambdaFunction): boolean {
  return fn.resourceType.startsWith('module:');
}

/** The terraform-aws-modules/lambda/aws `modules/deploy` submodule rather than an `aws_codedeploy_deployment_group`. */
export function isDeployModule(group: DeploymentGroup): boolean {
  return group.resourceType.startsWith('module:');
}

export const terraformWording = {
  tracing(fn: LambdaFunction): string {
    return isLambdaModule(fn)
      ? `Set \`tracing_mode = "Active"\` on ${fn.id} (the module then allows the X-Ray writes in the role it creates).`
      : `Add \`tracing_config { mode = "Active" }\` to ${fn.id} and allow \`xray:PutTraceSegments\` and \`xray:PutTelemetryRecords\` in its role (e.g. attach the AWSXRayDaemonWriteAccess managed policy).`;
  },
  asyncFailure(fn: LambdaFunction): string {
    return isLambdaModule(fn)
      ? `Set \`create_async_event_config = true\` and \`destination_on_failure = aws_sqs_queue.<dlq>.arn\` (or \`dead_letter_target_arn\`) on ${fn.id}.`
      : `Add \`dead_letter_config { target_arn = aws_sqs_queue.<dlq>.arn }\` to ${fn.id}, or an \`aws_lambda_function_event_invoke_config\` for it with \`destination_config { on_failure { destination = <ARN> } }\`.`;
  },
  reservedConcurrency(fn: LambdaFunction, sqs: boolean): string {
    const sqsHint = sqs
      ? isLambdaModule(fn)
        ? ', or `scaling_config = { maximum_concurrency = <n> }` in its `event_source_mapping` entry'
        : ', or `scaling_config { maximum_concurrency = <n> }` on its `aws_lambda_event_source_mapping`'
      : '';
    return `Set \`reserved_concurrent_executions = <highest number of parallel executions it needs>\` on ${fn.id} (-1 means unreserved)${sqsHint}.`;
  },
  reservedConcurrencyName: '`reserved_concurrent_executions`',
  runtime(fn: LambdaFunction, upgradeTo: string): string {
    return `Change \`runtime\` to "${upgradeTo}" on ${fn.id} (or another supported runtime of the same language), then run the function's tests on it.`;
  },
  timeout(fn: LambdaFunction, limit: number): string {
    return `Set \`timeout = ${limit}\` or less on ${fn.id}, or move the long work to an asynchronous job (SQS, Step Functions) and return early. If your Regional or private REST API's integration timeout quota was raised, set this rule's \`restApiTimeout\` option.`;
  },
  visibility(queue: Queue, seconds: number): string {
    return `\`visibility_timeout_seconds = ${seconds}\` on ${queue.id}`;
  },
  redrive(queue: Queue): string {
    return `Add \`redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.<dlq>.arn, maxReceiveCount = 5 })\` to ${queue.id}.`;
  },
  streamFailure(source: EventSource): string {
    if (source.id.includes('.event_source_mapping.')) {
      const entry = source.id.slice(source.id.lastIndexOf('.') + 1);
      return `Add \`destination_arn_on_failure = <SQS queue or SNS topic ARN>\` to the \`${entry}\` entry of \`event_source_mapping\`, and consider \`maximum_retry_attempts\` and \`bisect_batch_on_function_error = true\`.`;
    }
    const tuning =
      'and consider `maximum_retry_attempts` and `bisect_batch_on_function_error = true` so one bad record does not hold up the rest';
    return `Add \`destination_config { on_failure { destination_arn = <SQS queue, SNS topic or S3 bucket ARN> } }\` to ${source.id}, ${tuning}.`;
  },
  snapStart(fn: LambdaFunction): string {
    return isLambdaModule(fn)
      ? `Set \`snap_start = true\` and \`publish = true\` on ${fn.id} and invoke it through a published version or alias.`
      : `Add \`snap_start { apply_on = "PublishedVersions" }\` and \`publish = true\` to ${fn.id} and invoke it through the published version or an \`aws_lambda_alias\`.`;
  },
  environmentKey(fn: LambdaFunction): string {
    return isLambdaModule(fn) ? '`environment_variables`' : '`environment { variables }`';
  },
  handlerUnresolved(fn: LambdaFunction): string {
    return isLambdaModule(fn)
      ? `Check \`handler\` and \`source_path\` on ${fn.id}: the handler is \`<file without extension>.<export>\`, relative to the source path.`
      : `Check \`handler\` and \`filename\` (or the \`archive_file\`'s \`source_dir\` / \`source_file\`) on ${fn.id}: the handler is \`<file without extension>.<export>\`, relative to the source directory.`;
  },
  secret(fn: LambdaFunction, name: string): string {
    return `Move ${name} out of ${terraformWording.environmentKey(fn)}: store it in AWS Secrets Manager or SSM Parameter Store, pass only its ARN (e.g. \`${name}_ARN = aws_secretsmanager_secret.<name>.arn\`) and read it at runtime with caching. Rotate the exposed value.`;
  },
  unpublished(fn: LambdaFunction): string {
    return isLambdaModule(fn)
      ? `Set \`publish = true\` on ${fn.id}: the module then attaches the provisioned concurrency to the version it publishes.`
      : `Set \`publish = true\` on ${fn.id} and point the \`aws_lambda_provisioned_concurrency_config\` at an \`aws_lambda_alias\` of its published version (\`function_version = ${fn.id}.version\`).`;
  },
  aliasVersion(aliasId: string): string {
    return `Set \`publish = true\` on the function and \`function_version = aws_lambda_function.<name>.version\` on ${aliasId}.`;
  },
  deploymentAlarms(group: DeploymentGroup, interval: string): string {
    const alarms = `CloudWatch alarms on the alias's Errors (and latency or throttles) that fire within the ${interval} interval`;
    return isDeployModule(group)
      ? `Set \`alarm_enabled = true\` and \`alarms = [aws_cloudwatch_metric_alarm.<errors>.alarm_name]\` on ${group.id}, with ${alarms}.`
      : `Add \`alarm_configuration { enabled = true alarms = [aws_cloudwatch_metric_alarm.<errors>.alarm_name] }\` to ${group.id}, with ${alarms}.`;
  },
  deploymentRollback(group: DeploymentGroup): string {
    return isDeployModule(group)
      ? `Set \`auto_rollback_enabled = true\` and \`auto_rollback_events = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]\` on ${group.id} (the module's defaults roll back on alarms).`
      : `Add \`auto_rollback_configuration { enabled = true events = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] }\` to ${group.id}.`;
  },
  deploymentAllAtOnce(group: DeploymentGroup): string {
    return isDeployModule(group)
      ? `Set \`deployment_config_name = "CodeDeployDefault.LambdaCanary10Percent5Minutes"\` (the module's default is AllAtOnce) with \`alarm_enabled = true\` and \`alarms\` on ${group.id}, like the other deployments.`
      : `Set \`deployment_config_name = "CodeDeployDefault.LambdaCanary10Percent5Minutes"\` (or the gradual config the other groups use) with an \`alarm_configuration\` on ${group.id}, or deploy the function without CodeDeploy if it should not shift gradually.`;
  },
};
