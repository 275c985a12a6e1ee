import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These tests run the shipped CLI as a user would: the esbuild bundle `packages/cli/dist/bundled/bin.mjs`
// (pnpm test runs tsc -b and packages/cli/scripts/bundle.mjs first).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundled = path.join(root, 'packages/cli/dist/bundled');
const bin = path.join(bundled, 'bin.mjs');
const samApp = path.join(root, 'fixtures/sam-app');

function lambdaLint(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readJson = (file: string): object => JSON.parse(readFileSync(file, 'utf8')) as object;

function sarifValidator() {
  // The official schema declares draft-04; its language pattern is not valid as a `u` regular expression.
  const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(
    readJson(path.join(root, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')),
  );
}

const hasIacScanner = await import('@lambda-lint/iac').then(
  (mod: Record<string, unknown>) => mod.iacScanner !== undefined,
  () => false,
);

/** esbuild's metafile of the bundle (written by scripts/bundle.mjs): which sources each output holds. */
interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }>;
}
const readMetafile = (): Metafile => readJson(path.join(bundled, 'meta.json')) as Metafile;

/** tsc output newer than the bundle made from it (after a bare `tsc -b`). */
function staleInputs(): string[] {
  const built = statSync(bin).mtimeMs;
  return Object.keys(readMetafile().inputs)
    .filter((input) => input.startsWith('packages/'))
    .map((input) => path.join(root, input))
    .filter((input) => existsSync(input) && statSync(input).mtimeMs > built);
}

let tmp: string;
beforeAll(() => {
  // A bundle older than the tsc output would test yesterday's code: re-bundle (about a second).
  if (!existsSync(bin) || staleInputs().length > 0) {
    const r = spawnSync(process.execPath, [path.join(root, 'packages/cli/scripts/bundle.mjs')], {
      encoding: 'utf8',
    });
    if (r.status !== 0)
      throw new Error(`packages/cli/scripts/bundle.mjs failed (run \`pnpm build\`): ${r.stderr}`);
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-cli-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('lambda-lint (built CLI)', () => {
  it('--version prints the package version and exits 0', () => {
    const { version } = readJson(path.join(root, 'packages/cli/package.json')) as { version: string };
    expect(lambdaLint(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help documents the commands and exit codes', () => {
    const r = lambdaLint(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('lambda-lint rules');
    expect(r.stdout).toContain('2  usage or configuration error');
  });

  it('exits 0 on a project with nothing to report', () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    const r = lambdaLint([empty]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ No problems found');
  });

  it('exits 2 on an unknown option with a one-line hint', () => {
    const r = lambdaLint(['--fromat', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lambda-lint: unknown option --fromat (see lambda-lint --help)\n');
  });

  it('exits 2 on a config key that does not exist, naming the file and the key path, without a stack', () => {
    const project = path.join(tmp, 'bad-key');
    mkdirSync(project);
    writeFileSync(path.join(project, 'lambda-lint.config.yaml'), 'failOn: error\nmaxWarning: 3\n');
    const r = lambdaLint([project]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lambda-lint.config.yaml:2:1');
    expect(r.stderr).toContain('"maxWarning"');
    expect(r.stderr).toContain('did you mean "maxWarnings"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a config value of the wrong type', () => {
    const project = path.join(tmp, 'bad-type');
    mkdirSync(project);
    writeFileSync(path.join(project, 'lambda-lint.config.json'), '{ "maxWarnings": "ten" }\n');
    const r = lambdaLint([project]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lambda-lint\.config\.json.*"maxWarnings".*expected number/);
  });

  it('`iac` accepts a configuration that also sets bundle rules, and still rejects unknown ones', () => {
    const project = path.join(tmp, 'mixed-config');
    mkdirSync(project);
    writeFileSync(path.join(project, 'template.yaml'), readFileSync(path.join(samApp, 'template.yaml')));
    writeFileSync(
      path.join(project, 'lambda-lint.config.yaml'),
      'rules:\n  package-size-budget: [warning, { budget: 5MiB }]\n  tracing-active: off\n',
    );
    const r = lambdaLint(['iac', project, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string }[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.some((f) => f.ruleId === 'tracing-active')).toBe(false);
    writeFileSync(path.join(project, 'lambda-lint.config.yaml'), 'rules:\n  package-size-budgte: off\n');
    const bad = lambdaLint(['iac', project]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean "package-size-budget"?');
  });

  it('exits 1 when findings reach the threshold (built run() in a real process, with a stand-in scanner)', () => {
    const script = path.join(tmp, 'one-error.mjs');
    writeFileSync(
      script,
      `import { run } from ${JSON.stringify(pathToFileURL(path.join(root, 'packages/cli/dist/index.js')).href)};
const scanner = { name: 'iac', rules: [], async scan() {
  return { filesScanned: 1, findings: [{ ruleId: 'stand-in', severity: 'error', message: 'Broken', file: 'template.yaml', range: { line: 4, column: 3 }, tool: 'iac' }] };
} };
process.exitCode = await run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, scanners: [scanner] });
`,
    );
    const r = spawnSync(process.execPath, [script, '.'], {
      cwd: tmp,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/template\.yaml\n +4:3 +error +Broken +stand-in/);
  });

  it('writes every format in one run on fixtures/sam-app, and each one parses', () => {
    const out = path.join(tmp, 'reports');
    const r = lambdaLint([
      samApp,
      ...['json', 'sarif', 'github', 'junit', 'gitlab', 'stylish'].flatMap((f) => [
        '--format',
        f,
        '--output',
        path.join(out, `report.${f}`),
      ]),
    ]);
    // The sample project has errors on purpose (a deprecated runtime, a missing DLQ, a short visibility timeout).
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');

    const json = readJson(path.join(out, 'report.json')) as {
      version: number;
      findings: { ruleId: string }[];
    };
    expect(new Set(json.findings.map((f) => f.ruleId))).toEqual(
      new Set([
        'runtime-lifecycle',
        'tracing-active',
        'timeout-alignment',
        'concurrency-limit',
        'async-failure-destination',
        // The handler code and the join: the client src/worker.ts builds per invocation, Globals' STAGE nobody reads.
        'no-client-in-handler',
        'env-var-unused',
      ]),
    );
    const validateJson = new Ajv2020({ strict: true }).compile(
      readJson(path.join(root, 'docs/schema/report.schema.json')),
    );
    expect(validateJson(json), JSON.stringify(validateJson.errors)).toBe(true);

    const sarif = readJson(path.join(out, 'report.sarif')) as { runs: { results: unknown[] }[] };
    const validateSarif = sarifValidator();
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs.flatMap((run) => run.results)).toHaveLength(json.findings.length);

    const github = readFileSync(path.join(out, 'report.github'), 'utf8');
    expect(
      github
        .split('\n')
        .filter(Boolean)
        .every((line) => /^::(error|warning|notice) file=/.test(line)),
    ).toBe(true);
    expect(github.split('\n').filter(Boolean)).toHaveLength(json.findings.length);

    expect(XMLValidator.validate(readFileSync(path.join(out, 'report.junit'), 'utf8'))).toBe(true);
    expect(readJson(path.join(out, 'report.gitlab'))).toHaveLength(json.findings.length);
    expect(readFileSync(path.join(out, 'report.stylish'), 'utf8')).toMatch(
      /^(✔ No problems found|✖ \d+ problems?) /m,
    );
  });

  it('prints SARIF to stdout that validates against the SARIF 2.1.0 schema', () => {
    const r = lambdaLint(['fixtures/sam-app', '--format', 'sarif']);
    expect([0, 1], r.stderr).toContain(r.code);
    const validate = sarifValidator();
    expect(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  // The template scanner is built by another package; these two run once it exports `iacScanner`.
  it.skipIf(!hasIacScanner)('reports the planted problems of fixtures/sam-app and exits 1', () => {
    const r = lambdaLint(['fixtures/sam-app', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; fatal: boolean }[] };
    expect(
      report.findings.filter((f) => f.file === 'fixtures/sam-app/template.yaml').map((f) => f.ruleId),
    ).toContain('tracing-active');
    expect(report.findings.filter((f) => f.fatal)).toEqual([]);
  });

  it.skipIf(!hasIacScanner)('exits 2 on an unparsable template and still reports the other one', () => {
    const project = path.join(tmp, 'broken');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'broken.yaml'),
      'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {\n',
    );
    writeFileSync(
      path.join(project, 'template.yaml'),
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.handler\n      Runtime: nodejs24.x\n      Tracing: PassThrough\n',
    );
    const r = lambdaLint(['iac', 'broken.yaml', 'template.yaml', '--format', 'json'], { cwd: project });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as {
      summary: { fatal: number };
      findings: { file: string; fatal: boolean }[];
    };
    expect(report.summary.fatal).toBe(1);
    expect(report.findings.find((f) => f.fatal)?.file).toBe('broken.yaml');
    expect(report.findings.some((f) => f.file === 'template.yaml')).toBe(true);
  });
});

describe('start-up cost', () => {
  /** The bundle's files Node's ESM loader stored while running the CLI with `args`, relative to the repo. */
  function loadedModules(args: string[]): string[] {
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: tmp,
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'esm', NO_COLOR: '1' },
    });
    const urls = [...r.stderr.matchAll(/Storing (file:\/\/\S+)/g)].map((m) => m[1]!);
    return urls.map((url) => path.relative(root, fileURLToPath(url)).split(path.sep).join('/'));
  }

  /** The sources (repo-relative tsc output and node_modules files) bundled into the loaded files. */
  function sourcesOf(modules: string[]): string[] {
    const { outputs } = readMetafile();
    return modules.flatMap((m) => {
      const output = outputs[m];
      if (!output) throw new Error(`${m} was loaded but is not part of the bundle`);
      return Object.keys(output.inputs);
    });
  }

  it('--version and --help load only the argument parser and help text: no core, scanner, YAML, zod or ESLint', () => {
    for (const flag of ['--version', '--help']) {
      const modules = loadedModules([flag]);
      expect(modules).toContain('packages/cli/dist/bundled/bin.mjs');
      expect(modules.every((m) => m.startsWith('packages/cli/dist/bundled/'))).toBe(true);
      expect([...new Set(sourcesOf(modules))].sort()).toEqual([
        'packages/cli/dist/args.js',
        'packages/cli/dist/bin.js',
        'packages/cli/dist/help.js',
      ]);
      const bytes = modules.reduce((sum, m) => sum + readMetafile().outputs[m]!.bytes, 0);
      expect(bytes).toBeLessThan(16 * 1024);
    }
  });

  it('`iac` loads core, the template scanner and yaml, but not the bundle analyzer or the ESLint plugin', () => {
    const sources = sourcesOf(loadedModules(['iac', path.join(root, 'fixtures/sam-app/template.yaml')]));
    expect(sources.some((s) => s.startsWith('packages/core/dist/'))).toBe(true);
    expect(sources.some((s) => s.startsWith('packages/iac/dist/'))).toBe(true);
    expect(sources.some((s) => /node_modules\/yaml\//.test(s))).toBe(true);
    expect(sources.some((s) => /node_modules\/zod\//.test(s))).toBe(true);
    expect(sources.filter((s) => /^packages\/(bundle|eslint-plugin)\//.test(s))).toEqual([]);
  });

  it('node:crypto loads only when a report needs a hash (gitlab), not for a stylish `iac` run', () => {
    const probe = path.join(tmp, 'builtins-probe.cjs');
    writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write('\\ncrypto loaded: ' + process.moduleLoadList.includes('NativeModule crypto') + '\\n'));\n",
    );
    const template = path.join(root, 'fixtures/sam-app/template.yaml');
    const cryptoLoaded = (format: string) => {
      const r = spawnSync(process.execPath, ['--require', probe, bin, 'iac', template, '--format', format], {
        cwd: tmp,
        encoding: 'utf8',
      });
      return /crypto loaded: (true|false)/.exec(r.stderr)?.[1];
    };
    expect(cryptoLoaded('stylish')).toBe('false');
    expect(cryptoLoaded('gitlab')).toBe('true');
  });
});

describe('the bundle keeps what its packages load at run time', () => {
  it("`rules` lists the ESLint plugin rules (an external package) with the scanners' rules", () => {
    const r = lambdaLint(['rules', '--format', 'json']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const tools = new Set((JSON.parse(r.stdout) as { tool: string }[]).map((rule) => rule.tool));
    expect([...tools].sort()).toEqual(['bundle', 'core', 'diagnostics', 'eslint', 'iac', 'project', 'python']);
  });

  it('`bundle --report` writes the treemap and applies the configured budget (both loaded lazily by URL)', () => {
    const project = path.join(tmp, 'budget');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'lambda-lint.config.json'),
      JSON.stringify({ rules: { 'package-size-budget': ['warning', { budget: '7 MiB' }] } }),
    );
    const pkg = path.join(root, 'fixtures/rules/package-size-budget.pass');
    const report = path.join(project, 'treemap.html');
    const r = lambdaLint([
      'bundle',
      pkg,
      '--config',
      path.join(project, 'lambda-lint.config.json'),
      '--report',
      report,
    ]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/7\.0 MiB/);
    expect(readFileSync(report, 'utf8')).toMatch(/^<!doctype html>/i);
  });
});
