import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  applySuppressions,
  ruleDocsUrl,
  runRules,
  type ConfigView,
  type Finding,
  type FunctionEnvironment,
  type FunctionRef,
  type FunctionReport,
  type ModuleFacts,
  type ScanRequest,
  type ScanResult,
  type SummaryTable,
} from '@lambda-lint/core';
import {
  checkTemplate,
  discoverTemplates,
  functionEnvironment,
  isModuleFolder,
  loadTemplate,
  resolveFunctionCode,
  templateSuppressions,
  terraformRoots,
  type CodeResolution,
  type DiscoveredTerraformModule,
  type LambdaFunction,
  type LoadedTemplate,
  type TemplateModel,
  type ModuleReader,
  type TerraformRoot,
} from '@lambda-lint/iac';
import type { BundleModel } from '@lambda-lint/bundle';
import { buildCards, packageCard } from './cards.js';
import { EslintRunner, type LintTarget } from './code/eslint.js';
import {
  analyzeSafely,
  displayPath,
  followCode,
  functionKey,
  type FileAnalyzer,
  type HandlerRoot,
} from './code/graph.js';
import { loadPythonAnalyzer } from './code/python.js';
import { isSourceFile } from './code/resolve-import.js';
import { contentHash, type AnalysisCache, type TemplateRecord } from './cache.js';
import type { JoinedFunction, ProjectModel } from './model.js';
import { projectRules } from './rules/index.js';

/** The analyses a run may do; `lambda-lint iac` and `lambda-lint bundle` run one each. */
export type ProjectPass = 'iac' | 'bundle' | 'code';
export const ALL_PASSES: readonly ProjectPass[] = ['iac', 'bundle', 'code'];

export interface ProjectScanResult extends ScanResult {
  functions: FunctionReport[];
  /** With `changed`: how many functions the changed files touched, of how many found. */
  selection?: { functions: number; of: number };
}

/** How far a long scan is, for a progress line. */
export interface ScanProgress {
  stage: 'packages' | 'code';
  done: number;
  total: number;
}

export interface ScanOptions {
  /**
   * Absolute paths of changed files (`--changed`, `--since`): only the functions they touch are
   * analyzed and reported, and the template rules run only on changed templates.
   */
  changed?: ReadonlySet<string>;
  /** Code analyses from earlier runs (`--cache`). */
  cache?: AnalysisCache;
  onProgress?: (progress: ScanProgress) => void;
}

/** Templates read at once: overlaps disk I/O with parsing, keeps memory flat. */
const READ_CONCURRENCY = 16;
const TEMPLATE_NAMES = [
  'template.yaml',
  'template.yml',
  'template.json',
  'serverless.yml',
  'serverless.yaml',
  'serverless.json',
];
const PACKAGE_FILE = /\.(?:zip|jar)$|(?:^|[/\\])(?:meta|metafile)\.json$|\.(?:metafile|meta)\.json$/i;
/** Lambda's 10 MiB default budget, when the configured one cannot be read. */
const LAMBDA_BUDGET_BYTES = 10 * 1024 * 1024;
const TEMPLATE_FILE = /\.(?:ya?ml|json|tf)$/i;
/** A template that is one YAML/JSON file (a Terraform module is a folder of files, never cached). */
const CACHEABLE_TEMPLATE = /(?<!\.tf)\.(?:ya?ml|json)$/i;

interface Inputs {
  /** Template files and Terraform root modules (`onlyFile` when one `.tf` file of it was named alone). */
  templates: TerraformRoot[];
  /** Reads Terraform modules once per run: a child module shared by several roots is parsed once. */
  moduleReader?: ModuleReader;
  codeFiles: string[];
  packages: string[];
  errors: Finding[];
}

function statOf(file: string) {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Sorts the command line's paths: directories are walked for templates (or measured as a package
 * when they hold none), template files are loaded, handler files are linted with their functions,
 * zips and metafiles are measured. Any other file is skipped: it is nothing lambda-lint reads.
 */
async function classifyPaths(request: ScanRequest, passes: ReadonlySet<ProjectPass>): Promise<Inputs> {
  const inputs: Inputs = { templates: [], codeFiles: [], packages: [], errors: [] };
  const isIgnored = (file: string) => request.config.isIgnored(file);
  const modules: DiscoveredTerraformModule[] = [];
  for (const given of request.paths) {
    const absolute = path.resolve(request.cwd, given);
    const stats = statOf(absolute);
    if (stats?.isFile() && !TEMPLATE_FILE.test(absolute) && !PACKAGE_FILE.test(absolute)) {
      if (isIgnored(displayPath(request.cwd, absolute))) continue;
      // `lambda-lint bundle src/handler.ts` measures the build of that entry; a full scan lints it.
      if (isSourceFile(absolute) && passes.has('bundle') && !passes.has('code'))
        inputs.packages.push(absolute);
      else if (isSourceFile(absolute) || absolute.endsWith('.py')) inputs.codeFiles.push(absolute);
      continue;
    }
    if (stats?.isFile() && PACKAGE_FILE.test(absolute) && !/\.(?:ya?ml)$/i.test(absolute)) {
      if (passes.has('bundle') && !isIgnored(displayPath(request.cwd, absolute)))
        inputs.packages.push(absolute);
      continue;
    }
    const { files, errors, terraform } = await discoverTemplates([given], request.cwd, isIgnored);
    inputs.errors.push(...errors);
    modules.push(...terraform);
    for (const file of files) {
      if (!inputs.templates.some((t) => t.absolute === file.absolute)) inputs.templates.push(file);
    }
    // A directory without templates is a package (a build output, an unzipped artifact).
    if (
      stats?.isDirectory() &&
      files.length === 0 &&
      terraform.length === 0 &&
      passes.has('bundle') &&
      !isIgnored(displayPath(request.cwd, absolute))
    )
      inputs.packages.push(absolute);
  }
  if (modules.length > 0) {
    // A module that another one calls is reported through its caller, as `lambda-lint iac` does.
    const { roots, reader } = terraformRoots(modules, request.cwd, isIgnored);
    inputs.templates.push(...roots);
    inputs.moduleReader = reader;
  }
  return inputs;
}

async function loadAll(
  files: readonly TerraformRoot[],
  moduleReader: ModuleReader | undefined,
  cache: AnalysisCache | undefined,
): Promise<{
  templates: Array<{ absolute: string; template: LoadedTemplate; onlyFile?: string }>;
  findings: Finding[];
}> {
  const results = new Array<Awaited<ReturnType<typeof loadTemplate>>>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const { absolute, display } = files[index]!;
      const load = () => loadTemplate(absolute, display, moduleReader);
      results[index] =
        cache && CACHEABLE_TEMPLATE.test(absolute)
          ? await cache.loadTemplate(absolute, display, load)
          : await load();
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  const templates: Array<{ absolute: string; template: LoadedTemplate; onlyFile?: string }> = [];
  const findings: Finding[] = [];
  results.forEach((result, index) => {
    const { absolute, onlyFile } = files[index]!;
    findings.push(
      ...(onlyFile === undefined ? result.findings : result.findings.filter((f) => f.file === onlyFile)),
    );
    if (result.template)
      templates.push({ absolute, template: result.template, ...(onlyFile !== undefined && { onlyFile }) });
  });
  return { templates, findings };
}

/** The nearest template above a handler file, the way the editor plugin finds it. */
function nearestTemplate(file: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    for (const name of TEMPLATE_NAMES) {
      const candidate = path.join(dir, name);
      if (statOf(candidate)?.isFile()) return candidate;
    }
    // A Terraform module is its folder (`archive_file` zips a folder below it).
    if (hasTerraformFiles(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function hasTerraformFiles(dir: string): boolean {
  try {
    return isModuleFolder(readdirSync(dir));
  } catch {
    return false;
  }
}

function functionRefOf(fn: LambdaFunction): FunctionRef {
  return { id: fn.id, template: fn.file, line: fn.origin.range.line };
}

function environmentOf(fn: LambdaFunction): FunctionEnvironment {
  return functionEnvironment(fn, fn.file);
}

/** Each function's code; with `onlyFile` (a `.tf` file named alone), only the functions defined in it. */
function resolveAll(
  template: LoadedTemplate,
  absolute: string,
  onlyFile?: string,
): Map<LambdaFunction, CodeResolution> {
  const { model } = template;
  const functions =
    onlyFile === undefined ? model.functions : model.functions.filter((fn) => fn.origin.file === onlyFile);
  return new Map(functions.map((fn) => [fn, resolveFunctionCode(fn, model, absolute)]));
}

/** The template model with only the functions this run looks at (all of them unless a `.tf` file was named alone). */
function modelOf(work: TemplateWork): TemplateModel {
  const { model } = work.template;
  return work.onlyFile === undefined
    ? model
    : { ...model, functions: model.functions.filter((fn) => work.code.has(fn)) };
}

/** Where the code graph starts for a function whose handler file was found. */
function rootOf(fn: LambdaFunction, code: Extract<CodeResolution, { state: 'resolved' }>): HandlerRoot {
  return {
    fn: functionRefOf(fn),
    environment: environmentOf(fn),
    language: code.language,
    entry: code.entry,
    exportName: code.exportName,
    codeRoot: code.codeRoot,
  };
}

/** One template's functions with their code resolved. */
interface TemplateWork {
  absolute: string;
  template: LoadedTemplate;
  code: Map<LambdaFunction, CodeResolution>;
  /** Scanned (named on the command line or found under a directory), not only read to lint a handler file. */
  scanned: boolean;
  /** With changed files: the functions they touch, and whether the template itself changed. */
  selected?: ReadonlySet<LambdaFunction>;
  templateChanged?: boolean;
  /** A `.tf` file named alone: only findings in it are reported from its module. */
  onlyFile?: string;
}

function isUnder(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The functions changed files touch: all of a changed template's; a function whose code root,
 * built package (`.aws-sam/build/<id>`) or artifact holds a changed file. When the cache knows a
 * function's code files from its last scan, a changed source file in its code root selects it only
 * if it is one of them (or is new to every function: it may change how an import resolves).
 */
function selectChanged(work: TemplateWork, changed: ReadonlySet<string>, cache?: AnalysisCache): void {
  work.templateChanged = changed.has(work.absolute);
  if (work.templateChanged) return;
  const templateDir = path.dirname(work.absolute);
  const known = new Set<string>();
  const recorded = new Map<LambdaFunction, readonly string[] | undefined>();
  for (const fn of work.code.keys()) {
    const files = cache?.filesOf(functionKey(functionRefOf(fn)));
    recorded.set(fn, files);
    for (const file of files ?? []) known.add(file);
  }
  const selected = new Set<LambdaFunction>();
  for (const [fn, code] of work.code) {
    const builtPackage = path.join(templateDir, '.aws-sam', 'build', fn.id);
    const files = recorded.get(fn);
    const touches = (file: string): boolean => {
      if (isUnder(file, builtPackage)) return true;
      if (code.state === 'bundled') return isUnder(file, code.artifact);
      if (code.state !== 'resolved' || !isUnder(file, code.codeRoot)) return false;
      if (!files || !(isSourceFile(file) || file.endsWith('.py'))) return true;
      return files.includes(file) || !known.has(file);
    };
    if ([...changed].some(touches)) selected.add(fn);
  }
  work.selected = selected;
}

/** What a later `--changed` run needs to skip this template when no change is near it. */
function templateRecord(work: TemplateWork): TemplateRecord {
  const templateDir = path.dirname(work.absolute);
  const dirs = new Set<string>();
  for (const [fn, code] of work.code) {
    dirs.add(path.join(templateDir, '.aws-sam', 'build', fn.id));
    // Anything else (an unresolved handler, a layer) may be resolved by a new file near the template.
    dirs.add(
      code.state === 'resolved' ? code.codeRoot : code.state === 'bundled' ? code.artifact : templateDir,
    );
  }
  if (work.template.model.layers.size > 0) dirs.add(templateDir);
  return { hash: templateHash(work.absolute) ?? '', dirs: [...dirs], functions: work.code.size };
}

/**
 * Templates `--changed` need not load: unchanged since the cache recorded them (same content hash)
 * and no changed file under a directory of their functions. Template → its number of functions.
 */
function untouchedTemplates(
  templates: readonly { absolute: string }[],
  changed: ReadonlySet<string>,
  cache: AnalysisCache,
): Map<string, number> {
  const untouched = new Map<string, number>();
  for (const { absolute } of templates) {
    const record = cache.templateRecord(absolute);
    if (!record || changed.has(absolute)) continue;
    if ([...changed].some((file) => record.dirs.some((dir) => isUnder(file, dir)))) continue;
    const hash = templateHash(absolute);
    if (hash === undefined || hash !== record.hash) continue;
    untouched.set(absolute, record.functions);
    // Kept for the next run, which may skip it too.
    cache.recordTemplate(absolute, record);
  }
  return untouched;
}

function isSelected(work: TemplateWork, fn: LambdaFunction): boolean {
  return !work.selected || work.selected.has(fn);
}

/** Content hash of a template file; undefined for a Terraform module folder, which is never skipped. */
function templateHash(absolute: string): string | undefined {
  try {
    return contentHash(readFileSync(absolute, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The template's model with only the selected functions (and, for a `.tf` file named alone, only its own). */
function selectedModel(work: TemplateWork): TemplateModel {
  const model = modelOf(work);
  return work.selected
    ? { ...model, functions: model.functions.filter((fn) => isSelected(work, fn)) }
    : model;
}

/** Inline code is linted as a file of its own; findings and facts map back into the template. */
function inlineTarget(
  work: TemplateWork,
  fn: LambdaFunction,
  code: Extract<CodeResolution, { state: 'inline' }>,
): LintTarget {
  const ref = functionRefOf(fn);
  const { start, linesMapped } = code;
  return {
    text: code.text,
    filename: path.join(
      path.dirname(work.absolute),
      `${fn.id}.inline.${code.language === 'python' ? 'py' : 'js'}`,
    ),
    display: work.template.file,
    project: {
      handlers: [{ exportName: code.exportName, functions: [ref] }],
      perInvocationExports: [],
      environments: [environmentOf(fn)],
    },
    mapPosition: (line, column) =>
      linesMapped
        ? { line: start.line + line - 1, column: column + start.column - 1 }
        : { line: start.line, column: start.column },
  };
}

/**
 * lambda-lint's whole scan: each template is loaded and normalized once; its functions feed the
 * template rules, the package analysis and the code analysis (handler files and the local modules
 * they import, linted once each); the project rules and the per-function report cards join them.
 */
export async function scanProject(
  request: ScanRequest,
  passesWanted: readonly ProjectPass[] = ALL_PASSES,
  options: ScanOptions = {},
): Promise<ProjectScanResult> {
  const { changed, cache, onProgress } = options;
  const passes = new Set(passesWanted);
  const { cwd, config } = request;
  const reportUnused = request.reportUnusedDisable === true;
  const inputs = await classifyPaths(request, passes);
  const untouched = changed && cache ? untouchedTemplates(inputs.templates, changed, cache) : undefined;
  const loaded = await loadAll(
    untouched ? inputs.templates.filter((t) => !untouched.has(t.absolute)) : inputs.templates,
    inputs.moduleReader,
    cache,
  );
  const changedDisplays = changed && new Set([...changed].map((file) => displayPath(cwd, file)));
  const findings: Finding[] = [
    ...inputs.errors,
    // An unchanged template that does not load is not this run's news.
    ...loaded.findings.filter((f) => !changedDisplays || changedDisplays.has(f.file)),
  ];
  const works: TemplateWork[] = loaded.templates.map(({ absolute, template, onlyFile }) => ({
    absolute,
    template,
    code: resolveAll(template, absolute, onlyFile),
    scanned: true,
    ...(onlyFile !== undefined && { onlyFile }),
  }));
  let filesScanned = inputs.templates.length;

  // Handler files named on the command line: their functions come from the nearest template.
  const codeOnly: { file: string; roots: HandlerRoot[] }[] = [];
  const coveredFiles = new Set<string>();
  if (passes.has('code')) {
    for (const work of works)
      for (const code of work.code.values()) if (code.state === 'resolved') coveredFiles.add(code.entry);
    for (const file of inputs.codeFiles) {
      if (coveredFiles.has(file)) continue;
      const templatePath = nearestTemplate(file);
      let work = works.find((w) => w.absolute === templatePath);
      if (!work && templatePath) {
        const context = await loadTemplate(templatePath, displayPath(cwd, templatePath));
        if (context.template) {
          work = {
            absolute: templatePath,
            template: context.template,
            code: resolveAll(context.template, templatePath),
            scanned: false,
          };
          works.push(work);
        }
      }
      const roots: HandlerRoot[] = [];
      for (const [fn, code] of work?.code ?? []) {
        if (code.state === 'resolved' && code.entry === file) roots.push(rootOf(fn, code));
      }
      codeOnly.push({ file, roots });
    }
  }
  let scanned = works.filter((w) => w.scanned);
  let selection: ProjectScanResult['selection'];
  if (cache) for (const work of scanned) cache.recordTemplate(work.absolute, templateRecord(work));
  if (changed) {
    for (const work of scanned) selectChanged(work, changed, cache);
    const of =
      scanned.reduce((sum, w) => sum + w.code.size, 0) +
      [...(untouched?.values() ?? [])].reduce((sum, functions) => sum + functions, 0);
    scanned = scanned.filter((w) => w.templateChanged || (w.selected?.size ?? 0) > 0);
    const selectedCount = scanned.reduce((sum, w) => sum + (w.selected?.size ?? w.code.size), 0);
    selection = { functions: selectedCount, of };
    filesScanned = scanned.length;
  }

  // Template rules, on the model built once.
  const perTemplate = new Map<TemplateWork, Finding[]>();
  for (const work of scanned)
    perTemplate.set(
      work,
      passes.has('iac') && (!changed || work.templateChanged) ? checkTemplate(work.template, config) : [],
    );

  // Packages: each function's artifact or build, from the same model.
  const packagesOf = new Map<TemplateWork, BundleModel[]>();
  const standalone: BundleModel[] = [];
  let bundle: typeof import('@lambda-lint/bundle') | undefined;
  if (passes.has('bundle') && (scanned.length > 0 || inputs.packages.length > 0)) {
    bundle = await import('@lambda-lint/bundle');
    const layerCache = bundle.createLayerCache();
    for (const [index, work] of scanned.entries()) {
      onProgress?.({ stage: 'packages', done: index, total: scanned.length });
      let models: BundleModel[] = [];
      try {
        models = await bundle.measureTemplateModel(selectedModel(work), work.absolute, cwd, layerCache, {
          unresolvedReportedElsewhere: passes.has('code'),
        });
      } catch (error) {
        // A crash measuring one template's packages loses those sizes, not the rest of the scan.
        findings.push(internalError(work.template.file, 'measuring the packages of this template', error));
      }
      packagesOf.set(work, models);
      findings.push(...withoutRepeats(models.flatMap((model) => bundle!.checkPackage(model, config))));
    }
    for (const file of inputs.packages) {
      for (const input of bundle.classifyInput(file)) {
        filesScanned += 1;
        for (const model of await bundle.measureInput(input, cwd)) {
          standalone.push(model);
          findings.push(...bundle.checkPackage(model, config));
        }
      }
    }
  }

  // Code: handler files first, then the local modules they import.
  let filesOfFunction: Map<string, string[]> | undefined;
  if (passes.has('code')) {
    const python = await loadPythonAnalyzer(config, reportUnused);
    const inlineNode = scanned.some((work) =>
      [...work.code].some(
        ([fn, code]) => isSelected(work, fn) && code.state === 'inline' && code.language === 'node',
      ),
    );
    // With a cache, ESLint (the slowest part to load) is loaded only once a file misses.
    let eslint =
      cache && !inlineNode && codeOnly.length === 0
        ? undefined
        : await EslintRunner.create(config, reportUnused);
    const analyzersWith = (runner: EslintRunner | undefined) => {
      const result: Partial<Record<'node' | 'python', FileAnalyzer>> = {};
      if (runner)
        result.node = ({ text, file, display, project }) =>
          runner.lint({ text, filename: file, display, ...(project && { project }) });
      if (python) result.python = python;
      if (cache) {
        if (result.node) result.node = cache.wrap('node', result.node);
        if (result.python) result.python = cache.wrap('python', result.python);
      }
      return result;
    };
    let analyzers = analyzersWith(eslint);

    const roots: HandlerRoot[] = [];
    const inlineRunner = eslint;
    const inlineFacts = new Map<LambdaFunction, ModuleFacts | undefined>();
    for (const work of scanned) {
      for (const [fn, code] of work.code) {
        if (!isSelected(work, fn)) continue;
        if (code.state === 'resolved') roots.push(rootOf(fn, code));
        else if (code.state === 'inline' && code.language === 'node' && inlineRunner) {
          const target = inlineTarget(work, fn, code);
          const outcome = analyzeSafely(
            () => inlineRunner.lint(target),
            { text: target.text, file: target.filename, display: target.display },
            'node',
          );
          findings.push(...outcome.findings);
          inlineFacts.set(fn, outcome.facts);
        }
      }
    }
    const follow = {
      onAnalyzed: (done: number, pending: number) =>
        onProgress?.({ stage: 'code', done, total: done + pending }),
    };
    let graph: ReturnType<typeof followCode> | undefined;
    if (cache && !eslint) {
      const fromCache = cache.cacheOnly('node');
      const attempt = followCode(roots, { ...analyzers, node: fromCache.analyzer }, cwd, follow);
      if (fromCache.missed()) {
        eslint = await EslintRunner.create(config, reportUnused);
        analyzers = analyzersWith(eslint);
      } else {
        analyzers.node = fromCache.analyzer;
        graph = attempt;
      }
    }
    graph ??= followCode(roots, analyzers, cwd, follow);
    findings.push(...graph.findings);
    for (const [key, files] of graph.filesOf) cache?.recordFiles(key, files);
    filesScanned += new Set([...graph.filesOf.values()].flat()).size;
    for (const { file, roots: fileRoots } of codeOnly) {
      filesScanned += 1;
      if (fileRoots.length > 0) {
        findings.push(...followCode(fileRoots, analyzers, cwd, { followImports: false }).findings);
      } else {
        // A file no function of its template runs: analyzed alone, with the analyzer's own handler detection.
        const analyzer = file.endsWith('.py')
          ? analyzers.python
          : isSourceFile(file)
            ? analyzers.node
            : undefined;
        if (analyzer) findings.push(...analyzeAlone(analyzer, file, cwd));
      }
    }
    for (const work of scanned) {
      const list: JoinedFunction[] = [];
      for (const [fn, code] of work.code) {
        // Not analyzed this run: the project rules know its settings but not its code.
        if (!isSelected(work, fn)) {
          list.push({ fn, template: work.template.model, code, facts: [], analyzed: false });
          continue;
        }
        const files =
          code.state === 'resolved' ? (graph.filesOf.get(functionKey(functionRefOf(fn))) ?? []) : [];
        list.push({
          fn,
          template: work.template.model,
          code,
          facts: code.state === 'inline' ? [inlineFacts.get(fn)] : files.map((f) => graph.factsOf.get(f)),
          analyzed:
            code.state === 'inline'
              ? eslint !== undefined
              : code.state === 'resolved' && analyzers[code.language] !== undefined,
        });
      }
      const model: ProjectModel = { template: work.template.model, functions: list };
      const unselected = new Set(list.filter((j) => !isSelected(work, j.fn)).map((j) => j.fn.id));
      perTemplate
        .get(work)!
        .push(
          ...runRules(projectRules, model, work.template.file, config).filter(
            (f) => f.subject?.kind !== 'function' || !unselected.has(f.subject.id),
          ),
        );
    }
    filesOfFunction = graph.filesOf;
  }

  // Every finding that points into a template (any file of a Terraform module) honours its suppression comments and Metadata, whoever produced it.
  const templateOfFile = new Map<string, TemplateWork>();
  for (const work of scanned) for (const file of work.template.files) templateOfFile.set(file, work);
  const byTemplate = new Map<TemplateWork, Finding[]>();
  const others: Finding[] = [];
  for (const finding of findings) {
    const work = templateOfFile.get(finding.file);
    if (work) {
      const list = byTemplate.get(work) ?? [];
      list.push(finding);
      byTemplate.set(work, list);
    } else others.push(finding);
  }
  const kept: Finding[] = [...others];
  for (const work of scanned) {
    const all = [...(perTemplate.get(work) ?? []), ...(byTemplate.get(work) ?? [])];
    const own = applySuppressions(all, templateSuppressions(work.template), { reportUnused });
    kept.push(...(work.onlyFile === undefined ? own : own.filter((f) => f.file === work.onlyFile)));
  }

  const functions: FunctionReport[] = [];
  for (const work of scanned) {
    functions.push(
      ...buildCards({
        work: { template: selectedModel(work), code: work.code, cwd },
        packages: packagesOf.get(work) ?? [],
        findings: kept,
        filesOf: (fn) =>
          (filesOfFunction?.get(functionKey(functionRefOf(fn))) ?? []).map((f) => displayPath(cwd, f)),
        config,
        budgetFor: bundle?.budgetFor,
        codeAnalyzed: passes.has('code'),
      }),
    );
  }
  for (const model of standalone) functions.push(packageCard(model, kept, config, bundle?.budgetFor));

  const measured = [...[...packagesOf.values()].flat(), ...standalone].filter(
    (m) => m.tree.total > 0 || !m.problems.some((p) => p.fatal || p.kind === 'not-measured'),
  );
  const tables: SummaryTable[] = [];
  if (bundle && measured.length > 0) {
    const budgetFor = bundle.budgetFor;
    tables.push(bundle.summaryTable(measured, (m) => budgetOf(budgetFor, m, config)));
  }
  if (bundle && request.outputs?.treemap) {
    const target = path.resolve(cwd, request.outputs.treemap);
    const failure = await bundle.writeTreemap(target, displayPath(cwd, target), measured);
    if (failure) kept.push(failure);
  }
  return { findings: kept, filesScanned, tables, functions, ...(selection && { selection }) };
}

/** Functions sharing a source folder get the same finding about one of its files (its requirements.txt): it is reported once. */
function withoutRepeats(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.file}\0${f.range.line}:${f.range.column}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function budgetOf(
  budgetFor: (model: BundleModel, options: unknown) => number,
  model: BundleModel,
  config: ConfigView,
): number {
  try {
    return budgetFor(model, config.rule('package-size-budget', model.location.file).options);
  } catch {
    return LAMBDA_BUDGET_BYTES;
  }
}

function internalError(file: string, what: string, error: unknown): Finding {
  return {
    ruleId: 'internal-error',
    severity: 'error',
    message: `lambda-lint failed while ${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}. Please report this bug.`,
    help: 'Run again with LAMBDA_LINT_DEBUG=1 and attach the stack trace to the bug report.',
    file,
    range: { line: 1, column: 1 },
    docsUrl: ruleDocsUrl('internal-error'),
    tool: 'project',
    fatal: true,
  };
}

function analyzeAlone(analyzer: FileAnalyzer, file: string, cwd: string): Finding[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return analyzeSafely(
    analyzer,
    { text, file, display: displayPath(cwd, file) },
    file.endsWith('.py') ? 'python' : 'node',
  ).findings;
}
