import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import {
  applySuppressions,
  ruleDocsUrl,
  runRules,
  type ConfigView,
  type Suppression,
  type Finding,
  type ScanRequest,
  type ScanResult,
  type Scanner,
  type SummaryTable,
} from '@lambda-lint/core';
import { SKIPPED_DIRECTORIES, TEMPLATE_NAME, TERRAFORM_FILE } from '@lambda-lint/iac/file-names';
import { formatBytes, formatPercent, LAMBDA_LIMITS, topPackages, type BundleModel } from './model.js';
import { bundleRules } from './rules/index.js';
// Static: the rules are loaded anyway, and a URL import of the same module costs a separate load in the bundled CLI.
import { budgetFor } from './rules/package-size-budget.js';
import {
  inputIdentity,
  measureBuild,
  measureDirectory,
  measureMetafileFile,
  measureZip,
} from './sources/measure.js';
import { measureTemplate } from './sources/template.js';
import { displayPath } from './util.js';

/** What a command-line path is, for the bundle analyzer. */
export type BundleInputKind = 'zip' | 'directory' | 'metafile' | 'template' | 'entry' | 'missing' | 'unknown';

export interface BundleInput {
  kind: BundleInputKind;
  /** Absolute path. */
  path: string;
}

const ENTRY_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx']);
const TEMPLATE_FILE = /^(template|serverless)\.(ya?ml|json)$|\.template\.json$/i;
const PROJECT_TEMPLATES = [
  'template.yaml',
  'template.yml',
  'template.json',
  'serverless.yml',
  'serverless.yaml',
  'cdk.out',
];

/**
 * Classifies one path. Directories that hold a template (`template.yaml`, `serverless.yml`,
 * `cdk.out`) are projects; a `cdk.out` (manifest.json) is a CDK cloud assembly; any other
 * directory is a package measured as is.
 */
export function classifyInput(path: string): BundleInput[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return [{ kind: 'missing', path }];
  }
  if (stats.isDirectory()) {
    if (
      basename(path) === 'cdk.out' ||
      (existsSync(join(path, 'manifest.json')) && existsSync(join(path, 'cdk.out')))
    ) {
      return [{ kind: 'template', path }];
    }
    const templates = PROJECT_TEMPLATES.map((name) => join(path, name)).filter((p) => existsSync(p));
    // Prefer a SAM/Serverless template over the cdk.out a CDK project also has.
    const primary = templates.filter((p) => basename(p) !== 'cdk.out');
    if (primary.length > 0) return primary.map((p) => ({ kind: 'template' as const, path: p }));
    if (templates.length > 0) return [{ kind: 'template', path: templates[0]! }];
    if (hasTerraformFiles(path)) return [{ kind: 'template', path }];
    return [{ kind: 'directory', path }];
  }
  const name = basename(path).toLowerCase();
  const ext = extname(name);
  if (ext === '.zip' || ext === '.jar') return [{ kind: 'zip', path }];
  if (
    name === 'meta.json' ||
    name === 'metafile.json' ||
    name.endsWith('.metafile.json') ||
    name.endsWith('.meta.json')
  )
    return [{ kind: 'metafile', path }];
  if (TEMPLATE_FILE.test(name) || ext === '.yaml' || ext === '.yml' || TERRAFORM_FILE.test(name))
    return [{ kind: 'template', path }];
  if (ENTRY_EXTENSIONS.has(ext) && !name.endsWith('.d.ts')) return [{ kind: 'entry', path }];
  // Python source is the Python analyzer's input, not a package.
  if (ext === '.py') return [];
  return [{ kind: 'unknown', path }];
}

/** A folder of `.tf` files is a Terraform root module: measured as a template. */
function hasTerraformFiles(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => TERRAFORM_FILE.test(name));
  } catch {
    return false;
  }
}

/**
 * A directory without a template at its top may hold templates deeper (a project with
 * `infra/template.yaml`): those are measured instead of the directory itself. Build outputs
 * (`.aws-sam/build/Fn`, `dist/`) hold none and are measured as packages. The walk skips
 * node_modules and build folders, so it stays cheap next to measuring the package.
 */
function expandProject(input: BundleInput, isIgnored: (absolute: string) => boolean): BundleInput[] {
  if (input.kind !== 'directory') return [input];
  const templates: string[] = [];
  const stack = [input.path];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'cdk.out') {
          if (!isIgnored(path)) templates.push(path);
        } else if (!SKIPPED_DIRECTORIES.has(entry.name)) {
          stack.push(path);
        }
      } else if (entry.isFile() && TEMPLATE_NAME.test(entry.name) && !isIgnored(path)) {
        templates.push(path);
      } else if (
        entry.isFile() &&
        TERRAFORM_FILE.test(entry.name) &&
        !isIgnored(dir) &&
        !templates.includes(dir)
      ) {
        templates.push(dir);
      }
    }
  }
  return templates.length > 0
    ? templates.sort().map((path) => ({ kind: 'template' as const, path }))
    : [input];
}

/** Measures one input into zero or more packages (a template yields one per function). */
export async function measureInput(input: BundleInput, cwd: string): Promise<BundleModel[]> {
  return (await measureInputWithFindings(input, cwd)).models;
}

async function measureInputWithFindings(
  input: BundleInput,
  cwd: string,
): Promise<{ models: BundleModel[]; findings: Finding[]; suppressions: Suppression[] }> {
  if (input.kind === 'template') return measureTemplate(input.path, cwd);
  return { models: await measurePackage(input, cwd), findings: [], suppressions: [] };
}

async function measurePackage(input: BundleInput, cwd: string): Promise<BundleModel[]> {
  const display = displayPath(cwd, input.path);
  switch (input.kind) {
    case 'zip':
      return [measureZip(input.path, display)];
    case 'directory':
      return [await measureDirectory(input.path, display)];
    case 'metafile':
      return [measureMetafileFile(input.path, display)];
    case 'entry':
      return [await measureBuild({ entry: input.path, workingDir: cwd }, display)];
    case 'template':
      return (await measureTemplate(input.path, cwd)).models;
    case 'missing':
    case 'unknown': {
      const model = placeholderModel(display);
      model.problems.push({
        kind: 'unreadable-input',
        detail:
          input.kind === 'missing'
            ? 'the path does not exist or cannot be read'
            : 'not a deployment package: expected a zip, a directory, an esbuild metafile (*.metafile.json, meta.json), a template or a handler entry (.ts/.js/.mjs)',
        fatal: true,
      });
      return [model];
    }
  }
}

/** A package that could not be measured at all: carries only the problem. */
function placeholderModel(display: string): BundleModel {
  const identity = inputIdentity(display);
  return {
    subject: identity.subject,
    location: identity.location,
    kind: 'directory',
    source: display,
    tree: { name: display, total: 0, groups: [] },
    layers: [],
    problems: [],
  };
}

/** The "Deployment packages" summary: size, budget, share of the budget and the five biggest packages. */
export function summaryTable(
  models: readonly BundleModel[],
  budgetOf: (model: BundleModel) => number,
): SummaryTable {
  return {
    title: 'Deployment packages',
    columns: ['Function/Package', 'Size', 'Budget', '% of budget', 'Top packages'],
    rows: models.map((model) => {
      const budget = budgetOf(model);
      const name =
        model.subject.kind === 'function' ? `${model.subject.id} (${model.location.file})` : model.subject.id;
      const top = topPackages(model.tree, 5)
        .map((g) => `${g.name} ${formatBytes(g.size)}`)
        .join(', ');
      return [
        name,
        // A source folder without its dependencies: the package is at least this big.
        `${model.sourceFolder?.missing ? '≥ ' : ''}${formatBytes(model.tree.total)}`,
        formatBytes(budget),
        budget > 0 ? formatPercent(model.tree.total / budget) : '-',
        top || '-',
      ];
    }),
  };
}

/** Runs every bundle rule over one measured package. */
export function checkPackage(model: BundleModel, config: ConfigView): Finding[] {
  return runRules(bundleRules, model, model.location.file, config);
}

export const bundleScanner: Scanner = {
  name: 'bundle',
  rules: bundleRules,
  async scan(request: ScanRequest): Promise<ScanResult> {
    const findings: Finding[] = [];
    const models: BundleModel[] = [];
    let filesScanned = 0;
    for (const given of request.paths) {
      const isIgnored = (absolute: string): boolean =>
        request.config.isIgnored(displayPath(request.cwd, absolute));
      const inputs = classifyInput(resolve(request.cwd, given)).flatMap((i) => expandProject(i, isIgnored));
      for (const input of inputs) {
        if (request.config.isIgnored(displayPath(request.cwd, input.path))) continue;
        filesScanned += 1;
        const measured = await measureInputWithFindings(input, request.cwd);
        const fromInput = [...measured.findings];
        for (const model of measured.models) {
          models.push(model);
          fromInput.push(...checkPackage(model, request.config));
        }
        // Findings on a template honour its suppression comments and Metadata, like the IaC rules'.
        findings.push(
          ...(measured.suppressions.length > 0
            ? applySuppressions(fromInput, measured.suppressions)
            : fromInput),
        );
      }
    }
    const budgetOf = (model: BundleModel): number => {
      try {
        return budgetFor(model, request.config.rule('package-size-budget', model.location.file).options);
      } catch {
        return LAMBDA_LIMITS.budget;
      }
    };
    // Packages that could not be measured have no size to show.
    const measured = models.filter(
      (m) => m.tree.total > 0 || !m.problems.some((p) => p.fatal || p.kind === 'not-measured'),
    );
    const tables = measured.length > 0 ? [summaryTable(measured, budgetOf)] : [];
    if (request.outputs?.treemap) {
      const target = resolve(request.cwd, request.outputs.treemap);
      const written = await writeTreemap(target, displayPath(request.cwd, target), measured);
      if (written) findings.push(written);
    }
    return { findings, filesScanned, tables };
  },
};

/** Writes the treemap with the RULES engineer's renderer, loaded lazily; failures become a fatal finding. */
export async function writeTreemap(
  file: string,
  display: string,
  models: BundleModel[],
): Promise<Finding | undefined> {
  try {
    const module = (await import(new URL('./treemap.js', import.meta.url).href)) as {
      renderTreemap?: (models: BundleModel[]) => string;
    };
    if (typeof module.renderTreemap !== 'function') return undefined;
    await writeFile(file, module.renderTreemap(models));
    return undefined;
  } catch (error) {
    return {
      ruleId: 'report-output',
      severity: 'error',
      message: `The treemap report could not be written to ${display}: ${error instanceof Error ? error.message : String(error)}.`,
      help: 'Check that the directory exists and is writable.',
      file: display,
      range: { line: 1, column: 1 },
      docsUrl: ruleDocsUrl('report-output'),
      tool: 'core',
      fatal: true,
    };
  }
}
