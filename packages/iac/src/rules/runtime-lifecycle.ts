import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { runtimeInfo } from '../data/runtimes.js';
import { functionSubject, type LambdaFunction, type Origin, type TemplateModel } from '../model.js';
import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';
import { capSeverity, functionLabel, sentence, setWhere } from '../rule-helpers/support.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC of an ISO date, or of today. */
function dayOf(iso: string | undefined): number {
  if (iso !== undefined) return Date.parse(`${iso}T00:00:00Z`);
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

function helpFor(fn: LambdaFunction, origin: Origin, upgradeTo: string): string {
  if (fn.kind === 'terraform') return tf.runtime(fn, upgradeTo);
  const property = fn.kind === 'serverless' ? '`runtime`' : '`Runtime`';
  const where =
    origin.kind === 'globals'
      ? ` in Globals.Function (line ${origin.range.line})`
      : origin.kind === 'provider'
        ? ` in provider (line ${origin.range.line})`
        : '';
  return `Change ${property}${where} to ${upgradeTo} (or another supported runtime of the same language), then run the function's tests on it.`;
}

export default defineRule({
  meta: {
    id: 'runtime-lifecycle',
    description: 'Functions run on a runtime that AWS Lambda still supports, with time to spare',
    severity: 'error',
    tool: 'iac',
    options: z.object({
      warnDaysBefore: z
        .number()
        .int()
        .min(0)
        .default(180)
        .describe("Warn this many days before a runtime's deprecation date."),
      today: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
        .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real date')
        .optional()
        .describe('Date (YYYY-MM-DD) to compare against instead of the current date; for reproducible runs.'),
    }),
  },
  check(model: TemplateModel, ctx) {
    const today = dayOf(ctx.options.today);
    // Functions that inherit one Runtime from Globals or provider share one finding at that line.
    const groups = new Map<string, { fns: LambdaFunction[]; runtime: string; origin: Origin }>();
    for (const fn of model.functions) {
      if (fn.packageType.state === 'set' && fn.packageType.value === 'Image') continue;
      const runtime = fn.runtime;
      if (runtime.state !== 'set') continue;
      const { origin } = runtime;
      const shared = origin.kind === 'globals' || origin.kind === 'provider';
      const key = shared ? `${origin.file}:${origin.range.line}:${origin.range.column}` : `fn:${fn.id}`;
      const group = groups.get(key);
      if (group) group.fns.push(fn);
      else groups.set(key, { fns: [fn], runtime: runtime.value, origin });
    }
    for (const { fns, runtime, origin } of groups.values()) {
      const info = runtimeInfo(runtime);
      if (!info?.deprecation) continue;
      const deprecation = Date.parse(`${info.deprecation}T00:00:00Z`);
      const daysLeft = Math.round((deprecation - today) / DAY_MS);
      const where = setWhere(origin);
      const fn = fns[0]!;
      const who =
        fns.length === 1
          ? `${functionLabel(fn)} runs`
          : `${fns.length} functions (${fns.map((f) => functionLabel(f)).join(', ')}) run`;

      if (daysLeft <= 0) {
        ctx.report({
          at: origin,
          message: sentence(
            `${who} on ${runtime} (${where}), which AWS Lambda deprecated on ${info.deprecation}: it no longer gets security patches or support, and Lambda blocks creating and then updating functions on it, so the next deployment can fail.`,
          ),
          help: helpFor(fn, origin, info.upgradeTo),
          subject: functionSubject(fn),
        });
      } else if (daysLeft <= ctx.options.warnDaysBefore) {
        ctx.report({
          at: origin,
          severity: capSeverity('warning', ctx.severity),
          message: sentence(
            `${who} on ${runtime} (${where}), which AWS Lambda deprecates on ${info.deprecation}, in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}: after that it gets no security patches, and deployments start to fail soon after.`,
          ),
          help: helpFor(fn, origin, info.upgradeTo),
          subject: functionSubject(fn),
        });
      }
    }
  },
});
