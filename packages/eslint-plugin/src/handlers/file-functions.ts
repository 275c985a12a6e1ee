/**
 * What the plugin knows about the functions whose code the linted file is: from lambda-lint's project layer
 * (`settings['lambda-lint'].project`, set per file by the CLI) or, in the editor, from the nearest template.
 *
 * Editor costs: the directory walk is cached per directory and a template is read once per path and mtime
 * (stat'ed at most once a second), so linting a file costs a few map lookups. `@lambda-lint/iac` is loaded (synchronously)
 * only once a template is found. An unreadable or unparsable template gives no functions, never an error.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FunctionEnvironment, FunctionRef, ProjectFileFacts } from '@lambda-lint/core';

type Iac = typeof import('@lambda-lint/iac');

/** Template file names the editor looks for, nearest directory first. */
export const TEMPLATE_FILE_NAMES: readonly string[] = [
  'template.yaml',
  'template.yml',
  'serverless.yml',
  'serverless.yaml',
];

/** The functions the linted file is code of. */
export interface FileFunctions {
  /** `project`: the CLI's join (the file is function code); `template`: a template the editor read. */
  source: 'project' | 'template';
  facts: ProjectFileFacts;
}

/** One template's functions, by handler entry file (absolute, without extension), ready to hand out. */
type TemplateIndex = Map<string, FileFunctions>;

interface TemplateRecord {
  mtimeMs: number;
  size: number;
  index: TemplateIndex;
  /** When the file was last stat'ed. */
  checkedAt: number;
}

/** Directory walks are re-done after this long, so a template created while the editor runs is found. */
const WALK_TTL_MS = 5000;
/** A template is stat'ed again (for its mtime) at most this often: an edit shows on the next lint after that. */
const STAT_TTL_MS = 1000;
const walkCache = new Map<string, { templates: readonly string[]; at: number }>();
const templateCache = new Map<string, TemplateRecord>();
const EMPTY_INDEX: TemplateIndex = new Map();
let iac: Iac | undefined;

/** Forgets every walk and template read: for tests, and for long-lived hosts between runs (lambda-lint's daemon). */
export function clearTemplateCaches(): void {
  walkCache.clear();
  templateCache.clear();
}

interface TemplateSettings {
  template?: unknown;
  discoverTemplate?: unknown;
  project?: unknown;
}

/** The functions `filename` is code of, or undefined when nothing is known about it. */
export function fileFunctions(
  filename: string,
  cwd: string,
  raw: TemplateSettings | undefined,
): FileFunctions | undefined {
  if (raw?.project && typeof raw.project === 'object') {
    return { source: 'project', facts: raw.project as ProjectFileFacts };
  }
  if (!path.isAbsolute(filename)) return undefined; // `<input>`, stdin without a path
  let templates: readonly string[];
  if (typeof raw?.template === 'string' && raw.template !== '') templates = [path.resolve(cwd, raw.template)];
  else if (raw?.discoverTemplate === false) return undefined;
  else templates = nearestTemplates(path.dirname(filename));
  if (templates.length === 0) return undefined;
  const key = withoutExtension(filename);
  const found: FileFunctions[] = [];
  for (const template of templates) {
    const entry = templateIndex(template, cwd).get(key);
    if (entry) found.push(entry);
  }
  if (found.length <= 1) return found[0];
  // Several templates in one directory name this file: their functions together.
  return {
    source: 'template',
    facts: {
      handlers: found.flatMap((entry) => entry.facts.handlers),
      perInvocationExports: [],
      environments: found.flatMap((entry) => entry.facts.environments),
    },
  };
}

/** Templates in the nearest directory at or above `start` that has any; the walk stops at the root or a `.git`. */
function nearestTemplates(start: string): readonly string[] {
  const now = Date.now();
  const visited: string[] = [];
  let found: readonly string[] = [];
  for (let dir = start; ;) {
    const cached = walkCache.get(dir);
    if (cached && now - cached.at < WALK_TTL_MS) {
      found = cached.templates;
      break;
    }
    visited.push(dir);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      names = [];
    }
    const here = TEMPLATE_FILE_NAMES.filter((name) => names.includes(name)).map((name) =>
      path.join(dir, name),
    );
    if (here.length > 0) {
      found = here;
      break;
    }
    const parent = path.dirname(dir);
    if (names.includes('.git') || parent === dir) break;
    dir = parent;
  }
  for (const dir of visited) walkCache.set(dir, { templates: found, at: now });
  return found;
}

/** The template's functions, read again only when its mtime or size changed. */
function templateIndex(template: string, cwd: string): TemplateIndex {
  const now = Date.now();
  const known = templateCache.get(template);
  if (known && now - known.checkedAt < STAT_TTL_MS) return known.index;
  let stat;
  try {
    stat = statSync(template);
  } catch {
    templateCache.delete(template);
    return EMPTY_INDEX;
  }
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) {
    known.checkedAt = now;
    return known.index;
  }
  const index = readTemplate(template, cwd);
  templateCache.set(template, { mtimeMs: stat.mtimeMs, size: stat.size, index, checkedAt: now });
  return index;
}

function readTemplate(template: string, cwd: string): TemplateIndex {
  try {
    iac ??= createRequire(import.meta.url)('@lambda-lint/iac') as Iac;
    const text = readFileSync(template, 'utf8');
    const display = toPosix(path.relative(cwd, template)) || path.basename(template);
    const loaded = iac.loadText(text, display, iac.formatOf(template, text));
    if (!loaded.ok) return EMPTY_INDEX;
    const kind = iac.detectKind(loaded.loaded);
    if (kind === 'unknown') return EMPTY_INDEX;
    const model = iac.buildModel(loaded.loaded, kind);
    const byEntry = new Map<
      string,
      { handlers: Map<string, FunctionRef[]>; environments: FunctionEnvironment[] }
    >();
    for (const fn of model.functions) {
      const code = iac.resolveFunctionCode(fn, model, template);
      if (code.state !== 'resolved' || code.language !== 'node') continue;
      const key = withoutExtension(code.entry);
      let entry = byEntry.get(key);
      if (!entry) byEntry.set(key, (entry = { handlers: new Map(), environments: [] }));
      const ref: FunctionRef = { id: fn.id, template: display, line: fn.origin.range.line };
      entry.handlers.set(code.exportName, [...(entry.handlers.get(code.exportName) ?? []), ref]);
      entry.environments.push(iac.functionEnvironment(fn, display));
    }
    const index: TemplateIndex = new Map();
    for (const [key, entry] of byEntry) {
      const handlers = [...entry.handlers].map(([exportName, functions]) => ({ exportName, functions }));
      index.set(key, {
        source: 'template',
        facts: { handlers, perInvocationExports: [], environments: entry.environments },
      });
    }
    return index;
  } catch {
    return EMPTY_INDEX; // an unreadable template must never break linting
  }
}

/** `src/app.ts` and `src/app.js` are one handler entry (TypeScript source next to its build output). */
function withoutExtension(file: string): string {
  return file.replace(/\.[cm]?[jt]s$/, '');
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
