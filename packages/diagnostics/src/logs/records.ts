import type { InvocationReport } from './stats.js';

/** What one log line (or one Insights row / JSON event message) says about a function. */
export type LogRecord =
  | { kind: 'report'; report: InvocationReport }
  | { kind: 'timeout'; requestId?: string; seconds?: number; time?: number }
  | { kind: 'init-failure'; phase?: string; status: string; durationMs?: number }
  | { kind: 'restore-failure'; status: string }
  /** A platform line we recognise that carries no figure of its own (START, END, successful INIT_REPORT). */
  | { kind: 'platform' }
  /** A platform line that is cut off or garbled: counted as skipped. */
  | { kind: 'unreadable' };

/** A parsed line: the record plus what its prefix said (log group, timestamp). */
export interface ParsedLine {
  record: LogRecord;
  /** Function name from a `/aws/lambda/<name>` log group in the line, if any. */
  functionName?: string;
  time?: number;
}

const FIELD =
  /(RequestId|Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Max Memory Used|Memory Size|Duration|Phase|Status|Error Type): *(\S*)(?: (ms|MB))?/g;

type Fields = Map<string, { value: string; unit: string | undefined }>;

function fieldsOf(text: string): Fields {
  const fields: Fields = new Map();
  FIELD.lastIndex = 0;
  for (let m = FIELD.exec(text); m; m = FIELD.exec(text)) {
    if (!fields.has(m[1]!)) fields.set(m[1]!, { value: m[2]!, unit: m[3] });
  }
  return fields;
}

/** The number of a `Name: 12.3 ms` field; NaN when present but cut off or not a number; undefined when absent. */
function measure(fields: Fields, name: string, unit: 'ms' | 'MB'): number | undefined {
  const field = fields.get(name);
  if (!field) return undefined;
  if (field.unit !== unit || !/^\d+(\.\d+)?$/.test(field.value)) return NaN;
  return Number(field.value);
}

/** `REPORT RequestId: … Duration: …` (the text from `REPORT` on). */
export function parseReportText(text: string): LogRecord {
  const fields = fieldsOf(text);
  const durationMs = measure(fields, 'Duration', 'ms');
  const billedDurationMs = measure(fields, 'Billed Duration', 'ms');
  const memorySizeMB = measure(fields, 'Memory Size', 'MB');
  const maxMemoryUsedMB = measure(fields, 'Max Memory Used', 'MB');
  const initDurationMs = measure(fields, 'Init Duration', 'ms');
  const restoreDurationMs = measure(fields, 'Restore Duration', 'ms');
  const requestId = fields.get('RequestId')?.value;
  const numbers = [durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB];
  // Every REPORT line has these four; one missing or cut off means the line was truncated.
  if (!requestId || numbers.some((n) => n === undefined || Number.isNaN(n))) return { kind: 'unreadable' };
  if (Number.isNaN(initDurationMs) || Number.isNaN(restoreDurationMs)) return { kind: 'unreadable' };
  const report: InvocationReport = {
    durationMs: durationMs!,
    billedDurationMs: billedDurationMs!,
    memorySizeMB: memorySizeMB!,
    maxMemoryUsedMB: maxMemoryUsedMB!,
    requestId,
  };
  if (initDurationMs !== undefined) report.initDurationMs = initDurationMs;
  if (restoreDurationMs !== undefined) report.restoreDurationMs = restoreDurationMs;
  const status = fields.get('Status')?.value;
  if (status) report.status = status;
  const errorType = fields.get('Error Type')?.value;
  if (errorType) report.errorType = errorType;
  return { kind: 'report', report };
}

/** `INIT_REPORT Init Duration: … Phase: init Status: timeout` (failed or slow inits). */
function parseInitReport(text: string): LogRecord {
  const fields = fieldsOf(text);
  const durationMs = measure(fields, 'Init Duration', 'ms');
  if (durationMs === undefined || Number.isNaN(durationMs)) return { kind: 'unreadable' };
  const status = fields.get('Status')?.value;
  if (!status || status === 'success') return { kind: 'platform' };
  const phase = fields.get('Phase')?.value;
  return { kind: 'init-failure', status, durationMs, ...(phase && { phase }) };
}

function parseRestoreReport(text: string): LogRecord {
  const fields = fieldsOf(text);
  const durationMs = measure(fields, 'Restore Duration', 'ms');
  if (durationMs === undefined || Number.isNaN(durationMs)) return { kind: 'unreadable' };
  const status = fields.get('Status')?.value;
  return !status || status === 'success' ? { kind: 'platform' } : { kind: 'restore-failure', status };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMED_OUT = /Task timed out after (\d+(?:\.\d+)?) seconds/;

/** ISO timestamps as `aws logs tail`, `sam logs` and S3 exports print them; no zone means UTC. */
export function parseTimestamp(token: string): number | undefined {
  if (!/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(token)) return undefined;
  let text = token.replace(' ', 'T');
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(text)) text += 'Z';
  // Microseconds (aws logs tail) are more than Date.parse promises to read.
  text = text.replace(/(\.\d{3})\d+/, '$1');
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

const STREAM_NAME = /^\d{4}\/\d\d\/\d\d\//;
const LOG_GROUP = '/aws/lambda/';

/** What the tokens before a platform message say; undefined when they are not a log prefix (the marker is inside application text). */
function readPrefix(
  prefix: string,
): { functionName?: string; time?: number; requestId?: string } | undefined {
  const out: { functionName?: string; time?: number; requestId?: string } = {};
  for (const token of prefix.split(/[\s]+/)) {
    if (token === '') continue;
    const group = token.indexOf(LOG_GROUP);
    if (group !== -1) {
      out.functionName = token.slice(group + LOG_GROUP.length).replace(/[:,]+$/, '');
      continue;
    }
    const time = parseTimestamp(token);
    if (time !== undefined) {
      out.time ??= time;
      continue;
    }
    if (UUID.test(token)) {
      out.requestId = token;
      continue;
    }
    if (STREAM_NAME.test(token) || /^\d{1,2}:\d\d:\d\d(\.\d+)?$/.test(token) || /^\d{10,13}$/.test(token))
      continue;
    return undefined;
  }
  return out;
}

/** Lambda's JSON log format: `{"time": …, "type": "platform.report", "record": {…}}`. */
function parseJsonRecord(json: string): { record: LogRecord; time?: number } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { record: { kind: 'unreadable' } };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const event = value as { type?: unknown; time?: unknown; record?: Record<string, unknown> };
  if (typeof event.type !== 'string' || !event.type.startsWith('platform.')) return undefined;
  const time = typeof event.time === 'string' ? parseTimestamp(event.time) : undefined;
  const record = event.record ?? {};
  const at = time !== undefined ? { time } : {};
  const status = typeof record.status === 'string' ? record.status : undefined;
  switch (event.type) {
    case 'platform.report': {
      const metrics = (record.metrics ?? {}) as Record<string, unknown>;
      const num = (key: string) => (typeof metrics[key] === 'number' ? (metrics[key] as number) : undefined);
      const durationMs = num('durationMs');
      if (durationMs === undefined) return { record: { kind: 'unreadable' }, ...at };
      const report: InvocationReport = { durationMs };
      const optional = {
        billedDurationMs: num('billedDurationMs'),
        memorySizeMB: num('memorySizeMB'),
        maxMemoryUsedMB: num('maxMemoryUsedMB'),
        initDurationMs: num('initDurationMs'),
        restoreDurationMs: num('restoreDurationMs'),
      };
      for (const [key, v] of Object.entries(optional))
        if (v !== undefined) Object.assign(report, { [key]: v });
      if (status && status !== 'success') report.status = status;
      if (typeof record.errorType === 'string') report.errorType = record.errorType;
      if (typeof record.requestId === 'string') report.requestId = record.requestId;
      if (time !== undefined) report.time = time;
      return { record: { kind: 'report', report }, ...at };
    }
    case 'platform.initReport': {
      if (!status || status === 'success') return { record: { kind: 'platform' }, ...at };
      const phase = typeof record.phase === 'string' ? record.phase : undefined;
      return { record: { kind: 'init-failure', status, ...(phase && { phase }) }, ...at };
    }
    case 'platform.restoreReport':
      return {
        record: !status || status === 'success' ? { kind: 'platform' } : { kind: 'restore-failure', status },
        ...at,
      };
    default:
      return { record: { kind: 'platform' }, ...at };
  }
}

const MARKERS = [
  'RESTORE_REPORT ',
  'INIT_REPORT ',
  'REPORT ',
  'Task timed out after ',
  'START RequestId:',
] as const;

/**
 * One line of plain-text log output (`aws logs tail`, `sam logs`, S3 exports, a console copy) or
 * one event message. Undefined when the line is not a Lambda platform line.
 */
export function parseLogLine(line: string): ParsedLine | undefined {
  const brace = line.indexOf('{"');
  if (brace !== -1 && line.includes('"platform.')) {
    const prefix = readPrefix(line.slice(0, brace));
    if (prefix) {
      const parsed = parseJsonRecord(line.slice(brace).trimEnd());
      if (parsed) return withPrefix(parsed.record, prefix, parsed.time);
    }
  }
  for (const marker of MARKERS) {
    const at = line.indexOf(marker);
    if (at === -1) continue;
    const prefix = readPrefix(line.slice(0, at));
    if (!prefix) continue;
    const text = line.slice(at);
    switch (marker) {
      case 'REPORT ': {
        const record = parseReportText(text);
        if (record.kind === 'report' && prefix.time !== undefined) record.report.time = prefix.time;
        return withPrefix(record, prefix);
      }
      case 'INIT_REPORT ':
        return withPrefix(parseInitReport(text), prefix);
      case 'RESTORE_REPORT ':
        return withPrefix(parseRestoreReport(text), prefix);
      case 'Task timed out after ': {
        const m = TIMED_OUT.exec(text);
        if (!m) return withPrefix({ kind: 'unreadable' }, prefix);
        return withPrefix(
          {
            kind: 'timeout',
            seconds: Number(m[1]),
            ...(prefix.requestId && { requestId: prefix.requestId }),
          },
          prefix,
        );
      }
      default:
        return withPrefix({ kind: 'platform' }, prefix);
    }
  }
  return undefined;
}

function withPrefix(
  record: LogRecord,
  prefix: { functionName?: string; time?: number },
  time = prefix.time,
): ParsedLine {
  return {
    record,
    ...(prefix.functionName !== undefined && { functionName: prefix.functionName }),
    ...(time !== undefined && { time }),
  };
}
