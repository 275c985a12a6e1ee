import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ruleDocsUrl,
  type Finding,
  type FunctionEnvironment,
  type FunctionRef,
  type ModuleFacts,
  type ProjectFileFacts,
} from '@lambda-lint/core';
import { isSourceFile, resolvePythonImport, resolveRelativeImport } from './resolve-import.js';

export type CodeLanguage = 'node' | 'python';

/** Analyzes one file of function code with what the join knows about it (ESLint for Node, the Python analyzer). */
export type FileAnalyzer = (input: {
  text: string;
  file: string;
  display: string;
  /** Absent for a file linted alone (no function of a template runs it). */
  project?: ProjectFileFacts;
}) => { findings: Finding[]; facts?: ModuleFacts };

/** A function's handler: where the code graph starts. */
export interface HandlerRoot {
  fn: FunctionRef;
  environment: FunctionEnvironment;
  language: CodeLanguage;
  /** Absolute entry file. */
  entry: string;
  exportName: string;
  codeRoot: string;
}

interface FileState {
  file: string;
  language: CodeLanguage;
  codeRoot: string;
  functions: Map<string, FunctionRef>;
  environments: Map<string, FunctionEnvironment>;
  handlers: Map<string, FunctionRef[]>;
  perInvocation: Map<string, { chain: string[]; functions: Map<string, FunctionRef> }>;
  /** What the last analysis saw: a file is analyzed again only when it learned more since. */
  analyzedWith?: string;
  findings: Finding[];
  facts?: ModuleFacts;
}

/** The result of following every function's code: findings per file, and each function's files. */
export interface CodeGraph {
  findings: Finding[];
  /** Function key (`template#id`) → the files of its code, handler first. */
  filesOf: Map<string, string[]>;
  /** Absolute file → its facts, when the analyzer reported them. */
  factsOf: Map<string, ModuleFacts>;
}

export function functionKey(fn: FunctionRef): string {
  return `${fn.template}#${fn.id}`;
}

function signature(state: FileState): string {
  const perInvocation = [...state.perInvocation.keys()].sort().join(',');
  return `${[...state.functions.keys()].sort().join(',')}|${perInvocation}`;
}

/**
 * Lints each handler file, then the local modules they import (relative imports, barrels,
 * re-exports), handing each module the per-invocation exports its importers call and the
 * environments of the functions that reach it. A module is analyzed again only when an importer
 * found later adds a function or a per-invocation export; both sets only grow, so cycles end.
 */
export function followCode(
  roots: readonly HandlerRoot[],
  analyzers: Partial<Record<CodeLanguage, FileAnalyzer>>,
  cwd: string,
  options: { followImports?: boolean; onAnalyzed?: (done: number, pending: number) => void } = {},
): CodeGraph {
  const followImports = options.followImports !== false;
  const states = new Map<string, FileState>();
  const stateOf = (file: string, language: CodeLanguage, codeRoot: string): FileState => {
    let state = states.get(file);
    if (!state) {
      state = {
        file,
        language,
        codeRoot,
        functions: new Map(),
        environments: new Map(),
        handlers: new Map(),
        perInvocation: new Map(),
        findings: [],
      };
      states.set(file, state);
    }
    return state;
  };
  const queue: FileState[] = [];
  const enqueue = (state: FileState) => {
    if (state.analyzedWith !== signature(state) && !queue.includes(state)) queue.push(state);
  };

  for (const root of roots) {
    const state = stateOf(root.entry, root.language, root.codeRoot);
    const key = functionKey(root.fn);
    state.functions.set(key, root.fn);
    state.environments.set(key, root.environment);
    const list = state.handlers.get(root.exportName) ?? [];
    list.push(root.fn);
    state.handlers.set(root.exportName, list);
    enqueue(state);
  }

  const edges = new Map<string, Set<string>>();
  let analyzed = 0;
  while (queue.length > 0) {
    options.onAnalyzed?.(analyzed++, queue.length);
    const state = queue.shift()!;
    const analyzer = analyzers[state.language];
    state.analyzedWith = signature(state);
    if (!analyzer) continue;
    const display = displayPath(cwd, state.file);
    let text: string;
    try {
      text = readFileSync(state.file, 'utf8');
    } catch (error) {
      state.findings = [unreadable(display, error, state.language === 'python' ? 'python' : 'eslint')];
      continue;
    }
    const project: ProjectFileFacts = {
      handlers: [...state.handlers].map(([exportName, functions]) => ({ exportName, functions })),
      perInvocationExports: [...state.perInvocation].map(([exportName, entry]) => ({
        exportName,
        chain: entry.chain,
        functions: [...entry.functions.values()],
      })),
      environments: [...state.environments.values()],
    };
    const outcome = analyzeSafely(analyzer, { text, file: state.file, display, project }, state.language);
    state.findings = outcome.findings;
    if (outcome.facts) state.facts = outcome.facts;
    const facts = outcome.facts;
    if (!facts || !followImports) continue;

    const targets = edges.get(state.file) ?? new Set<string>();
    edges.set(state.file, targets);
    for (const imported of facts.imports) {
      const target =
        state.language === 'python'
          ? resolvePythonImport(state.file, imported.specifier, state.codeRoot)
          : resolveRelativeImport(state.file, imported.specifier);
      if (!target || (state.language === 'node' && !isSourceFile(target))) continue;
      if (target.split(path.sep).includes('node_modules')) continue;
      targets.add(target);
      const next = stateOf(target, state.language, state.codeRoot);
      for (const [key, fn] of state.functions) next.functions.set(key, fn);
      for (const [key, env] of state.environments) next.environments.set(key, env);
      const chainOf = (
        fromExport: string,
      ): { chain: string[]; functions: Iterable<[string, FunctionRef]> } => {
        const fromHandler = state.handlers.get(fromExport);
        if (fromHandler)
          return { chain: [fromExport], functions: fromHandler.map((fn) => [functionKey(fn), fn]) };
        const entry = state.perInvocation.get(fromExport);
        return entry
          ? { chain: entry.chain, functions: entry.functions }
          : { chain: [fromExport], functions: state.functions };
      };
      const addPerInvocation = (
        exportName: string,
        chain: string[],
        functions: Iterable<[string, FunctionRef]>,
      ) => {
        let entry = next.perInvocation.get(exportName);
        if (!entry) {
          entry = { chain, functions: new Map() };
          next.perInvocation.set(exportName, entry);
        }
        for (const [key, fn] of functions) entry.functions.set(key, fn);
      };
      for (const call of imported.perInvocationCalls) {
        const from = chainOf(call.fromExport);
        addPerInvocation(call.imported, [...from.chain, call.callText], from.functions);
      }
      // A barrel passes on what is called through it: `export * from './db'`, `export { query } from './db'`.
      for (const reExport of imported.reExports) {
        for (const [exportName, entry] of state.perInvocation) {
          if (reExport.exported === '*' || reExport.exported === exportName) {
            const name = reExport.imported === '*' ? exportName : reExport.imported;
            addPerInvocation(name, entry.chain, entry.functions);
          }
        }
      }
      enqueue(next);
    }
  }

  // A function's files: its handler, then everything reachable from it.
  const filesOf = new Map<string, string[]>();
  for (const root of roots) {
    const key = functionKey(root.fn);
    const seen = new Set<string>([root.entry]);
    const order = [root.entry];
    for (let i = 0; i < order.length; i++) {
      for (const next of edges.get(order[i]!) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          order.push(next);
        }
      }
    }
    filesOf.set(key, order);
  }
  const factsOf = new Map<string, ModuleFacts>();
  for (const [file, state] of states) if (state.facts) factsOf.set(file, state.facts);
  return { findings: [...states.values()].flatMap((s) => s.findings), filesOf, factsOf };
}

/** A crash of an analyzer on one file becomes a finding on that file; the other files are still analyzed. */
export function analyzeSafely(
  analyzer: FileAnalyzer,
  input: Parameters<FileAnalyzer>[0],
  language: CodeLanguage,
): ReturnType<FileAnalyzer> {
  try {
    return analyzer(input);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      findings: [
        {
          ruleId: 'internal-error',
          severity: 'error',
          message: `lambda-lint failed while analyzing this file: ${message}. Its code findings are lost; please report this bug with the file.`,
          help: 'Run again with LAMBDA_LINT_DEBUG=1 and attach the file to the bug report.',
          file: input.display,
          range: { line: 1, column: 1 },
          docsUrl: ruleDocsUrl('internal-error'),
          tool: language === 'python' ? 'python' : 'eslint',
          fatal: true,
        },
      ],
    };
  }
}

export function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

function unreadable(display: string, error: unknown, tool: 'eslint' | 'python'): Finding {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return {
    ruleId: 'parse-error',
    severity: 'error',
    message: `${display} cannot be read (${code}).`,
    help: 'Check the permissions of the handler file.',
    file: display,
    range: { line: 1, column: 1 },
    docsUrl: ruleDocsUrl('parse-error'),
    tool,
    fatal: true,
  };
}
