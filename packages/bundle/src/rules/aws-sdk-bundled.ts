import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import type { ReportDescriptor, Severity } from '@lambda-lint/core';
import { formatBytes, type BundleModel } from '../model.js';
import { normalizePythonName } from '../python-packages.js';
import { requirementsOf } from '../requirements.js';
import {
  bytes,
  packageName,
  isSdkV3Package,
  listSome,
  npmPackages,
  pythonPackages,
  runtimeShipsSdkV3,
  sumSizes,
  tier,
} from '../rule-helpers.js';

const options = z.strictObject({
  allowBoto3: z
    .boolean()
    .default(false)
    .describe(
      'Do not report bundled boto3 / botocore / s3transfer (you pin the Python SDK version on purpose).',
    ),
  allowV3: z
    .boolean()
    .default(false)
    .describe(
      'Do not report bundled @aws-sdk/* and @smithy/* packages (you pin the SDK version on purpose).',
    ),
});

/** Where to mark the SDK external, depending on how the package was built. */
function externalHelp(model: BundleModel): string {
  if (model.build)
    return "add '@aws-sdk/*' to esbuild `external` (it is external by default for nodejs18.x and later)";
  return (
    "bundle with esbuild and `external: ['@aws-sdk/*']` (SAM `Metadata.BuildProperties.External`, CDK `bundling.externalModules`), " +
    'or move @aws-sdk/* to devDependencies and install with `npm ci --omit=dev`'
  );
}

export default defineRule<BundleModel, typeof options>({
  meta: {
    id: 'aws-sdk-bundled',
    description: 'No AWS SDK v2, and no SDK v3 bundled when the runtime already provides it',
    severity: 'error',
    tool: 'bundle',
    options,
  },
  check(model, context) {
    if (!context.options.allowBoto3) checkPython(model, context.severity, context.report);
    const packages = npmPackages(model.tree.groups);

    for (const v2 of packages.filter((g) => g.name === 'aws-sdk')) {
      context.report({
        at: model.location,
        subject: model.subject,
        message:
          `${model.source}: ships AWS SDK for JavaScript v2, ${packageName(v2)} at ${v2.path}, ${bytes(v2.size)}. ` +
          'SDK v2 reached end of support on 2025-09-08 (no more security fixes), is not in the nodejs18.x and later runtimes, ' +
          'and its single package loads far more code at cold start than the modular v3 clients.',
        help:
          'Migrate to SDK v3 clients (`aws-sdk/clients/s3` → `@aws-sdk/client-s3`; `npx aws-sdk-js-codemod -t v2-to-v3`), ' +
          'then remove `aws-sdk` from dependencies.',
      });
    }

    if (context.options.allowV3 || !runtimeShipsSdkV3(model.runtime)) return;
    const v3 = packages
      .filter((g) => isSdkV3Package(g.name))
      .sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
    if (v3.length === 0) return;
    const total = sumSizes(v3);
    const runtime =
      model.runtime ?? 'the Node.js runtime (nodejs18.x and later; the runtime is not known here)';
    context.report({
      at: model.location,
      subject: model.subject,
      severity: tier(context.severity, 'warning'),
      message:
        `${model.source}: bundles ${v3.length} AWS SDK v3 package${v3.length === 1 ? '' : 's'} (@aws-sdk/*, @smithy/*) taking ${bytes(total)}, ` +
        `which ${runtime} already provides: ${listSome(
          v3.map((g) => `${g.name} ${formatBytes(g.size)}`),
          5,
        )}. ` +
        'This is size you pay at every cold start; it is only worth it when you pin an SDK version on purpose.',
      help: `To use the runtime's SDK, ${externalHelp(model)}. If you bundle it deliberately to pin the version, set \`allowV3: true\`.`,
    });
  },
});

/** The Python SDK distributions every Python runtime already has. */
const PYTHON_SDK = new Set(['boto3', 'botocore', 's3transfer']);

/** boto3/botocore/s3transfer shipped in the package, and a requirements.txt that asks for them (an info note). */
function checkPython(model: BundleModel, severity: Severity, report: (d: ReportDescriptor) => void): void {
  if (model.runtime !== undefined && !model.runtime.startsWith('python')) return;
  const runtime = model.runtime ?? 'the Python runtime';
  const sdk = pythonPackages(model.tree.groups)
    .filter((g) => PYTHON_SDK.has(g.name.toLowerCase()))
    .sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
  if (sdk.length > 0) {
    report({
      at: model.location,
      subject: model.subject,
      severity: tier(severity, 'warning'),
      message:
        `${model.source}: ships the AWS SDK for Python, which ${runtime} already provides: ${listSome(
          sdk.map((g) => `${packageName(g)} ${formatBytes(g.size)} at ${g.path}`),
          3,
        )}, ${bytes(sumSizes(sdk))} in all. Every cold start downloads and unpacks it again. ` +
        'Keeping it is only worth it when you pin a newer boto3 on purpose (an API the runtime’s version lacks, or a version you tested against).',
      help:
        'Remove boto3 from requirements.txt (keep it in requirements-dev.txt for tests) and rebuild the package; ' +
        'if you pin it deliberately, set `allowBoto3: true` (or ship it once in a layer shared by your functions).',
    });
    return;
  }
  const requirements = model.requirements;
  const listed =
    requirements &&
    requirementsOf(requirements.text).find((r) => PYTHON_SDK.has(normalizePythonName(r.name)));
  if (!requirements || !listed) return;
  // The user's own folder (named on the command line, a CodeUri before `sam build`): point at the line to change.
  const editable =
    model.rootDir !== undefined && (model.subject.kind === 'package' || model.sourceFolder !== undefined);
  const build = model.sourceFolder
    ? `\`${model.sourceFolder.builder}\``
    : `a \`pip install -r ${requirements.path} -t …\` build`;
  const what = `lists ${listed.name}, which ${runtime} already provides: ${build} ships it${
    normalizePythonName(listed.name) === 'boto3' ? ' with botocore' : ''
  }, the largest part of most Python packages.`;
  const file = `${model.source === '.' ? '' : `${model.source}/`}${requirements.path}`;
  report({
    at: editable
      ? {
          file,
          range: {
            line: listed.line,
            column: listed.column,
            endLine: listed.line,
            endColumn: listed.endColumn,
          },
        }
      : model.location,
    subject: model.subject,
    severity: tier(severity, 'info'),
    message: editable
      ? `${file} ${what}`
      : `${model.source}: ${requirements.path} (line ${listed.line}) ${what}`,
    help: `Move ${listed.name} to requirements-dev.txt unless you pin a version on purpose (then set \`allowBoto3: true\`).`,
  });
}
