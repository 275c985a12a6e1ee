import type { LogRecord } from './records.js';
import type { InvocationReport } from './stats.js';

export const REPORT_ID = Buffer.from('REPORT RequestId: ');
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

export function bytesAt(buf: Buffer, pos: number, end: number, needle: Buffer): boolean {
  if (pos + needle.length > end) return false;
  for (let i = 0; i < needle.length; i++) if (buf[pos + i] !== needle[i]) return false;
  return true;
}

/** Where the last numberAt stopped (a module variable: no result object for every field of every REPORT). */
let numberEnd = 0;

/** A decimal number at buf[from…], NaN when there is none; its end in numberEnd. */
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
 * The tab-separated REPORT Lambda writes, from `REPORT RequestId:` at buf[at] to `end`, read from
 * its bytes. Undefined for another shape (spaces from a console copy, a Status field): the general
 * parser reads those. The request ID is left out: only timeouts need it, and they carry a Status.
 */
export function reportFields(buf: Buffer, at: number, end: number): LogRecord | undefined {
  if (!bytesAt(buf, at, end, REPORT_ID)) return undefined;
  let pos = buf.indexOf(9, at + REPORT_ID.length);
  if (pos === -1 || pos >= end) return undefined;
  pos++;
  const values = [NaN, NaN, NaN, NaN, NaN, NaN];
  let next = 0;
  while (pos < end) {
    if (buf[pos] === 10 || buf[pos] === 13) break;
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
    if (Number.isNaN(value) || !bytesAt(buf, numberEnd, end, UNITS[field]!)) return { kind: 'unreadable' };
    values[field] = value;
    pos = numberEnd + UNITS[field]!.length;
    next = field + 1;
    if (buf[pos] === 9) pos++;
    else if (pos < end) return undefined;
  }
  const [durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB, initDurationMs, restoreDurationMs] =
    values as [number, number, number, number, number, number];
  if (Number.isNaN(durationMs + billedDurationMs + memorySizeMB + maxMemoryUsedMB))
    return { kind: 'unreadable' };
  const report: InvocationReport = { durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB };
  if (!Number.isNaN(initDurationMs)) report.initDurationMs = initDurationMs;
  if (!Number.isNaN(restoreDurationMs)) report.restoreDurationMs = restoreDurationMs;
  return { kind: 'report', report };
}
