import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import type { InitTimeModel } from '../analyze.js';

export default defineRule<InitTimeModel, z.ZodType>({
  meta: {
    id: 'init-time-budget',
    description: 'Module initialisation, measured locally, stays within a budget per function',
    severity: 'warning',
    tool: 'diagnostics',
    options: z.strictObject({
      budgetMs: z
        .number()
        .min(0)
        .default(500)
        .describe('Median local initialisation time (ms) allowed for every function.'),
      functions: z
        .record(z.string(), z.number().min(0))
        .default({})
        .describe('Budget (ms) per function: logical ID, Serverless function key, or handler file path.'),
    }),
  },
  check({ functions }, { options, report }) {
    const { budgetMs, functions: perFunction } = options as {
      budgetMs: number;
      functions: Record<string, number>;
    };
    for (const m of functions) {
      const budget = perFunction[m.target.name] ?? budgetMs;
      if (m.medianMs === null || m.medianMs <= budget) continue;
      const top = m.modules
        .filter((mod) => !mod.name.startsWith('('))
        .slice(0, 3)
        .map((mod) => `${mod.name} ${Math.round(mod.medianMs)} ms`)
        .join(', ');
      report({
        at: m.target.at,
        subject: m.target.subject,
        message: `${m.target.name}: loading the handler module took ${Math.round(m.medianMs)} ms (median of ${m.measured} fresh processes, p95 ${Math.round(m.p95Ms ?? 0)} ms), over its ${budget} ms budget${top ? `; costliest: ${top}` : ''}. Every cold start pays this before the first request.`,
        help: 'Load what the first request does not need lazily (require/import inside the code path that uses it), replace heavy packages, and move work (parsing large files, building clients for every region) out of module scope or behind a first-use cache.',
      });
    }
  },
});
