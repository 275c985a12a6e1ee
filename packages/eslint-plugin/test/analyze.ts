import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getHandlerAnalysis, type ResolvedImport } from '../src/handlers/index.js';

export interface AnalysisSnapshot {
  isHandlerFile: boolean;
  /** `exportName (form) -> line:wrappers` for every handler function. */
  handlers: string[];
  /** Lines of `probe()` calls inside per-invocation code. */
  perInvocationProbes: number[];
  /** Lines of `probe()` calls outside per-invocation code. */
  moduleScopeProbes: number[];
  /** `resolveImport` of the callee of every `new X()` (by line). */
  constructed: Record<number, ResolvedImport | undefined>;
}

export interface AnalyzeOptions {
  sourceType?: 'module' | 'commonjs' | 'script';
  typescript?: boolean;
  settings?: Record<string, unknown>;
}

/** Run the real ESLint Linter with a probe rule that records what handler detection saw. */
export function analyze(code: string, options: AnalyzeOptions = {}): AnalysisSnapshot {
  const snapshot: AnalysisSnapshot = {
    isHandlerFile: false,
    handlers: [],
    perInvocationProbes: [],
    moduleScopeProbes: [],
    constructed: {},
  };
  const probeRule: TSESLint.RuleModule<string, []> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: {}, schema: [] },
    create(context) {
      const analysis = getHandlerAnalysis(context);
      return {
        Program() {
          snapshot.isHandlerFile = analysis.isHandlerFile;
          for (const handler of analysis.handlers) {
            for (const fn of handler.functions) {
              snapshot.handlers.push(
                `${handler.exportName} (${handler.form}) -> ${fn.node.loc.start.line}${fn.wrappers.length ? ':' + fn.wrappers.join(',') : ''}`,
              );
            }
            if (handler.functions.length === 0)
              snapshot.handlers.push(`${handler.exportName} (${handler.form}) -> unresolved`);
          }
        },
        CallExpression(node: TSESTree.CallExpression) {
          if (node.callee.type === 'Identifier' && node.callee.name === 'probe') {
            (analysis.isPerInvocation(node) ? snapshot.perInvocationProbes : snapshot.moduleScopeProbes).push(
              node.loc.start.line,
            );
          }
        },
        NewExpression(node: TSESTree.NewExpression) {
          snapshot.constructed[node.loc.start.line] = analysis.resolveImport(node.callee);
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.js'],
        plugins: { probe: { rules: { probe: probeRule as never } } },
        languageOptions: {
          sourceType: options.sourceType ?? 'module',
          ...(options.typescript === false ? {} : { parser: tsParser }),
        },
        settings: options.settings ?? {},
        rules: { 'probe/probe': 'error' },
      },
    ],
    { filename: options.typescript === false ? 'handler.js' : 'handler.ts' },
  );
  const fatal = messages.find((message) => message.fatal || message.ruleId === null);
  if (fatal) throw new Error(`lint failed: ${fatal.message}`);
  return snapshot;
}
