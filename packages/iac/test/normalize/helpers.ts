import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectKind, formatOf, loadText } from '../../src/load/index.js';
import type { Destination, Effective, LambdaFunction, ResourceRef, TemplateModel } from '../../src/model.js';
import { buildModel } from '../../src/normalize/index.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Loads and normalizes a template given as text; fails the test on a load error or an unknown kind. */
export function modelOfText(text: string, file = 'template.yaml'): TemplateModel {
  const result = loadText(text, file, formatOf(file, text));
  if (!result.ok) throw new Error(`template did not load: ${result.finding.message}`);
  const kind = detectKind(result.loaded);
  if (kind === 'unknown') throw new Error('template kind not recognised');
  return buildModel(result.loaded, kind);
}

/** Model of a file under the repository root, with the repository-relative path as its display path. */
export function modelOfFixture(relative: string): TemplateModel {
  return modelOfText(readFileSync(path.join(REPO_ROOT, relative), 'utf8'), relative);
}

export function fn(model: TemplateModel, id: string): LambdaFunction {
  const found = model.functions.find((f) => f.id === id);
  if (!found) throw new Error(`no function ${id}; have ${model.functions.map((f) => f.id).join(', ')}`);
  return found;
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (value && typeof value === 'object') {
    if ('target' in value && 'type' in value) {
      const d = value as Destination;
      return `${d.type}→${refText(d.target)}`;
    }
    if ('text' in value) return refText(value as ResourceRef);
    return JSON.stringify(value);
  }
  return String(value);
}

function refText(ref: ResourceRef): string {
  return ref.logicalId ?? (ref.dynamic ? `(${ref.text})` : ref.text);
}

/**
 * Compact, readable form of an Effective value for assertions:
 * `Active @globals:7`, `unset`, `dynamic @function:30`, `conditional @function:30`.
 */
export function show<T>(e: Effective<T>): string {
  if (e.state === 'unset') return 'unset';
  const where = `@${e.origin.kind}:${e.origin.range.line}`;
  if (e.state === 'dynamic') return `${e.conditional ? 'conditional' : 'dynamic'} ${where}`;
  return `${valueText(e.value)} ${where}`;
}

/** Environment as name → show(value). */
export function showEnvironment(f: LambdaFunction): Record<string, string> {
  return Object.fromEntries([...f.environment].map(([k, v]) => [k, show(v)]));
}

/** The Globals-relevant settings of a function, for one `toEqual` per function. */
export function mergedSettings(f: LambdaFunction) {
  return {
    tracing: show(f.tracing),
    deadLetterTarget: show(f.deadLetterTarget),
    reservedConcurrency: show(f.reservedConcurrency),
    provisionedConcurrency: show(f.provisionedConcurrency),
    autoPublishAlias: show(f.autoPublishAlias),
    environment: showEnvironment(f),
  };
}
