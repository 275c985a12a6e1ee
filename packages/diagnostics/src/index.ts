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
export {
  analyzeInitTime,
  initTimeTables,
  initTimeRules,
  INIT_TIME_CAVEAT,
  type InitTimeAnalysis,
  type InitTimeModel,
} from './init-time/analyze.js';
export {
  measureInitTime,
  sandboxEnvironment,
  FAKE_CREDENTIALS,
  type InitMeasurement,
} from './init-time/measure.js';
export { initTimeTargets, type InitTarget } from './init-time/targets.js';
export { instrumentBundle } from './init-time/instrument.js';
import type { Rule } from '@lambda-lint/core';
import { initTimeRules } from './init-time/analyze.js';
import { logRules } from './logs/rules/index.js';

/** Every rule of the diagnostics commands, for configuration and `lambda-lint rules`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules with different models and option schemas
export const diagnosticsRules: readonly Rule<any, any>[] = [...logRules, ...initTimeRules];
