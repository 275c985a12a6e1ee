import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import type { InitTimeModel } from '../analyze.js';

export default defineRule<InitTimeModel, z.ZodType>({
  meta: {
    id: 'init-network-call',
    description:
      'Initialisation code makes no network calls: each one is a cold-start cost (and blocked by init-time)',
    severity: 'warning',
    tool: 'diagnostics',
    options: z.strictObject({}),
  },
  check({ functions }, { report }) {
    for (const m of functions) {
      for (const attempt of m.attempts) {
        report({
          at: attempt.at
            ? { file: attempt.at.file, range: { line: attempt.at.line, column: attempt.at.column } }
            : m.target.at,
          subject: m.target.subject,
          message: `${m.target.name}: module initialisation calls the network (${attempt.api} ${attempt.target}, in ${attempt.runs} of ${m.runs} runs). On Lambda every cold start waits for it, and a slow or failing endpoint fails the init.`,
          help: 'Fetch configuration lazily on the first request and cache it in module scope, or use a Lambda extension / environment variables; init-time blocked this call, so the timing above excludes it.',
        });
      }
    }
  },
});
