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
import { discoverTemplates } from './discover.js';
import { detectKind, loadFile, loadText, type LoadResult } from './load/index.js';
import type { TemplateModel } from './model.js';
import type { LoadedFile } from './node.js';
import { buildModel } from './normalize/index.js';
import { iacRules } from './rules/index.js';

/** Files read at once: enough to overlap disk I/O with parsing, few enough to keep memory flat. */
const READ_CONCURRENCY = 16;

export interface ScanTemplateOptions {
  /** Report suppressions that matched nothing as `unused-disable` warnings. */
  reportUnusedDisable?: boolean;
}

/** A template read and normalized once: what every analysis of a project shares. */
export interface LoadedTemplate {
  loaded: LoadedFile;
  model: TemplateModel;
}

/** Loaded file → model, or nothing when the file is not a template lambda-lint knows (not an error). */
function modelOf(loaded: LoadedFile): TemplateModel | undefined {
  const kind = detectKind(loaded);
  if (kind === 'unknown') return undefined;
  return buildModel(loaded, kind);
}

/** The template rules over an already built model, plus its normalization notes; suppressions are not applied yet. */
export function checkTemplate(template: LoadedTemplate, config: ConfigView): Finding[] {
  return [
    ...(template.loaded.notes ?? []),
    ...template.model.notes,
    ...runRules(iacRules, template.model, template.loaded.file, config),
  ];
}

/** Suppression comments (YAML) and `Metadata.lambda-lint.ignore` entries of a template: they cover every finding pointing into it. */
export function templateSuppressions(template: LoadedTemplate): Suppression[] {
  const { loaded, model } = template;
  return [
    ...(loaded.format === 'yaml' ? parseCommentSuppressions(loaded.file, loaded.text, '#') : []),
    ...model.suppressions,
  ];
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
  const template = { loaded, model };
  return applySuppressions(checkTemplate(template, config), templateSuppressions(template), {
    reportUnused: options.reportUnusedDisable === true,
  });
}

function findingsOf(result: LoadResult, config: ConfigView, options: ScanTemplateOptions): Finding[] {
  return result.ok ? scanLoaded(result.loaded, config, options) : [result.finding];
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
  return findingsOf(await loadFile(absolutePath, displayPath), config, options);
}

/**
 * Reads and normalizes one template file. `findings` holds the parse error when the file cannot be
 * read, and the normalization notes; a file that is not a template gives neither.
 */
export async function loadTemplate(
  absolutePath: string,
  displayPath: string,
): Promise<{ template?: LoadedTemplate; findings: Finding[] }> {
  const result = await loadFile(absolutePath, displayPath);
  if (!result.ok) return { findings: [result.finding] };
  try {
    const model = modelOf(result.loaded);
    return model ? { template: { loaded: result.loaded, model }, findings: [] } : { findings: [] };
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
    ? { model: template.model, findings: [...(template.loaded.notes ?? []), ...template.model.notes] }
    : { findings };
}

/** The IaC scanner as the CLI runs it: discover templates, scan each file independently. */
export const iacScanner: Scanner = {
  name: 'iac',
  rules: iacRules,
  async scan(request: ScanRequest): Promise<ScanResult> {
    const { files, errors } = await discoverTemplates(request.paths, request.cwd, (file) =>
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
    return { findings: [...errors, ...perFile.flat()], filesScanned: files.length };
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
