import type { ScanProgress } from '@lambda-lint/project';

/** Work shorter than this shows no progress at all. */
const QUIET_MS = 1000;
/** Redraws at most this often: a terminal write per file would slow the scan down. */
const REDRAW_MS = 100;
const STAGES: Record<ScanProgress['stage'], string> = {
  packages: 'measuring packages of templates',
  code: 'linting code files',
};

export interface ProgressLine {
  update(progress: ScanProgress): void;
  /** Clears the line, so the report starts on a clean one. */
  done(): void;
}

/**
 * A one-line, redrawn progress display on `stream` when it is a terminal and the work has taken
 * longer than a second; on anything else (a pipe, a CI log) it writes nothing.
 */
export function progressLine(
  stream: { write(text: string): unknown; isTTY?: boolean },
  now: () => number = Date.now,
): ProgressLine {
  const started = now();
  let drawn = false;
  let lastDraw = 0;
  return {
    update(progress) {
      if (stream.isTTY !== true) return;
      const at = now();
      if (at - started < QUIET_MS || at - lastDraw < REDRAW_MS) return;
      lastDraw = at;
      drawn = true;
      const seconds = ((at - started) / 1000).toFixed(0);
      stream.write(
        `\r\x1b[Klambda-lint: ${STAGES[progress.stage]} ${progress.done}/${progress.total} (${seconds} s)`,
      );
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
