import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { configuredMemory, findingLocation, logSubject, percent, type LogsModel } from '../model.js';

export default defineRule<LogsModel, z.ZodType>({
  meta: {
    id: 'memory-near-limit',
    description:
      'Max memory used stays clear of the memory size: near the limit an invocation dies out of memory',
    severity: 'error',
    tool: 'diagnostics',
    options: z.strictObject({
      maxUsedRatio: z
        .number()
        .min(0)
        .max(1)
        .default(0.9)
        .describe('Max Memory Used / Memory Size at or above which the function is reported.'),
    }),
  },
  check({ functions }, { options, report }) {
    const { maxUsedRatio } = options as { maxUsedRatio: number };
    for (const fn of functions) {
      const used = fn.stats.maxMemoryUsedMB.max;
      const memory = configuredMemory(fn);
      if (used === null || !memory) continue;
      const ratio = used / memory.mb;
      if (ratio < maxUsedRatio) continue;
      report({
        at: findingLocation(fn, memory.at, 'maxMemory'),
        subject: logSubject(fn),
        message: `${fn.stats.name}: an invocation used ${used} MB of its ${memory.mb} MB (${percent(ratio)}; p99 ${fn.stats.maxMemoryUsedMB.p99} MB): the next larger payload can end it with "Runtime exited with error: signal: killed" (out of memory).`,
        help: `Raise MemorySize (to at least ${Math.ceil(used / 0.7 / 64) * 64} MB keeps 30% headroom) or find what holds memory across invocations (caches in module scope, buffered payloads).`,
      });
    }
  },
});
