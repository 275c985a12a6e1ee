import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InlineCode, LambdaFunction, TemplateModel } from '../model.js';

/** Where a function's handler code is, as far as the template tells (Contract B). */
export type CodeResolution =
  | {
      state: 'resolved';
      language: 'node' | 'python';
      /** Absolute source file. */
      entry: string;
      exportName: string;
      /** Absolute directory the handler path is relative to (CodeUri, the service, the asset). */
      codeRoot: string;
      /** How it was found, for reports: `CodeUri + Handler`, `Metadata.BuildProperties.EntryPoints`, … */
      via: string;
    }
  | ({ state: 'inline'; language: 'node' | 'python'; exportName: string } & InlineCode)
  | { state: 'bundled'; language: 'node' | 'python'; artifact: string; via: string }
  | { state: 'image' }
  | { state: 'other-runtime'; runtime: string }
  | { state: 'dynamic'; reason: string }
  | { state: 'unresolved'; reason: string };

/** Source extensions of a Node.js handler module, JavaScript first: that is what the runtime loads. */
const NODE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
/** With a TypeScript build (SAM esbuild, serverless-esbuild, serverless-plugin-typescript) a `.js` next to the `.ts` is its output. */
const TYPESCRIPT_FIRST = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const TYPESCRIPT_PLUGINS = new Set([
  'serverless-esbuild',
  'serverless-plugin-typescript',
  'serverless-webpack',
]);

function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/** Folders a TypeScript build writes its output to, next to a `src/` folder of sources. */
const BUILD_OUTPUT_DIRS = new Set(['dist', 'build', 'out', '.build']);

/**
 * `CodeUri: dist/` + `Handler: handlers/users.create` (or a Serverless `handler: dist/users.create`)
 * names the compiled output of `src/handlers/users.ts`: that TypeScript source, when it exists.
 */
function sourceOfBuildOutput(
  templateDir: string,
  codeRoot: string,
  module: string,
): { entry: string; codeRoot: string; via: string } | undefined {
  const segments = path.relative(templateDir, path.join(codeRoot, module)).split(path.sep);
  if (segments.length < 2 || !BUILD_OUTPUT_DIRS.has(segments[0]!)) return undefined;
  const stem = path.join(templateDir, 'src', ...segments.slice(1));
  for (const ext of ['.ts', '.mts', '.cts']) {
    if (isFile(stem + ext)) {
      const rootSegments = path.relative(templateDir, codeRoot).split(path.sep);
      const sourceRoot = BUILD_OUTPUT_DIRS.has(rootSegments[0]!)
        ? path.join(templateDir, 'src', ...rootSegments.slice(1))
        : codeRoot;
      return { entry: stem + ext, codeRoot: sourceRoot, via: `TypeScript source of ${segments[0]}/` };
    }
  }
  return undefined;
}

function languageOf(runtime: string | undefined): 'node' | 'python' | 'other' | undefined {
  if (runtime === undefined) return undefined;
  if (runtime.startsWith('nodejs')) return 'node';
  if (runtime.startsWith('python')) return 'python';
  return 'other';
}

/** The Node.js module a `file.export` handler names inside `dir` (a built artifact, for instance), if it exists. */
export function findHandlerModule(dir: string, handler: string): string | undefined {
  const parts = splitHandler(handler);
  if (!parts) return undefined;
  for (const ext of NODE_EXTENSIONS) {
    const entry = path.join(dir, `${parts.module}${ext}`);
    if (isFile(entry)) return entry;
  }
  return undefined;
}

/** `src/app.handler` → module `src/app`, export `handler` (the runtime splits at the last dot). */
function splitHandler(handler: string): { module: string; exportName: string } | undefined {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return undefined;
  return { module: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/** A directory for messages, relative to the template: `src/`, or `the template directory`. */
function displayDir(templateDir: string, dir: string): string {
  const relative = path.relative(templateDir, dir).split(path.sep).join('/');
  return relative === '' ? 'the template directory' : `${relative}/`;
}

/**
 * Finds a function's handler entry file and export name from its template: SAM CodeUri + Handler
 * (Globals merged), SAM esbuild `EntryPoints`, Serverless service-relative handlers (TypeScript
 * through its build plugins), CloudFormation inline code, CDK assets. Never throws: what cannot be
 * found is `unresolved` with the reason, what is only known at deploy time is `dynamic`.
 */
export function resolveFunctionCode(
  fn: LambdaFunction,
  model: TemplateModel,
  templateAbsolutePath: string,
): CodeResolution {
  if (fn.packageType.state === 'set' && fn.packageType.value === 'Image') return { state: 'image' };
  if (fn.codeLocation.state === 'set' && fn.codeLocation.value.type === 'image') return { state: 'image' };
  if (fn.runtime.state === 'dynamic') return { state: 'dynamic', reason: `Runtime is ${fn.runtime.reason}` };
  const runtime = fn.runtime.state === 'set' ? fn.runtime.value : undefined;
  const declared = languageOf(runtime);
  if (declared === 'other') return { state: 'other-runtime', runtime: runtime! };
  if (fn.handler.state === 'dynamic') return { state: 'dynamic', reason: `Handler is ${fn.handler.reason}` };
  if (fn.codeLocation.state === 'dynamic')
    return { state: 'dynamic', reason: `the code location is ${fn.codeLocation.reason}` };
  const terraform = model.kind === 'terraform';
  if (fn.handler.state === 'unset')
    return { state: 'unresolved', reason: `the function has no ${terraform ? '`handler`' : 'Handler'}` };
  const handler = fn.handler.value;
  const parts = splitHandler(handler);
  if (!parts)
    return {
      state: 'unresolved',
      reason: `${terraform ? 'handler' : 'Handler'} "${handler}" is not <file>.<export> (e.g. src/app.handler)`,
    };
  // A Terraform root module is its folder, and its paths are relative to it.
  const templateDir = terraform ? templateAbsolutePath : path.dirname(templateAbsolutePath);
  const code = fn.codeLocation.state === 'set' ? fn.codeLocation.value : undefined;

  if (code?.type === 'inline') {
    if (!code.inline) return { state: 'dynamic', reason: 'the inline code is built at deploy time' };
    return { state: 'inline', language: declared ?? 'node', exportName: parts.exportName, ...code.inline };
  }
  if (code?.type === 's3')
    return {
      state: 'unresolved',
      reason: `the code is an S3 object${code.bucket !== undefined ? ` (${code.bucket}${code.key !== undefined ? `/${code.key}` : ''})` : ''}, not a local path`,
    };

  let codeRoot = templateDir;
  let via =
    model.kind === 'serverless'
      ? 'service directory + handler'
      : terraform
        ? 'source directory + handler'
        : 'CodeUri + Handler';
  if (code?.type === 'cdk-asset' && code.path !== undefined) {
    const asset = path.resolve(templateDir, code.path);
    if (code.bundled)
      return { state: 'bundled', language: declared ?? 'node', artifact: asset, via: 'CDK bundled asset' };
    codeRoot = asset;
    via = 'CDK asset + Handler';
  } else if (code?.type === 'path' && code.path !== undefined) {
    const target = path.resolve(templateDir, code.path);
    if (path.extname(target).toLowerCase() === '.zip' || path.extname(target).toLowerCase() === '.jar')
      return { state: 'bundled', language: declared ?? 'node', artifact: target, via: 'packaged artifact' };
    // `archive_file` `source_file` (or a module `source_path` naming a file): that file is the handler module.
    if (terraform && isFile(target)) {
      const language = declared ?? (target.endsWith('.py') ? 'python' : 'node');
      return {
        state: 'resolved',
        language,
        entry: target,
        exportName: parts.exportName,
        codeRoot: path.dirname(target),
        via: 'source file',
      };
    }
    if (model.kind !== 'serverless') codeRoot = target;
  }
  const fromSource = sourceOfBuildOutput(templateDir, codeRoot, parts.module);
  if (!existsSync(codeRoot)) {
    if (fromSource)
      return { state: 'resolved', language: 'node', exportName: parts.exportName, ...fromSource };
    return {
      state: 'unresolved',
      reason: `the code directory ${displayDir(templateDir, codeRoot)} does not exist`,
    };
  }

  if (
    declared === 'python' ||
    (declared === undefined && isFile(path.join(codeRoot, `${parts.module}.py`)))
  ) {
    const candidates = [`${parts.module}.py`, `${parts.module.replace(/\./g, '/')}.py`];
    for (const candidate of candidates) {
      const entry = path.join(codeRoot, candidate);
      if (isFile(entry))
        return { state: 'resolved', language: 'python', entry, exportName: parts.exportName, codeRoot, via };
    }
    return {
      state: 'unresolved',
      reason: `no ${candidates[candidates.length - 1]} in ${displayDir(templateDir, codeRoot)}`,
    };
  }

  // SAM esbuild builds the TypeScript entry points; the Handler names the built file.
  const entryPoints = fn.build?.method === 'esbuild' ? fn.build.entryPoints : [];
  if (entryPoints.length > 0) {
    const base = path.posix.basename(parts.module);
    const matching =
      entryPoints.find((e) => e.replace(/\.[cm]?[jt]sx?$/, '') === parts.module) ??
      entryPoints.find((e) => path.posix.basename(e).replace(/\.[cm]?[jt]sx?$/, '') === base) ??
      (entryPoints.length === 1 ? entryPoints[0] : undefined);
    if (matching !== undefined) {
      const entry = path.resolve(codeRoot, matching);
      if (isFile(entry))
        return {
          state: 'resolved',
          language: 'node',
          entry,
          exportName: parts.exportName,
          codeRoot,
          via: 'Metadata.BuildProperties.EntryPoints',
        };
    }
  }
  const typescriptBuild =
    entryPoints.length > 0 || (model.plugins ?? []).some((plugin) => TYPESCRIPT_PLUGINS.has(plugin));
  // Build output (`dist/app.js` compiled from `src/app.ts`): the source is what a user edits.
  if (fromSource) return { state: 'resolved', language: 'node', exportName: parts.exportName, ...fromSource };
  for (const ext of typescriptBuild ? TYPESCRIPT_FIRST : NODE_EXTENSIONS) {
    const entry = path.join(codeRoot, `${parts.module}${ext}`);
    if (isFile(entry))
      return { state: 'resolved', language: 'node', entry, exportName: parts.exportName, codeRoot, via };
  }
  return {
    state: 'unresolved',
    reason: `no ${parts.module}.{js,mjs,cjs,ts,mts,cts} in ${displayDir(templateDir, codeRoot)}`,
  };
}
