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
} from '@lambda-lint/core';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { discoverTemplates } from './discover.js';
import { detectKind, loadFile, loadText, type LoadResult } from './load/index.js';
import type { TemplateModel } from './model.js';
import type { LoadedFile } from './node.js';
import { buildModel } from './normalize/index.js';
import { iacRules } from './rules/index.js';
import { isModuleFolder, loadTerraformModule, ModuleReader, scanTerraformModule } from './terraform/index.js';
import { buildPlanModel, isPlanJson, scanPlan } from './terraform/plan-model.js';

/** Files read at once: enough to overlap disk I/O with parsing, few enough to keep memory flat. */
const READ_CONCURRENCY = 16;

export interface ScanTemplateOptions {
  /** Report suppressions that matched nothing as `unused-disable` warnings. */
  reportUnusedDisable?: boolean;
}

/** Loaded file → model, or nothing when the file is not a template lambda-lint knows (not an error). */
function modelOf(loaded: LoadedFile): TemplateModel | undefined {
  const kind = detectKind(loaded);
  if (kind === 'unknown') return undefined;
  return buildModel(loaded, kind);
}

/** Model → rule findings → notes → suppressions (comments and Metadata). Never throws. */
function scanLoaded(loaded: LoadedFile, config: ConfigView, options: ScanTemplateOptions): Finding[] {
  let model: TemplateModel | undefined;
  try {
    model = modelOf(loaded);
  } catch (error) {
    return [internalError(loaded.file, error)];
  }
  if (!model) return [];
  const findings = [...model.notes, ...runRules(iacRules, model, loaded.file, config)];
  const suppressions = [
    ...(loaded.format === 'yaml' ? parseCommentSuppressions(loaded.file, loaded.text, '#') : []),
    ...model.suppressions,
  ];
  return applySuppressions(findings, suppressions, { reportUnused: options.reportUnusedDisable === true });
}

function findingsOf(
  result: LoadResult,
  config: ConfigView,
  options: ScanTemplateOptions,
  absolutePath?: string,
): Finding[] {
  if (!result.ok) return [result.finding];
  if (absolutePath !== undefined && result.loaded.format === 'json' && isPlanJson(result.loaded.root)) {
    const reader = readerFor(absolutePath, result.loaded.file);
    return scanPlan(result.loaded, path.dirname(absolutePath), reader, config, options);
  }
  return scanLoaded(result.loaded, config, options);
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
  return findingsOf(await loadFile(absolutePath, displayPath), config, options, absolutePath);
}

/**
 * The model of one template file (the bundle analyzer uses it to find each function's code).
 * `findings` holds the parse error when the file cannot be read; a file that is not a template gives neither.
 */
export async function loadTemplateModel(
  absolutePath: string,
  displayPath: string,
): Promise<{ model?: TemplateModel; findings: Finding[] }> {
  const terraform = terraformModelOf(absolutePath, displayPath);
  if (terraform) return terraform;
  const result = await loadFile(absolutePath, displayPath);
  if (!result.ok) return { findings: [result.finding] };
  if (result.loaded.format === 'json' && isPlanJson(result.loaded.root)) {
    return buildPlanModel(result.loaded, path.dirname(absolutePath), readerFor(absolutePath, displayPath));
  }
  try {
    const model = modelOf(result.loaded);
    return model ? { model, findings: [...model.notes] } : { findings: [] };
  } catch (error) {
    return { findings: [internalError(displayPath, error)] };
  }
}

/** A Terraform root module folder or `.tf` file (its folder) as a model; undefined for anything else. */
function terraformModelOf(
  absolutePath: string,
  displayPath: string,
): { model?: TemplateModel; findings: Finding[] } | undefined {
  const reader = readerFor(absolutePath, displayPath);
  let dir: string | undefined;
  try {
    if (statSync(absolutePath).isDirectory()) dir = absolutePath;
  } catch {
    return undefined;
  }
  if (dir === undefined && /\.tf(?:\.json)?$/.test(absolutePath)) dir = path.dirname(absolutePath);
  if (dir !== undefined) {
    if (!isModuleFolder(readdirSafe(dir))) return undefined;
    const { model, errors } = loadTerraformModule(dir, reader);
    return { model, findings: errors };
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

/** The IaC scanner as the CLI runs it: discover templates, scan each file independently. */
export const iacScanner: Scanner = {
  name: 'iac',
  rules: iacRules,
  async scan(request: ScanRequest): Promise<ScanResult> {
    const { files, errors, terraform } = await discoverTemplates(request.paths, request.cwd, (file) =>
      request.config.isIgnored(file),
    );
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
    const terraformFindings = scanTerraform(terraform, request.cwd, request.config, options);
    return {
      findings: [...errors, ...perFile.flat(), ...terraformFindings.findings],
      filesScanned: files.length + terraformFindings.filesScanned,
    };
  },
};

/** Scans root modules (folders, `.tf` files named alone); a module that another scanned one calls is reported through its caller. */
function scanTerraform(
  modules: readonly { dir: string; onlyFile?: string }[],
  cwd: string,
  config: ConfigView,
  options: ScanTemplateOptions,
): { findings: Finding[]; filesScanned: number } {
  if (modules.length === 0) return { findings: [], filesScanned: 0 };
  const reader = new ModuleReader(cwd, undefined, (file) => config.isIgnored(file));
  for (const m of modules) reader.read(m.dir);
  const called = reader.calledModules();
  const findings: Finding[] = [];
  for (const m of modules) {
    if (m.onlyFile === undefined && called.has(m.dir)) continue;
    try {
      findings.push(
        ...scanTerraformModule(m.dir, reader, config, {
          ...options,
          ...(m.onlyFile !== undefined && { onlyFile: m.onlyFile }),
        }),
      );
    } catch (error) {
      findings.push(internalError(reader.displayOf(m.dir), error));
    }
  }
  return { findings, filesScanned: reader.allFiles().size };
}

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
