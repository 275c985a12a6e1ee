export {
  analyzeLogs,
  logTables,
  matchTemplateFunction,
  type AnalyzeLogsOptions,
  type LogsAnalysis,
} from './logs/analyze.js';
export {
  collectLogs,
  logInputs,
  MAX_LINE_BYTES,
  UNKNOWN_FUNCTION,
  type LogCollection,
  type LogInput,
} from './logs/reader.js';
export { parseLogLine, parseReportText, type LogRecord } from './logs/records.js';
export {
  nearestRank,
  EXACT_VALUES_CAP,
  type FunctionStats,
  type Distribution,
  type Histogram,
} from './logs/stats.js';
export { logRules } from './logs/rules/index.js';
export type { LogsModel, LogsFunction } from './logs/model.js';
export { renderLogsReport } from './logs/html.js';
import { logRules } from './logs/rules/index.js';

/** Every rule of the diagnostics commands, for configuration and `lambda-lint rules`. */
export const diagnosticsRules = [...logRules];
