import { defineRule } from '@lambda-lint/core';
import { isSetByLambda } from '@lambda-lint/core/lambda-environment';
import * as z from 'zod';
import { envFacts } from '../env.js';
import type { PythonModule } from '../module.js';
import { rangeOf } from '../syntax.js';

export default defineRule({
  meta: {
    id: 'env-var-declared',
    description:
      "Require every environment variable that function code reads to be set in the function's template (or by the Lambda runtime)",
    severity: 'warning',
    tool: 'python',
    options: z.object({ allow: z.array(z.string()).default([]) }),
  },
  check(module: PythonModule, { options, report }) {
    const environments = module.project?.environments ?? [];
    if (environments.length === 0 || environments.some((e) => e.unknown)) return;
    const source = module.source;
    for (const read of envFacts(module).reads) {
      if (read.hasDefault || isSetByLambda(read.name) || options.allow.includes(read.name)) continue;
      const missing = environments.filter((e) => !e.names.includes(read.name));
      if (missing.length === 0) continue;
      const where = missing.map((e) => `${e.id} (${e.template}:${e.environmentLine})`).join(', ');
      const subscript = read.node.name === 'MemberExpression';
      report({
        at: { file: source.file, range: rangeOf(source, read.node.from, read.node.to) },
        message: `\`${source.text.slice(read.node.from, read.node.to)}\` reads ${read.name}, which the template does not set on ${where}: ${subscript ? 'the read raises KeyError' : 'the read returns None'} on every invocation of the deployed function.`,
        help: `Add ${read.name} under Environment.Variables of the function (or Globals), or read it with a default (os.environ.get("${read.name}", …)) if it is optional.`,
      });
    }
  },
});
