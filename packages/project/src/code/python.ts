import type { ConfigView, Finding, ModuleFacts, ProjectFileFacts } from '@lambda-lint/core';
import type { FileAnalyzer } from './graph.js';

/** Contract C: what `@lambda-lint/python` exports for the join. */
type AnalyzePythonFile = (input: {
  text: string;
  file: string;
  config: ConfigView;
  reportUnusedDisable?: boolean;
  project?: ProjectFileFacts;
}) => { findings: Finding[]; facts: ModuleFacts };

/** The Python analyzer as a FileAnalyzer, or undefined when `@lambda-lint/python` is not installed. */
export async function loadPythonAnalyzer(
  config: ConfigView,
  reportUnusedDisable: boolean,
): Promise<FileAnalyzer | undefined> {
  let analyze: AnalyzePythonFile | undefined;
  try {
    analyze = (await import('@lambda-lint/python')).analyzePythonFile;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  if (typeof analyze !== 'function') return undefined;
  const run = analyze;
  return ({ text, display, project }) =>
    run({ text, file: display, config, reportUnusedDisable, ...(project && { project }) });
}
