/**
 * A long-lived host (the CLI's `--daemon`) answers a scan again without running it when none of the
 * files it read has changed, watching the file system calls of this process to know which those
 * are. Work that reads what those calls do not show (a child process such as git or esbuild, a
 * worker thread) says so here, and so does a file whose content never changes a report (the cache).
 */
export interface InputTracker {
  /** Inputs this run read outside the process's own file system calls: it cannot be answered again. */
  untracked(reason: string): void;
  /** A file derived from the inputs that never decides the report: its reads and writes do not count. */
  derived(file: string): void;
}

let tracker: InputTracker | undefined;

/** Installs the tracker of the host (or removes it); without one, the notes below cost nothing. */
export function setInputTracker(next: InputTracker | undefined): void {
  tracker = next;
}

export function untrackedInput(reason: string): void {
  tracker?.untracked(reason);
}

export function derivedFile(file: string): void {
  tracker?.derived(file);
}
