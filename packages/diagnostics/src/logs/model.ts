import type { Location, Subject } from '@lambda-lint/core';
import type { LambdaFunction } from '@lambda-lint/iac';
import type { Evidence, FunctionStats } from './stats.js';

/** One function as the log rules see it: its figures, the lines behind them, its template entry. */
export interface LogsFunction {
  stats: FunctionStats;
  evidence: Evidence;
  /** The template function this log group belongs to (`--template`). */
  template?: LambdaFunction;
}

export interface LogsModel {
  functions: LogsFunction[];
}

export function logSubject(fn: LogsFunction): Subject {
  return fn.template?.subject ?? { kind: 'function', id: fn.stats.name };
}

/** `1,234 ms`: figures as people read them in a message. */
export function ms(value: number | null): string {
  return value === null ? 'n/a' : `${Math.round(value).toLocaleString('en-US')} ms`;
}

export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

/** The configured memory: the template's literal MemorySize, else what the REPORT lines say. */
export function configuredMemory(
  fn: LogsFunction,
): { mb: number; at?: Location; fromTemplate: boolean } | undefined {
  const memory = fn.template?.memorySize;
  if (memory?.state === 'set') return { mb: memory.value, at: memory.origin, fromTemplate: true };
  if (memory?.state === 'dynamic') return undefined;
  if (fn.template && memory?.state === 'unset' && fn.stats.memorySizeMB === null)
    return { mb: 128, fromTemplate: true };
  return fn.stats.memorySizeMB === null ? undefined : { mb: fn.stats.memorySizeMB, fromTemplate: false };
}

/** The configured timeout in seconds: the template's literal Timeout, else `Task timed out after N seconds`. */
export function configuredTimeout(
  fn: LogsFunction,
): { seconds: number; at?: Location; fromTemplate: boolean } | undefined {
  const timeout = fn.template?.timeout;
  if (timeout?.state === 'set') return { seconds: timeout.value, at: timeout.origin, fromTemplate: true };
  if (timeout?.state === 'dynamic') return undefined;
  if (fn.stats.observedTimeoutSeconds !== null)
    return { seconds: fn.stats.observedTimeoutSeconds, fromTemplate: false };
  if (fn.template) return { seconds: fn.template.kind === 'serverless' ? 6 : 3, fromTemplate: true };
  return undefined;
}

/** Where a finding points: the template property when given, else the function header, else the log line. */
export function findingLocation(
  fn: LogsFunction,
  property: Location | undefined,
  logLine: keyof Evidence,
): Location {
  if (property) return { file: property.file, range: property.range };
  if (fn.template) return { file: fn.template.origin.file, range: fn.template.origin.range };
  const at = fn.evidence[logLine] ?? fn.evidence.firstReport ?? fn.evidence.firstTimeout;
  return { file: at?.file ?? '<stdin>', range: { line: at?.line ?? 1, column: 1 } };
}
