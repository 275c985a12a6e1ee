import type { FunctionEnvironment } from '@lambda-lint/core';
import type { LambdaFunction } from '../model.js';

/** What a function's template sets in its environment, as `env-var-declared` compares code reads against. */
export function functionEnvironment(fn: LambdaFunction, template: string): FunctionEnvironment {
  const blocks = fn.environmentBlocks ?? [];
  // The function's own block is the one to edit; else Globals / provider.
  const block = blocks.find((b) => b.origin.kind === 'function') ?? blocks[blocks.length - 1];
  return {
    id: fn.id,
    template,
    line: fn.origin.range.line,
    names: [...fn.environment.keys()],
    unknown: blocks.some((b) => b.dynamic),
    environmentLine: block?.origin.range.line ?? fn.origin.range.line,
  };
}
