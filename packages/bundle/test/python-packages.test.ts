import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigView, type ConfigView } from '@lambda-lint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleModel } from '../src/model.js';
import { bundleScanner } from '../src/scanner.js';
import { measureDirectory, measureZip } from '../src/sources/measure.js';
import { hasZip, hasUnzip, unzipTotals } from './helpers/oracle.js';

let root: string;
/** Expected bytes per group, keyed `name@version path` (own code as `own`). */
const expected = new Map<string, number>();
let total = 0;

function add(key: string, base: string, path: string, content: string | Buffer): void {
  const full = join(base, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  const size = Buffer.byteLength(content);
  expected.set(key, (expected.get(key) ?? 0) + size);
  total += size;
}

const bytes = (n: number, seed = 'x') => Buffer.alloc(n, seed);

/** Writes a distribution the way pip does: its files, then a dist-info with METADATA, RECORD, INSTALLER, WHEEL, LICENSE. */
function distribution(
  base: string,
  name: string,
  version: string,
  files: Record<string, number>,
  options: { record?: boolean; groupPath: string; root?: string },
): void {
  const root = options.root ?? '';
  const key = `${name}@${version} ${options.groupPath}`;
  for (const [path, size] of Object.entries(files)) add(key, base, `${root}${path}`, bytes(size));
  const info = `${name.replace(/-/g, '_')}-${version}.dist-info`;
  base = join(base, root);
  add(key, base, `${info}/METADATA`, `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
  add(key, base, `${info}/INSTALLER`, 'pip\n');
  add(key, base, `${info}/WHEEL`, 'Wheel-Version: 1.0\n');
  add(key, base, `${info}/LICENSE`, 'MIT License\n');
  if (options.record !== false) {
    // Scripts are recorded relative to the site root and outside it (`../scripts/pip`): not package files.
    const lines = [
      '../scripts/tool',
      ...Object.keys(files),
      `${info}/METADATA`,
      `${info}/INSTALLER`,
      `${info}/WHEEL`,
      `${info}/LICENSE`,
      `${info}/RECORD`,
    ];
    add(key, base, `${info}/RECORD`, lines.map((l) => `${l},,`).join('\n') + '\n');
  } else {
    add(key, base, `${info}/top_level.txt`, `${Object.keys(files)[0]!.split('/')[0]}\n`);
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lambda-lint-python-'));
  const pkg = join(root, 'package');
  // `pip install -r requirements.txt -t package/` + the function's own code, as the seed does it.
  distribution(
    pkg,
    'boto3',
    '1.35.0',
    {
      'boto3/__init__.py': 4_000,
      'boto3/session.py': 20_000,
      'boto3/__pycache__/session.cpython-312.pyc': 9_000,
    },
    { groupPath: 'boto3' },
  );
  distribution(
    pkg,
    'botocore',
    '1.35.0',
    {
      'botocore/__init__.py': 5_000,
      'botocore/data/s3/service-2.json': 400_000,
      'botocore/__pycache__/client.cpython-312.pyc': 30_000,
    },
    { groupPath: 'botocore' },
  );
  distribution(pkg, 's3transfer', '0.10.2', { 's3transfer/__init__.py': 8_000 }, { groupPath: 's3transfer' });
  distribution(
    pkg,
    'requests',
    '2.32.3',
    { 'requests/__init__.py': 5_000, 'requests/api.py': 6_000, 'requests/tests/test_api.py': 120_000 },
    { groupPath: 'requests' },
  );
  // PyYAML installs the `yaml` and `_yaml` modules: only RECORD says so.
  distribution(
    pkg,
    'PyYAML',
    '6.0.2',
    { 'yaml/__init__.py': 12_000, '_yaml/__init__.py': 1_000 },
    { groupPath: 'yaml' },
  );
  // six: one module file, attributed by top_level.txt (no RECORD).
  distribution(pkg, 'six', '1.16.0', { 'six.py': 34_000 }, { record: false, groupPath: 'six.py' });
  distribution(
    pkg,
    'pytest',
    '8.3.2',
    { 'pytest/__init__.py': 3_000, '_pytest/main.py': 50_000 },
    { groupPath: 'pytest' },
  );
  add(
    'own',
    pkg,
    'app.py',
    'import boto3\n\ns3 = boto3.client("s3")\n\n\ndef lambda_handler(event, context):\n    return s3.list_buckets()\n',
  );
  add('own', pkg, 'requirements.txt', 'boto3==1.35.0\nrequests\nPyYAML\n');
  add('own', pkg, 'tests/test_app.py', bytes(2_000));
  add('own', pkg, '__pycache__/app.cpython-312.pyc', bytes(500));

  if (hasZip) execFileSync('zip', ['-qr', join(root, 'package.zip'), '.'], { cwd: pkg });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function groups(model: BundleModel): Record<string, number> {
  return Object.fromEntries(
    model.tree.groups.map((g) => [g.kind === 'own' ? 'own' : `${g.name}@${g.version} ${g.path}`, g.size]),
  );
}

const config: ConfigView = {
  ...defaultConfigView(bundleScanner.rules),
  rule(id, file) {
    const setting = defaultConfigView(bundleScanner.rules).rule(id, file);
    return id === 'package-size-budget' ? { ...setting, severity: 'off' } : setting;
  },
};

describe('Python packages laid out by pip install -t', () => {
  it('a directory: own code and one group per distribution, to the byte', async () => {
    const model = await measureDirectory(join(root, 'package'), 'package');
    expect(model.tree.total).toBe(total);
    expect(groups(model)).toEqual(Object.fromEntries(expected));
    expect(model.tree.groups.filter((g) => g.kind === 'package').every((g) => g.ecosystem === 'python')).toBe(
      true,
    );
  });

  it.skipIf(!hasZip || !hasUnzip)(
    'the same package zipped with zip -r: same groups, totals equal unzip -Zt',
    () => {
      const file = join(root, 'package.zip');
      const model = measureZip(file, 'package.zip');
      expect(model.tree.total).toBe(unzipTotals(file).uncompressed);
      expect(model.tree.total).toBe(total);
      expect(groups(model)).toEqual(Object.fromEntries(expected));
    },
  );

  it('reports boto3 as bundled, pytest as a dev dependency, and __pycache__ and tests as junk', async () => {
    const result = await bundleScanner.scan({ paths: ['package'], cwd: root, config });
    const byRule = Object.fromEntries(result.findings.map((f) => [f.ruleId, f]));
    expect(Object.keys(byRule).sort()).toEqual(['aws-sdk-bundled', 'dev-dependencies-shipped', 'junk-files']);
    const sdk = ['boto3', 'botocore', 's3transfer'].reduce((sum, name) => {
      const key = [...expected.keys()].find((k) => k.startsWith(`${name}@`))!;
      return sum + expected.get(key)!;
    }, 0);
    expect(byRule['aws-sdk-bundled']!.message).toContain('ships the AWS SDK for Python');
    expect(byRule['aws-sdk-bundled']!.message).toContain(`${sdk.toLocaleString('en-US')} bytes`);
    expect(byRule['aws-sdk-bundled']!.message).toContain('pin a newer boto3 on purpose');
    expect(byRule['dev-dependencies-shipped']!.message).toMatch(/pytest@8\.3\.2 \(test tool/);
    const junk = byRule['junk-files']!.message;
    expect(junk).toMatch(/Python bytecode caches [\d.]+ KiB in 3 files/);
    expect(junk).toMatch(/tests [\d.]+ KiB in 2 files/);
    expect(junk).toContain('Python package metadata');
    expect(junk).not.toMatch(/LICENSE/);
  });

  it('a requirements.txt listing boto3 gets an info note when boto3 is not shipped', async () => {
    const dir = join(root, 'source');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'app.py'), 'def lambda_handler(event, context):\n    return 1\n');
    writeFileSync(join(dir, 'requirements.txt'), '# runtime deps\nboto3>=1.34\nrequests\n');
    const result = await bundleScanner.scan({ paths: ['source'], cwd: root, config });
    // A folder on the command line is the user's own: the note points at the line to change.
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.file, f.range])).toEqual([
      [
        'aws-sdk-bundled',
        'info',
        'source/requirements.txt',
        { line: 2, column: 1, endLine: 2, endColumn: 12 },
      ],
    ]);
    expect(result.findings[0]!.message).toContain('source/requirements.txt lists boto3');
  });
});

describe('Python layers', () => {
  it('python/ and python/lib/python3.x/site-packages/: distributions, folders without metadata, duplicates', async () => {
    const layer = join(root, 'layer');
    const before = new Map(expected);
    expected.clear();
    distribution(
      layer,
      'requests',
      '2.32.3',
      { 'requests/__init__.py': 30_000 },
      { groupPath: 'python/requests', root: 'python/' },
    );
    // The RECORD of a dist-info lists paths relative to its own site root.
    const site = 'python/lib/python3.12/site-packages';
    const siteKey = `requests@2.31.0 ${site}/requests`;
    add(siteKey, layer, `${site}/requests/__init__.py`, bytes(28_000));
    add(siteKey, layer, `${site}/requests-2.31.0.dist-info/METADATA`, 'Name: requests\nVersion: 2.31.0\n');
    add(
      siteKey,
      layer,
      `${site}/requests-2.31.0.dist-info/RECORD`,
      'requests/__init__.py,,\nrequests-2.31.0.dist-info/METADATA,,\n',
    );
    add('mylib@undefined python/mylib', layer, 'python/mylib/util.py', bytes(700));
    const model = await measureDirectory(layer, 'layer');
    const layerExpected = Object.fromEntries(expected);
    expected.clear();
    for (const [k, v] of before) expected.set(k, v);
    expect(groups(model)).toEqual(layerExpected);
    const result = await bundleScanner.scan({ paths: ['layer'], cwd: root, config });
    const duplicate = result.findings.find((f) => f.ruleId === 'duplicate-packages')!;
    expect(duplicate.message).toContain('requests is shipped 2 times');
    expect(duplicate.help).toContain("each layer's python/ folder on sys.path");
  });
});
