import { readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import type { Finding, Location, Suppression } from '@lambda-lint/core';
import type {
  CodeLocation,
  CodeResolution,
  LambdaFunction,
  LayerVersion,
  TemplateModel,
} from '@lambda-lint/iac';
import type { BundleModel, PackageProblem } from '../model.js';
import type { SizeTree } from '../size-tree.js';
import { installsAnything } from '../requirements.js';
import { displayPath, errorMessage } from '../util.js';
import { nodeMajor } from './build.js';
import {
  inputIdentity,
  measureBuild,
  measureDirectory,
  measureZip,
  type PackageIdentity,
} from './measure.js';

type IacModule = typeof import('@lambda-lint/iac');

/** Packages measured from one template, plus the loader's own findings (parse errors) to pass through. */
export interface TemplateMeasure {
  models: BundleModel[];
  findings: Finding[];
  /** Comment (`# lambda-lint-disable-next-line …`) and Metadata suppressions of the templates, for findings pointing into them. */
  suppressions: Suppression[];
}

/** A layer shared by several functions (or stacks of one cloud assembly) is measured once per cache. */
export function createLayerCache(): LayerCache {
  return new Map();
}

/**
 * One package per function of a SAM / CloudFormation / Serverless template or a CDK cloud
 * assembly: the built artifact when one exists (`.aws-sam/build/<Id>`, `.serverless/*.zip`,
 * `cdk.out/<asset>`), else an esbuild build of the handler. Local layers are measured too.
 * `templatePath` may be a `cdk.out` directory: every `*.template.json` in it is read.
 * The standalone bundle analyzer's entry; the project layer loads templates itself and calls
 * `measureTemplateModel`.
 */
export async function measureTemplate(templatePath: string, cwd: string): Promise<TemplateMeasure> {
  const display = displayPath(cwd, templatePath);
  const fail = (detail: string): TemplateMeasure => {
    const identity = inputIdentity(display);
    return {
      findings: [],
      suppressions: [],
      models: [
        {
          subject: { kind: 'template', id: display },
          location: identity.location,
          kind: 'directory',
          source: display,
          tree: { name: display, total: 0, groups: [] },
          layers: [],
          problems: [{ kind: 'unreadable-input', detail, fatal: true }],
        },
      ],
    };
  };
  let iac: IacModule;
  try {
    iac = await import('@lambda-lint/iac');
  } catch (error) {
    return fail(`the template loader cannot be loaded: ${errorMessage(error)}`);
  }

  // A Terraform root module is its folder: the loader reads every `.tf` file in it, and paths are relative to it.
  const terraformDir = terraformModuleDir(templatePath);
  const files =
    terraformDir !== undefined
      ? [terraformDir]
      : statSync(templatePath).isDirectory()
        ? cloudAssemblyTemplates(templatePath)
        : [templatePath];
  const result: TemplateMeasure = { models: [], findings: [], suppressions: [] };
  const layerCache = createLayerCache();
  for (const file of files) {
    const loaded = await iac.loadTemplate(file, displayPath(cwd, file));
    result.findings.push(...loaded.findings.filter((f) => f.fatal));
    if (!loaded.template) continue;
    result.suppressions.push(...iac.templateSuppressions(loaded.template));
    result.models.push(...(await measureTemplateModel(loaded.template.model, file, cwd, layerCache)));
  }
  return result;
}

/** Measures the package of every function of a template model that was loaded already. */
export async function measureTemplateModel(
  template: TemplateModel,
  templateAbsolutePath: string,
  cwd: string,
  layerCache: LayerCache = createLayerCache(),
  options: { unresolvedReportedElsewhere?: boolean } = {},
): Promise<BundleModel[]> {
  const { resolveFunctionCode } = await import('@lambda-lint/iac');
  // A Terraform root module is its folder: paths are relative to it, not to its parent.
  const templateDir = template.kind === 'terraform' ? templateAbsolutePath : dirname(templateAbsolutePath);
  const layers: TemplateLayers = {
    defined: template.layers,
    baseDir: templateDir,
    cwd,
    kind: template.kind,
    cache: layerCache,
  };
  const models: BundleModel[] = [];
  for (const fn of template.functions) {
    const resolve = () => resolveFunctionCode(fn, template, templateAbsolutePath);
    const model = await measureFunction(fn, templateDir, cwd, template.kind, layers, resolve, options);
    if (model) models.push(model);
  }
  return models;
}

/** The root module folder of a Terraform input (a folder with `.tf` files, or a `.tf` file), else undefined. */
function terraformModuleDir(templatePath: string): string | undefined {
  if (TERRAFORM_FILE.test(templatePath)) return dirname(templatePath);
  try {
    if (statSync(templatePath).isDirectory() && readdirSync(templatePath).some((n) => TERRAFORM_FILE.test(n)))
      return templatePath;
  } catch {
    // Unreadable: not a Terraform module.
  }
  return undefined;
}

const TERRAFORM_FILE = /\.tf(?:\.json)?$/;

/** `*.template.json` files of a CDK cloud assembly, including nested stage assemblies (`assembly-*`). */
function cloudAssemblyTemplates(dir: string): string[] {
  const found: string[] = [];
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.template.json')) found.push(join(dir, entry.name));
      else if (entry.isDirectory() && entry.name.startsWith('assembly-'))
        found.push(...cloudAssemblyTemplates(join(dir, entry.name)));
    }
  } catch {
    // An unreadable cloud assembly has no templates to measure.
  }
  return found.sort();
}

function valueOf<T>(effective: { state: string; value?: T } | undefined): T | undefined {
  return effective && effective.state === 'set' ? effective.value : undefined;
}

async function measureFunction(
  fn: LambdaFunction,
  baseDir: string,
  cwd: string,
  kind: TemplateModel['kind'],
  layers: TemplateLayers,
  resolveCode: () => CodeResolution,
  options: { unresolvedReportedElsewhere?: boolean },
): Promise<BundleModel | undefined> {
  if (fn.inlineCode || valueOf(fn.packageType) === 'Image') return undefined;
  const runtime = valueOf(fn.runtime);
  const architecture = valueOf(fn.architectures)?.[0];
  const location: Location = { file: fn.origin.file, range: fn.origin.range };
  const identity: PackageIdentity = {
    subject: fn.subject,
    location,
    ...(runtime !== undefined && { runtime }),
    ...((architecture === 'arm64' || architecture === 'x86_64') && { architecture }),
  };
  const code = valueOf(fn.codeLocation);
  const artifact = findArtifact(fn, code, baseDir, kind, layers.defined);
  const pythonSource = artifact ? undefined : samPythonCodeUri(fn, code, runtime);
  let model: BundleModel | undefined;
  if (artifact) {
    const shown = displayPath(cwd, artifact.path);
    model =
      artifact.kind === 'zip'
        ? measureZip(artifact.path, shown, identity)
        : await measureDirectory(artifact.path, shown, identity);
  } else if (pythonSource !== undefined) {
    model = await measureSamPythonSource(resolve(baseDir, pythonSource), cwd, identity);
    if (!model) return undefined;
  } else if (nodeMajor(runtime) !== undefined || (runtime === undefined && kind === 'serverless')) {
    if (code?.type === 's3') return undefined;
    const resolution = resolveCode();
    // Deploy-time values (a `!Ref` handler or CodeUri) cannot be resolved: stay quiet, as for every dynamic value.
    if (resolution.state === 'dynamic' || resolution.state === 'inline') return undefined;
    // The project layer says so once (handler-unresolved), with the function's code checks.
    if (resolution.state === 'unresolved' && options.unresolvedReportedElsewhere) return undefined;
    if (resolution.state !== 'resolved' || resolution.language !== 'node') {
      const where = displayPath(cwd, baseDir);
      const reason = resolution.state === 'unresolved' ? resolution.reason : 'no Node.js handler file';
      return {
        subject: identity.subject,
        location: identity.location,
        kind: 'build',
        source: where,
        ...(runtime !== undefined && { runtime }),
        tree: { name: fn.id, total: 0, groups: [] },
        layers: [],
        problems: [
          {
            kind: 'not-measured',
            detail: `the function's code was not found: no built artifact, and ${reason}`,
          },
        ],
      };
    }
    model = await measureBuild(
      { entry: resolution.entry, workingDir: resolution.codeRoot, ...(runtime !== undefined && { runtime }) },
      displayPath(cwd, resolution.entry),
      identity,
    );
  }
  if (!model) return undefined;
  const measured = await measureLocalLayers(fn, layers);
  model.layers = measured.trees;
  model.problems.push(...measured.problems);
  return model;
}

/**
 * What `sam build`'s Python workflow (aws-lambda-builders `python_pip`) leaves out when it copies
 * CodeUri, matched against every file and folder name at any depth (`shutil.ignore_patterns`).
 */
const SAM_PYTHON_EXCLUDED = new Set(
  (
    '.aws-sam .chalice .git .gitignore __pycache__ .Python pip-log.txt pip-delete-this-directory.txt htmlcov .tox .nox ' +
    '.coverage .cache .pytest_cache .python-version .mypy_cache .dmypy.json .pyre .env .venv venv venv.bak env.bak ENV env .vscode .idea'
  ).split(' '),
);
const SAM_PYTHON_EXCLUDED_SUFFIXES = ['.pyc', '.so', '.egg-info', '.egg'];

function samPythonExcluded(name: string): boolean {
  return (
    SAM_PYTHON_EXCLUDED.has(name) || SAM_PYTHON_EXCLUDED_SUFFIXES.some((suffix) => name.endsWith(suffix))
  );
}

/**
 * The CodeUri folder of a SAM Python function that `sam build`'s own pip workflow builds: before the
 * build, it is the package's source part. A custom BuildMethod (makefile) builds something else.
 */
function samPythonCodeUri(
  fn: LambdaFunction,
  code: CodeLocation | undefined,
  runtime: string | undefined,
): string | undefined {
  const method = fn.build?.method;
  const built =
    fn.kind === 'sam' &&
    fn.resourceType === 'AWS::Serverless::Function' &&
    runtime?.startsWith('python') === true &&
    (method === undefined || method.startsWith('python'));
  return built && code?.type === 'path' ? code.path : undefined;
}

/**
 * CodeUri measured as `sam build` copies it. With a requirements.txt that installs something, the
 * dependencies are missing, so the size is a lower bound; without one the build adds nothing.
 */
async function measureSamPythonSource(
  dir: string,
  cwd: string,
  identity: PackageIdentity,
): Promise<BundleModel | undefined> {
  if (asArtifact(dir)?.kind !== 'directory') return undefined;
  const shown = displayPath(cwd, dir);
  const model = await measureDirectory(dir, shown, identity, { skip: samPythonExcluded });
  const manifest = model.requirements?.path === 'requirements.txt' ? model.requirements : undefined;
  model.sourceFolder = {
    builder: 'sam build',
    ...(manifest &&
      installsAnything(manifest.text) && {
        missing: `the dependencies ${shown === '.' ? '' : `${shown}/`}requirements.txt lists`,
      }),
  };
  return model;
}

interface Artifact {
  kind: 'zip' | 'directory';
  path: string;
}

/** A directory, or a file ending in `.zip`, at `path`; undefined when nothing is there (not built yet). */
function asArtifact(path: string): Artifact | undefined {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return { kind: 'directory', path };
    if (stats.isFile() && isZipPath(path)) return { kind: 'zip', path };
  } catch {
    // Not built yet.
  }
  return undefined;
}

function isZipPath(path: string): boolean {
  return extname(path).toLowerCase() === '.zip';
}

function findArtifact(
  fn: LambdaFunction,
  code: CodeLocation | undefined,
  baseDir: string,
  kind: TemplateModel['kind'],
  layers: ReadonlyMap<string, LayerVersion>,
): Artifact | undefined {
  if (code?.type === 'cdk-asset' && code.path !== undefined) {
    // Asset paths are relative to the cloud assembly directory, which holds the template.
    return asArtifact(resolve(baseDir, code.path));
  }
  const sam = asArtifact(join(baseDir, '.aws-sam', 'build', fn.id));
  if (sam) return sam;
  if (kind === 'serverless') {
    if (code?.type === 'path' && code.path !== undefined && extname(code.path).toLowerCase() === '.zip') {
      const declared = asArtifact(resolve(baseDir, code.path));
      if (declared) return declared;
    }
    const serverlessDir = join(baseDir, '.serverless');
    const own = asArtifact(join(serverlessDir, `${fn.id}.zip`));
    if (own) return own;
    // Whole-service packaging: one `<service>.zip` shared by every function, next to the layers' `<layer>.zip`.
    const layerZips = new Set(
      [...layers.values()].flatMap((layer) =>
        layer.resourceType === 'serverless' && layer.name !== undefined ? [`${layer.name}.zip`] : [],
      ),
    );
    try {
      const zips = readdirSync(serverlessDir).filter((name) => name.endsWith('.zip') && !layerZips.has(name));
      if (zips.length === 1) return asArtifact(join(serverlessDir, zips[0]!));
    } catch {
      // Not packaged.
    }
  }
  if (code?.type === 'path' && code.path !== undefined && extname(code.path).toLowerCase() === '.zip') {
    return asArtifact(resolve(baseDir, code.path));
  }
  // Terraform's `archive_file` zips its `source_dir` as it is, so the directory is the package.
  if (kind === 'terraform' && code?.type === 'path' && code.path !== undefined) {
    return asArtifact(resolve(baseDir, code.path));
  }
  return undefined;
}

/** Everything needed to find and measure the layers a template defines. */
interface TemplateLayers {
  /** Layers of the template by logical ID (empty when the IaC model predates layers). */
  defined: ReadonlyMap<string, LayerVersion>;
  baseDir: string;
  cwd: string;
  kind: TemplateModel['kind'];
  cache: LayerCache;
}

/** A layer measured once; its problems are reported on the first function that uses it. */
interface MeasuredLayer {
  /** Undefined when the layer could not be read at all (its fatal problem says why). */
  tree: SizeTree | undefined;
  problems: PackageProblem[];
  reported: boolean;
}

/** Absolute artifact path → its measurement, for one `lambda-lint bundle` template run. */
export type LayerCache = Map<string, Promise<MeasuredLayer>>;

/**
 * The function's layers that are defined in the same template and exist on disk: they count toward
 * the 250 MiB unzipped limit. ARNs (published layers), S3 or deploy-time content and layers not built
 * yet are skipped: their size cannot be known here, and a guess would be worse than nothing.
 */
async function measureLocalLayers(
  fn: LambdaFunction,
  layers: TemplateLayers,
): Promise<{ trees: SizeTree[]; problems: PackageProblem[] }> {
  const refs = valueOf(fn.layers) ?? [];
  const trees: SizeTree[] = [];
  const problems: PackageProblem[] = [];
  for (const ref of refs) {
    if (!ref.logicalId) continue;
    const layer = layers.defined.get(ref.logicalId);
    const artifact = findLayerArtifact(ref.logicalId, layer, layers.baseDir, layers.kind);
    if (!artifact) continue;
    let pending = layers.cache.get(artifact.path);
    if (!pending) {
      pending = measureLayer(artifact, layers.cwd);
      layers.cache.set(artifact.path, pending);
    }
    const measured = await pending;
    if (measured.tree) trees.push({ ...measured.tree, name: layer?.name ?? ref.logicalId });
    if (!measured.reported) {
      measured.reported = true;
      problems.push(...measured.problems);
    }
  }
  return { trees, problems };
}

/**
 * Where a layer's content is on disk: the CDK asset; `sam build`'s `.aws-sam/build/<LayerId>`; for
 * Serverless the packaged `.serverless/<name>.zip` (unless `package.artifact` names a zip); else
 * the local ContentUri / Content / `path` / `package.artifact` as written.
 */
function findLayerArtifact(
  logicalId: string,
  layer: LayerVersion | undefined,
  baseDir: string,
  kind: TemplateModel['kind'],
): Artifact | undefined {
  if (layer?.content.state === 'dynamic') return undefined;
  const content = layer ? valueOf(layer.content) : undefined;
  if (content?.type === 'cdk-asset' && content.path !== undefined)
    return asArtifact(resolve(baseDir, content.path));
  if (kind !== 'serverless') {
    const built = asArtifact(join(baseDir, '.aws-sam', 'build', logicalId));
    if (built) return built;
  }
  if (content?.type !== 'path' || content.path === undefined) return undefined;
  if (layer?.resourceType === 'serverless' && layer.name !== undefined && !isZipPath(content.path)) {
    const packaged = asArtifact(join(baseDir, '.serverless', `${layer.name}.zip`));
    if (packaged) return packaged;
  }
  return asArtifact(resolve(baseDir, content.path));
}

/** Measures a layer zip or directory; its problems name the layer, as they land on a function's package. */
async function measureLayer(artifact: Artifact, cwd: string): Promise<MeasuredLayer> {
  const shown = displayPath(cwd, artifact.path);
  const model =
    artifact.kind === 'zip' ? measureZip(artifact.path, shown) : await measureDirectory(artifact.path, shown);
  const problems = model.problems.map((problem): PackageProblem => ({
    kind: problem.kind,
    detail: `layer ${shown}${problem.entry !== undefined ? `, entry "${problem.entry}"` : ''}: ${problem.detail}`,
    ...(problem.fatal === true && { fatal: true }),
  }));
  const unreadable = model.tree.total === 0 && model.problems.some((problem) => problem.fatal);
  return { tree: unreadable ? undefined : model.tree, problems, reported: false };
}
