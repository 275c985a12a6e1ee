import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { functionSubject, type LambdaFunction, type Origin, type TemplateModel } from '../model.js';
import {
  capSeverity,
  functionLabel,
  functionRef,
  isSamFunction,
  sentence,
  setWhere,
} from '../rule-helpers/support.js';

import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';

const WHY =
  'its invocations and its calls to other services do not appear in X-Ray traces, a blind spot when requests are slow or fail';

function helpFor(fn: LambdaFunction, inheritedFromGlobals: boolean): string {
  if (fn.kind === 'terraform') return tf.tracing(fn);
  if (fn.kind === 'serverless') {
    return `Set \`provider.tracing.lambda: true\` (or \`tracing: Active\` on ${functionRef(fn)}).`;
  }
  if (isSamFunction(fn)) {
    return inheritedFromGlobals
      ? `Change \`Tracing\` to \`Active\` in Globals.Function, or set \`Tracing: Active\` on ${fn.id}.`
      : `Set \`Tracing: Active\` on ${fn.id}, or once in Globals.Function.`;
  }
  const cdk =
    fn.kind === 'cdk' ? ' In CDK, set `tracing: lambda.Tracing.ACTIVE` on the function construct.' : '';
  return `Add \`TracingConfig: { Mode: Active }\` to ${fn.id}'s Properties and allow \`xray:PutTraceSegments\` and \`xray:PutTelemetryRecords\` in its role (e.g. the AWSXRayDaemonWriteAccess managed policy).${cdk}`;
}

export default defineRule({
  meta: {
    id: 'tracing-active',
    description: 'Every function sends traces to AWS X-Ray',
    severity: 'warning',
    tool: 'iac',
    options: z.object({
      apiStages: z.boolean().default(false).describe('Also report REST API stages without X-Ray tracing.'),
      stateMachines: z
        .boolean()
        .default(false)
        .describe('Also report Step Functions state machines without X-Ray tracing.'),
    }),
  },
  check(model: TemplateModel, ctx) {
    const explicit = new Map<string, { fns: LambdaFunction[]; value: string | boolean; origin: Origin }>();
    for (const fn of model.functions) {
      const tracing = fn.tracing;
      if (tracing.state === 'set' && tracing.value === 'Active') continue;
      if (tracing.state === 'dynamic') {
        if (!tracing.conditional) continue;
        ctx.report({
          at: tracing.origin,
          severity: capSeverity('info', ctx.severity),
          message: sentence(
            `${functionLabel(fn)}'s X-Ray tracing is conditionally missing (an !If with an AWS::NoValue branch, ${setWhere(tracing.origin)}): where the condition is false, ${WHY}.`,
          ),
          help: helpFor(fn, false),
          subject: functionSubject(fn),
        });
        continue;
      }
      if (tracing.state === 'set') {
        // Functions inheriting one value from Globals or provider share one finding at that line.
        const { origin } = tracing;
        const shared = origin.kind === 'globals' || origin.kind === 'provider';
        const key = shared ? `${origin.file}:${origin.range.line}:${origin.range.column}` : `fn:${fn.id}`;
        const group = explicit.get(key);
        if (group) group.fns.push(fn);
        else explicit.set(key, { fns: [fn], value: tracing.value, origin });
        continue;
      }
      ctx.report({
        at: fn.origin,
        message: sentence(
          `${functionLabel(fn)} has no X-Ray tracing (not set, so Lambda uses PassThrough): ${WHY}.`,
        ),
        help: helpFor(fn, false),
        subject: functionSubject(fn),
      });
    }

    for (const { fns, value, origin } of explicit.values()) {
      const fn = fns[0]!;
      const who =
        fns.length === 1
          ? `${functionLabel(fn)}: X-Ray tracing is`
          : `${fns.length} functions (${fns.map((f) => functionLabel(f)).join(', ')}): X-Ray tracing is`;
      ctx.report({
        at: origin,
        message: sentence(
          `${who} ${String(value)}, ${setWhere(origin)}: ${WHY}. PassThrough only traces requests that an upstream service already sampled.`,
        ),
        help: helpFor(fn, origin.kind === 'globals'),
        subject: functionSubject(fn),
      });
    }

    if (ctx.options.apiStages) {
      for (const stage of model.apiStages) {
        const tracing = stage.tracing;
        if (tracing.state === 'set' && tracing.value) continue;
        if (tracing.state === 'dynamic' && !tracing.conditional) continue;
        const serverless = model.kind === 'serverless';
        ctx.report({
          at: tracing.state === 'unset' ? stage.origin : tracing.origin,
          message: `REST API ${serverless ? 'stage of this service' : stage.id} has no X-Ray tracing${tracing.state === 'set' ? ` (TracingEnabled is false, ${setWhere(tracing.origin)})` : ''}: requests are not traced from the API into the functions it calls, so the time spent in API Gateway is invisible.`,
          help: serverless
            ? 'Set `provider.tracing.apiGateway: true`.'
            : stage.resourceType === 'AWS::Serverless::Api'
              ? `Set \`TracingEnabled: true\` on ${stage.id} (or once in Globals.Api).`
              : `Set \`TracingEnabled: true\` on ${stage.id}.`,
          subject: { kind: 'api', id: stage.id },
        });
      }
    }

    if (ctx.options.stateMachines) {
      for (const machine of model.stateMachines) {
        const tracing = machine.tracing;
        if (tracing.state === 'set' && tracing.value) continue;
        if (tracing.state === 'dynamic' && !tracing.conditional) continue;
        const property =
          machine.resourceType === 'AWS::Serverless::StateMachine'
            ? 'Tracing: { Enabled: true }'
            : 'TracingConfiguration: { Enabled: true }';
        ctx.report({
          at: tracing.state === 'unset' ? machine.origin : tracing.origin,
          message: `State machine ${machine.id} has no X-Ray tracing${tracing.state === 'set' ? ` (disabled, ${setWhere(tracing.origin)})` : ''}: executions are not traced into the Lambda functions they invoke, so the slow or failing step is hard to find.`,
          help: `Add \`${property}\` to ${machine.id}'s Properties.`,
          subject: { kind: 'state-machine', id: machine.id },
        });
      }
    }
  },
});
