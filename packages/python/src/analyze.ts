import {
  applySuppressions,
  parseCommentSuppressions,
  ruleDocsUrl,
  runRules,
  type ConfigView,
  type Finding,
  type ModuleFacts,
  type ProjectFileFacts,
} from '@lambda-lint/core';
import { envFacts } from './env.js';
import { PythonModule, isLocalSpecifier } from './module.js';
import { pythonRules } from './rules/index.js';
import { firstSyntaxError, parsePython, position, textOf } from './syntax.js';

export interface AnalyzePythonInput {
  text: string;
  /** Display path (relative to the working directory, POSIX), as in findings. */
  file: string;
  config: ConfigView;
  reportUnusedDisable?: boolean;
  /** From the per-function join: handler names, per-invocation exports, environments. */
  project?: ProjectFileFacts;
}

export interface AnalyzePythonResult {
  findings: Finding[];
  facts: ModuleFacts;
}

const NO_FACTS: ModuleFacts = { imports: [], envReads: [], readsWholeEnvironment: false };

/**
 * Parses one Python file once and runs the Python rules on it. A file that does not parse gets one
 * `parse-error` finding at the first error; rules never throw past `runRules`.
 */
export function analyzePythonFile(input: AnalyzePythonInput): AnalyzePythonResult {
  const source = parsePython(input.file, input.text);
  const error = firstSyntaxError(source);
  if (error) {
    const at = position(source, error.from);
    const near = textOf(source, error).split('\n')[0]!.slice(0, 40);
    const finding: Finding = {
      ruleId: 'parse-error',
      severity: 'error',
      message: `Python syntax error at line ${at.line}, column ${at.column}${near ? ` near \`${near}\`` : ''}: the file was not analyzed.`,
      help: 'Fix the syntax error (python3 -m py_compile <file> shows the interpreter’s message); the other files were still scanned.',
      file: input.file,
      range: at,
      docsUrl: ruleDocsUrl('parse-error'),
      tool: 'python',
      fatal: true,
    };
    input.project?.collect?.(NO_FACTS);
    return { findings: [finding], facts: NO_FACTS };
  }
  try {
    const module = new PythonModule(source, input.project);
    const findings = runRules(pythonRules, module, input.file, input.config);
    const suppressions = parseCommentSuppressions(input.file, input.text, '#');
    const kept = applySuppressions(findings, suppressions, {
      reportUnused: input.reportUnusedDisable === true,
    });
    const facts = moduleFacts(module);
    input.project?.collect?.(facts);
    return { findings: kept, facts };
  } catch (error) {
    // A bug in reading this file must not lose the other files' results: one finding, no facts.
    input.project?.collect?.(NO_FACTS);
    const finding: Finding = {
      ruleId: 'internal-error',
      severity: 'error',
      message: `The Python analyzer failed on this file: ${error instanceof Error ? error.message : String(error)}. Please report this bug.`,
      file: input.file,
      range: { line: 1, column: 1 },
      docsUrl: ruleDocsUrl('internal-error'),
      tool: 'python',
      fatal: true,
    };
    return { findings: [finding], facts: NO_FACTS };
  }
}

function moduleFacts(module: PythonModule): ModuleFacts {
  const { reads, readsWholeEnvironment } = envFacts(module);
  const bySpecifier = new Map<string, ModuleFacts['imports'][number]>();
  const entry = (specifier: string) => {
    let found = bySpecifier.get(specifier);
    if (!found) {
      found = { specifier, perInvocationCalls: [], reExports: [] };
      bySpecifier.set(specifier, found);
    }
    return found;
  };
  const isPackageInit = /(?:^|\/)__init__\.py$/.test(module.source.file);
  for (const binding of module.imports.values()) {
    if (!isLocalSpecifier(binding.specifier)) continue;
    // `from . import db` imports the module `.db`.
    const imported = entry(/^\.+$/.test(binding.specifier) ? binding.qualified : binding.specifier);
    if (isPackageInit && binding.imported !== undefined) {
      const local = [...module.imports.entries()].find(([, b]) => b === binding)![0];
      imported.reExports.push({ imported: binding.imported, exported: local });
    }
  }
  void module.reach;
  for (const { specifier, ...call } of module.localCalls) entry(specifier).perInvocationCalls.push(call);
  return {
    imports: [...bySpecifier.values()],
    envReads: reads.map(({ name, line, column }) => ({ name, line, column })),
    readsWholeEnvironment,
  };
}
