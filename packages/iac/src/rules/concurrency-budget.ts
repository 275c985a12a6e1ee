import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { functionSubject, type LambdaFunction, type Origin, type TemplateModel } from '../model.js';
import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';
import { capSeverity, functionLabel, functionRef, sentence, setWhere } from '../rule-helpers/support.js';

/** Concurrency AWS never lets an account reserve. */
const UNRESERVED_MINIMUM = 100;

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export default defineRule({
  meta: {
    id: 'concurrency-budget',
    description: 'Reserved and provisioned concurrency in a template fit within the account limit',
    severity: 'error',
    tool: 'iac',
    options: z.object({
      accountLimit: z
        .number()
        .int()
        .min(UNRESERVED_MINIMUM)
        .default(1000)
        .describe("The account's concurrent executions quota in the target Region."),
    }),
  },
  check(model: TemplateModel, ctx) {
    const reservations: { fn: LambdaFunction; value: number; origin: Origin }[] = [];
    for (const fn of model.functions) {
      const reserved = fn.reservedConcurrency;
      if (reserved.state !== 'set') continue;
      reservations.push({ fn, value: reserved.value, origin: reserved.origin });

      if (reserved.value === 0) {
        ctx.report({
          at: reserved.origin,
          severity: capSeverity('warning', ctx.severity),
          message: sentence(
            `${functionLabel(fn)} has reserved concurrency 0 (${setWhere(reserved.origin)}): every invocation is throttled, so the function can never run and its triggers pile up retries or errors.`,
          ),
          help: `Set ${fn.kind === 'serverless' ? '`reservedConcurrency`' : fn.kind === 'terraform' ? tf.reservedConcurrencyName : '`ReservedConcurrentExecutions`'} to the highest number of parallel executions ${functionRef(fn)} needs, or remove it. If 0 is a deliberate kill switch, suppress this finding where it is set.`,
          subject: functionSubject(fn),
        });
      }

      const provisioned = fn.provisionedConcurrency;
      if (provisioned.state === 'set' && provisioned.value > reserved.value) {
        ctx.report({
          at: provisioned.origin,
          message: sentence(
            `${functionLabel(fn)} has provisioned concurrency ${provisioned.value}, above its reserved concurrency ${reserved.value} (${setWhere(reserved.origin)}): Lambda rejects the deployment, since the function can never use more than ${reserved.value} execution environments.`,
          ),
          help: `Lower the provisioned concurrency of ${functionRef(fn)} to at most ${reserved.value}, or raise its reserved concurrency to at least ${provisioned.value}.`,
          subject: functionSubject(fn),
        });
      }
    }

    const budget = ctx.options.accountLimit - UNRESERVED_MINIMUM;
    const total = reservations.reduce((sum, r) => sum + r.value, 0);
    if (total <= budget) return;
    const byValue = [...reservations].sort((a, b) => b.value - a.value);
    const largest = byValue[0];
    if (!largest) return;
    const listed = byValue.slice(0, 5).map((r) => `${r.fn.id} ${formatCount(r.value)}`);
    const more = byValue.length > 5 ? `, and ${byValue.length - 5} more` : '';
    ctx.report({
      at: largest.origin,
      message: `Reserved concurrency in this template adds up to ${formatCount(total)} (${listed.join(', ')}${more}), more than the ${formatCount(budget)} this account can reserve (account limit ${formatCount(ctx.options.accountLimit)} minus the ${UNRESERVED_MINIMUM} AWS keeps unreserved): the deployment fails, and every reservation takes capacity away from all functions without one.`,
      help: `Lower the reservations to ${formatCount(budget)} in total (SQS consumers can use \`ScalingConfig.MaximumConcurrency\` instead), or, if your account's quota was raised, set this rule's \`accountLimit\` option to it.`,
      subject: functionSubject(largest.fn),
    });
  },
});
