import { defineRule, type Severity } from '@lambda-lint/core';
import * as z from 'zod';
import type { BundleModel, PackageProblemKind } from '../model.js';
import { tier } from '../rule-helpers.js';

interface ProblemAdvice {
  /** Severity when the rule runs at its default `error`; lesser problems are warnings. */
  severity: Severity;
  /** Why it matters for Lambda. */
  why: string;
  help: string;
}

const ADVICE: Record<PackageProblemKind, ProblemAdvice> = {
  'zip-slip': {
    severity: 'error',
    why: 'unzipping it writes outside the package directory, a known attack; Lambda rejects or mangles such packages',
    help: 'Rebuild the zip from the package directory with relative paths only (e.g. `cd dist && zip -r ../function.zip .`).',
  },
  'duplicate-entry': {
    severity: 'warning',
    why: 'which copy ends up in /var/task is undefined, so the deployed code may not be the code you tested',
    help: 'Rebuild the zip from a clean directory instead of appending to an existing archive (`zip -r` into a new file).',
  },
  'overlapping-entries': {
    severity: 'error',
    why: 'entries that share compressed bytes are how overlapping zip bombs are built; no packaging tool produces them',
    help: 'Do not deploy this archive: rebuild it from source with `sam build`, `cdk synth` or `zip -r`.',
  },
  'zip-bomb': {
    severity: 'error',
    why: 'a compression ratio this high is a decompression bomb or a generated file that inflates the unzipped size Lambda counts toward 250 MiB',
    help: 'Remove the entry from the package, or generate the data at runtime or in /tmp instead of shipping it.',
  },
  'truncated-archive': {
    severity: 'error',
    why: 'Lambda cannot unzip an incomplete archive, so the deploy or the cold start fails',
    help: 'Rebuild the zip and check the upload/copy finished (compare the size with the build output).',
  },
  'corrupt-archive': {
    severity: 'error',
    why: 'Lambda unzips the package with a strict reader; inconsistent sizes, offsets or counts make the deploy fail or ship different bytes',
    help: 'Rebuild the zip with a standard tool (`zip -r`, `sam build`, `cdk synth`) instead of patching it.',
  },
  'unreadable-entry': {
    severity: 'warning',
    why: 'the packaging step would fail on it or leave it out, so the measured size is incomplete',
    help: 'Fix the permissions or remove the entry (and any dangling symlink) from the package directory.',
  },
  'symlink-loop': {
    severity: 'warning',
    why: 'zip tools that follow symlinks recurse forever or copy the tree many times, inflating the package',
    help: 'Replace the symlink with the files it should provide, or remove it from the package directory.',
  },
  'not-measured': {
    severity: 'info',
    why: 'its package size, SDK and dependency checks were skipped',
    help: 'Build first (`sam build`, `serverless package`, `cdk synth`, or the step that writes the zip a Terraform `filename` names), or check that the code path (CodeUri, `filename`, `source_dir`, `source_path`) and the handler point at the handler source.',
  },
  'unreadable-input': {
    severity: 'error',
    why: 'the package could not be measured, so its size and contents are unknown',
    help: 'Check the path exists and is readable, and that the build succeeds on its own.',
  },
};

const options = z.object({});

export default defineRule<BundleModel, typeof options>({
  meta: {
    id: 'package-integrity',
    description:
      'Deployment packages are complete, well-formed archives without zip slip, zip bombs or duplicate entries',
    severity: 'error',
    tool: 'bundle',
    options,
  },
  check(model, context) {
    for (const problem of model.problems) {
      const advice = ADVICE[problem.kind];
      const what =
        problem.entry !== undefined ? `${model.source}: entry "${problem.entry}": ` : `${model.source}: `;
      // Fatal problems are always errors (exit code 2); the configured severity caps the others.
      const severity: Severity = problem.fatal ? 'error' : tier(context.severity, advice.severity);
      context.report({
        at: model.location,
        subject: model.subject,
        message: `${what}${problem.detail}; ${advice.why}.`,
        help: advice.help,
        severity,
        ...(problem.fatal && { fatal: true }),
      });
    }
  },
});
