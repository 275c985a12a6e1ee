import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LambdaFunction, TemplateModel } from '../model.js';

// Minimal stand-in for Contract B (SAM CodeUri + Handler, Serverless `handler:`); the project layer's version replaces it.

export type CodeResolution =
  | {
      state: 'resolved';
      language: 'node' | 'python';
      entry: string;
      exportName: string;
      codeRoot: string;
      via: string;
    }
  | { state: 'inline'; language: 'node' | 'python'; text: string; exportName: string }
  | { state: 'bundled'; language: 'node' | 'python'; artifact: string; via: string }
  | { state: 'image' }
  | { state: 'other-runtime'; runtime: string }
  | { state: 'dynamic'; reason: string }
  | { state: 'unresolved'; reason: string };

const NODE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/** The handler entry file and export name of one function. */
export function resolveFunctionCode(
  fn: LambdaFunction,
  _model: TemplateModel,
  templateAbsolutePath: string,
): CodeResolution {
  if (fn.packageType.state === 'set' && fn.packageType.value === 'Image') return { state: 'image' };
  const runtime = fn.runtime.state === 'set' ? fn.runtime.value : undefined;
  if (runtime !== undefined && !runtime.startsWith('nodejs')) return { state: 'other-runtime', runtime };
  if (fn.handler.state === 'dynamic') return { state: 'dynamic', reason: fn.handler.reason };
  if (fn.handler.state === 'unset') return { state: 'unresolved', reason: 'the function has no handler' };
  const location = fn.codeLocation;
  if (location.state === 'dynamic') return { state: 'dynamic', reason: location.reason };
  const codePath = location.state === 'set' ? location.value.path : '.';
  if (location.state === 'set' && location.value.type !== 'path') {
    return { state: 'unresolved', reason: `code is ${location.value.type}` };
  }
  const handler = fn.handler.value;
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return { state: 'unresolved', reason: `handler "${handler}" has no export name` };
  const codeRoot = path.resolve(path.dirname(templateAbsolutePath), codePath ?? '.');
  const base = path.resolve(codeRoot, handler.slice(0, dot));
  for (const extension of NODE_EXTENSIONS) {
    const entry = base + extension;
    if (existsSync(entry)) {
      return {
        state: 'resolved',
        language: 'node',
        entry,
        exportName: handler.slice(dot + 1),
        codeRoot,
        via: 'Handler',
      };
    }
  }
  return { state: 'unresolved', reason: `no source file for handler "${handler}"` };
}
