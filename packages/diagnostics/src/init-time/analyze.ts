import { runRules, type ConfigView, type Finding, type SummaryTable } from '@lambda-lint/core';
import initNetworkCall from './rules/init-network-call.js';
import initTimeBudget from './rules/init-time-budget.js';
import { measureInitTime, type InitMeasurement } from './measure.js';
import { initTimeTargets } from './targets.js';

export interface InitTimeModel {
  functions: InitMeasurement[];
}

export const initTimeRules = [initTimeBudget, initNetworkCall] as const;

/** What local timing cannot tell; printed with every result and in docs/diagnostics.md. */
export const INIT_TIME_CAVEAT =
  'Local timing of module loading only: Lambda gives a function CPU in proportion to its memory (about one vCPU at 1,769 MB), so small functions initialise slower there; the runtime’s own start-up, the download of the package and extensions are not included. Compare with the Init Duration of `lambda-lint logs` for the same function: a gap the modules listed here do not explain is outside your code.';

export interface InitTimeOptions {
  input: string;
  cwd: string;
  runs: number;
  timeoutMs?: number;
  config: ConfigView;
}

export interface InitTimeAnalysis {
  measurements: InitMeasurement[];
  findings: Finding[];
  skipped: string[];
}

/** Measures every Node.js function of the input and runs the init-time rules. */
export async function analyzeInitTime(options: InitTimeOptions): Promise<InitTimeAnalysis> {
  const { targets, skipped } = await initTimeTargets(options.input, options.cwd);
  const measurements: InitMeasurement[] = [];
  for (const target of targets) {
    measurements.push(
      await measureInitTime(target, {
        runs: options.runs,
        timeoutMs: options.timeoutMs ?? 10_000,
        cwd: options.cwd,
      }),
    );
  }
  const findings = runRules(
    initTimeRules,
    { functions: measurements },
    targets[0]?.at.file ?? options.input,
    options.config,
  );
  return { measurements, findings, skipped };
}

const ms = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} ms`);

/** The stylish table: per function, the timings then the costliest modules. */
export function initTimeTables(measurements: readonly InitMeasurement[]): SummaryTable[] {
  return measurements.map((m) => {
    const rows: string[][] = [
      [
        'median',
        ms(m.medianMs),
        `p95 ${ms(m.p95Ms)} · min ${ms(m.minMs)} · max ${ms(m.maxMs)} · ${m.measured}/${m.runs} runs`,
      ],
    ];
    if (m.buildError) rows.push(['build failed', m.buildError, '']);
    for (const f of m.failures.slice(0, 3)) rows.push([`run ${f.run} failed`, f.message, '']);
    const modules = m.modules.filter((mod) => mod.medianMs >= 0.05).slice(0, 8);
    for (const mod of modules) rows.push(['module', ms(mod.medianMs), mod.name]);
    if (!m.attributed)
      rows.push(['modules', 'not attributed', 'a minified or non-esbuild bundle: totals only']);
    for (const a of m.attempts)
      rows.push(['network (blocked)', `${a.api} ${a.target}`, a.at ? `${a.at.file}:${a.at.line}` : '']);
    return { title: `${m.target.name} — module initialisation`, columns: ['', 'value', 'detail'], rows };
  });
}
