import { defineRule } from '@lambda-lint/core';
import { terraformWording } from '@lambda-lint/iac';
import * as z from 'zod';
import type { ProjectModel } from '../model.js';

export default defineRule({
  meta: {
    id: 'handler-unresolved',
    description: "lambda-lint finds every function's handler code",
    severity: 'info',
    tool: 'project',
    options: z.object({}),
  },
  check(model: ProjectModel, ctx) {
    for (const { fn, code } of model.functions) {
      if (code.state !== 'unresolved' && code.state !== 'dynamic') continue;
      const at = fn.handler.state !== 'unset' ? fn.handler.origin : fn.origin;
      ctx.report({
        at: { file: at.file, range: at.range },
        subject: fn.subject,
        message:
          code.state === 'dynamic'
            ? `${fn.id}: its handler code was not analyzed because ${code.reason}: its code checks (clients, config, environment variables) did not run.`
            : `${fn.id}: its handler code was not found (${code.reason}), so its code checks (clients, config, environment variables) did not run.`,
        help:
          code.state === 'dynamic'
            ? 'Nothing to fix if this is intended; lint the handler code with the ESLint plugin in the editor.'
            : model.template.kind === 'terraform'
              ? terraformWording.handlerUnresolved(fn)
              : 'Check Handler and CodeUri (or the Serverless `handler:` path): the handler is `<file without extension>.<export>`, relative to the code directory.',
      });
    }
  },
});
