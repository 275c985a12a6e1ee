import {
  CONCERNS,
  compareFindings,
  compareSeverity,
  type Concern,
  type ConcernStatus,
  type ConfigView,
  type Finding,
  type FunctionReport,
  type HandlerReport,
  type PackageReport,
} from '@lambda-lint/core';
import type { CodeResolution, Effective, LambdaFunction, TemplateModel } from '@lambda-lint/iac';
import type { BundleModel } from '@lambda-lint/bundle';
import { displayPath } from './code/graph.js';

/** Which line of the report card a rule's findings go on. */
const CONCERN_OF: Readonly<Record<string, Concern>> = {
  // Cold start: package weight, clients built per invocation, SnapStart / VPC.
  'cold-start': 'cold-start',
  'no-client-in-handler': 'cold-start',
  'no-aws-sdk-v2': 'cold-start',
  'package-size-budget': 'cold-start',
  'lambda-hard-limits': 'cold-start',
  'aws-sdk-bundled': 'cold-start',
  'dev-dependencies-shipped': 'cold-start',
  'duplicate-packages': 'cold-start',
  'junk-files': 'cold-start',
  'sourcemaps-shipped': 'cold-start',
  'package-integrity': 'cold-start',
  // Resilience: failure destinations, retries, timeouts, lost work.
  'async-failure-destination': 'resilience',
  'event-source-failure-destination': 'resilience',
  'timeout-alignment': 'resilience',
  'no-floating-sdk-call': 'resilience',
  'no-callback-handler': 'resilience',
  // Scaling: concurrency.
  'concurrency-limit': 'scaling',
  'concurrency-budget': 'scaling',
  // Observability.
  'tracing-active': 'observability',
  // Deployment: aliases, canaries, runtime, configuration and environment variables.
  'deployment-safety': 'deployment',
  'provisioned-concurrency-alias': 'deployment',
  'runtime-lifecycle': 'deployment',
  'no-plaintext-secrets': 'deployment',
  'no-hardcoded-config': 'deployment',
  'no-hardcoded-credentials': 'deployment',
  'env-var-declared': 'deployment',
  'env-var-unused': 'deployment',
  'handler-unresolved': 'deployment',
};

function dynamicReason(...values: Array<[string, Effective<unknown> | undefined]>): string | undefined {
  for (const [label, value] of values) {
    if (value?.state === 'dynamic') return `${label} is ${value.reason}`;
  }
  return undefined;
}

/** Why a concern cannot be judged before deploy, when it has no finding. */
function unknownReason(
  concern: Concern,
  fn: LambdaFunction,
  code: CodeResolution,
  codeAnalyzed: boolean,
): string | undefined {
  switch (concern) {
    case 'cold-start':
      if (codeAnalyzed && (code.state === 'dynamic' || code.state === 'unresolved'))
        return 'handler code not analyzed';
      return dynamicReason(['SnapStart', fn.snapStart], ['VpcConfig', fn.vpcConfig]);
    case 'resilience':
      return dynamicReason(
        ['DeadLetterQueue', fn.deadLetterTarget],
        ['EventInvokeConfig', fn.eventInvokeConfig],
        ['Timeout', fn.timeout],
      );
    case 'scaling':
      return dynamicReason(
        ['ReservedConcurrentExecutions', fn.reservedConcurrency],
        ['ProvisionedConcurrency', fn.provisionedConcurrency],
      );
    case 'observability':
      return dynamicReason(['Tracing', fn.tracing]);
    case 'deployment':
      if (fn.environmentBlocks?.some((b) => b.dynamic))
        return 'the environment variables are known only at deploy time';
      return dynamicReason(
        ['AutoPublishAlias', fn.autoPublishAlias],
        ['DeploymentPreference', fn.deploymentPreference],
      );
  }
}

function concernsOf(
  findings: readonly Finding[],
  unknown: (concern: Concern) => string | undefined,
): ConcernStatus[] {
  return CONCERNS.map((concern) => {
    const mine = findings
      .filter((f) => CONCERN_OF[f.ruleId] === concern)
      .sort((a, b) => compareSeverity(b.severity, a.severity) || compareFindings(a, b));
    if (mine.length > 0) return { concern, status: 'problem', findings: mine };
    const reason = unknown(concern);
    return reason !== undefined
      ? { concern, status: 'unknown', findings: [], note: reason }
      : { concern, status: 'ok', findings: [] };
  });
}

function handlerReport(code: CodeResolution, fn: LambdaFunction, cwd: string): HandlerReport {
  switch (code.state) {
    case 'resolved':
      return { state: code.state, file: displayPath(cwd, code.entry), exportName: code.exportName };
    case 'inline':
      return {
        state: code.state,
        file: fn.file,
        exportName: code.exportName,
        note: 'inline code in the template',
      };
    case 'bundled':
      return {
        state: code.state,
        file: displayPath(cwd, code.artifact),
        note:
          fn.kind === 'cdk'
            ? 'bundled CDK asset: its package is measured; its source is covered by the ESLint plugin in the editor'
            : 'packaged artifact: its package is measured; its source is not named by the template',
      };
    case 'image':
      return { state: code.state, note: 'container image: its code and package are not analyzed' };
    case 'other-runtime':
      return { state: code.state, note: `${code.runtime}: code checks cover Node.js and Python` };
    case 'dynamic':
    case 'unresolved':
      return { state: code.state, note: code.reason };
  }
}

function packageReport(
  model: BundleModel | undefined,
  config: ConfigView,
  budgetFor: ((model: BundleModel, options: unknown) => number) | undefined,
): PackageReport | undefined {
  if (!model || !budgetFor) return undefined;
  if (model.tree.total === 0 && model.problems.some((p) => p.fatal || p.kind === 'not-measured'))
    return undefined;
  let budgetBytes: number;
  try {
    budgetBytes = budgetFor(model, config.rule('package-size-budget', model.location.file).options);
  } catch {
    budgetBytes = 10 * 1024 * 1024;
  }
  const report: PackageReport = { source: model.source, bytes: model.tree.total, budgetBytes };
  const folder = model.sourceFolder;
  if (folder) {
    report.note = folder.missing
      ? `CodeUri as \`${folder.builder}\` copies it: ${folder.missing} are not included until \`${folder.builder}\`, so this is a lower bound`
      : `CodeUri as \`${folder.builder}\` copies it, which is the whole package: no requirements.txt dependencies to install`;
    if (folder.missing) report.lowerBound = true;
  }
  return report;
}

/**
 * A finding in the requirements.txt of a function measured from its source folder: it points into
 * that folder, not the template, and is reported once for all functions sharing the folder.
 */
function inSourceFolder(finding: Finding, model: BundleModel | undefined): boolean {
  return sourceFolderFiles(model).includes(finding.file);
}

/** The requirements.txt of a function measured from its source folder, as findings name it. */
function sourceFolderFiles(model: BundleModel | undefined): string[] {
  if (!model?.sourceFolder || !model.requirements) return [];
  return [(model.source === '.' ? '' : `${model.source}/`) + model.requirements.path];
}

function within(finding: Finding, fn: LambdaFunction): boolean {
  const { line, endLine } = fn.resourceRange;
  return finding.file === fn.file && finding.range.line >= line && finding.range.line <= (endLine ?? line);
}

/**
 * Whether a template finding is about `fn`: its subject, a place inside the function's resource, or
 * (for a setting shared by several functions, in Globals, the provider or another resource) a
 * message that names it: those findings are reported once and list the functions they affect.
 */
function isAbout(
  finding: Finding,
  fn: LambdaFunction,
  functions: readonly LambdaFunction[],
  named: RegExp,
): boolean {
  if (finding.file !== fn.file) return false;
  if (finding.subject?.kind === 'function' && finding.subject.id === fn.id) return true;
  if (within(finding, fn)) return finding.subject?.kind !== 'function';
  if (functions.some((other) => within(finding, other))) return false;
  return named.test(finding.message);
}

/** Matches the function's logical id as a word of a message. */
function namePattern(fn: LambdaFunction): RegExp {
  return new RegExp(`(?<![\\w-])${fn.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
}

export interface CardInput {
  work: { template: TemplateModel; code: ReadonlyMap<LambdaFunction, CodeResolution>; cwd: string };
  packages: readonly BundleModel[];
  findings: readonly Finding[];
  /** Display paths of a function's code files (handler first). */
  filesOf: (fn: LambdaFunction) => string[];
  config: ConfigView;
  budgetFor: ((model: BundleModel, options: unknown) => number) | undefined;
  codeAnalyzed: boolean;
}

/** The report card of every function of one template. */
export function buildCards(input: CardInput): FunctionReport[] {
  const { work, findings } = input;
  // Findings by file (their indexes, in report order): a card looks only at the files it can hold.
  const byFile = new Map<string, number[]>();
  findings.forEach((finding, index) => {
    const list = byFile.get(finding.file);
    if (list) list.push(index);
    else byFile.set(finding.file, [index]);
  });
  return work.template.functions.map((fn) => {
    const code = work.code.get(fn) ?? { state: 'unresolved', reason: 'not resolved' };
    const files = new Set(input.filesOf(fn));
    const named = namePattern(fn);
    const measured = input.packages.find((m) => m.subject.kind === 'function' && m.subject.id === fn.id);
    const candidates = new Set<number>();
    for (const file of [...files, fn.file, ...sourceFolderFiles(measured)])
      for (const index of byFile.get(file) ?? []) candidates.add(index);
    const mine = [...candidates]
      .sort((a, b) => a - b)
      .map((index) => findings[index]!)
      .filter(
        (f) =>
          files.has(f.file) || isAbout(f, fn, work.template.functions, named) || inSourceFolder(f, measured),
      );
    const pkg = packageReport(measured, input.config, input.budgetFor);
    const report: FunctionReport = {
      id: fn.id,
      template: { file: fn.file, line: fn.origin.range.line },
      handler: handlerReport(code, fn, work.cwd),
      concerns: concernsOf(mine, (concern) => unknownReason(concern, fn, code, input.codeAnalyzed)),
      findings: mine.sort(compareFindings),
    };
    if (fn.name !== undefined) report.name = fn.name;
    if (fn.runtime.state === 'set') report.runtime = fn.runtime.value;
    if (pkg) report.package = pkg;
    return report;
  });
}

/** A package measured on its own (a zip, a directory, a metafile): its size and its findings. */
export function packageCard(
  model: BundleModel,
  findings: readonly Finding[],
  config: ConfigView,
  budgetFor: ((model: BundleModel, options: unknown) => number) | undefined,
): FunctionReport {
  const report: FunctionReport = {
    id: model.subject.id,
    concerns: [],
    findings: findings
      .filter(
        (f) =>
          f.file === model.location.file ||
          (f.subject?.kind === 'package' && f.subject.id === model.subject.id),
      )
      .sort(compareFindings),
  };
  if (model.runtime !== undefined) report.runtime = model.runtime;
  const pkg = packageReport(model, config, budgetFor);
  if (pkg) report.package = pkg;
  return report;
}
