import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { parseCommentSuppressions, type Finding, type Location, type Suppression } from '@lambda-lint/core';
import type { CodeLocation, LambdaFunction, TemplateModel } from '@lambda-lint/iac';
import type { BundleModel } from '../model.js';
import type { SizeTree } from '../size-tree.js';
import { displayPath, errorMessage } from '../util.js';
import { nodeMajor } from './build.js';
import {
  inputIdentity,
  measureBuild,
  measureDirectory,
  measureZip,
  type PackageIdentity,
} from './measure.js';

type TemplateLoader = (absPath: string, displayPath: string) => Promise<unknown> | unknown;

const ENTRY_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** Packages measured from one template, plus the loader's own findings (parse errors) to pass through. */
export interface TemplateMeasure {
  models: BundleModel[];
  findings: Finding[];
  /** Comment (`# lambda-lint-disable-next-line …`) and Metadata suppressions of the templates, for findings pointing into them. */
  suppressions: Suppression[];
}

/**
 * One package per function of a SAM / CloudFormation / Serverless template or a CDK cloud
 * assembly: the built artifact when one exists (`.aws-sam/build/<Id>`, `.serverless/*.zip`,
 * `cdk.out/<asset>`), else an esbuild build of the handler. Local layers are measured too.
 * `templatePath` may be a `cdk.out` directory: every `*.template.json` in it is read.
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
  let load: TemplateLoader | undefined;
  try {
    const iac = (await import('@lambda-lint/iac')) as { loadTemplateModel?: TemplateLoader };
    load = iac.loadTemplateModel;
  } catch (error) {
    return fail(`the template loader cannot be loaded: ${errorMessage(error)}`);
  }
  if (typeof load !== 'function')
    return fail('this build of lambda-lint cannot read templates (no loadTemplateModel in @lambda-lint/iac)');

  const files = statSync(templatePath).isDirectory() ? cloudAssemblyTemplates(templatePath) : [templatePath];
  const result: TemplateMeasure = { models: [], findings: [], suppressions: [] };
  for (const file of files) {
    const shown = displayPath(cwd, file);
    let loaded: unknown;
    try {
      loaded = await load(file, shown);
    } catch (error) {
      result.models.push(...fail(`the template cannot be loaded: ${errorMessage(error)}`).models);
      continue;
    }
    // Parse errors are the loader's findings (the IaC scanner reports the same ones: identical, so the CLI can merge them).
    const loaderFindings = (loaded as { findings?: unknown }).findings;
    if (Array.isArray(loaderFindings))
      result.findings.push(...(loaderFindings as Finding[]).filter((f) => f.fatal));
    const template = asTemplateModel(loaded);
    if (!template) continue;
    result.suppressions.push(...template.suppressions);
    if (!file.endsWith('.json')) result.suppressions.push(...commentSuppressions(file, template.file));
    const templateDir = dirname(file);
    for (const fn of template.functions) {
      const model = await measureFunction(fn, templateDir, cwd, template.kind);
      if (model) result.models.push(model);
    }
  }
  return result;
}

/** `# lambda-lint-disable…` comments of a YAML template; an unreadable file simply has none. */
function commentSuppressions(file: string, display: string): Suppression[] {
  try {
    return parseCommentSuppressions(display, readFileSync(file, 'utf8'), '#');
  } catch {
    return [];
  }
}

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

/** Accepts the loader's result as a TemplateModel or `{ model }`; anything else means "could not load". */
function asTemplateModel(result: unknown): TemplateModel | undefined {
  if (!result || typeof result !== 'object') return undefined;
  if (Array.isArray((result as TemplateModel).functions)) return result as TemplateModel;
  const inner = (result as { model?: unknown }).model;
  if (inner && typeof inner === 'object' && Array.isArray((inner as TemplateModel).functions))
    return inner as TemplateModel;
  return undefined;
}

function valueOf<T>(effective: { state: string; value?: T } | undefined): T | undefined {
  return effective && effective.state === 'set' ? effective.value : undefined;
}

async function measureFunction(
  fn: LambdaFunction,
  baseDir: string,
  cwd: string,
  kind: TemplateModel['kind'],
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
  const artifact = findArtifact(fn, code, baseDir, kind);
  let model: BundleModel | undefined;
  if (artifact) {
    const shown = displayPath(cwd, artifact.path);
    model =
      artifact.kind === 'zip'
        ? measureZip(artifact.path, shown, identity)
        : await measureDirectory(artifact.path, shown, identity);
  } else if (nodeMajor(runtime) !== undefined || (runtime === undefined && kind === 'serverless')) {
    if (code?.type === 's3') return undefined;
    const handler = valueOf(fn.handler);
    // Deploy-time values (a `!Ref` handler or CodeUri) cannot be resolved: stay quiet, as for every dynamic value.
    if (fn.handler.state === 'dynamic' || fn.codeLocation.state === 'dynamic') return undefined;
    const codeDir = code?.type === 'path' && code.path !== undefined ? resolve(baseDir, code.path) : baseDir;
    const entry = handler ? findEntry(codeDir, handler) : undefined;
    if (!entry) {
      const where = displayPath(cwd, codeDir);
      const wanted = handler
        ? `${handler.slice(0, Math.max(0, handler.lastIndexOf('.')) || handler.length)}.{ts,js,mjs,cjs}`
        : 'a handler file';
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
            detail: `the function's code was not found: no built artifact and no ${wanted} under ${where}`,
          },
        ],
      };
    }
    model = await measureBuild(
      { entry, workingDir: codeDir, ...(runtime !== undefined && { runtime }) },
      displayPath(cwd, entry),
      identity,
    );
  }
  if (!model) return undefined;
  model.layers = await measureLocalLayers(fn, baseDir);
  return model;
}

interface Artifact {
  kind: 'zip' | 'directory';
  path: string;
}

function findArtifact(
  fn: LambdaFunction,
  code: CodeLocation | undefined,
  baseDir: string,
  kind: TemplateModel['kind'],
): Artifact | undefined {
  const asArtifact = (path: string): Artifact | undefined => {
    try {
      const stats = statSync(path);
      if (stats.isDirectory()) return { kind: 'directory', path };
      if (stats.isFile() && extname(path).toLowerCase() === '.zip') return { kind: 'zip', path };
    } catch {
      // Not built yet.
    }
    return undefined;
  };
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
    // Whole-service packaging: one `<service>.zip` shared by every function.
    try {
      const zips = readdirSync(serverlessDir).filter((name) => name.endsWith('.zip'));
      if (zips.length === 1) return asArtifact(join(serverlessDir, zips[0]!));
    } catch {
      // Not packaged.
    }
  }
  if (code?.type === 'path' && code.path !== undefined && extname(code.path).toLowerCase() === '.zip') {
    return asArtifact(resolve(baseDir, code.path));
  }
  return undefined;
}

/** `src/app.handler` in `codeDir` → `codeDir/src/app.ts` (or .js, .mjs …), when the file exists. */
export function findEntry(codeDir: string, handler: string): string | undefined {
  const dot = handler.lastIndexOf('.');
  const file = dot > 0 ? handler.slice(0, dot) : handler;
  for (const ext of ENTRY_EXTENSIONS) {
    const candidate = join(codeDir, `${file}${ext}`);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Layers defined in the same template and built locally (`.aws-sam/build/<LayerId>`): they count toward 250 MiB. */
async function measureLocalLayers(fn: LambdaFunction, baseDir: string): Promise<SizeTree[]> {
  const refs = valueOf(fn.layers) ?? [];
  const trees: SizeTree[] = [];
  for (const ref of refs) {
    if (!ref.logicalId) continue;
    const dir = join(baseDir, '.aws-sam', 'build', ref.logicalId);
    if (!existsSync(dir)) continue;
    const layer = await measureDirectory(dir, ref.logicalId);
    trees.push({ ...layer.tree, name: ref.logicalId });
  }
  return trees;
}
