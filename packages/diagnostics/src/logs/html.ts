import type { FunctionStats, Histogram } from './stats.js';

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const W = 560;
const H = 160;
const PAD = { left: 48, right: 12, top: 10, bottom: 28 };

/** One histogram as an SVG bar chart; each bar's title gives its range and count. */
function histogramSvg(label: string, h: Histogram, kind: string): string {
  if (h.counts.length === 0) return `<p class="empty">No ${escape(label)} values.</p>`;
  const max = Math.max(...h.counts);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const barW = innerW / h.counts.length;
  const bars = h.counts
    .map((count, i) => {
      if (count === 0) return '';
      const bh = (count / max) * innerH;
      const x = PAD.left + i * barW;
      const y = PAD.top + innerH - bh;
      const from = i * h.width;
      return `<rect class="bar" data-kind="${kind}" data-count="${count}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, barW - 1).toFixed(1)}" height="${bh.toFixed(1)}"><title>${from}–${from + h.width} ms: ${count}</title></rect>`;
    })
    .join('');
  const top = PAD.top + innerH;
  const axisEnd = h.counts.length * h.width;
  return `<figure><figcaption>${escape(label)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escape(label)}">
<line x1="${PAD.left}" y1="${top}" x2="${W - PAD.right}" y2="${top}" class="axis"/>
<text x="${PAD.left}" y="${H - 8}" class="tick">0 ms</text><text x="${W - PAD.right}" y="${H - 8}" class="tick" text-anchor="end">${axisEnd} ms</text>
<text x="${PAD.left - 6}" y="${PAD.top + 10}" class="tick" text-anchor="end">${max}</text>
${bars}</svg></figure>`;
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];

/** Every function's cold starts over time: x is when, y how long the init (or restore) took. */
function timelineSvg(functions: readonly FunctionStats[]): string {
  const points = functions.flatMap((f, i) =>
    f.timeline.map((p) => ({ ...p, fn: f.name, color: COLORS[i % COLORS.length]! })),
  );
  if (points.length === 0) return '<p class="empty">No cold starts with timestamps in the input.</p>';
  let t0 = Infinity;
  let t1 = -Infinity;
  let maxMs = 0;
  for (const p of points) {
    t0 = Math.min(t0, p.time);
    t1 = Math.max(t1, p.time);
    maxMs = Math.max(maxMs, p.ms);
  }
  const width = 900;
  const height = 220;
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const span = t1 - t0 || 1;
  const dots = points
    .map((p) => {
      const x = PAD.left + ((p.time - t0) / span) * innerW;
      const y = PAD.top + innerH - (maxMs ? (p.ms / maxMs) * innerH : 0);
      return `<circle class="cold-start" data-function="${escape(p.fn)}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${p.color}"${p.kind === 'restore' ? ' fill-opacity="0.4"' : ''}><title>${escape(p.fn)} ${new Date(p.time).toISOString()}: ${p.kind} ${p.ms} ms</title></circle>`;
    })
    .join('');
  const legend = functions
    .filter((f) => f.timeline.length > 0)
    .map(
      (f) =>
        `<span class="key"><i style="background:${COLORS[functions.indexOf(f) % COLORS.length]}"></i>${escape(f.name)}</span>`,
    )
    .join(' ');
  return `<div class="legend">${legend}</div><svg id="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Cold starts over time">
<line x1="${PAD.left}" y1="${PAD.top + innerH}" x2="${width - PAD.right}" y2="${PAD.top + innerH}" class="axis"/>
<text x="${PAD.left}" y="${height - 8}" class="tick">${new Date(t0).toISOString()}</text>
<text x="${width - PAD.right}" y="${height - 8}" class="tick" text-anchor="end">${new Date(t1).toISOString()}</text>
<text x="${PAD.left - 6}" y="${PAD.top + 10}" class="tick" text-anchor="end">${Math.round(maxMs)} ms</text>
${dots}</svg>`;
}

const fmt = (v: number | null, digits = 0) => (v === null ? '–' : v.toFixed(digits));

/** A self-contained page (inline CSS and SVG, no script, no network) with the per-function figures. */
export function renderLogsReport(functions: readonly FunctionStats[], skippedLines: number): string {
  const sections = functions
    .map(
      (s) => `<section class="function" data-function="${escape(s.name)}">
<h2>${escape(s.name)}</h2>
<table><tbody>
<tr><th>invocations</th><td class="invocations">${s.invocations}</td></tr>
<tr><th>cold starts</th><td class="cold-starts">${s.coldStarts} (${(s.coldStartRate * 100).toFixed(1)}%)</td></tr>
<tr><th>init p50 / p95 / max</th><td>${fmt(s.initDurationMs.p50)} / ${fmt(s.initDurationMs.p95)} / ${fmt(s.initDurationMs.max)} ms</td></tr>
${s.restores ? `<tr><th>SnapStart restores</th><td>${s.restores} (${(s.restoreRate * 100).toFixed(1)}%), p50 ${fmt(s.restoreDurationMs.p50)} / p95 ${fmt(s.restoreDurationMs.p95)} ms</td></tr>\n` : ''}<tr><th>duration p50 / p95 / p99 / max</th><td>${fmt(s.durationMs.p50, 1)} / ${fmt(s.durationMs.p95, 1)} / ${fmt(s.durationMs.p99, 1)} / ${fmt(s.durationMs.max, 1)} ms</td></tr>
<tr><th>memory</th><td>${s.memorySizesMB.join('/') || '–'} MB configured, max used p99 ${fmt(s.maxMemoryUsedMB.p99)} / max ${fmt(s.maxMemoryUsedMB.max)} MB</td></tr>
<tr><th>timeouts / errors</th><td>${s.timeouts} / ${s.errors}</td></tr>
</tbody></table>
<div class="charts">${histogramSvg('Init duration', s.histograms.initDurationMs, 'init')}${histogramSvg('Duration', s.histograms.durationMs, 'duration')}</div>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lambda-lint logs</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#111}
h1{font-size:20px}h2{font-size:16px;margin:24px 0 8px}
table{border-collapse:collapse}th{text-align:left;font-weight:500;color:#555;padding:2px 16px 2px 0}td{font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:8px 0}figcaption{color:#555}
.bar{fill:#2563eb}.bar[data-kind=init]{fill:#ea580c}.axis{stroke:#999}.tick{font-size:10px;fill:#555}
.legend{margin:4px 0}.key i{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:4px}
.empty{color:#777}
</style></head><body>
<h1>Lambda logs: ${functions.length} function${functions.length === 1 ? '' : 's'}</h1>
<p id="summary">${functions.reduce((n, f) => n + f.invocations, 0)} invocations, ${functions.reduce((n, f) => n + f.coldStarts, 0)} cold starts${skippedLines ? `, skipped ${skippedLines} unreadable line${skippedLines === 1 ? '' : 's'}` : ''}. Percentiles are nearest-rank.</p>
<h2>Cold starts over time</h2>
${timelineSvg(functions)}
${sections}
</body></html>
`;
}
