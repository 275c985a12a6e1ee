import path from 'node:path';
import type { Linter as LinterType } from 'eslint';
import {
  ruleDocsUrl,
  type ConfigView,
  type Finding,
  type Fix,
  type ModuleFacts,
  type ProjectFileFacts,
  type RuleMeta,
} from '@lambda-lint/core';

const NAMESPACE = 'lambda-lint';
// ESLint lints only files some config names by extension; a bare match-everything pattern does not count.
const SOURCE_FILES = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}';

/** What lambda-lint reads of an ESLint rule's `meta.docs`. */
interface EslintRuleDocs {
  description?: string;
  recommended?: boolean;
  recommendedSeverity?: 'error' | 'warn';
}

/**
 * The ESLint plugin's rules (rule name → `meta.docs`) as lambda-lint rule metas: their defaults are
 * the plugin's recommended config.
 */
export function eslintRuleMetas(rules: Record<string, EslintRuleDocs>): RuleMeta[] {
  return Object.entries(rules).map(([name, docs]) => {
    return {
      id: name,
      description: docs.description ?? name,
      severity: docs.recommendedSeverity === 'warn' ? 'warning' : 'error',
      tool: 'eslint',
      enabled: docs.recommended === true,
    };
  });
}

/**
 * The configured options an ESLint rule declares: an id shared with the Python analyzer carries
 * that analyzer's options too, and ESLint rejects keys a rule's schema does not know.
 */
function ownOptions(rule: unknown, options: unknown): Record<string, unknown> | undefined {
  if (!options || typeof options !== 'object') return undefined;
  const schema = (rule as { meta?: { schema?: unknown } }).meta?.schema;
  const first = Array.isArray(schema)
    ? (schema[0] as { properties?: Record<string, unknown> } | undefined)
    : undefined;
  const keys = Object.keys(first?.properties ?? {});
  const own = Object.entries(options).filter(([key]) => keys.includes(key));
  return own.length > 0 ? Object.fromEntries(own) : undefined;
}

/** One file for ESLint: its text, where findings go, and what the join knows about it. */
export interface LintTarget {
  text: string;
  /** Absolute path ESLint sees (decides the parser options); for inline code a made-up name next to the template. */
  filename: string;
  /** Display path for findings and for the configuration's per-file rules. */
  display: string;
  project?: ProjectFileFacts;
  /** Maps a code position to the finding's position (inline code inside a template). */
  mapPosition?: (line: number, column: number) => { line: number; column: number };
}

export interface LintOutcome {
  findings: Finding[];
  facts?: ModuleFacts;
}

/**
 * Runs the ESLint plugin through ESLint's `Linter` (no file system, no config lookup): a flat config
 * with the TypeScript parser, the plugin's rules at lambda-lint's configured severities, and the
 * join's facts of the file in `settings['lambda-lint'].project`.
 */
export class EslintRunner {
  private constructor(
    private readonly linter: LinterType,
    private readonly plugin: { rules: Record<string, unknown> },
    private readonly parser: unknown,
    private readonly config: ConfigView,
    private readonly reportUnusedDisable: boolean,
  ) {}

  /** Loads ESLint, the parser and the plugin; undefined when one of them is not installed. */
  static async create(config: ConfigView, reportUnusedDisable: boolean): Promise<EslintRunner | undefined> {
    try {
      const [{ Linter }, parser, pluginModule] = await Promise.all([
        import('eslint'),
        import('@typescript-eslint/parser'),
        import('@lambda-lint/eslint-plugin'),
      ]);
      const plugin = (pluginModule as { default?: { rules: Record<string, unknown> } }).default;
      if (!plugin) return undefined;
      return new EslintRunner(
        // Config patterns match paths relative to the Linter's cwd: from the root, every absolute file matches.
        new Linter({ configType: 'flat', cwd: path.parse(process.cwd()).root }),
        plugin,
        parser,
        config,
        reportUnusedDisable,
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** Rule levels for one file, from lambda-lint's configuration (overrides may differ per file). */
  private rulesFor(display: string): LinterType.RulesRecord {
    const rules: LinterType.RulesRecord = {};
    for (const [name, rule] of Object.entries(this.plugin.rules)) {
      const setting = this.config.rule(name, display);
      if (setting.severity === 'off') continue;
      const options = ownOptions(rule, setting.options);
      rules[`${NAMESPACE}/${name}`] = options ? ['error', options] : 'error';
    }
    return rules;
  }

  lint(target: LintTarget): LintOutcome {
    let facts: ModuleFacts | undefined;
    const project: ProjectFileFacts | undefined = target.project && {
      ...target.project,
      collect: (collected) => {
        facts = collected;
      },
    };
    const handlerNames = project?.handlers.map((h) => h.exportName) ?? [];
    const ext = path.extname(target.filename).toLowerCase();
    const config: LinterType.Config[] = [
      {
        files: [SOURCE_FILES],
        languageOptions: {
          parser: this.parser as LinterType.Parser,
          ecmaVersion: 'latest',
          sourceType: ext === '.cjs' || ext === '.cts' ? 'commonjs' : 'module',
        },
        linterOptions: { reportUnusedDisableDirectives: this.reportUnusedDisable ? 'warn' : 'off' },
        plugins: { [NAMESPACE]: this.plugin as never },
        settings: {
          [NAMESPACE]: {
            discoverTemplate: false,
            // Until the plugin reads `project.handlers` everywhere, the names steer its own detection too.
            ...(handlerNames.length > 0 && { handlerNames }),
            ...(project && { project }),
          },
        },
        rules: this.rulesFor(target.display),
      },
    ];
    const messages = this.linter.verify(target.text, config, { filename: target.filename });
    return { findings: messages.map((m) => this.toFinding(m, target)), ...(facts && { facts }) };
  }

  private toFinding(message: LinterType.LintMessage, target: LintTarget): Finding {
    const map = target.mapPosition ?? ((line: number, column: number) => ({ line, column }));
    const start = map(message.line || 1, message.column || 1);
    const end =
      message.endLine !== undefined && message.endColumn !== undefined
        ? map(message.endLine, message.endColumn)
        : undefined;
    const range = {
      ...start,
      ...(end && { endLine: end.line, endColumn: end.column }),
    };
    if (message.fatal || message.ruleId === null) {
      const unused = !message.fatal && /^Unused eslint-(?:disable|enable)/.test(message.message);
      return {
        ruleId: unused ? 'unused-disable' : 'parse-error',
        severity: unused ? 'warning' : 'error',
        message: unused
          ? `${message.message.replace(/\.$/, '')}.`
          : `${target.display} cannot be analyzed: ${message.message.replace(/^Parsing error: /, '').replace(/\.$/, '')}.`,
        ...(!unused && { help: 'Fix the syntax error; lambda-lint checks the handler code once it parses.' }),
        file: target.display,
        range,
        docsUrl: ruleDocsUrl(unused ? 'unused-disable' : 'parse-error'),
        tool: 'eslint',
        ...(message.fatal && { fatal: true }),
      };
    }
    const ruleId = message.ruleId.startsWith(`${NAMESPACE}/`)
      ? message.ruleId.slice(NAMESPACE.length + 1)
      : message.ruleId;
    const setting = this.config.rule(ruleId, target.display);
    // Fix offsets are into the linted text: they are offsets into the file only when it is the file itself.
    const edit = (fix: LinterType.LintMessage['fix'], description: string): Fix | undefined =>
      fix && !target.mapPosition
        ? {
            description,
            edits: [{ file: target.display, start: fix.range[0], end: fix.range[1], text: fix.text }],
          }
        : undefined;
    const fix = edit(message.fix, `Fix ${ruleId}`);
    const suggestions = (message.suggestions ?? []).flatMap((s) => {
      const suggestion = edit(s.fix, s.desc);
      return suggestion ? [suggestion] : [];
    });
    return {
      ruleId,
      severity: setting.severity === 'off' ? 'warning' : setting.severity,
      message: message.message,
      file: target.display,
      range,
      docsUrl: ruleDocsUrl(ruleId),
      tool: 'eslint',
      ...(fix && { fix }),
      ...(suggestions.length > 0 && { suggestions }),
    };
  }
}
