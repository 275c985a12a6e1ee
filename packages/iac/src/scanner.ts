import {
  applySuppressions,
  parseCommentSuppressions,
  ruleDocsUrl,
  runRules,
  type ConfigView,
  type Finding,
  type Scanner,
  type ScanRequest,
  type ScanResult,
  type Suppression,
} from '@lambda-lint/core';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { discoverTemplates, type DiscoveredTerraformModule } from './discover.js';
import { detectKind, loadFile, loadText, type LoadResult } from './load/index.js';
import type { TemplateModel } from './model.js';
import type { LoadedFile } from './node.js';
import { buildModel } from './normalize/index.js';
import { iacRules } from './rules/index.js';
import type { HclFile } from './terraform/hcl-tree.js';
import {
  isModuleFolder,
  loadTerraformModule,
  ModuleReader,
  terraformSuppressions,
} from './terraform/index.js';
import { buildPlanModel, isPlanJson } from './terraform/plan-model.js';

/** Files read at once: enough to overlap disk I/O with parsing, few enough to keep memory flat. */
const READ_CONCURRENCY = 16;

export interface ScanTemplateOptions {
  /** Report suppressions that matched nothing as `unused-disable` warnings. */
  reportUnusedDisable?: boolean;
}

/** A template read and normalized once: what every analysis of a project shares. */
export interface LoadedTemplate {
  /** Display path of the template: its file, or a Terraform root module's folder (or plan JSON). */
  file: string;
  model: TemplateModel;
  /** Display paths of every file the model was read from: findings pointing there are this template's. */
  files: readonly string[];
  /** The loader's notes (YAML warnings); a Terraform module's parse errors are `loadTemplate`'s findings. */
  notes: readonly Finding[];
  /** Suppression comments of those files and `Metadata.lambda-lint.ignore` entries. */
  suppressions: readonly Suppression[];
}

/** Loaded file → model, or nothing when the file is not a template lambda-lint knows (not an error). */
function modelOf(loaded: LoadedFile): TemplateModel | undefined {
  const kind = detectKind(loaded);
  if (kind === 'unknown') return undefined;
  return buildModel(loaded, kind);
}

/** A YAML/JSON template file and its model. */
function fileTemplate(loaded: LoadedFile, model: TemplateModel): LoadedTemplate {
  return {
    file: loaded.file,
    model,
    files: [loaded.file],
    notes: loaded.notes ?? [],
    suppressions: [
      ...(loaded.format === 'yaml' ? parseCommentSuppressions(loaded.file, loaded.text, '#') : []),
      ...model.suppressions,
    ],
  };
}

/** A Terraform root module (or plan) and the configuration files its model read, child modules included. */
function terraformTemplate(
  model: TemplateModel,
  reader: ModuleReader,
  files: readonly HclFile[] = [...reader.allFiles().values()],
): LoadedTemplate {
  return {
    file: model.file,
    model,
    files: [model.file, ...files.map((f) => f.file)],
    notes: [],
    suppressions: terraformSuppressions(files),
  };
}

/** The template rules over an already built model, plus its normalization notes; suppressions are not applied yet. */
export function checkTemplate(template: LoadedTemplate, config: ConfigView): Finding[] {
  return [
    ...template.notes,
    ...template.model.notes,
    ...runRules(iacRules, template.model, template.file, config),
  ];
}

/** Suppression comments and `Metadata.lambda-lint.ignore` entries of a template: they cover every finding pointing into it. */
export function templateSuppressions(template: LoadedTemplate): Suppression[] {
  return [...template.suppressions];
}

/** Rules → suppressions over one loaded template; `onlyFile` keeps the findings of one `.tf` file named alone. */
function scanTemplate(
  loaded: { template?: LoadedTemplate; findings: Finding[] },
  config: ConfigView,
  options: ScanTemplateOptions,
  onlyFile?: string,
): Finding[] {
  const { template } = loaded;
  const all = template
    ? [
        ...loaded.findings,
        ...applySuppressions(checkTemplate(template, config), templateSuppressions(template), {
          reportUnused: options.reportUnusedDisable === true,
        }),
      ]
    : loaded.findings;
  return onlyFile === undefined ? all : all.filter((f) => f.file === onlyFile);
}

function findingsOf(result: LoadResult, config: ConfigView, options: ScanTemplateOptions): Finding[] {
  if (!result.ok) return [result.finding];
  let model: TemplateModel | undefined;
  try {
    model = modelOf(result.loaded);
  } catch (error) {
    return [internalError(result.loaded.file, error)];
  }
  return model
    ? scanTemplate({ template: fileTemplate(result.loaded, model), findings: [] }, config, options)
    : [];
}

/** Scans one template given as text (tests, benches, editors). `file` is the display path. */
export function scanTemplateText(
  text: string,
  file: string,
  format: 'yaml' | 'json',
  config: ConfigView,
  options: ScanTemplateOptions = {},
): Finding[] {
  return findingsOf(loadText(text, file, format), config, options);
}

/** Reads and scans one template file. */
export async function scanTemplateFile(
  absolutePath: string,
  displayPath: string,
  config: ConfigView,
  options: ScanTemplateOptions = {},
): Promise<Finding[]> {
  return scanTemplate(await loadTemplate(absolutePath, displayPath), config, options);
}

/**
 * Reads and normalizes one template file. `findings` holds the parse error when the file cannot be
 * read, and the normalization notes; a file that is not a template gives neither.
 */
export async function loadTemplate(
  absolutePath: string,
  displayPath: string,
  reader?: ModuleReader,
): Promise<{ template?: LoadedTemplate; findings: Finding[] }> {
  try {
    const terraform = terraformTemplateOf(absolutePath, displayPath, reader);
    if (terraform) return terraform;
  } catch (error) {
    return { findings: [internalError(displayPath, error)] };
  }
  const result = await loadFile(absolutePath, displayPath);
  if (!result.ok) return { findings: [result.finding] };
  try {
    if (result.loaded.format === 'json' && isPlanJson(result.loaded.root)) {
      const planReader = readerFor(absolutePath, displayPath);
      const { model, findings } = buildPlanModel(result.loaded, path.dirname(absolutePath), planReader);
      return { template: terraformTemplate(model, planReader), findings };
    }
    const model = modelOf(result.loaded);
    return model ? { template: fileTemplate(result.loaded, model), findings: [] } : { findings: [] };
  } catch (error) {
    return { findings: [internalError(displayPath, error)] };
  }
}

/** The model of one template file (kept for library users; the project layer uses `loadTemplate`). */
export async function loadTemplateModel(
  absolutePath: string,
  displayPath: string,
): Promise<{ model?: TemplateModel; findings: Finding[] }> {
  const { template, findings } = await loadTemplate(absolutePath, displayPath);
  return template
    ? { model: template.model, findings: [...findings, ...template.notes, ...template.model.notes] }
    : { findings };
}

/** A Terraform root module folder or `.tf` file (its folder) as a model; undefined for anything else. */
function terraformTemplateOf(
  absolutePath: string,
  displayPath: string,
  shared?: ModuleReader,
): { template: LoadedTemplate; findings: Finding[] } | undefined {
  let dir: string | undefined;
  try {
    if (statSync(absolutePath).isDirectory()) dir = absolutePath;
  } catch {
    return undefined;
  }
  if (dir === undefined && /\.tf(?:\.json)?$/.test(absolutePath)) dir = path.dirname(absolutePath);
  if (dir !== undefined) {
    if (!isModuleFolder(readdirSafe(dir))) return undefined;
    const reader = shared ?? readerFor(absolutePath, displayPath);
    const { model, errors, files } = loadTerraformModule(dir, reader);
    return { template: terraformTemplate(model, reader, files), findings: errors };
  }
  return undefined;
}

/** A module reader whose display paths continue `displayPath` (however the caller made it relative, `..` included). */
function readerFor(absolutePath: string, displayPath: string): ModuleReader {
  return new ModuleReader(path.dirname(absolutePath), { absolute: absolutePath, display: displayPath });
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** A Terraform root module to scan; `onlyFile` when one `.tf` file of it was named alone. */
export interface TerraformRoot {
  absolute: string;
  display: string;
  onlyFile?: string;
}

/** Root modules among discovered ones (a module that another one calls is reported through its caller), read with one shared reader. */
export function terraformRoots(
  modules: readonly DiscoveredTerraformModule[],
  cwd: string,
  isIgnored: (display: string) => boolean,
): { roots: TerraformRoot[]; reader: ModuleReader } {
  const reader = new ModuleReader(cwd, undefined, isIgnored);
  for (const m of modules) reader.read(m.dir);
  const called = reader.calledModules();
  const roots = modules
    .filter((m) => m.onlyFile !== undefined || !called.has(m.dir))
    .map((m) => ({
      absolute: m.dir,
      display: reader.displayOf(m.dir),
      ...(m.onlyFile !== undefined && { onlyFile: m.onlyFile }),
    }));
  return { roots, reader };
}

/** The IaC scanner as the CLI runs it: discover templates and root modules, scan each independently. */
export const iacScanner: Scanner = {
  name: 'iac',
  rules: iacRules,
  async scan(request: ScanRequest): Promise<ScanResult> {
    const isIgnored = (file: string) => request.config.isIgnored(file);
    const { files, errors, terraform } = await discoverTemplates(request.paths, request.cwd, isIgnored);
    const options: ScanTemplateOptions =
      request.reportUnusedDisable === undefined ? {} : { reportUnusedDisable: request.reportUnusedDisable };
    const perFile: Finding[][] = new Array<Finding[]>(files.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const index = next++;
        const file = files[index]!;
        perFile[index] = await scanTemplateFile(file.absolute, file.display, request.config, options);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
    const { roots, reader } = terraformRoots(terraform, request.cwd, isIgnored);
    for (const root of roots) {
      try {
        const loaded = await loadTemplate(root.absolute, root.display, reader);
        perFile.push(scanTemplate(loaded, request.config, options, root.onlyFile));
      } catch (error) {
        perFile.push([internalError(root.display, error)]);
      }
    }
    return {
      findings: [...errors, ...perFile.flat()],
      filesScanned: files.length + (roots.length > 0 ? reader.allFiles().size : 0),
    };
  },
};

function internalError(file: string, error: unknown): Finding {
  return {
    ruleId: 'internal-error',
    severity: 'error',
    message: `lambda-lint failed while reading this template's resources: ${error instanceof Error ? error.message : String(error)}. Please report this bug with the template.`,
    file,
    range: { line: 1, column: 1 },
    docsUrl: ruleDocsUrl('internal-error'),
    tool: 'iac',
    fatal: true,
  };
}
