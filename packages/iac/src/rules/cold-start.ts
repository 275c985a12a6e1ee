import { terraformWording as tf } from '../rule-helpers/terraform-wording.js';
import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { supportsSnapStart } from '../data/runtimes.js';
import { functionSubject, type LambdaFunction, type TemplateModel } from '../model.js';
import {
  capSeverity,
  functionLabel,
  functionRef,
  isSamFunction,
  sentence,
  setWhere,
} from '../rule-helpers/support.js';

type SnapStartLanguage = 'java' | 'dotnet' | 'python';

const COST: Record<SnapStartLanguage, string> = {
  java: 'every cold start starts the JVM and initialises the application from scratch, often several seconds that synchronous callers wait for',
  dotnet:
    'every cold start loads the .NET runtime and initialises the application from scratch, often more than a second that synchronous callers wait for',
  python:
    'every cold start re-runs imports and initialisation code; SnapStart resumes from a snapshot instead (billed per cached snapshot and restore for Python)',
};

/** SnapStart cannot be combined with provisioned concurrency, EFS, ephemeral storage above 512 MB or container images. */
function snapStartImpossible(fn: LambdaFunction): boolean {
  if (fn.packageType.state === 'set' && fn.packageType.value === 'Image') return true;
  if (fn.provisionedConcurrency.state !== 'unset') return true;
  const fileSystems = fn.fileSystemConfigs;
  if (
    fileSystems &&
    fileSystems.state !== 'unset' &&
    !(fileSystems.state === 'set' && fileSystems.value.length === 0)
  )
    return true;
  const storage = fn.ephemeralStorageSize;
  return (
    storage !== undefined && (storage.state === 'dynamic' || (storage.state === 'set' && storage.value > 512))
  );
}

function snapStartHelp(fn: LambdaFunction): string {
  if (fn.kind === 'terraform') return tf.snapStart(fn);
  if (fn.kind === 'serverless')
    return `Add \`snapStart: true\` to ${functionRef(fn)} and invoke it through a published version or alias.`;
  if (isSamFunction(fn)) {
    return `Add \`SnapStart: { ApplyOn: PublishedVersions }\`${fn.autoPublishAlias.state === 'unset' ? ' and `AutoPublishAlias: live`' : ''} to ${fn.id} and invoke it through the alias; check that the code is safe to resume from a snapshot (unique IDs, connections, credentials).`;
  }
  const cdk =
    fn.kind === 'cdk' ? ' In CDK, set `snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS`.' : '';
  return `Add \`SnapStart: { ApplyOn: PublishedVersions }\` to ${fn.id}'s Properties, publish a version (AWS::Lambda::Version) and invoke it through the version or an alias.${cdk}`;
}

export default defineRule({
  meta: {
    id: 'cold-start',
    description: 'Slow-starting runtimes use SnapStart where Lambda supports it; VPC attachment is noted',
    severity: 'warning',
    tool: 'iac',
    options: z.object({
      languages: z
        .array(z.enum(['java', 'dotnet', 'python']))
        .default(['java', 'dotnet', 'python'])
        .describe('Runtimes for which missing SnapStart is reported.'),
      vpc: z.boolean().default(true).describe('Note VPC-attached functions at info severity.'),
    }),
  },
  check(model: TemplateModel, ctx) {
    const languages = new Set<string>(ctx.options.languages);
    for (const fn of model.functions) {
      const runtime = fn.runtime;
      const language = runtime.state === 'set' ? supportsSnapStart(runtime.value) : undefined;
      if (runtime.state === 'set' && language && languages.has(language) && !snapStartImpossible(fn)) {
        const snapStart = fn.snapStart;
        const missing =
          snapStart.state === 'unset' || (snapStart.state === 'set' && snapStart.value === 'None');
        if (missing) {
          const severity = language === 'python' ? capSeverity('info', ctx.severity) : ctx.severity;
          const state =
            snapStart.state === 'set'
              ? `SnapStart is None, ${setWhere(snapStart.origin)}`
              : 'without SnapStart';
          ctx.report({
            at: snapStart.state === 'set' ? snapStart.origin : fn.origin,
            severity,
            message: sentence(
              `${functionLabel(fn)} runs on ${runtime.value} ${snapStart.state === 'set' ? `but ${state}` : state}: ${COST[language]}.`,
            ),
            help: snapStartHelp(fn),
            subject: functionSubject(fn),
          });
        }
      }

      if (!ctx.options.vpc) continue;
      const vpc = fn.vpcConfig;
      if (vpc.state !== 'set') continue;
      const subnets = vpc.value.subnetIds;
      if (subnets.state === 'unset' || (subnets.state === 'set' && subnets.value.length === 0)) continue;
      ctx.report({
        at: vpc.origin,
        severity: capSeverity('info', ctx.severity),
        message: sentence(
          `${functionLabel(fn)} is attached to a VPC (${setWhere(vpc.origin)}): network interfaces are set up when the function is created, but each new execution environment still opens its own connections to resources in the VPC, and calls to AWS APIs need a NAT gateway or VPC endpoints.`,
        ),
        help: `Keep the VPC only if ${functionRef(fn)} must reach private resources (RDS, ElastiCache, internal services); otherwise remove it. Reuse connections across invocations and use RDS Proxy for databases.`,
        subject: functionSubject(fn),
      });
    }
  },
});
