import { restOfPrefix, type LogRecord, type ParsedLine, type Prefix } from './records.js';
import type { InvocationReport } from './stats.js';

const REPORT_ID = Buffer.from('REPORT RequestId: ');
/** Labels of the numeric REPORT fields in the order Lambda writes them, with their units. */
const LABELS = [
  'Duration: ',
  'Billed Duration: ',
  'Memory Size: ',
  'Max Memory Used: ',
  'Init Duration: ',
  'Restore Duration: ',
].map((label) => Buffer.from(label));
const UNITS = [' ms', ' ms', ' MB', ' MB', ' ms', ' ms'].map((unit) => Buffer.from(unit));

function bytesAt(buf: Buffer, pos: number, end: number, needle: Buffer): boolean {
  if (pos + needle.length > end) return false;
  for (let i = 0; i < needle.length; i++) if (buf[pos + i] !== needle[i]) return false;
  return true;
}

/** The prefix after the timestamp, as bytes, and what it said: consecutive lines of a stream repeat it. */
let lastRest: Buffer | undefined;
let lastKnown: Prefix | null = null;

let numberEnd = 0;
function numberAt(buf: Buffer, from: number, end: number): number {
  let whole = 0;
  let i = from;
  for (; i < end; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i === from) return NaN;
  numberEnd = i;
  if (buf[i] !== 46) return whole;
  let scale = 1;
  const dot = ++i;
  for (; i < end && scale < 1e15; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    scale *= 10;
  }
  if (i === dot) return NaN;
  numberEnd = i;
  // Both integers are exact and IEEE division rounds correctly: the same double as Number("12.34").
  return whole / scale;
}

/**
 * The common line of a 100 MB log, read from its bytes without decoding it: `<timestamp> [stream]
 * [group] REPORT RequestId: …` with tab-separated numeric fields. Undefined for any other shape
 * (the string parser then reads it, so behaviour is the same, only slower).
 */
export function parseReportBytes(
  buf: Buffer,
  start: number,
  end: number,
  hit: number,
): ParsedLine | undefined {
  if (!bytesAt(buf, hit, end, REPORT_ID)) return undefined;
  let cut = start;
  while (cut < hit && buf[cut]! > 32) cut++;
  if (cut - start < 19 || buf[start + 4] !== 45 || buf[start + 7] !== 45 || buf[start + 13] !== 58)
    return undefined;
  if (hit > start && buf[hit - 1]! > 32) return undefined;
  const restStart = Math.min(cut + 1, hit);
  const restLength = hit - restStart;
  let known: Prefix | null;
  if (
    lastRest !== undefined &&
    lastRest.length === restLength &&
    buf.compare(lastRest, 0, restLength, restStart, hit) === 0
  )
    known = lastKnown;
  else {
    known = restOfPrefix(buf.toString('latin1', restStart, hit));
    lastRest = Buffer.from(buf.subarray(restStart, hit));
    lastKnown = known;
  }
  if (known === null || known.requestId !== undefined) return undefined;
  let pos = buf.indexOf(9, hit + REPORT_ID.length);
  if (pos === -1 || pos >= end) return undefined;
  pos++;
  const values = [NaN, NaN, NaN, NaN, NaN, NaN];
  let next = 0;
  while (pos < end) {
    let field = -1;
    for (let k = 0; k < LABELS.length; k++) {
      const candidate = (next + k) % LABELS.length;
      if (bytesAt(buf, pos, end, LABELS[candidate]!)) {
        field = candidate;
        break;
      }
    }
    if (field === -1) return undefined;
    const value = numberAt(buf, pos + LABELS[field]!.length, end);
    if (Number.isNaN(value) || !bytesAt(buf, numberEnd, end, UNITS[field]!))
      return { record: { kind: 'unreadable' } };
    values[field] = value;
    pos = numberEnd + UNITS[field]!.length;
    next = field + 1;
    if (buf[pos] === 9) pos++;
    else if (pos < end) return undefined;
  }
  const [durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB, initDurationMs, restoreDurationMs] =
    values as [number, number, number, number, number, number];
  if (Number.isNaN(durationMs + billedDurationMs + memorySizeMB + maxMemoryUsedMB))
    return { record: { kind: 'unreadable' } };
  const report: InvocationReport = {
    durationMs,
    billedDurationMs,
    memorySizeMB,
    maxMemoryUsedMB,
    timeText: buf.toString('latin1', start, cut),
  };
  if (!Number.isNaN(initDurationMs)) report.initDurationMs = initDurationMs;
  if (!Number.isNaN(restoreDurationMs)) report.restoreDurationMs = restoreDurationMs;
  const record: LogRecord = { kind: 'report', report };
  return known.functionName === undefined ? { record } : { record, functionName: known.functionName };
}
