import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Location, Subject } from '@lambda-lint/core';
import type { LambdaFunction } from '@lambda-lint/iac';

/** One Node.js function to measure. */
export interface InitTarget {
  name: string;
  subject: Subject;
  /** Where budget findings point: the function's Handler (template) or the handler file. */
  at: Location;
  /** Absolute file: a source entry to build, or a built module to load as it is. */
  file: string;
  build: boolean;
  /** esbuild's working directory (package.json, node_modules): the CodeUri or the handler's package. */
  workingDir: string;
  exportName: string;
  runtime?: string;
  memoryMB?: number;
  /** The template's environment variables, dynamic ones as placeholders. */
  environment: Record<string, string>;
}

export interface TargetsResult {
  targets: InitTarget[];
  /** Functions that cannot be measured, and why (one line each). */
  skipped: string[];
}

const SOURCE_EXTENSIONS = /\.(m|c)?tsx?$/;
const MODULE_EXTENSIONS = /\.(m|c)?jsx?$/;

function display(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : file;
}

/** The directory with the nearest package.json (esbuild resolves node_modules from there). */
function packageDir(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

/** Placeholder for a value only known at deploy time (`!Ref`, `${ssm:…}`). */
export const dynamicPlaceholder = (name: string): string => `lambda-lint-placeholder-${name}`;

function templateEnvironment(fn: LambdaFunction): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of fn.environment) {
    if (value.state === 'set') env[name] = String(value.value);
    else if (value.state === 'dynamic') env[name] = dynamicPlaceholder(name);
  }
  return env;
}

/** The functions behind `init-time <handler-file | bundle | template>`. */
export async function initTimeTargets(
  input: string,
  cwd: string,
  exportName = 'handler',
): Promise<TargetsResult> {
  const abs = path.resolve(cwd, input);
  if (statSync(abs).isDirectory()) {
    return {
      targets: [],
      skipped: [`${input}: give a handler file, a built bundle or a template, not a directory`],
    };
  }
  if (SOURCE_EXTENSIONS.test(abs) || MODULE_EXTENSIONS.test(abs)) {
    const shown = display(cwd, abs);
    return {
      targets: [
        {
          name: shown,
          subject: { kind: 'file', id: shown },
          at: { file: shown, range: { line: 1, column: 1 } },
          file: abs,
          build: SOURCE_EXTENSIONS.test(abs),
          workingDir: packageDir(abs),
          exportName,
          environment: {},
        },
      ],
      skipped: [],
    };
  }
  const { loadTemplateModel, resolveFunctionCode, findHandlerModule } = await import('@lambda-lint/iac');
  const loaded = await loadTemplateModel(abs, display(cwd, abs));
  if (!loaded.model) {
    const reason = loaded.findings[0]?.message ?? 'not a template lambda-lint can read';
    return { targets: [], skipped: [`${input}: ${reason}`] };
  }
  const result: TargetsResult = { targets: [], skipped: [] };
  const templateDir = path.dirname(abs);
  for (const fn of loaded.model.functions) {
    const runtime = fn.runtime.state === 'set' ? fn.runtime.value : undefined;
    if (fn.packageType.state === 'set' && fn.packageType.value === 'Image') {
      result.skipped.push(`${fn.id}: a container image; measure it with its own tooling`);
      continue;
    }
    if (!runtime?.startsWith('nodejs')) {
      result.skipped.push(`${fn.id}: runtime ${runtime ?? 'unknown'} (init-time measures Node.js functions)`);
      continue;
    }
    const handler = fn.handler.state === 'set' ? fn.handler.value : undefined;
    const code = fn.codeLocation.state === 'set' ? fn.codeLocation.value : undefined;
    if (!handler || code?.type !== 'path' || code.path === undefined || /\.zip$/i.test(code.path)) {
      result.skipped.push(`${fn.id}: its code is not a local directory with a literal Handler`);
      continue;
    }
    const codeDir = path.resolve(templateDir, code.path);
    // A `sam build` artifact is what Lambda runs; otherwise build the source as the bundle analyzer does.
    const builtDir = path.join(templateDir, '.aws-sam/build', fn.id);
    const built = existsSync(builtDir) ? findHandlerModule(builtDir, handler) : undefined;
    const source = resolveFunctionCode(fn, loaded.model, abs);
    const entry =
      built ?? (source.state === 'resolved' && source.language === 'node' ? source.entry : undefined);
    if (!entry) {
      result.skipped.push(`${fn.id}: no file for Handler ${handler} in ${display(cwd, codeDir)}`);
      continue;
    }
    const dot = handler.lastIndexOf('.');
    result.targets.push({
      name: fn.id,
      subject: fn.subject,
      at:
        fn.handler.state === 'set'
          ? { file: fn.handler.origin.file, range: fn.handler.origin.range }
          : fn.origin,
      file: entry,
      build: built === undefined,
      workingDir: built === undefined ? (source.state === 'resolved' ? source.codeRoot : codeDir) : builtDir,
      exportName: dot > 0 ? handler.slice(dot + 1) : exportName,
      runtime,
      ...(fn.memorySize.state === 'set' && { memoryMB: fn.memorySize.value }),
      environment: templateEnvironment(fn),
    });
  }
  return result;
}
