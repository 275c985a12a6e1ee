import type { Subject } from '@lambda-lint/core';
import type { SizeGroup, SizeTree } from './size-tree.js';

/** What the treemap needs from a measured package; `BundleModel` satisfies it. */
export interface TreemapInput {
  subject: Subject;
  tree: SizeTree;
  runtime?: string;
  layers?: readonly SizeTree[];
}

/** One rectangle of the treemap, as embedded in the page (short keys keep 50,000-file packages small). */
export interface TreemapNode {
  /** Display name. */
  n: string;
  /** Uncompressed bytes. */
  s: number;
  /** function, own code, npm package, layer, directory or file. */
  k: 'fn' | 'own' | 'pkg' | 'sdk' | 'layer' | 'dir' | 'file';
  /** Package directory inside the bundle, shown as a tooltip to tell duplicates apart. */
  p?: string;
  c?: TreemapNode[];
}

export interface TreemapView {
  label: string;
  total: number;
  compressed?: number;
  runtime?: string;
  root: TreemapNode;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Squarified treemap layout (Bruls, Huizing, van Wijk 2000): lays `values` (sorted
 * from largest to smallest, all > 0) out in the rectangle so each area is proportional
 * to its value and rectangles stay close to squares. Returns one rect per value, same order.
 * Self-contained on purpose: its source is embedded verbatim in the HTML report.
 */
export function squarify(
  values: readonly number[],
  x: number,
  y: number,
  width: number,
  height: number,
): Rect[] {
  const rects: Rect[] = [];
  let total = 0;
  for (const value of values) total += value;
  if (!(total > 0) || !(width > 0) || !(height > 0)) {
    return values.map(() => ({ x, y, w: 0, h: 0 }));
  }
  const scale = (width * height) / total;
  let start = 0;
  while (start < values.length) {
    const side = Math.min(width, height);
    const largest = values[start] * scale;
    let end = start;
    let rowArea = 0;
    let bestWorst = Infinity;
    // Grow the row while adding the next value makes its worst aspect ratio no worse.
    while (end < values.length) {
      const area = values[end] * scale;
      const nextArea = rowArea + area;
      const worst = Math.max(
        (side * side * largest) / (nextArea * nextArea),
        (nextArea * nextArea) / (side * side * area),
      );
      if (end > start && worst > bestWorst) break;
      bestWorst = worst;
      rowArea = nextArea;
      end++;
    }
    const last = end === values.length;
    if (width >= height) {
      // Row is a column along the left edge.
      const thickness = last ? width : Math.min(width, rowArea / height);
      let cursor = y;
      for (let i = start; i < end; i++) {
        const h = i === end - 1 ? y + height - cursor : (values[i] * scale) / thickness;
        rects.push({ x, y: cursor, w: thickness, h: Math.max(0, h) });
        cursor += h;
      }
      x += thickness;
      width = Math.max(0, width - thickness);
    } else {
      const thickness = last ? height : Math.min(height, rowArea / width);
      let cursor = x;
      for (let i = start; i < end; i++) {
        const w = i === end - 1 ? x + width - cursor : (values[i] * scale) / thickness;
        rects.push({ x: cursor, y, w: Math.max(0, w), h: thickness });
        cursor += w;
      }
      y += thickness;
      height = Math.max(0, height - thickness);
    }
    start = end;
  }
  return rects;
}

const SDK_PACKAGE = /^(?:aws-sdk$|@aws-sdk\/|@smithy\/|@aws-crypto\/)/;

interface DirectoryBuilder {
  dirs: Map<string, DirectoryBuilder>;
  files: TreemapNode[];
}

/** Turns a package's flat file list into nested directories, so a big package can be zoomed into folder by folder. */
function filesToNodes(group: SizeGroup): TreemapNode[] {
  const root: DirectoryBuilder = { dirs: new Map(), files: [] };
  const prefix = group.kind === 'package' && group.path ? `${group.path}/` : '';
  for (const file of group.files) {
    const relative = prefix && file.path.startsWith(prefix) ? file.path.slice(prefix.length) : file.path;
    const segments = relative.split('/').filter((segment) => segment !== '');
    const fileName = segments.pop() ?? relative;
    let dir = root;
    for (const segment of segments) {
      let child = dir.dirs.get(segment);
      if (!child) {
        child = { dirs: new Map(), files: [] };
        dir.dirs.set(segment, child);
      }
      dir = child;
    }
    dir.files.push({ n: fileName, s: file.size, k: 'file' });
  }
  return directoryChildren(root);
}

function directoryChildren(dir: DirectoryBuilder): TreemapNode[] {
  const nodes: TreemapNode[] = [...dir.files];
  for (const [name, child] of dir.dirs) {
    let label = name;
    let current = child;
    // Collapse chains like lib/esm/commands into one rectangle: fewer clicks, same information.
    while (current.files.length === 0 && current.dirs.size === 1) {
      const [[nextName, next]] = current.dirs;
      label += `/${nextName}`;
      current = next;
    }
    const children = directoryChildren(current);
    nodes.push({ n: label, s: children.reduce((sum, node) => sum + node.s, 0), k: 'dir', c: children });
  }
  return nodes.sort((a, b) => b.s - a.s);
}

function treeToNode(tree: SizeTree, kind: 'fn' | 'layer', label: string): TreemapNode {
  const children = tree.groups.map((group): TreemapNode => {
    const isOwn = group.kind === 'own';
    const name = isOwn ? 'own code' : group.version ? `${group.name}@${group.version}` : group.name;
    return {
      n: name,
      s: group.size,
      k: isOwn ? 'own' : SDK_PACKAGE.test(group.name) ? 'sdk' : 'pkg',
      ...(!isOwn && group.path ? { p: group.path } : {}),
      c: filesToNodes(group),
    };
  });
  children.sort((a, b) => b.s - a.s);
  return { n: label, s: tree.total, k: kind, c: children };
}

/** The data the page renders: one view per function, then one per distinct local layer. */
export function treemapViews(models: readonly TreemapInput[]): TreemapView[] {
  const views: TreemapView[] = [];
  const seenLayers = new Set<SizeTree>();
  for (const model of models) {
    const label =
      model.subject.name && model.subject.name !== model.subject.id
        ? `${model.subject.id} (${model.subject.name})`
        : model.subject.id;
    views.push({
      label,
      total: model.tree.total,
      ...(model.tree.compressed !== undefined && { compressed: model.tree.compressed }),
      ...(model.runtime && { runtime: model.runtime }),
      root: treeToNode(model.tree, 'fn', label),
    });
  }
  for (const model of models) {
    for (const layer of model.layers ?? []) {
      if (seenLayers.has(layer)) continue;
      seenLayers.add(layer);
      const label = `layer: ${layer.name}`;
      views.push({
        label,
        total: layer.total,
        ...(layer.compressed !== undefined && { compressed: layer.compressed }),
        root: treeToNode(layer, 'layer', label),
      });
    }
  }
  return views;
}

/** JSON that is safe inside a `<script>` element: no `<`, `>` or `&` can end it or open a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5b6475; --line: #d5d9e0; --focus: #1a56db; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #f6f7f9; }
header { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: baseline; padding: 12px 16px 4px; }
h1 { font-size: 18px; margin: 0; }
#summary { color: var(--muted); }
.bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 4px 16px 8px; }
button, select { font: inherit; }
#back { padding: 2px 10px; }
#crumbs { display: flex; flex-wrap: wrap; gap: 2px; align-items: center; }
#crumbs button { border: 0; background: none; color: var(--focus); cursor: pointer; padding: 2px 4px; text-decoration: underline; }
#crumbs button[aria-current] { color: var(--fg); text-decoration: none; font-weight: 600; cursor: default; }
#crumbs .sep { color: var(--muted); }
#map { position: relative; margin: 0 16px; height: 62vh; min-height: 320px; background: #fff; border: 1px solid var(--line); overflow: hidden; }
.cell { position: absolute; overflow: hidden; border: 1px solid rgba(255,255,255,.9); color: #fff; cursor: pointer; }
.cell.leaf { cursor: default; }
.cell:focus-visible, .cell:hover { outline: 2px solid var(--fg); outline-offset: -2px; z-index: 1; }
.cell .label { padding: 2px 4px; font-size: 12px; line-height: 1.25; text-shadow: 0 1px 1px rgba(0,0,0,.35); pointer-events: none; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cell .label b { font-weight: 600; }
.cell .inner { position: absolute; border: 1px solid rgba(255,255,255,.55); overflow: hidden; pointer-events: none; }
.cell .inner span { display: block; padding: 1px 3px; font-size: 11px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; opacity: .92; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; padding: 8px 16px; color: var(--muted); font-size: 13px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
table { border-collapse: collapse; margin: 0 16px 24px; min-width: 60%; background: #fff; }
caption { text-align: left; padding: 8px 0; font-weight: 600; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td button { border: 0; background: none; color: var(--focus); cursor: pointer; padding: 0; text-decoration: underline; font: inherit; text-align: left; }
`;

// Client script: reads the JSON island, lays out with `squarify`, renders with textContent only (names are hostile).
const CLIENT = `
'use strict';
const data = JSON.parse(document.getElementById('treemap-data').textContent);
const map = document.getElementById('map');
const crumbs = document.getElementById('crumbs');
const back = document.getElementById('back');
const select = document.getElementById('fn');
const tableBody = document.querySelector('#table tbody');
const caption = document.querySelector('#table caption');
const summary = document.getElementById('summary');
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
const HEADER = 18;
let viewIndex = 0;
let path = [];

function formatBytes(bytes) {
  let value = bytes, unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) { value /= 1024; unit++; }
  return unit === 0 ? bytes + ' B' : value.toFixed(1) + ' ' + UNITS[unit];
}
function percent(part, whole) {
  if (!(whole > 0)) return '0%';
  const p = (100 * part) / whole;
  return (p >= 10 ? p.toFixed(0) : p >= 0.1 ? p.toFixed(1) : p > 0 ? '<0.1' : '0') + '%';
}
function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}
const BASE = { own: [212, 62, 40], sdk: [26, 80, 44], layer: [270, 40, 46] };
// Rectangles take the hue of the package they belong to, lighter as they nest deeper.
function colour(node, top, depth) {
  const hsl = BASE[top.k] || [140 + (hash(top.n) % 60), 38, 36];
  const l = Math.min(72, hsl[2] + depth * 7 + (node === top ? 0 : hash(node.n) % 5));
  return 'hsl(' + hsl[0] + ' ' + hsl[1] + '% ' + l + '%)';
}
function kindLabel(node) {
  return { fn: 'function', own: 'own code', pkg: 'npm package', sdk: 'AWS SDK package', layer: 'layer', dir: 'directory', file: 'file' }[node.k] || node.k;
}
${squarify.toString()}
function visibleChildren(node) {
  return (node.c || []).filter((child) => child.s > 0).sort((a, b) => b.s - a.s);
}
function current() { return path[path.length - 1]; }
function zoomTo(depth) { path = path.slice(0, depth + 1); render(); }
function zoomInto(node) { if (node.c && node.c.length) { path.push(node); render(); } }

function drawInner(parent, node, rect, total, top, depth, levels) {
  const kids = visibleChildren(node);
  if (!kids.length || rect.w < 40 || rect.h < HEADER + 14) return;
  const rects = squarify(kids.map((k) => k.s), 2, HEADER, rect.w - 6, rect.h - HEADER - 4);
  kids.forEach((kid, i) => {
    const r = rects[i];
    if (r.w < 3 || r.h < 3) return;
    const inner = document.createElement('div');
    inner.className = 'inner';
    inner.style.left = r.x + 'px'; inner.style.top = r.y + 'px';
    inner.style.width = r.w + 'px'; inner.style.height = r.h + 'px';
    inner.style.background = colour(kid, top, depth + 1);
    inner.title = kid.n + ' — ' + formatBytes(kid.s) + ' (' + percent(kid.s, total) + ')';
    if (r.w > 46 && r.h > 15) {
      const span = document.createElement('span');
      span.textContent = kid.n;
      inner.appendChild(span);
    }
    if (levels > 1) drawInner(inner, kid, r, total, top, depth + 1, levels - 1);
    parent.appendChild(inner);
  });
}

function render() {
  const view = data.views[viewIndex];
  const total = view.total;
  const node = current();
  summary.textContent = 'Total ' + formatBytes(total) + ' (' + total.toLocaleString('en-US') + ' bytes)' +
    (view.compressed !== undefined ? ' · zipped ' + formatBytes(view.compressed) : '') +
    (view.runtime ? ' · ' + view.runtime : '');

  crumbs.replaceChildren();
  path.forEach((step, depth) => {
    if (depth > 0) { const sep = document.createElement('span'); sep.className = 'sep'; sep.textContent = '›'; crumbs.appendChild(sep); }
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = step.n;
    if (depth === path.length - 1) button.setAttribute('aria-current', 'location');
    else button.addEventListener('click', () => zoomTo(depth));
    crumbs.appendChild(button);
  });
  back.disabled = path.length < 2;

  map.replaceChildren();
  const kids = visibleChildren(node);
  const width = map.clientWidth, height = map.clientHeight;
  const rects = squarify(kids.map((k) => k.s), 0, 0, width, height);
  kids.forEach((kid, i) => {
    const r = rects[i];
    if (r.w < 1 || r.h < 1) return;
    const top = path.length > 1 ? path[1] : kid;
    const cell = document.createElement('div');
    const zoomable = !!(kid.c && kid.c.length);
    cell.className = zoomable ? 'cell' : 'cell leaf';
    cell.style.left = r.x + 'px'; cell.style.top = r.y + 'px';
    cell.style.width = r.w + 'px'; cell.style.height = r.h + 'px';
    cell.style.background = colour(kid, top, path.length - 1);
    const description = kid.n + ', ' + kindLabel(kid) + ', ' + formatBytes(kid.s) + ' (' + kid.s.toLocaleString('en-US') + ' bytes), ' + percent(kid.s, total) + ' of total';
    cell.title = description + (kid.p ? '\\n' + kid.p : '');
    cell.setAttribute('aria-label', description);
    cell.dataset.name = kid.n;
    if (zoomable) {
      cell.tabIndex = 0;
      cell.setAttribute('role', 'button');
      cell.addEventListener('click', () => zoomInto(kid));
      cell.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); zoomInto(kid); } });
    }
    if (r.w > 36 && r.h > 14) {
      const label = document.createElement('div');
      label.className = 'label';
      const name = document.createElement('b');
      name.textContent = kid.n;
      label.append(name, ' ' + formatBytes(kid.s) + ' · ' + percent(kid.s, total));
      cell.appendChild(label);
    }
    drawInner(cell, kid, r, total, top, path.length - 1, 2);
    map.appendChild(cell);
  });

  caption.textContent = node.n + ': ' + formatBytes(node.s) + ' in ' + kids.length + ' item' + (kids.length === 1 ? '' : 's');
  tableBody.replaceChildren();
  kids.forEach((kid) => {
    const row = document.createElement('tr');
    const nameCell = document.createElement('td');
    if (kid.c && kid.c.length) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = kid.n;
      button.addEventListener('click', () => zoomInto(kid));
      nameCell.appendChild(button);
    } else {
      nameCell.textContent = kid.n;
    }
    const cells = [kindLabel(kid), formatBytes(kid.s), kid.s.toLocaleString('en-US'), percent(kid.s, total)].map((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i > 0) td.className = 'num';
      return td;
    });
    row.append(nameCell, ...cells);
    tableBody.appendChild(row);
  });
}

function selectView(index) {
  viewIndex = index;
  path = [data.views[index].root];
  render();
}
data.views.forEach((view, i) => {
  const option = document.createElement('option');
  option.value = String(i);
  option.textContent = view.label + ' — ' + formatBytes(view.total);
  select.appendChild(option);
});
document.getElementById('fn-picker').hidden = data.views.length < 2;
select.addEventListener('change', () => selectView(Number(select.value)));
back.addEventListener('click', () => { if (path.length > 1) zoomTo(path.length - 2); });
document.addEventListener('keydown', (event) => {
  if ((event.key === 'Escape' || event.key === 'Backspace') && path.length > 1 && event.target === document.body) zoomTo(path.length - 2);
});
let resizeTimer = 0;
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 100); });
if (data.views.length) selectView(0);
else summary.textContent = 'No deployment package was measured.';
`;

/**
 * One self-contained HTML page (inline CSS and JS, no network) with a zoomable treemap
 * of each function's package, a function picker and a table that mirrors the current view.
 */
export function renderTreemap(models: readonly TreemapInput[]): string {
  const data = { views: treemapViews(models) };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>lambda-lint · deployment package sizes</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Deployment package sizes</h1>
<label id="fn-picker">Function <select id="fn"></select></label>
<span id="summary"></span>
</header>
<div class="bar">
<button type="button" id="back" title="Zoom out (Esc)">← Back</button>
<nav id="crumbs" aria-label="Zoom path"></nav>
</div>
<div id="map" role="group" aria-label="Treemap: click a rectangle to zoom in"></div>
<div class="legend" aria-hidden="true">
<span><i style="background:hsl(212 62% 40%)"></i>own code</span>
<span><i style="background:hsl(26 80% 44%)"></i>AWS SDK (aws-sdk, @aws-sdk/*, @smithy/*)</span>
<span><i style="background:hsl(165 38% 36%)"></i>other npm packages</span>
<span><i style="background:hsl(270 40% 46%)"></i>layer</span>
<span>Sizes are uncompressed, as Lambda counts them; 1 MiB = 1,048,576 bytes.</span>
</div>
<table id="table">
<caption></caption>
<thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col" class="num">Size</th><th scope="col" class="num">Bytes</th><th scope="col" class="num">% of total</th></tr></thead>
<tbody></tbody>
</table>
<script type="application/json" id="treemap-data">${jsonForScript(data)}</script>
<script>${CLIENT}</script>
</body>
</html>
`;
}
