import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import type { ReportDescriptor } from '@lambda-lint/core';
import { functionSubject, type LambdaFunction, type TemplateModel } from '../model.js';
import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';
import { functionLabel, sentence, setWhere } from '../rule-helpers/support.js';

export default defineRule({
  meta: {
    id: 'provisioned-concurrency-alias',
    description: 'Provisioned concurrency is configured on a published version behind an alias',
    severity: 'error',
    tool: 'iac',
    options: z.object({}),
  },
  check(model: TemplateModel, ctx) {
    for (const fn of model.functions) {
      if (fn.kind === 'terraform') {
        reportUnpublished(fn, ctx.report);
        continue;
      }
      // Serverless publishes a version and a `provisioned` alias itself; raw CloudFormation attaches it to Alias/Version resources.
      if (fn.resourceType !== 'AWS::Serverless::Function') continue;
      const provisioned = fn.provisionedConcurrency;
      if (provisioned.state === 'unset') continue;
      if (fn.autoPublishAlias.state !== 'unset') continue;
      const amount = provisioned.state === 'set' ? ` (${provisioned.value} environments)` : '';
      ctx.report({
        at: provisioned.origin,
        message: sentence(
          `${functionLabel(fn)} has provisioned concurrency${amount}, ${setWhere(provisioned.origin)}, but no AutoPublishAlias: provisioned concurrency only applies to a published version or alias, so SAM cannot attach it and every invocation of the function still pays the cold start.`,
        ),
        help: `Add \`AutoPublishAlias: live\` to ${fn.id}${provisioned.origin.kind === 'globals' ? ' (or to Globals.Function, next to ProvisionedConcurrencyConfig)' : ''} and invoke the function through that alias.`,
        subject: functionSubject(fn),
      });
    }

    let functionsById: Map<string, LambdaFunction> | undefined;
    for (const alias of model.aliases) {
      if (alias.provisionedConcurrency.state === 'unset') continue;
      const version = alias.functionVersion;
      if (version.state !== 'set' || version.value.text.trim() !== '$LATEST') continue;
      functionsById ??= firstFunctionById(model);
      const owner = alias.functionId === undefined ? undefined : functionsById.get(alias.functionId);
      ctx.report({
        at: version.origin,
        message: `Alias ${alias.id}${owner ? ` of ${functionLabel(owner)}` : ''} points at $LATEST and has provisioned concurrency: Lambda only provisions published versions, so the deployment is rejected.`,
        help:
          model.kind === 'terraform'
            ? tf.aliasVersion(alias.id)
            : `Publish a version with an \`AWS::Lambda::Version\` resource and set \`FunctionVersion: !GetAtt <Version>.Version\` on ${alias.id}.`,
        subject: owner ? functionSubject(owner) : { kind: 'resource', id: alias.id },
      });
    }
  },
});

/**
 * Terraform: provisioned concurrency on the function's own version (`qualifier = aws_lambda_function.x.version`,
 * or the Lambda module's `provisioned_concurrent_executions`) without `publish = true`, or on "$LATEST" itself.
 */
function reportUnpublished(fn: LambdaFunction, report: (d: ReportDescriptor) => void): void {
  const provisioned = fn.provisionedConcurrency;
  const target = fn.provisionedConcurrencyTarget;
  if (provisioned.state === 'unset' || target?.kind !== 'version') return;
  const qualifier = target.qualifier;
  const onLatest = qualifier?.state === 'set' && qualifier.value.trim() === '$LATEST';
  const unpublished = target.logicalId === `${fn.id}.version` && fn.versions.length === 0;
  if (!onLatest && !unpublished) return;
  const amount = provisioned.state === 'set' ? ` (${provisioned.value} environments)` : '';
  report({
    at: onLatest ? qualifier.origin : provisioned.origin,
    message: sentence(
      `${functionLabel(fn)} has provisioned concurrency${amount}, ${setWhere(provisioned.origin)}, on ${onLatest ? '$LATEST' : 'its own version, but does not set `publish = true`, so that version is $LATEST'}: Lambda only provisions published versions and aliases, so the deployment is rejected.`,
    ),
    help: tf.unpublished(fn),
    subject: functionSubject(fn),
  });
}

/** Functions by logical ID (the first of each), so each alias finds its owner without a scan. */
function firstFunctionById(model: TemplateModel): Map<string, LambdaFunction> {
  const byId = new Map<string, LambdaFunction>();
  for (const fn of model.functions) if (!byId.has(fn.id)) byId.set(fn.id, fn);
  return byId;
}
