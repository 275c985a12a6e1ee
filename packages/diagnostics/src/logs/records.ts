import { reportFields } from './report-fields.js';
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

/** `Name: value unit` fields, separated by tabs (Lambda) or spaces (a console copy). */
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
  const n = field.unit === unit && field.value !== '' ? Number(field.value) : NaN;
  return n >= 0 ? n : NaN;
}

/** `REPORT RequestId: … Duration: …` (the text from `REPORT` on). */
export function parseReportText(text: string): LogRecord {
  const bytes = Buffer.from(text);
  const fast = reportFields(bytes, 0, bytes.length);
  if (fast) return fast;
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

const digits = (text: string, from: number, count: number): number => {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
};

/** ISO timestamps as `aws logs tail`, `sam logs`, S3 exports and Insights print them; no zone means UTC. */
export function parseTimestamp(token: string): number | undefined {
  const sep = token.charCodeAt(10);
  if (
    token.length < 19 ||
    token[4] !== '-' ||
    token[7] !== '-' ||
    (sep !== 84 && sep !== 32) ||
    token[13] !== ':'
  )
    return undefined;
  let time = Date.UTC(
    digits(token, 0, 4),
    digits(token, 5, 2) - 1,
    digits(token, 8, 2),
    digits(token, 11, 2),
    digits(token, 14, 2),
    digits(token, 17, 2),
  );
  let i = 19;
  if (token[i] === '.') {
    let j = i + 1;
    while (j < token.length && token.charCodeAt(j) >= 48 && token.charCodeAt(j) <= 57) j++;
    // Microseconds (aws logs tail) and nanoseconds are cut to milliseconds.
    time += digits(`${token.slice(i + 1, Math.min(j, i + 4))}00`, 0, 3);
    i = j;
  }
  const zone = token.slice(i);
  if (zone !== '' && zone !== 'Z') {
    const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
    if (!m) return undefined;
    time -= (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  }
  return Number.isNaN(time) ? undefined : time;
}

const STREAM_NAME = /^\d{4}\/\d\d\/\d\d\//;
const LOG_GROUP = '/aws/lambda/';

type TokenKind = { group: string } | 'request-id' | 'other-prefix' | 'not-prefix';
/** Stream names and log groups repeat on every line: classify each once (bounded, cleared when full). */
const tokenKinds = new Map<string, TokenKind>();

function classify(token: string): TokenKind {
  let kind = tokenKinds.get(token);
  if (kind !== undefined) return kind;
  const group = token.indexOf(LOG_GROUP);
  if (group !== -1) kind = { group: token.slice(group + LOG_GROUP.length).replace(/[:,]+$/, '') };
  else if (UUID.test(token)) return 'request-id';
  else if (
    STREAM_NAME.test(token) ||
    // A time, a date, an epoch, a zone in parentheses: `2024-05-01 10:00:04.123 (+00:00)`.
    /^\d{1,2}:\d\d:\d\d(\.\d+)?$|^\d{4}-\d\d-\d\d$|^\d{10,13}$|^\([+-]\d\d:?\d\d\)$/.test(token)
  )
    kind = 'other-prefix';
  else kind = 'not-prefix';
  if (tokenKinds.size > 1000) tokenKinds.clear();
  tokenKinds.set(token, kind);
  return kind;
}

/** `2024-05-01T10:00:00…` or `2024-05-01 10:00:00…`: cheap shape test; parseTimestamp does the work. */
const looksLikeTime = (token: string): boolean =>
  token.length >= 19 &&
  token.charCodeAt(4) === 45 &&
  token.charCodeAt(7) === 45 &&
  token.charCodeAt(13) === 58;

export interface Prefix {
  functionName?: string;
  /** The first timestamp token, parsed only when a figure needs it (cold starts, first/last time). */
  timeText?: string;
  requestId?: string;
}

let lastRest: string | undefined;
let lastKnown: Prefix | null | undefined;

/** Prefixes without their leading timestamp repeat line after line (stream, group): read each once. */
const prefixes = new Map<string, Prefix | null>();

/** What the tokens of line[0, end) say; undefined when they are not a log prefix (the marker is inside application text). */
function readPrefix(line: string, end: number): Prefix | undefined {
  let cut = 0;
  while (cut < end && line.charCodeAt(cut) > 32) cut++;
  if (cut < 19 || line.charCodeAt(4) !== 45 || line.charCodeAt(7) !== 45 || line.charCodeAt(13) !== 58)
    return readTokens(line.slice(0, end));
  // Consecutive lines of one stream share the rest of the prefix: compare in place before slicing and hashing.
  const restLength = end - cut - 1;
  let known: Prefix | null | undefined;
  if (
    lastRest !== undefined &&
    restLength >= 0 &&
    lastRest.length === restLength &&
    line.startsWith(lastRest, cut + 1)
  )
    known = lastKnown;
  else {
    const rest = restLength > 0 ? line.slice(cut + 1, end) : '';
    known = prefixes.get(rest);
    if (known === undefined) {
      known = readTokens(rest) ?? null;
      if (prefixes.size > 1000) prefixes.clear();
      prefixes.set(rest, known);
    }
    lastRest = rest;
    lastKnown = known;
  }
  if (known === null || known === undefined) return undefined;
  const timeText = line.slice(0, cut);
  return known.functionName === undefined && known.requestId === undefined
    ? { timeText }
    : { ...known, timeText };
}

/** The tokens of a prefix without its leading timestamp, classified (cached by text). */
export function restOfPrefix(rest: string): Prefix | null {
  let known = prefixes.get(rest);
  if (known === undefined) {
    known = readTokens(rest) ?? null;
    if (prefixes.size > 1000) prefixes.clear();
    prefixes.set(rest, known);
  }
  return known;
}

function readTokens(prefix: string): Prefix | undefined {
  const out: Prefix = {};
  let start = 0;
  while (start < prefix.length) {
    let end = start;
    while (end < prefix.length && prefix.charCodeAt(end) > 32) end++;
    if (end > start) {
      const token = prefix.slice(start, end);
      if (looksLikeTime(token)) out.timeText ??= token;
      else {
        const kind = classify(token);
        if (kind === 'not-prefix') return undefined;
        if (kind === 'request-id') out.requestId = token;
        else if (kind !== 'other-prefix') out.functionName = kind.group;
      }
    }
    start = end + 1;
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
  // The common case first: a plain REPORT line (one search, no JSON look-up).
  const report = line.indexOf('REPORT RequestId: ');
  if (report !== -1 && (report === 0 || line.charCodeAt(report - 1) <= 32)) {
    const prefix = readPrefix(line, report);
    if (prefix) {
      const record = parseReportText(line.slice(report));
      if (record.kind === 'report' && prefix.timeText !== undefined) record.report.timeText = prefix.timeText;
      return withPrefix(record, prefix);
    }
  }
  const brace = line.indexOf('{"');
  if (brace !== -1 && line.includes('"platform.')) {
    const prefix = readPrefix(line, brace);
    if (prefix) {
      const parsed = parseJsonRecord(line.slice(brace).trimEnd());
      if (parsed) return withPrefix(parsed.record, prefix, parsed.time);
    }
  }
  for (const marker of MARKERS) {
    const at = line.indexOf(marker);
    if (at === -1) continue;
    const prefix = readPrefix(line, at);
    if (!prefix) continue;
    const text = line.slice(at);
    switch (marker) {
      case 'REPORT ': {
        const record = parseReportText(text);
        if (record.kind === 'report' && prefix.timeText !== undefined)
          record.report.timeText = prefix.timeText;
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

function withPrefix(record: LogRecord, prefix: Prefix, time?: number): ParsedLine {
  const parsed: ParsedLine = { record };
  if (prefix.functionName !== undefined) parsed.functionName = prefix.functionName;
  const at =
    time ??
    (record.kind !== 'report' && prefix.timeText !== undefined ? parseTimestamp(prefix.timeText) : undefined);
  if (at !== undefined) parsed.time = at;
  return parsed;
}
