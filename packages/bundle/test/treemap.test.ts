import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderTreemap, squarify, treemapViews, type TreemapInput } from '../src/treemap.js';
import type { SizeGroup, SizeTree } from '../src/size-tree.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** A package group whose files live under `dir` with the given sizes. */
function pkg(name: string, version: string, dir: string, files: Record<string, number>): SizeGroup {
  const entries = Object.entries(files).map(([path, size]) => ({ path: `${dir}/${path}`, size }));
  return {
    kind: 'package',
    name,
    version,
    path: dir,
    size: entries.reduce((s, f) => s + f.size, 0),
    files: entries,
  };
}

function own(files: Record<string, number>): SizeGroup {
  const entries = Object.entries(files).map(([path, size]) => ({ path, size }));
  return {
    kind: 'own',
    name: 'own',
    path: '',
    size: entries.reduce((s, f) => s + f.size, 0),
    files: entries,
  };
}

function tree(name: string, groups: SizeGroup[]): SizeTree {
  return { name, total: groups.reduce((s, g) => s + g.size, 0), groups };
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** Looks like a typical unminified Node.js function zipped with its node_modules. */
function demoModels(): TreemapInput[] {
  const orders = tree('OrdersFunction', [
    own({ 'index.js': 14 * KiB, 'lib/db.js': 6 * KiB, 'lib/validate.js': 4 * KiB, 'index.js.map': 48 * KiB }),
    pkg('aws-sdk', '2.1692.0', 'node_modules/aws-sdk', {
      'dist/aws-sdk.min.js': 3.1 * MiB,
      'clients/ec2.js': 1.4 * MiB,
      'clients/s3.js': 0.9 * MiB,
      'apis/ec2-2016-11-15.min.json': 2.2 * MiB,
      'apis/s3-2006-03-01.min.json': 0.6 * MiB,
      'lib/core.js': 0.3 * MiB,
    }),
    pkg('@aws-sdk/client-dynamodb', '3.654.0', 'node_modules/@aws-sdk/client-dynamodb', {
      'dist-cjs/index.js': 0.9 * MiB,
      'dist-es/commands/index.js': 0.5 * MiB,
      'dist-types/index.d.ts': 0.4 * MiB,
    }),
    pkg('@smithy/smithy-client', '3.3.0', 'node_modules/@smithy/smithy-client', {
      'dist-cjs/index.js': 0.35 * MiB,
      'dist-es/index.js': 0.3 * MiB,
    }),
    pkg('typescript', '5.6.2', 'node_modules/typescript', {
      'lib/typescript.js': 8.7 * MiB,
      'lib/tsserver.js': 0.4 * MiB,
      'lib/lib.dom.d.ts': 0.9 * MiB,
    }),
    pkg('moment', '2.30.1', 'node_modules/moment', {
      'moment.js': 0.17 * MiB,
      'min/moment-with-locales.js': 0.6 * MiB,
      'locale/fr.js': 0.3 * MiB,
      'locale/de.js': 0.3 * MiB,
    }),
    pkg('lodash', '4.17.21', 'node_modules/lodash', {
      'lodash.js': 0.53 * MiB,
      'lodash.min.js': 0.07 * MiB,
      'fp/_baseConvert.js': 0.3 * MiB,
      'README.md': 1.1 * KiB,
    }),
    pkg('uuid', '9.0.1', 'node_modules/uuid', { 'dist/index.js': 12 * KiB, 'dist/v4.js': 3 * KiB }),
  ]);
  const health = tree('HealthFunction', [
    own({ 'health.js': 2 * KiB }),
    pkg('uuid', '9.0.1', 'node_modules/uuid', { 'dist/index.js': 12 * KiB }),
  ]);
  return [
    {
      subject: { kind: 'function', id: 'OrdersFunction' },
      tree: wholeBytes(orders),
      runtime: 'nodejs20.x',
      layers: [],
    },
    {
      subject: { kind: 'function', id: 'HealthFunction' },
      tree: wholeBytes(health),
      runtime: 'nodejs20.x',
      layers: [],
    },
  ];
}

/** Whole bytes only, as a real tree has; the total stays the sum of the files. */
function wholeBytes(input: SizeTree): SizeTree {
  const groups = input.groups.map(roundGroup);
  return { ...input, groups, total: groups.reduce((s, g) => s + g.size, 0) };
}

/** Whole bytes only, as a real tree has. */
function roundGroup(group: SizeGroup): SizeGroup {
  const files = group.files.map((f) => ({ ...f, size: Math.round(f.size) }));
  return { ...group, files, size: files.reduce((s, f) => s + f.size, 0) };
}

describe('squarify', () => {
  it('gives every value an area proportional to it, inside the rectangle, without overlaps', () => {
    const values = [500, 300, 120, 80, 80, 40, 10, 5, 1];
    const rects = squarify(values, 10, 20, 600, 400);
    const total = values.reduce((a, b) => a + b, 0);
    rects.forEach((r, i) => {
      expect(r.w * r.h).toBeCloseTo((values[i] / total) * 600 * 400, 6);
      expect(r.x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(r.y).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(r.x + r.w).toBeLessThanOrEqual(610 + 1e-9);
      expect(r.y + r.h).toBeLessThanOrEqual(420 + 1e-9);
    });
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i];
        const b = rects[j];
        const overlapW = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const overlapH = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        expect(overlapW <= 1e-6 || overlapH <= 1e-6, `rects ${i} and ${j} overlap`).toBe(true);
      }
    }
  });

  it('keeps equal values close to square', () => {
    const rects = squarify([1, 1, 1, 1], 0, 0, 200, 200);
    for (const r of rects) expect(Math.max(r.w / r.h, r.h / r.w)).toBeCloseTo(1, 6);
  });

  it('returns empty rectangles for an empty area instead of NaN', () => {
    expect(squarify([3, 2], 0, 0, 0, 100)).toEqual([
      { x: 0, y: 0, w: 0, h: 0 },
      { x: 0, y: 0, w: 0, h: 0 },
    ]);
  });
});

describe('treemapViews', () => {
  it('gives one view per function, then one per distinct local layer, with nested folders', () => {
    const layer = tree('layers/shared', [
      pkg('sharp', '0.33.5', 'nodejs/node_modules/sharp', { 'lib/index.js': 100, 'lib/ops/resize.js': 50 }),
    ]);
    const [first, second] = demoModels();
    const views = treemapViews([
      { ...first, layers: [layer] },
      { ...second, layers: [layer] },
    ]);
    expect(views.map((v) => [v.label, v.total])).toEqual([
      ['OrdersFunction', first.tree.total],
      ['HealthFunction', second.tree.total],
      ['layer: layers/shared', 150],
    ]);
    const sharp = views[2].root.c![0];
    expect(sharp).toMatchObject({ n: 'sharp@0.33.5', s: 150, k: 'pkg', p: 'nodejs/node_modules/sharp' });
    // lib holds a file and a folder, so it stays; its children sum to its size.
    expect(sharp.c).toEqual([
      {
        n: 'lib',
        s: 150,
        k: 'dir',
        c: [
          { n: 'index.js', s: 100, k: 'file' },
          { n: 'ops', s: 50, k: 'dir', c: [{ n: 'resize.js', s: 50, k: 'file' }] },
        ],
      },
    ]);
  });
});

describe('renderTreemap HTML', () => {
  it('is one self-contained file: no external URL, stylesheet or font', () => {
    const html = renderTreemap(demoModels());
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|@font-face|url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  it('embeds hostile entry names so they cannot close the data script', () => {
    const evil = '</script><img src=x onerror="alert(1)">&amp;';
    const html = renderTreemap([
      {
        subject: { kind: 'package', id: 'evil.zip' },
        tree: tree('evil.zip', [own({ [evil]: 10 })]),
        layers: [],
      },
    ]);
    expect(html).not.toContain('</script><img');
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });
});

describe.skipIf(!hasChromium)(`treemap in headless Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let dir: string;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'lambda-lint-treemap-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(
    models: TreemapInput[],
    name: string,
    viewport = { width: 1280, height: 860 },
  ): Promise<Page> {
    const file = join(dir, name);
    writeFileSync(file, renderTreemap(models));
    const page = await browser.newPage({ viewport });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    return page;
  }

  it('loads without errors or network requests and shows the biggest packages by name', async () => {
    problems.length = 0;
    requests.length = 0;
    const page = await open(demoModels(), 'demo.html');
    for (const name of [
      'aws-sdk@2.1692.0',
      'typescript@5.6.2',
      '@aws-sdk/client-dynamodb@3.654.0',
      'lodash@4.17.21',
    ]) {
      await expect.poll(() => page.locator(`.cell[data-name="${name}"] .label`).isVisible()).toBe(true);
    }
    await expect
      .poll(() => page.locator('#summary').textContent())
      .toBe('Total 23.3 MiB (24,438,148 bytes) · nodejs20.x');
    // The accessible table mirrors the view, largest first.
    const firstRow = await page.locator('#table tbody tr').first().locator('td').allTextContents();
    expect(firstRow[0]).toBe('typescript@5.6.2');
    expect(firstRow.slice(1)).toEqual(['npm package', '10.0 MiB', '10,485,759', '43%']);
    expect(problems).toEqual([]);
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    await page.close();
  });

  it('zooms into a package on click and back out with the breadcrumb and the Back button', async () => {
    problems.length = 0;
    const page = await open(demoModels(), 'zoom.html');
    await page.locator('.cell[data-name="typescript@5.6.2"]').click();
    await expect.poll(() => page.locator('#crumbs [aria-current]').textContent()).toBe('typescript@5.6.2');
    // Inside the package: its folders and files, with sizes and percentages of the whole function.
    const lib = page.locator('.cell[data-name="lib"]');
    await expect.poll(() => lib.isVisible()).toBe(true);
    await lib.click();
    await expect
      .poll(() => page.locator('.cell[data-name="typescript.js"] .label').textContent())
      .toBe('typescript.js 8.7 MiB · 37%');
    await page.locator('#crumbs button', { hasText: 'OrdersFunction' }).click();
    await expect.poll(() => page.locator('.cell[data-name="moment@2.30.1"]').isVisible()).toBe(true);
    await page.locator('.cell[data-name="lodash@4.17.21"]').click();
    await expect.poll(() => page.locator('#crumbs [aria-current]').textContent()).toBe('lodash@4.17.21');
    await page.locator('#back').click();
    await expect.poll(() => page.locator('#crumbs [aria-current]').textContent()).toBe('OrdersFunction');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lays the rectangles out again inside the map when the window is resized', async () => {
    problems.length = 0;
    const page = await open(demoModels(), 'resize.html');
    await page.setViewportSize({ width: 700, height: 600 });
    const overflow = async () => {
      const map = (await page.locator('#map').boundingBox())!;
      for (const cell of await page.locator('.cell').all()) {
        const box = (await cell.boundingBox())!;
        if (box.x + box.width > map.x + map.width + 1 || box.y + box.height > map.y + map.height + 1)
          return true;
      }
      return false;
    };
    await expect.poll(overflow).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('switches functions with the selector', async () => {
    problems.length = 0;
    const page = await open(demoModels(), 'select.html');
    await expect.poll(() => page.locator('#fn-picker').isVisible()).toBe(true);
    await page.locator('#fn').selectOption({ label: 'HealthFunction — 14.0 KiB' });
    await expect.poll(() => page.locator('#crumbs [aria-current]').textContent()).toBe('HealthFunction');
    await expect.poll(() => page.locator('.cell[data-name="uuid@9.0.1"]').isVisible()).toBe(true);
    expect(await page.locator('.cell[data-name="aws-sdk@2.1692.0"]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows hostile names as text, never as markup', async () => {
    problems.length = 0;
    const evil = '<img src=x onerror="window.pwned=1">';
    const page = await open(
      [
        {
          subject: { kind: 'package', id: 'evil.zip' },
          tree: tree('evil.zip', [own({ [evil]: 4096, 'index.js': 1024 })]),
          layers: [],
        },
      ],
      'evil.html',
    );
    await page.locator('.cell[data-name="own code"]').click();
    await expect.poll(() => page.locator('#table tbody td').first().textContent()).toBe(evil);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it.skipIf(process.env.UPDATE_SCREENSHOT !== '1')(
    'updates docs/treemap.png (UPDATE_SCREENSHOT=1)',
    async () => {
      const page = await open(demoModels(), 'screenshot.html', { width: 1200, height: 760 });
      await expect.poll(() => page.locator('.cell[data-name="aws-sdk@2.1692.0"]').isVisible()).toBe(true);
      await page.screenshot({ path: join(REPO_ROOT, 'docs/treemap.png'), fullPage: false });
      await page.close();
    },
  );
});
