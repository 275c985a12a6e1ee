/** Where a log record was read: input display name and 1-based line. */
export interface LogPosition {
  file: string;
  line: number;
}

/** One invocation's REPORT (plain text, JSON log format, Insights CSV: all end up here). */
export interface InvocationReport {
  durationMs: number;
  billedDurationMs?: number;
  memorySizeMB?: number;
  maxMemoryUsedMB?: number;
  initDurationMs?: number;
  restoreDurationMs?: number;
  /** `Status:` of newer REPORT lines / the JSON record's status: success, error, timeout … */
  status?: string;
  errorType?: string;
  requestId?: string;
  /** Epoch milliseconds, when the line carried a timestamp. */
  time?: number;
  /** The line's timestamp as written, parsed only when needed (plain text: most REPORT lines need no time). */
  timeText?: string;
}

import { parseTimestamp } from './records.js';

/** Values kept for exact percentiles; past this many per series a uniform reservoir sample is kept (documented). */
export const EXACT_VALUES_CAP = 4_000_000;
/** Cold starts kept for the HTML timeline. */
const TIMELINE_CAP = 20_000;

/** A growable list of numbers: exact until the cap, then a uniform reservoir sample (Algorithm R). */
export class ValueSeries {
  private values = new Float64Array(64);
  private stored = 0;
  count = 0;
  max = -Infinity;
  sum = 0;
  private seed = 0x9e3779b9;

  constructor(private readonly cap = EXACT_VALUES_CAP) {}

  add(value: number): void {
    this.count++;
    this.sum += value;
    if (value > this.max) this.max = value;
    if (this.stored < this.cap) {
      if (this.stored === this.values.length) {
        const grown = new Float64Array(Math.min(this.cap, this.values.length * 2));
        grown.set(this.values);
        this.values = grown;
      }
      this.values[this.stored++] = value;
      return;
    }
    const slot = Math.floor(this.random() * this.count);
    if (slot < this.cap) this.values[slot] = value;
  }

  /** True when every value was kept (percentiles are exact). */
  get exact(): boolean {
    return this.count === this.stored;
  }

  /** The stored values, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.values.slice(0, this.stored).sort();
  }

  private random(): number {
    // xorshift32: deterministic, so two runs on the same input print the same figures.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 0x1_0000_0000;
  }
}

/** Nearest-rank percentile of ascending `sorted`: the smallest value with at least p% of values at or below it. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface Distribution {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** False when the series passed EXACT_VALUES_CAP and percentiles come from a reservoir sample. */
  exact: boolean;
}

function distribution(series: ValueSeries): { summary: Distribution; sorted: Float64Array } {
  const sorted = series.sorted();
  const pick = (p: number) => nearestRank(sorted, p) ?? null;
  return {
    summary: {
      count: series.count,
      p50: pick(50),
      p95: pick(95),
      p99: pick(99),
      max: series.count ? series.max : null,
      exact: series.exact,
    },
    sorted,
  };
}

/** A cold start on the timeline: when, how long its init (or restore) took, which kind. */
export interface ColdStartPoint {
  time: number;
  ms: number;
  kind: 'init' | 'restore';
}

/** Evidence lines a finding can point at when no template is given. */
export interface Evidence {
  firstReport?: LogPosition;
  firstTimeout?: LogPosition;
  maxMemory?: LogPosition;
  maxDuration?: LogPosition;
  slowestInit?: LogPosition;
}

/** Everything read about one function. */
export class FunctionAccumulator {
  readonly duration = new ValueSeries();
  readonly billed = new ValueSeries();
  readonly init = new ValueSeries();
  readonly restore = new ValueSeries();
  readonly memoryUsed = new ValueSeries();
  /** Memory Size values seen (a function reconfigured during the window shows several). */
  readonly memorySizes = new Map<number, number>();
  readonly errorTypes = new Map<string, number>();
  readonly timedOutRequests = new Set<string>();
  timeoutsWithoutId = 0;
  /** Seconds from `Task timed out after N seconds`: the configured timeout, as Lambda states it. */
  observedTimeoutSeconds: number | undefined;
  errors = 0;
  initFailures = 0;
  restoreFailures = 0;
  readonly timeline: ColdStartPoint[] = [];
  timelineDropped = 0;
  firstTime = Infinity;
  lastTime = -Infinity;
  /** Timestamp text of the first and latest REPORT read (plain text), parsed in summary(). */
  private firstText: string | undefined;
  private lastText: string | undefined;
  readonly evidence: Evidence = {};

  constructor(readonly name: string) {}

  /** `file` and `line` apart: a position object is made only when it becomes evidence. */
  addReport(report: InvocationReport, file: string, line: number): void {
    this.evidence.firstReport ??= { file, line };
    if (report.durationMs >= this.duration.max) this.evidence.maxDuration = { file, line };
    this.duration.add(report.durationMs);
    if (report.billedDurationMs !== undefined) this.billed.add(report.billedDurationMs);
    if (report.maxMemoryUsedMB !== undefined) {
      if (report.maxMemoryUsedMB > this.memoryUsed.max) this.evidence.maxMemory = { file, line };
      this.memoryUsed.add(report.maxMemoryUsedMB);
    }
    if (report.memorySizeMB !== undefined)
      this.memorySizes.set(report.memorySizeMB, (this.memorySizes.get(report.memorySizeMB) ?? 0) + 1);
    if (report.timeText !== undefined) {
      this.firstText ??= report.timeText;
      this.lastText = report.timeText;
      if (report.initDurationMs !== undefined || report.restoreDurationMs !== undefined)
        report.time ??= parseTimestamp(report.timeText);
    } else if (report.time !== undefined) {
      if (report.time < this.firstTime) this.firstTime = report.time;
      if (report.time > this.lastTime) this.lastTime = report.time;
    }
    if (report.initDurationMs !== undefined) {
      if (report.initDurationMs > this.init.max) this.evidence.slowestInit = { file, line };
      this.init.add(report.initDurationMs);
      this.addColdStart(report.time, report.initDurationMs, 'init');
    }
    if (report.restoreDurationMs !== undefined) {
      this.restore.add(report.restoreDurationMs);
      this.addColdStart(report.time, report.restoreDurationMs, 'restore');
    }
    const status = report.status?.toLowerCase();
    if (status === 'timeout') this.addTimeout(report.requestId, undefined, { file, line });
    else if (status === 'error' || status === 'failure') {
      this.errors++;
      const type = report.errorType ?? 'unknown';
      this.errorTypes.set(type, (this.errorTypes.get(type) ?? 0) + 1);
    }
  }

  addTimeout(requestId: string | undefined, seconds: number | undefined, at: LogPosition): void {
    this.evidence.firstTimeout ??= at;
    if (seconds !== undefined)
      this.observedTimeoutSeconds = Math.max(this.observedTimeoutSeconds ?? 0, seconds);
    if (requestId) this.timedOutRequests.add(requestId);
    else this.timeoutsWithoutId++;
  }

  private addColdStart(time: number | undefined, ms: number, kind: 'init' | 'restore'): void {
    if (time === undefined) return;
    if (this.timeline.length < TIMELINE_CAP) this.timeline.push({ time, ms, kind });
    else this.timelineDropped++;
  }

  get timeouts(): number {
    return this.timedOutRequests.size + this.timeoutsWithoutId;
  }

  summary(): FunctionStats {
    for (const text of [this.firstText, this.lastText]) {
      const time = text === undefined ? undefined : parseTimestamp(text);
      if (time === undefined) continue;
      this.firstTime = Math.min(this.firstTime, time);
      this.lastTime = Math.max(this.lastTime, time);
    }
    const duration = distribution(this.duration);
    const init = distribution(this.init);
    const restore = distribution(this.restore);
    const memory = distribution(this.memoryUsed);
    const billed = distribution(this.billed);
    const invocations = this.duration.count;
    const sizes = [...this.memorySizes.keys()].sort((a, b) => a - b);
    return {
      name: this.name,
      invocations,
      coldStarts: this.init.count,
      coldStartRate: invocations ? this.init.count / invocations : 0,
      restores: this.restore.count,
      restoreRate: invocations ? this.restore.count / invocations : 0,
      initDurationMs: pick(init.summary, ['count', 'p50', 'p95', 'max', 'exact']),
      restoreDurationMs: pick(restore.summary, ['count', 'p50', 'p95', 'max', 'exact']),
      durationMs: duration.summary,
      billedDurationMs: { ...billed.summary, total: this.billed.sum },
      memorySizeMB: sizes.length ? sizes[sizes.length - 1]! : null,
      memorySizesMB: sizes,
      maxMemoryUsedMB: pick(memory.summary, ['count', 'p50', 'p99', 'max', 'exact']),
      timeouts: this.timeouts,
      observedTimeoutSeconds: this.observedTimeoutSeconds ?? null,
      errors: this.errors,
      errorTypes: Object.fromEntries([...this.errorTypes].sort((a, b) => b[1] - a[1])),
      initFailures: this.initFailures,
      restoreFailures: this.restoreFailures,
      firstTime: Number.isFinite(this.firstTime) ? this.firstTime : null,
      lastTime: Number.isFinite(this.lastTime) ? this.lastTime : null,
      histograms: {
        initDurationMs: histogram(init.sorted),
        durationMs: histogram(duration.sorted),
      },
      timeline: this.timeline,
    };
  }
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}

/** Per-function figures; every figure is a number (or null when there is no value to show). */
export interface FunctionStats {
  name: string;
  invocations: number;
  coldStarts: number;
  coldStartRate: number;
  restores: number;
  restoreRate: number;
  initDurationMs: Pick<Distribution, 'count' | 'p50' | 'p95' | 'max' | 'exact'>;
  restoreDurationMs: Pick<Distribution, 'count' | 'p50' | 'p95' | 'max' | 'exact'>;
  durationMs: Distribution;
  billedDurationMs: Distribution & { total: number };
  /** The largest Memory Size seen. */
  memorySizeMB: number | null;
  memorySizesMB: number[];
  maxMemoryUsedMB: Pick<Distribution, 'count' | 'p50' | 'p99' | 'max' | 'exact'>;
  timeouts: number;
  observedTimeoutSeconds: number | null;
  errors: number;
  errorTypes: Record<string, number>;
  initFailures: number;
  restoreFailures: number;
  firstTime: number | null;
  lastTime: number | null;
  histograms: { initDurationMs: Histogram; durationMs: Histogram };
  timeline: ColdStartPoint[];
}

/** Equal-width bins from 0 to the max: `counts[i]` values fall in [i·width, (i+1)·width). */
export interface Histogram {
  width: number;
  counts: number[];
}

const HISTOGRAM_BINS = 30;

function histogram(sorted: Float64Array): Histogram {
  if (sorted.length === 0) return { width: 0, counts: [] };
  const max = sorted[sorted.length - 1]!;
  const width = max > 0 ? niceWidth(max / HISTOGRAM_BINS) : 1;
  const counts = new Array<number>(Math.floor(max / width) + 1).fill(0);
  for (const v of sorted) counts[Math.floor(v / width)]!++;
  return { width, counts };
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceWidth(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (step * power >= raw) return step * power;
  return 10 * power;
}
