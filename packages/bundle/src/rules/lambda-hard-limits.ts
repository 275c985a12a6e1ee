import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { formatBytes, LAMBDA_LIMITS, unzippedWithLayers, type BundleModel } from '../model.js';
import { bytes, thousands, tier } from '../rule-helpers.js';

const options = z.strictObject({
  directUpload: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe(
      "Check the 50 MiB zipped limit of direct uploads: 'auto' for zips given on the command line (templates deploy through S3), 'always' or 'never'.",
    ),
  consoleEditor: z
    .boolean()
    .default(true)
    .describe('Report, as info, zips over 3 MiB that the Lambda console cannot show in its code editor.'),
});

export default defineRule<BundleModel, typeof options>({
  meta: {
    id: 'lambda-hard-limits',
    description:
      'Deployment packages fit Lambda hard limits: 250 MiB unzipped with layers, 50 MiB zipped for direct upload',
    severity: 'error',
    tool: 'bundle',
    options,
  },
  check(model, context) {
    const unzipped = unzippedWithLayers(model);
    if (unzipped > LAMBDA_LIMITS.unzipped) {
      const parts = [
        `function ${model.sourceFolder ? 'source folder ' : ''}${bytes(model.tree.total)}`,
        ...model.layers.map((layer) => `layer ${layer.name} ${bytes(layer.total)}`),
      ];
      // A source folder without its dependencies is a lower bound: over the limit already, the build only adds.
      const missing = model.sourceFolder?.missing;
      context.report({
        at: model.location,
        subject: model.subject,
        message:
          `${model.source}: the function and its layers take ${missing ? 'at least ' : ''}${bytes(unzipped)} unzipped, over Lambda's hard limit of ${bytes(LAMBDA_LIMITS.unzipped)} ` +
          `by ${missing ? 'at least ' : ''}${bytes(unzipped - LAMBDA_LIMITS.unzipped)}; the deployment will be rejected (${parts.join(' + ')}` +
          `${missing ? `, before \`${model.sourceFolder!.builder}\` adds ${missing}` : ''}).`,
        help:
          'Cut the package (bundle with esbuild, `npm ci --omit=dev`, drop @aws-sdk/* the runtime provides), move large data to S3 or EFS, ' +
          'or ship the function as a container image (10 GiB limit).',
      });
    }

    const zipped = model.zippedSize;
    if (zipped === undefined) return;
    const checkDirect =
      context.options.directUpload === 'always' ||
      (context.options.directUpload === 'auto' && model.subject.kind === 'package');
    if (checkDirect && zipped > LAMBDA_LIMITS.zippedDirectUpload) {
      context.report({
        at: model.location,
        subject: model.subject,
        severity: tier(context.severity, 'warning'),
        message:
          `${model.source}: the zip is ${bytes(zipped)}, over the ${bytes(LAMBDA_LIMITS.zippedDirectUpload)} limit for direct uploads ` +
          `by ${bytes(zipped - LAMBDA_LIMITS.zippedDirectUpload)}: \`aws lambda update-function-code --zip-file\` and the console upload will be rejected.`,
        help: 'Upload the zip to S3 and deploy from there (`--s3-bucket`/`--s3-key`; SAM, CDK and Serverless do this), or shrink the package.',
      });
    } else if (context.options.consoleEditor && zipped > LAMBDA_LIMITS.consoleEditor) {
      context.report({
        at: model.location,
        subject: model.subject,
        severity: tier(context.severity, 'info'),
        message:
          `${model.source}: the zip is ${bytes(zipped)}, over ${formatBytes(LAMBDA_LIMITS.consoleEditor)} (${thousands(LAMBDA_LIMITS.consoleEditor)} bytes): ` +
          'the Lambda console cannot show or edit the code in its editor.',
        help: 'Nothing to fix if you never edit in the console; otherwise bundle and minify with esbuild to get under 3 MiB, or set `consoleEditor: false`.',
      });
    }
  },
});
