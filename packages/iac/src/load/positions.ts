import type { Range } from '@lambda-lint/core';

/**
 * Offsets (0-based UTF-16 indices) → 1-based line/column, from a table of line starts
 * built once per file. Lookups start from the previous answer because a tree walk
 * visits offsets almost in order, so most lookups cost one or two comparisons.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  private hint = 0;

  constructor(readonly text: string) {
    let next = text.indexOf('\n');
    while (next !== -1) {
      this.starts.push(next + 1);
      next = text.indexOf('\n', next + 1);
    }
  }

  /** 0-based index of the line holding `offset`. */
  lineIndexOf(offset: number): number {
    const starts = this.starts;
    const last = starts.length - 1;
    let line = this.hint;
    // Fast path: same line as last time, or the next one.
    if (starts[line] <= offset && (line === last || offset < starts[line + 1])) return line;
    if (line < last && starts[line + 1] <= offset && (line + 1 === last || offset < starts[line + 2])) {
      this.hint = line + 1;
      return line + 1;
    }
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    line = lo;
    this.hint = line;
    return line;
  }

  /** Range of [start, end): `end` is exclusive, like `endColumn`. */
  range(start: number, end: number): Range {
    const line = this.lineIndexOf(start);
    const column = start - this.starts[line] + 1;
    const endLine = end === start ? line : this.lineIndexOf(end);
    return { line: line + 1, column, endLine: endLine + 1, endColumn: end - this.starts[endLine] + 1 };
  }

  /** A zero-width range at `offset` (clamped to the text). */
  point(offset: number): Range {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    return this.range(clamped, clamped);
  }
}
