import { MAX_NESTING_DEPTH } from './limits.js';

/** A problem found while building the tree: where it is (UTF-16 offsets) and what to tell the user. */
export class LoadFailure {
  constructor(
    readonly offset: number,
    readonly message: string,
    readonly help: string,
    readonly endOffset: number = offset,
  ) {}
}

export function tooDeep(offset: number): LoadFailure {
  return new LoadFailure(
    offset,
    `Values are nested more than ${MAX_NESTING_DEPTH} levels deep here.`,
    `Flatten the structure; no CloudFormation template needs more than a few dozen levels (lambda-lint stops at ${MAX_NESTING_DEPTH}).`,
  );
}
