import { restOfPrefix, type ParsedLine, type Prefix } from './records.js';
import { reportFields } from './report-fields.js';

/** The prefix after the timestamp, as bytes, and what it said: consecutive lines of a stream repeat it. */
let lastRest: Buffer | undefined;
let lastKnown: Prefix | null = null;

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
  let cut = start;
  while (cut < hit && buf[cut]! > 32) cut++;
  if (cut - start < 19 || buf[start + 4] !== 45 || buf[start + 7] !== 45 || buf[start + 13] !== 58)
    return undefined;
  if (hit > start && buf[hit - 1]! > 32) return undefined;
  const record = reportFields(buf, hit, end);
  if (!record) return undefined;
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
  if (record.kind === 'report') record.report.timeText = buf.toString('latin1', start, cut);
  return known.functionName === undefined ? { record } : { record, functionName: known.functionName };
}
