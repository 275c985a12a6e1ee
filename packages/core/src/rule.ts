import type * as z from 'zod';
import type { Fix, Location, Severity, Subject, Tool } from './finding.js';

/** Static description of a rule: what `lambda-lint rules`, the docs index and SARIF show. */
export interface RuleMeta<O extends z.ZodType = z.ZodType> {
  /** kebab-case, unique across all tools; also the docs page name `docs/rules/<id>.md`. */
  id: string;
  /** One line, imperative or declarative: "Every function sends traces to X-Ray". */
  description: string;
  /** Default severity when the configuration says nothing. */
  severity: Severity;
  tool: Tool;
  /** Options schema with defaults; `z.object({})` when the rule has none. */
  options?: O;
  /** Enabled by default. Rules default to enabled. */
  enabled?: boolean;
}

/** What a rule hands to `report`: the rule id, severity and docs URL are filled in by the runner. */
export interface ReportDescriptor {
  /** The exact place to edit: the wrong property, or the resource header when a property is missing. */
  at: Location;
  message: string;
  help?: string;
  subject?: Subject;
  /** Override the configured severity for this one finding (e.g. a warning tier of a budget). */
  severity?: Severity;
  fix?: Fix;
  suggestions?: Fix[];
  /** The input could not be read or measured (e.g. a truncated zip): the finding is fatal (exit code 2). */
  fatal?: boolean;
}

export interface RuleContext<Options> {
  options: Options;
  /** The configured severity of this rule for the current file. */
  severity: Severity;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule<Model = unknown, O extends z.ZodType = z.ZodType> {
  meta: RuleMeta<O>;
  check(model: Model, context: RuleContext<z.output<O>>): void;
}

/** Identity helper that keeps the options type flowing from the schema into `check`. */
export function defineRule<Model, O extends z.ZodType>(rule: {
  meta: RuleMeta<O>;
  check(model: Model, context: RuleContext<z.output<O>>): void;
}): Rule<Model, O> {
  return rule;
}
