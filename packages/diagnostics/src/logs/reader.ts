import { isUtf8 } from 'node:buffer';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parseLogLine, parseTimestamp, type LogRecord, type ParsedLine } from './records.js';
import { parseReportBytes } from './report-bytes.js';
import { FunctionAccumulator, type LogPosition } from './stats.js';

/** Longer lines are skipped (and counted) without being kept in memory. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** The name of a function whose log group the input does not say. */
export const UNKNOWN_FUNCTION = '(unknown)';

/** One log source: a file (plain or gzip) or standard input. */
export interface LogInput {
  /** Shown in findings and messages: the relative path, or `<stdin>`. */
  display: string;
  open(): Readable;
  /** Function of lines that name no log group (from a `/aws/lambda/<name>` path). */
  defaultFunction?: string;
}

export interface SkippedLines {
  count: number;
  /** The first few, for the message: where and why. */
  examples: { at: LogPosition; reason: string }[];
}

/** Everything read from the inputs, per function. */
export interface LogCollection {
  functions: Map<string, FunctionAccumulator>;
  skipped: SkippedLines;
  /** Inputs that could not be read at all or stopped early (corrupt gzip), with why. */
  inputErrors: { file: string; message: string }[];
  inputs: number;
  bytes: number;
  /** Platform records recognised (REPORT, START, INIT_REPORT …), for "nothing found" messages. */
  records: number;
}

export interface CollectOptions {
  /** Only this function (log group `/aws/lambda/<name>` or plain name); it also names lines without a group. */
  functionName?: string;
}

/** Files of a directory, recursively, in name order (an S3 export is a tree of `000000.gz`). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** `/aws/lambda/orders` in a path (exports saved per log group) names the function. */
function functionFromPath(file: string): string | undefined {
  const m = /(?:^|[\\/])aws[\\/]lambda[\\/]([^\\/]+)/.exec(file);
  return m?.[1];
}

/** The inputs behind the command line's paths: files, directories of files, `-` for standard input. */
export function logInputs(paths: readonly string[], cwd: string, stdin: () => Readable): LogInput[] {
  const inputs: LogInput[] = [];
  for (const p of paths) {
    if (p === '-') {
      inputs.push({ display: '<stdin>', open: stdin });
      continue;
    }
    const abs = path.resolve(cwd, p);
    const files = statSync(abs).isDirectory() ? filesUnder(abs) : [abs];
    for (const file of files) {
      const rel = path.relative(cwd, file);
      const display = rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : file;
      const fn = functionFromPath(path.relative(abs, file) || file) ?? functionFromPath(file);
      inputs.push({
        display,
        open: () => createReadStream(file, { highWaterMark: 1024 * 1024 }),
        ...(fn !== undefined && { defaultFunction: fn }),
      });
    }
  }
  return inputs;
}

/** Plain bytes of a stream, gunzipped when it starts with the gzip magic number (S3 exports). */
async function* decoded(stream: Readable, onError: (message: string) => void): AsyncGenerator<Buffer> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  if (first.done) return;
  const head = first.value;
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    return;
  }
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })(),
  );
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  const done = pipeline(rest, createGunzip(), out).catch((error: unknown) => {
    onError(`the gzip data is corrupt (${(error as Error).message}); the lines before the damage were read`);
    out.end();
  });
  for await (const chunk of out) yield chunk as Buffer;
  await done;
}

/**
 * What makes a line worth decoding. Buffer#indexOf scans for the first byte, so each needle starts
 * with a rare one: `k timed out` finds "Task timed out", `form.` finds "platform." records.
 */
const CANDIDATES = [Buffer.from('REPORT'), Buffer.from('k timed out'), Buffer.from('form.')];

type Mode = 'text' | 'csv' | 'json-document';

/** Reads every input once, streaming, and accumulates per function. */
export async function collectLogs(
  inputs: readonly LogInput[],
  options: CollectOptions = {},
): Promise<LogCollection> {
  const collection: LogCollection = {
    functions: new Map(),
    skipped: { count: 0, examples: [] },
    inputErrors: [],
    inputs: inputs.length,
    bytes: 0,
    records: 0,
  };
  const wanted = options.functionName?.replace(/^\/aws\/lambda\//, '');
  const accumulator = (name: string): FunctionAccumulator | undefined => {
    if (wanted !== undefined && name !== wanted) return undefined;
    let acc = collection.functions.get(name);
    if (!acc) collection.functions.set(name, (acc = new FunctionAccumulator(name)));
    return acc;
  };
  for (const input of inputs) {
    const fallback = input.defaultFunction ?? wanted ?? UNKNOWN_FUNCTION;
    const skip = (line: number, reason: string) => {
      collection.skipped.count++;
      if (collection.skipped.examples.length < 5)
        collection.skipped.examples.push({ at: { file: input.display, line }, reason });
    };
    const apply = (parsed: ParsedLine, line: number, groupHint?: string) => {
      if (parsed.record.kind === 'unreadable') return skip(line, 'a cut-off or garbled platform line');
      collection.records++;
      const acc = accumulator(parsed.functionName ?? groupHint ?? fallback);
      if (acc) addRecord(acc, parsed.record, input.display, line, parsed.time);
    };
    const reader = new InputReader(apply, skip);
    let stream: Readable;
    try {
      stream = input.open();
    } catch (error) {
      collection.inputErrors.push({ file: input.display, message: (error as Error).message });
      continue;
    }
    try {
      for await (const chunk of decoded(stream, (message) =>
        collection.inputErrors.push({ file: input.display, message }),
      )) {
        collection.bytes += chunk.length;
        reader.push(chunk);
      }
    } catch (error) {
      collection.inputErrors.push({
        file: input.display,
        message: `reading stopped: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
    }
    reader.end();
  }
  return collection;
}

function addRecord(
  acc: FunctionAccumulator,
  record: LogRecord,
  file: string,
  line: number,
  time?: number,
): void {
  switch (record.kind) {
    case 'report':
      if (record.report.time === undefined && time !== undefined) record.report.time = time;
      acc.addReport(record.report, file, line);
      break;
    case 'timeout':
      acc.addTimeout(record.requestId, record.seconds, { file, line });
      break;
    case 'init-failure':
      acc.initFailures++;
      if (record.status === 'timeout') acc.addTimeout(undefined, undefined, { file, line });
      break;
    case 'restore-failure':
      acc.restoreFailures++;
      break;
    default:
      break;
  }
}

/**
 * Splits one input into lines and hands the interesting ones on. Plain text takes a fast path:
 * only lines containing a marker (REPORT, `Task timed out`, `platform.`) are decoded at all.
 */
class InputReader {
  private carry: Buffer | undefined;
  /** Inside a line longer than MAX_LINE_BYTES: drop bytes until its end. */
  private discarding = false;
  private line = 0;
  private mode: Mode | undefined;
  private csv: CsvState | undefined;
  private json: { time?: number; group?: string } = {};

  constructor(
    private readonly apply: (parsed: ParsedLine, line: number, groupHint?: string) => void,
    private readonly skip: (line: number, reason: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.discarding) {
      const nl = chunk.indexOf(10);
      if (nl === -1) return;
      this.discarding = false;
      start = nl + 1;
    } else if (this.carry) {
      // Only the line that spans the two chunks is copied.
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.keep(Buffer.concat([this.carry, chunk]), 0);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, nl + 1)]);
      this.carry = undefined;
      if (joined.length - 1 > MAX_LINE_BYTES) {
        this.line++;
        this.skip(this.line, `a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
      } else this.lines(joined, 0, joined.length);
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last < start) {
      this.keep(chunk, start);
      return;
    }
    this.lines(chunk, start, last + 1);
    if (last + 1 < chunk.length) this.keep(chunk, last + 1);
  }

  end(): void {
    if (this.carry && this.carry.length > 0) {
      const rest = this.carry;
      this.carry = undefined;
      this.lines(Buffer.concat([rest, Buffer.from('\n')]), 0, rest.length + 1);
    }
    if (this.csv?.pending) this.skip(this.line, 'a CSV record whose quotes never close');
  }

  private keep(buf: Buffer, from: number): void {
    if (buf.length - from > MAX_LINE_BYTES) {
      this.line++;
      this.skip(this.line, `a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
      this.discarding = true;
      return;
    }
    this.carry = Buffer.from(buf.subarray(from));
  }

  /** Complete lines of buf[from, to): `to` is just past a newline. */
  private lines(buf: Buffer, from: number, to: number): void {
    if (this.mode === undefined) this.mode = detectMode(buf, from, to);
    const clean = buf.indexOf(0, from) === -1 || buf.indexOf(0, from) >= to;
    if (this.mode === 'text' && clean && isUtf8(buf.subarray(from, to))) return this.fastLines(buf, from, to);
    for (let start = from; start < to;) {
      const nl = buf.indexOf(10, start);
      this.line++;
      this.slowLine(buf, start, nl);
      start = nl + 1;
    }
  }

  private fastLines(buf: Buffer, from: number, to: number): void {
    const hits: number[] = [];
    for (const marker of CANDIDATES) {
      for (let i = buf.indexOf(marker, from); i !== -1 && i < to; i = buf.indexOf(marker, i + marker.length))
        hits.push(i);
    }
    hits.sort((a, b) => a - b);
    let h = 0;
    for (let start = from; start < to;) {
      const nl = buf.indexOf(10, start);
      this.line++;
      if (h < hits.length && hits[h]! < nl) {
        this.textLine(buf, start, nl, hits[h]!);
        while (h < hits.length && hits[h]! < nl) h++;
      }
      start = nl + 1;
      // No marker left in this chunk: count the remaining lines without looking at them.
      if (h === hits.length) {
        for (let i = buf.indexOf(10, start); i !== -1 && i < to; i = buf.indexOf(10, i + 1)) this.line++;
        return;
      }
    }
  }

  private textLine(buf: Buffer, start: number, end: number, hit: number): void {
    if (end > start && buf[end - 1] === 13) end--;
    if (end - start > MAX_LINE_BYTES) return this.skip(this.line, `a line longer than 1 MiB`);
    const parsed = parseReportBytes(buf, start, end, hit);
    if (parsed) return this.apply(parsed, this.line);
    this.textMessage(buf.toString('utf8', start, end));
  }

  private textMessage(text: string): void {
    const line = parseLogLine(text);
    if (line) this.apply(line, this.line);
    else if (text.startsWith('{') && text.includes('"message"')) this.jsonEvent(text);
  }

  /** One log event as a JSON line (`aws logs tail --format json`, jq output): its message is the log line. */
  private jsonEvent(text: string): void {
    let event: { message?: unknown; timestamp?: unknown; logGroupName?: unknown };
    try {
      event = JSON.parse(text) as typeof event;
    } catch {
      return;
    }
    if (typeof event.message !== 'string') return;
    const time =
      typeof event.timestamp === 'number'
        ? event.timestamp
        : typeof event.timestamp === 'string'
          ? parseTimestamp(event.timestamp)
          : undefined;
    this.message(
      event.message,
      time,
      typeof event.logGroupName === 'string' ? event.logGroupName : undefined,
    );
  }

  private slowLine(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === 13) end--;
    const bytes = buf.subarray(start, end);
    if (bytes.indexOf(0) !== -1 || !isUtf8(bytes))
      return this.skip(this.line, 'binary data (not UTF-8 text)');
    const text = bytes.toString('utf8');
    if (this.mode === 'csv') return this.csvLine(text);
    if (this.mode === 'json-document') return this.jsonLine(text);
    this.textMessage(text);
  }

  /** `aws logs filter-log-events` / `get-log-events` output, pretty-printed (one field a line) or compact. */
  private jsonLine(text: string): void {
    const trimmed = text.trim();
    const field = /^"(message|timestamp|logGroupName)"\s*:\s*(.*?),?$/.exec(trimmed);
    if (field) {
      let value: unknown;
      try {
        value = JSON.parse(field[2]!);
      } catch {
        return this.skip(this.line, 'a JSON field that is cut off');
      }
      if (field[1] === 'timestamp' && typeof value === 'number') this.json.time = value;
      else if (field[1] === 'logGroupName' && typeof value === 'string') this.json.group = value;
      else if (field[1] === 'message' && typeof value === 'string')
        this.message(value, this.json.time, this.json.group);
      return;
    }
    if (trimmed.startsWith('{') && trimmed.includes('"events"')) {
      let doc: { events?: { message?: unknown; timestamp?: unknown; logGroupName?: unknown }[] } | unknown[];
      try {
        doc = JSON.parse(trimmed) as typeof doc;
      } catch {
        return this.skip(this.line, 'a JSON document that is cut off');
      }
      const events = Array.isArray(doc) ? doc : (doc.events ?? []);
      for (const event of events as { message?: unknown; timestamp?: unknown; logGroupName?: unknown }[]) {
        if (typeof event?.message !== 'string') continue;
        this.message(
          event.message,
          typeof event.timestamp === 'number' ? event.timestamp : undefined,
          typeof event.logGroupName === 'string' ? event.logGroupName : undefined,
        );
      }
    }
  }

  /** One event's message (it may hold several lines: REPORT then its XRAY line). */
  private message(message: string, time: number | undefined, group: string | undefined): void {
    const groupName = group?.includes('/aws/lambda/')
      ? group.slice(group.indexOf('/aws/lambda/') + 12)
      : undefined;
    for (const part of message.split('\n')) {
      const parsed = parseLogLine(part.replace(/\r$/, ''));
      if (!parsed) continue;
      if (parsed.time === undefined && time !== undefined) {
        parsed.time = time;
        if (parsed.record.kind === 'report') parsed.record.report.time ??= time;
      }
      this.apply(parsed, this.line, groupName);
    }
  }

  /** CloudWatch Logs Insights "Download results as CSV": raw `@message` or parsed fields (`@duration` …). */
  private csvLine(text: string): void {
    if (!this.csv) {
      const columns = splitCsv(text).map((c) => c.trim().replace(/^@/, '').toLowerCase());
      this.csv = { columns, pending: undefined, startLine: this.line };
      return;
    }
    const csv = this.csv;
    const record = csv.pending === undefined ? text : `${csv.pending}\n${text}`;
    if (csv.pending === undefined) csv.startLine = this.line;
    if ((record.split('"').length - 1) % 2 === 1) {
      if (record.length > MAX_LINE_BYTES) {
        csv.pending = undefined;
        return this.skip(csv.startLine, 'a CSV record longer than 1 MiB');
      }
      csv.pending = record;
      return;
    }
    csv.pending = undefined;
    if (record.trim() === '') return;
    const cells = splitCsv(record);
    const cell = (name: string) => {
      const i = csv.columns.indexOf(name);
      return i === -1 ? undefined : cells[i];
    };
    const log = cell('log') ?? cell('loggroup');
    const group = log?.includes('/aws/lambda/') ? log.slice(log.indexOf('/aws/lambda/')) : undefined;
    const timestamp = cell('timestamp');
    const stamp = timestamp?.trim();
    // Insights prints `2024-05-01 10:00:04.000`; the console's CSV download, epoch milliseconds.
    const time =
      stamp === undefined ? undefined : /^\d{12,13}$/.test(stamp) ? Number(stamp) : parseTimestamp(stamp);
    const message = cell('message');
    if (message !== undefined) {
      const line = this.line;
      this.line = csv.startLine;
      this.message(message, time, group);
      this.line = line;
      return;
    }
    this.insightsFields(cell, time, group, csv.startLine);
  }

  /** A row of parsed REPORT fields; Insights gives memory in bytes (MB × 1000 × 1000). */
  private insightsFields(
    cell: (name: string) => string | undefined,
    time: number | undefined,
    group: string | undefined,
    line: number,
  ): void {
    const type = cell('type');
    if (type !== undefined && type !== '' && type !== 'REPORT') return;
    const raw = cell('duration');
    if (raw === undefined || raw === '') return;
    const num = (name: string): number | undefined | typeof NaN => {
      const v = cell(name)?.trim();
      if (v === undefined || v === '') return undefined;
      return /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    };
    // Insights stores REPORT megabytes × 1,000,000; exports that went through MiB arithmetic divide evenly by 2^20.
    const mb = (name: string) => {
      const v = num(name);
      if (v === undefined || !(v > 100_000)) return v;
      return v % 1_000_000 !== 0 && v % 1_048_576 === 0 ? v / 1_048_576 : v / 1_000_000;
    };
    const values = {
      durationMs: num('duration'),
      billedDurationMs: num('billedduration'),
      memorySizeMB: mb('memorysize'),
      maxMemoryUsedMB: mb('maxmemoryused'),
      initDurationMs: num('initduration'),
      restoreDurationMs: num('restoreduration'),
    };
    if (Object.values(values).some((v) => Number.isNaN(v)))
      return this.skip(line, 'a CSV row with a field that is not a number');
    const report = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as {
      durationMs: number;
    };
    const requestId = cell('requestid');
    const status = cell('status');
    const record: LogRecord = {
      kind: 'report',
      report: {
        ...report,
        ...(requestId && { requestId }),
        ...(status && { status }),
        ...(time !== undefined && { time }),
      },
    };
    const groupName = group?.slice('/aws/lambda/'.length);
    this.apply({ record, ...(time !== undefined && { time }) }, line, groupName);
  }
}

interface CsvState {
  columns: string[];
  pending: string | undefined;
  startLine: number;
}

/** Cells of one CSV record (RFC 4180 quoting: `""` is a quote inside a quoted cell). */
function splitCsv(record: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i]!;
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell.replace(/\r$/, ''));
  return cells;
}

/** Decided on an input's first line: an Insights CSV header, a JSON document, or log text. */
function detectMode(buf: Buffer, from: number, to: number): Mode {
  const nl = buf.indexOf(10, from);
  const first = buf
    .toString('utf8', from, Math.min(nl === -1 ? to : nl, from + 4096))
    .replace(/^\uFEFF/, '')
    .trim();
  // A CSV header: Insights names fields `@timestamp,@message`; the console's download says `timestamp,message`.
  if (/^"?@?\w+"?(,"?@?\w+"?)+$/.test(first) && /(^|[,"@])(message|duration)("|,|$)/.test(first))
    return 'csv';
  if (first === '{' || first === '[' || first.startsWith('{"events"') || first.startsWith('[{"')) {
    if (!first.includes('"platform.')) return 'json-document';
  }
  return 'text';
}
