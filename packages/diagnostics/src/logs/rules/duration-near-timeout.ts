import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { configuredTimeout, findingLocation, logSubject, percent, type LogsModel } from '../model.js';

export default defineRule<LogsModel, z.ZodType>({
  meta: {
    id: 'duration-near-timeout',
    description: 'Durations stay well below the configured timeout',
    severity: 'warning',
    tool: 'diagnostics',
    options: z.strictObject({
      maxRatio: z
        .number()
        .min(0)
        .max(1)
        .default(0.8)
        .describe('Duration p99 / Timeout at or above which the function is reported.'),
    }),
  },
  check({ functions }, { options, report }) {
    const { maxRatio } = options as { maxRatio: number };
    for (const fn of functions) {
      const s = fn.stats;
      const timeout = configuredTimeout(fn);
      const p99 = s.durationMs.p99;
      if (!timeout || p99 === null || s.timeouts > 0) continue;
      const ratio = p99 / (timeout.seconds * 1000);
      if (ratio < maxRatio) continue;
      report({
        at: findingLocation(fn, timeout.at, 'maxDuration'),
        subject: logSubject(fn),
        message: `${s.name}: duration p99 ${Math.round(p99)} ms (max ${Math.round(s.durationMs.max ?? 0)} ms) is ${percent(ratio)} of the ${timeout.seconds} s timeout: a slower dependency or a cold start turns these into timeouts.`,
        help: `Raise Timeout to leave headroom over the p99 (e.g. ${Math.ceil((p99 * 2) / 1000)} s) or make the slow path faster; keep upstream timeouts (API Gateway 29 s, SQS visibility) above it.`,
      });
    }
  },
});
