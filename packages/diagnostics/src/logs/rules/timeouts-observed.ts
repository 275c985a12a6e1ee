import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { configuredTimeout, findingLocation, logSubject, type LogsModel } from '../model.js';

export default defineRule<LogsModel, z.ZodType>({
  meta: {
    id: 'timeouts-observed',
    description: 'No invocation timed out: a timeout is a failed request and a retried event',
    severity: 'error',
    tool: 'diagnostics',
    options: z.strictObject({
      minTimeouts: z
        .number()
        .int()
        .min(1)
        .default(1)
        .describe('Report when at least this many invocations timed out.'),
    }),
  },
  check({ functions }, { options, report }) {
    const { minTimeouts } = options as { minTimeouts: number };
    for (const fn of functions) {
      const s = fn.stats;
      if (s.timeouts < minTimeouts) continue;
      const timeout = configuredTimeout(fn);
      const limit = timeout
        ? ` (Timeout ${timeout.seconds} s${timeout.fromTemplate ? '' : ', from "Task timed out after"'})`
        : '';
      report({
        at: findingLocation(fn, timeout?.at, 'firstTimeout'),
        subject: logSubject(fn),
        message: `${s.name}: ${s.timeouts} invocation${s.timeouts === 1 ? '' : 's'} timed out${limit}${s.invocations ? ` out of ${s.invocations}` : ''}; duration p99 ${Math.round(s.durationMs.p99 ?? 0)} ms. A timed-out request fails and async or stream events are retried.`,
        help: 'Find what waits: a downstream call without its own timeout (set SDK/HTTP timeouts below the function timeout), a cold start that eats the budget, or a batch too large; then set Timeout with headroom over the p99.',
      });
    }
  },
});
