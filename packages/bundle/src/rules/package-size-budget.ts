import { defineRule } from '@lambda-lint/core';
import picomatch from 'picomatch';
import * as z from 'zod';
import { fileIndex } from '../file-index.js';
import { formatBytes, formatPercent, LAMBDA_LIMITS, topPackages, type BundleModel } from '../model.js';
import {
  bytes,
  devPackageKind,
  isSdkV3Package,
  listSome,
  npmPackages,
  runtimeShipsSdkV3,
  sizeOption,
  sumSizes,
  tier,
} from '../rule-helpers.js';

const options = z.strictObject({
  budget: sizeOption
    .default(LAMBDA_LIMITS.budget)
    .describe("Uncompressed bytes a package may take: a byte count or '10MiB', '512KiB'."),
  warnAt: z
    .number()
    .min(0)
    .max(1)
    .default(0.8)
    .describe(
      'Warn when the package passes this fraction of its budget (1 = only report packages over budget).',
    ),
  functions: z
    .record(z.string(), sizeOption)
    .default({})
    .describe(
      'Budgets per function: logical ID, function name or package path, or a glob of them; the first match wins, exact names before globs.',
    ),
});

type Options = z.output<typeof options>;

/**
 * The budget that applies to `model`: an exact `functions` key (logical ID, friendly name or
 * package path) first, then the first glob that matches one of them, then `budget`.
 * Exported for the scanner's summary table.
 */
export function budgetFor(model: BundleModel, rawOptions: unknown): number {
  const parsed = parsedOptions(rawOptions);
  const names = [model.subject.id, model.subject.name, model.source].filter(
    (n): n is string => n !== undefined,
  );
  const entries = Object.entries(parsed.functions);
  for (const [key, budget] of entries) if (names.includes(key)) return budget;
  for (const [key, budget] of entries) {
    const matches = matcherOf(key);
    if (names.some((name) => matches(name))) return budget;
  }
  return parsed.budget;
}

// The budget is asked for per package, per report card and per table row: each options value is
// validated, and each pattern compiled, once.
const parsedByJson = new Map<string, Options>();
const matchers = new Map<string, (name: string) => boolean>();

function parsedOptions(rawOptions: unknown): Options {
  const json = JSON.stringify(rawOptions ?? {});
  let parsed = parsedByJson.get(json);
  if (!parsed) {
    parsed = options.parse(rawOptions ?? {});
    parsedByJson.set(json, parsed);
  }
  return parsed;
}

function matcherOf(pattern: string): (name: string) => boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, { dot: true });
    matchers.set(pattern, matcher);
  }
  return matcher;
}

/** What to cut, from what is actually in the tree, biggest saving first. */
function adviceFor(model: BundleModel): string[] {
  const packages = npmPackages(model.tree.groups);
  const tips: { saving: number; text: string }[] = [];
  const v2 = packages.filter((g) => g.name === 'aws-sdk');
  if (v2.length > 0)
    tips.push({
      saving: sumSizes(v2),
      text: `migrate from aws-sdk v2 to the modular v3 clients (${formatBytes(sumSizes(v2))})`,
    });
  const v3 = packages.filter((g) => isSdkV3Package(g.name));
  if (v3.length > 0 && runtimeShipsSdkV3(model.runtime)) {
    tips.push({
      saving: sumSizes(v3),
      text: `leave out @aws-sdk/* and @smithy/*, which the ${model.runtime ?? 'Node.js'} runtime already provides (esbuild \`external: ['@aws-sdk/*']\`; ${formatBytes(sumSizes(v3))})`,
    });
  }
  const dev = packages.filter((g) => devPackageKind(g.name) !== undefined);
  if (dev.length > 0) {
    tips.push({
      saving: sumSizes(dev),
      text: `install production dependencies only (\`npm ci --omit=dev\`) to drop ${listSome(
        dev.map((g) => g.name),
        3,
      )} (${formatBytes(sumSizes(dev))})`,
    });
  }
  const maps = fileIndex(model.tree).sourceMapBytes;
  if (maps > 0)
    tips.push({
      saving: maps,
      text: `stop shipping source maps (esbuild \`sourcemap: false\`, or exclude \`**/*.map\`; ${formatBytes(maps)})`,
    });
  tips.sort((a, b) => b.saving - a.saving);
  const advice = tips.map((t) => t.text);
  const nodeModules = sumSizes(packages);
  if ((model.kind === 'zip' || model.kind === 'directory') && nodeModules > 0) {
    advice.push(
      `bundle the handler with esbuild (\`bundle: true, minify: true\`, tree shaking) instead of shipping node_modules (${formatBytes(nodeModules)})`,
    );
  } else if (model.build && !model.build.minify) {
    advice.push('turn on esbuild `minify: true`');
  }
  if (advice.length === 0) {
    const [largest] = topPackages(model.tree, 1);
    advice.push(
      largest
        ? `replace or lazy-load the largest package, ${largest.name} (${formatBytes(largest.size)})`
        : 'split the function, or move large static data to S3 or a layer',
    );
  }
  return advice;
}

export default defineRule<BundleModel, typeof options>({
  meta: {
    id: 'package-size-budget',
    description: 'Deployment packages stay within their uncompressed size budget (10 MiB by default)',
    severity: 'error',
    tool: 'bundle',
    options,
  },
  check(model, context) {
    const budget = budgetFor(model, context.options);
    const total = model.tree.total;
    const over = total > budget;
    const near = !over && context.options.warnAt < 1 && total > budget * context.options.warnAt;
    if (!over && !near) return;
    const contributors = topPackages(model.tree, 5).map((g) => `${g.name} ${formatBytes(g.size)}`);
    const own = model.tree.groups.filter((g) => g.kind === 'own');
    if (sumSizes(own) > 0) contributors.push(`own code ${formatBytes(sumSizes(own))}`);
    const share =
      budget > 0
        ? `, ${formatPercent(total / budget)} of its budget of ${bytes(budget)}`
        : ` while its budget is 0 bytes`;
    // A source folder without its dependencies is a lower bound: the package is at least this big, so what is said stays true.
    const missing = model.sourceFolder?.missing;
    const status = over
      ? `is over budget by ${missing ? 'at least ' : ''}${bytes(total - budget)}`
      : missing
        ? `is at least ${formatPercent(context.options.warnAt)} of its budget`
        : `is above ${formatPercent(context.options.warnAt)} of its budget and close to it`;
    const measured = missing
      ? `its source folder alone takes ${bytes(total)} unzipped${share}, before \`${model.sourceFolder!.builder}\` adds ${missing}`
      : `${bytes(total)} unzipped${share}`;
    context.report({
      at: model.location,
      subject: model.subject,
      severity: over ? context.severity : tier(context.severity, 'warning'),
      message:
        `${model.source}: the deployment package ${status}: ${measured}. ` +
        `Every cold start downloads and unpacks it, and bigger packages load slower. ` +
        `Largest contributors: ${contributors.join(', ') || 'none'}.`,
      help: `To shrink it: ${adviceFor(model).join('; ')}.`,
    });
  },
});
