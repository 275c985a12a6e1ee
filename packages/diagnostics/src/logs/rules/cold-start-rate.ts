import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { findingLocation, logSubject, ms, percent, type LogsModel } from '../model.js';

export default defineRule<LogsModel, z.ZodType>({
  meta: {
    id: 'cold-start-rate',
    description:
      'Cold starts are rare or cheap: a high cold-start rate with slow inits is latency users feel',
    severity: 'warning',
    tool: 'diagnostics',
    options: z.strictObject({
      maxRate: z
        .number()
        .min(0)
        .max(1)
        .default(0.05)
        .describe('Highest acceptable share of invocations that are cold starts (0.05 = 5%).'),
      minInitP95Ms: z
        .number()
        .min(0)
        .default(500)
        .describe('Init duration p95 (ms) below which cold starts are cheap enough to ignore.'),
      minInvocations: z
        .number()
        .int()
        .min(1)
        .default(20)
        .describe('Fewer invocations than this say nothing about a rate.'),
    }),
  },
  check({ functions }, { options, report }) {
    const { maxRate, minInitP95Ms, minInvocations } = options as {
      maxRate: number;
      minInitP95Ms: number;
      minInvocations: number;
    };
    for (const fn of functions) {
      const s = fn.stats;
      const p95 = s.initDurationMs.p95;
      if (s.invocations < minInvocations || s.coldStartRate <= maxRate || p95 === null || p95 < minInitP95Ms)
        continue;
      const added = (s.initDurationMs.p50 ?? 0) * s.coldStarts;
      report({
        at: findingLocation(fn, undefined, 'slowestInit'),
        subject: logSubject(fn),
        message: `${s.name}: ${s.coldStarts} of ${s.invocations} invocations (${percent(s.coldStartRate)}) were cold starts, with init p50 ${ms(s.initDurationMs.p50)}, p95 ${ms(p95)}, max ${ms(s.initDurationMs.max)}: about ${ms(added)} of waiting in this window.`,
        help: `Cut init work (lazy-require what the first request does not need, drop heavy dependencies; \`lambda-lint init-time\` names the costly modules), or keep environments warm with ProvisionedConcurrencyConfig on an alias sized to the steady concurrency. Cold-start rate above ${percent(maxRate)} with init p95 over ${ms(minInitP95Ms)} triggers this.`,
      });
    }
  },
});
