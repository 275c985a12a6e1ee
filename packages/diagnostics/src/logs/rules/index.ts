import type { Rule } from '@lambda-lint/core';
import type { LogsModel } from '../model.js';
import coldStartRate from './cold-start-rate.js';
import durationNearTimeout from './duration-near-timeout.js';
import memoryNearLimit from './memory-near-limit.js';
import memoryOversized from './memory-oversized.js';
import timeoutsObserved from './timeouts-observed.js';

/** Rules over per-function log statistics (`lambda-lint logs`). */
export const logRules: readonly Rule<LogsModel>[] = [
  coldStartRate,
  memoryNearLimit,
  memoryOversized,
  timeoutsObserved,
  durationNearTimeout,
];
