import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { configuredMemory, findingLocation, logSubject, percent, type LogsModel } from '../model.js';

export default defineRule<LogsModel, z.ZodType>({
  meta: {
    id: 'memory-oversized',
    description:
      'Memory size is not far above what invocations use (but memory also buys CPU: measure before lowering)',
    severity: 'info',
    tool: 'diagnostics',
    options: z.strictObject({
      maxUsedRatio: z
        .number()
        .min(0)
        .max(1)
        .default(0.25)
        .describe('Max Memory Used p99 / Memory Size at or below which the function is reported.'),
      minMemoryMB: z
        .number()
        .int()
        .min(128)
        .default(512)
        .describe('Memory sizes up to this many MB are never reported.'),
      minInvocations: z
        .number()
        .int()
        .min(1)
        .default(20)
        .describe('Fewer invocations than this say too little about peak use.'),
    }),
  },
  check({ functions }, { options, report }) {
    const { maxUsedRatio, minMemoryMB, minInvocations } = options as {
      maxUsedRatio: number;
      minMemoryMB: number;
      minInvocations: number;
    };
    for (const fn of functions) {
      const p99 = fn.stats.maxMemoryUsedMB.p99;
      const memory = configuredMemory(fn);
      if (p99 === null || !memory || memory.mb <= minMemoryMB || fn.stats.invocations < minInvocations)
        continue;
      const ratio = p99 / memory.mb;
      if (ratio > maxUsedRatio) continue;
      report({
        at: findingLocation(fn, memory.at, 'maxMemory'),
        subject: logSubject(fn),
        message: `${fn.stats.name}: invocations use at most ${fn.stats.maxMemoryUsedMB.max} MB (p99 ${p99} MB, ${percent(ratio)}) of ${memory.mb} MB. Memory also sets the CPU share, so a smaller size may be cheaper or may be slower (duration p95 now ${Math.round(fn.stats.durationMs.p95 ?? 0)} ms).`,
        help: `Run test invocations at a few memory sizes (e.g. ${Math.max(128, Math.ceil((p99 * 2) / 64) * 64)} MB and ${Math.max(128, memory.mb / 2)} MB, or with AWS Lambda Power Tuning) and compare duration and cost before changing MemorySize.`,
      });
    }
  },
});
