export { run, shouldColor, EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, type RunEnvironment } from './run.js';
export {
  parseCliArgs,
  UsageError,
  REPORT_FORMATS,
  RULES_FORMATS,
  type CliArgs,
  type ReportTarget,
} from './args.js';
export { CORE_RULES } from './core-rules.js';
export { rulesMarkdown, rulesJson, rulesText } from './rules-list.js';
