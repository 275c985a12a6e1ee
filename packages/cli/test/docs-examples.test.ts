import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigView, Finding, Rule, Scanner } from '@lambda-lint/core';
import { detectKind, iacScanner, loadText } from '@lambda-lint/iac';
import plugin from '@lambda-lint/eslint-plugin';
import { run } from '../src/index.js';

/**
 * Contract D: every code block under a heading with ❌ in docs/rules/<id>.md is a complete file that
 * rule reports, every one under ✅ a file it does not; a heading with neither mark ends the section.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rulesDir = path.join(root, 'docs/rules');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Example {
  page: string;
  line: number;
  language: string;
  code: string;
  expect: 'reported' | 'not reported';
  /** Which heading the block sits under (a counter): a template and the code after it under one heading form a project. */
  section: number;
  /** For a project example: the code block after the template, written next to it as `handler.<ext>`. */
  handler?: { language: string; code: string };
  /** For a log example: the template before it, which `lambda-lint logs --template` compares with. */
  template?: { language: string; code: string };
}

/** The ❌/✅ examples of one page, in order. */
export function examplesOf(page: string, markdown: string): Example[] {
  const examples: Example[] = [];
  let mark: Example['expect'] | undefined;
  let section = 0;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,6} /.test(line)) {
      mark = line.includes('❌') ? 'reported' : line.includes('✅') ? 'not reported' : undefined;
      section++;
      continue;
    }
    // `js init-time`: highlighted as js, run by init-time instead of linted.
    const fence = /^(`{3,})\s*([\w-]*(?: init-time)?)/.exec(line);
    if (fence === null) continue;
    const close = lines.findIndex((l, j) => j > i && l.startsWith(fence[1]!));
    if (close === -1) throw new Error(`${page}:${i + 1}: code block is never closed`);
    if (mark !== undefined)
      examples.push({
        page,
        line: i + 1,
        language: fence[2]!,
        code: lines.slice(i + 1, close).join('\n') + '\n',
        expect: mark,
        section,
      });
    i = close;
  }
  return pairTemplatesWithHandlers(examples);
}

const TEMPLATE_LANGUAGES = new Set(['yaml', 'json']);
const CODE_LANGUAGES = new Set(['js', 'ts', 'python']);

/**
 * A template followed by a code block under the same heading is one project: the template and the
 * handler it names. A template followed by a log is the `--template` the log is compared with.
 */
function pairTemplatesWithHandlers(examples: Example[]): Example[] {
  const paired: Example[] = [];
  for (let i = 0; i < examples.length; i++) {
    const example = examples[i]!;
    const next = examples[i + 1];
    if (!TEMPLATE_LANGUAGES.has(example.language) || next === undefined || next.section !== example.section)
      paired.push(example);
    else if (CODE_LANGUAGES.has(next.language)) {
      paired.push({ ...example, language: 'project', handler: { language: next.language, code: next.code } });
      i++;
    } else if (next.language === 'log') {
      paired.push({ ...next, template: { language: example.language, code: example.code } });
      i++;
    } else paired.push(example);
  }
  return paired;
}

/** What a runner hands back: the rule ids found, and any problem reading the example itself. */
interface RunResult {
  ruleIds: string[];
  unreadable: string[];
}
type Runner = (ruleId: string, example: Example) => Promise<RunResult>;

/** A fresh directory per example, so no template or config of this repository is discovered. */
function writeExample(name: string, code: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(scratch, 'example-'));
  const file = path.join(dir, name);
  writeFileSync(file, code);
  return { dir, file };
}

/** Only `ruleId` on, at its default severity and options; everything else off. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules of any model
function onlyRule(rules: readonly Rule<any, any>[], ruleId: string): ConfigView {
  return {
    rule(id) {
      const rule = rules.find((r) => r.meta.id === id);
      if (id !== ruleId || rule === undefined) return { severity: 'off', options: {} };
      return { severity: rule.meta.severity, options: rule.meta.options ? rule.meta.options.parse({}) : {} };
    },
    isIgnored: () => false,
  };
}

/** Runs a scanner on the example written as `fileName`; a fatal finding means the example is not a readable file. */
function scannerRunner(scanner: () => Promise<Scanner>, fileName: (example: Example) => string): Runner {
  return async (ruleId, example) => {
    const loaded = await scanner();
    const { dir, file } = writeExample(fileName(example), example.code);
    const result = await loaded.scan({
      paths: [file],
      cwd: dir,
      config: onlyRule(loaded.rules, ruleId),
      reportUnusedDisable: ruleId === 'unused-disable',
    });
    if (result.filesScanned === 0)
      return { ruleIds: [], unreadable: [`the ${loaded.name} scanner did not read ${fileName(example)}`] };
    const unreadable = (f: Finding) => f.fatal === true && f.ruleId !== ruleId;
    return {
      ruleIds: result.findings.map((f) => f.ruleId),
      unreadable: result.findings
        .filter(unreadable)
        .map((f) => `${f.range.line}:${f.range.column} ${f.message}`),
    };
  };
}

/** A YAML/JSON example must be a template the scanner recognises: a fragment would pass ✅ without being looked at. */
function templateRunner(): Runner {
  const scan = scannerRunner(async () => iacScanner, templateName);
  return async (ruleId, example) => {
    const result = await scan(ruleId, example);
    const loaded = loadText(
      example.code,
      templateName(example),
      example.language === 'json' ? 'json' : 'yaml',
    );
    if (loaded.ok && detectKind(loaded.loaded) === 'unknown')
      result.unreadable.push('not a SAM, CloudFormation, Serverless or CDK template (a fragment?)');
    return result;
  };
}

/** An `hcl` example is a root module's `main.tf`; one without a resource, data source or module is a fragment. */
function terraformRunner(): Runner {
  const scan = scannerRunner(
    async () => iacScanner,
    () => 'main.tf',
  );
  return async (ruleId, example) => {
    const result = await scan(ruleId, example);
    if (!/^(?:resource|data|module)\s+"/m.test(example.code))
      result.unreadable.push('no resource, data source or module block (a fragment?)');
    return result;
  };
}

/** Serverless Framework files are told apart from SAM/CloudFormation by content, and read by their file name. */
function templateName(example: Example): string {
  const serverless = /^service:/m.test(example.code) && /^provider:/m.test(example.code);
  return `${serverless ? 'serverless' : 'template'}.${example.language === 'json' ? 'json' : 'yaml'}`;
}

const eslintByRule = new Map<string, ESLint>();
function eslintWith(ruleId: string): ESLint {
  let eslint = eslintByRule.get(ruleId);
  if (eslint === undefined) {
    eslint = new ESLint({
      cwd: scratch,
      overrideConfigFile: true,
      overrideConfig: [
        { plugins: { 'lambda-lint': plugin }, rules: { [`lambda-lint/${ruleId}`]: 'error' } },
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
      ],
    });
    eslintByRule.set(ruleId, eslint);
  }
  return eslint;
}

/** `handler.ts`, or for JavaScript `handler.cjs` when it uses require/exports and no import/export, else `handler.mjs`. */
function handlerName(language: 'js' | 'ts', code: string): string {
  const commonjs = /\brequire\(|\bexports\b/.test(code) && !/^\s*(import|export)\b/m.test(code);
  return language === 'ts' ? 'handler.ts' : commonjs ? 'handler.cjs' : 'handler.mjs';
}

/** ESLint with the plugin and only this rule on. */
function eslintRunner(language: 'js' | 'ts'): Runner {
  return async (ruleId, example) => {
    const { file } = writeExample(handlerName(language, example.code), example.code);
    const [result] = await eslintWith(ruleId).lintText(example.code, { filePath: file });
    const messages = result!.messages;
    return {
      ruleIds: messages.filter((m) => m.ruleId !== null).map((m) => m.ruleId!.replace(/^lambda-lint\//, '')),
      unreadable: messages.filter((m) => m.fatal).map((m) => `${m.line}:${m.column} ${m.message}`),
    };
  };
}

/** An analyzer that another package provides; the example fails with a clear reason while it is not installed. */
function optionalScanner(specifier: string, exportName: string): () => Promise<Scanner> {
  return async () => {
    let module: Record<string, unknown>;
    try {
      module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
    } catch {
      throw new Error(
        `examples of this language need ${specifier}, which is not installed in this workspace`,
      );
    }
    const scanner = module[exportName] as Scanner | undefined;
    if (scanner === undefined) throw new Error(`${specifier} has no export ${exportName}`);
    return scanner;
  };
}

const HANDLER_EXTENSIONS: Record<string, string> = { ts: '.ts', js: '.js', python: '.py' };

/** A template and its handler, scanned by the whole CLI (the project layer joins them per function). */
const projectRunner: Runner = async (ruleId, example) => {
  const template = templateName({ ...example, language: 'yaml' });
  const { dir } = writeExample(template, example.code);
  const handler = example.handler!;
  // The pages' convention: the code block is the file `handler.<ext>` next to the template.
  const file = path.join(dir, `handler${HANDLER_EXTENSIONS[handler.language]}`);
  writeFileSync(file, handler.code);
  let stdout = '';
  let stderr = '';
  await run(['.', '--format', 'json'], {
    cwd: dir,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  const findings = (JSON.parse(stdout) as { findings: Finding[] }).findings;
  return {
    ruleIds: findings.map((f) => f.ruleId),
    unreadable: [
      ...findings
        .filter((f) => f.fatal === true && f.ruleId !== ruleId)
        .map((f) => `${f.file}:${f.range.line} ${f.message}`),
      ...(stderr === '' ? [] : [stderr]),
    ],
  };
};

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/**
 * A deployment package written as a listing: one file per line, then either its size (`2.5 MiB`:
 * a file of that many bytes), its content (`{"name": "aws-sdk", …}`) or a symlink (`-> target`).
 * Measured by the bundle analyzer.
 */
const packageRunner: Runner = async (ruleId, example) => {
  const dir = mkdtempSync(path.join(scratch, 'package-'));
  for (const line of example.code.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [, file, rest = ''] = /^(\S+)\s*(.*)$/.exec(line)!;
    const target = path.join(dir, file!);
    mkdirSync(path.dirname(target), { recursive: true });
    if (rest.startsWith('-> ')) {
      symlinkSync(rest.slice(3), target);
      continue;
    }
    const size = /^(\d+(?:\.\d+)?) (B|KiB|MiB|GiB)$/.exec(rest);
    writeFileSync(target, size ? '' : rest);
    if (size) truncateSync(target, Math.round(Number(size[1]) * UNITS[size[2]!]!));
  }
  const { bundleScanner } = await import('@lambda-lint/bundle');
  const result = await bundleScanner.scan({
    paths: ['.'],
    cwd: dir,
    config: onlyRule(bundleScanner.rules, ruleId),
  });
  return {
    ruleIds: result.findings.map((f) => f.ruleId),
    unreadable: result.findings
      .filter((f) => f.fatal === true && f.ruleId !== ruleId)
      .map((f) => `${f.file}: ${f.message}`),
  };
};

/**
 * A log as `lambda-lint logs` reads it (any export format), analysed in-process with only this rule
 * on; with the template before it under the same heading as `--template`.
 */
const logRunner: Runner = async (ruleId, example) => {
  const { dir } = writeExample('lambda.log', example.code);
  let template: string | undefined;
  if (example.template) {
    template = templateName({ ...example, ...example.template });
    writeFileSync(path.join(dir, template), example.template.code);
  }
  const { analyzeLogs, diagnosticsRules } = await import('@lambda-lint/diagnostics');
  const analysis = await analyzeLogs({
    paths: ['lambda.log'],
    cwd: dir,
    stdin: () => {
      throw new Error('a log example is a file, not standard input');
    },
    config: onlyRule(diagnosticsRules, ruleId),
    ...(template !== undefined && { template }),
  });
  const { collection } = analysis;
  return {
    ruleIds: analysis.findings.map((f) => f.ruleId),
    unreadable: [
      ...collection.inputErrors.map((e) => e.message),
      ...collection.skipped.examples.map((s) => `line ${s.at.line}: ${s.reason}`),
      ...(analysis.functions.length === 0 ? ['no REPORT line'] : []),
      ...analysis.unmatched.map((name) => `${name} matches no function of the template`),
      ...analysis.findings
        .filter((f) => f.fatal === true && f.ruleId !== ruleId)
        .map((f) => `${f.file}:${f.range.line} ${f.message}`),
    ],
  };
};

/** A handler module loaded by init-time, in 2 fresh processes (enough for a median far from the budget). */
const initTimeRunner: Runner = async (ruleId, example) => {
  const name = handlerName('js', example.code);
  const { dir } = writeExample(name, example.code);
  const { analyzeInitTime, diagnosticsRules } = await import('@lambda-lint/diagnostics');
  const analysis = await analyzeInitTime({
    input: name,
    cwd: dir,
    runs: 2,
    config: onlyRule(diagnosticsRules, ruleId),
  });
  return {
    ruleIds: analysis.findings.map((f) => f.ruleId),
    unreadable: [
      ...analysis.skipped,
      ...analysis.measurements.flatMap((m) => [
        ...(m.buildError === undefined ? [] : [m.buildError]),
        // A load that fails because init-time blocked its network call is the example, not a broken one.
        ...(m.attempts.length > 0 ? [] : m.failures.map((f) => `run ${f.run}: ${f.message}`)),
      ]),
    ],
  };
};

/** Language tag → how an example in it is run. Add a language here; anything else fails by name. */
const RUNNERS: Record<string, Runner> = {
  yaml: templateRunner(),
  json: templateRunner(),
  hcl: terraformRunner(),
  python: scannerRunner(optionalScanner('@lambda-lint/python', 'pythonScanner'), () => 'handler.py'),
  js: eslintRunner('js'),
  ts: eslintRunner('ts'),
  project: projectRunner,
  files: packageRunner,
  log: logRunner,
  'js init-time': initTimeRunner,
};

/**
 * Pages whose examples cannot be files: failures of lambda-lint itself. Exact, so a page cannot
 * drop out silently.
 */
const NOT_SINGLE_FILES: Record<string, string> = {
  'internal-error': 'a crash inside lambda-lint',
  'report-output': 'a report file that cannot be written',
  // Diagnostics read CloudWatch REPORT logs or time a local run: their pages show log excerpts and measurements.
  'cold-start-rate': 'REPORT log statistics (`lambda-lint logs`)',
  'duration-near-timeout': 'REPORT log statistics (`lambda-lint logs`)',
  'memory-near-limit': 'REPORT log statistics (`lambda-lint logs`)',
  'memory-oversized': 'REPORT log statistics (`lambda-lint logs`)',
  'timeouts-observed': 'REPORT log statistics (`lambda-lint logs`)',
  'init-network-call': 'a sandboxed timing run (`lambda-lint init-time`)',
  'init-time-budget': 'a sandboxed timing run (`lambda-lint init-time`)',
};

/** IaC rules that have no Terraform counterpart, with why (their pages say so under `## Terraform`). */
const NOT_TERRAFORM: Record<string, string> = {};

const pages = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .map((name) => name.slice(0, -3))
  .sort();
const examples = pages.flatMap((id) =>
  examplesOf(id, readFileSync(path.join(rulesDir, `${id}.md`), 'utf8')).map((example) => ({ id, example })),
);

describe('docs/rules examples (Contract D)', () => {
  it('every page has ❌ and ✅ examples, except the pages listed as not single files', () => {
    const withBoth = pages.filter((id) => {
      const own = examples.filter((e) => e.id === id).map((e) => e.example.expect);
      return own.includes('reported') && own.includes('not reported');
    });
    expect(pages.filter((id) => !(id in NOT_SINGLE_FILES) && !withBoth.includes(id))).toEqual([]);
    expect(Object.keys(NOT_SINGLE_FILES).filter((id) => !pages.includes(id))).toEqual([]);
  });

  it('every IaC rule page has Terraform (`hcl`) ❌ and ✅ examples, except the rules listed as not Terraform', () => {
    const iacPages = pages.filter((id) =>
      iacScanner.rules.some((r) => r.meta.id === id && r.meta.tool === 'iac'),
    );
    const withBoth = iacPages.filter((id) => {
      const own = examples
        .filter((e) => e.id === id && e.example.language === 'hcl')
        .map((e) => e.example.expect);
      return own.includes('reported') && own.includes('not reported');
    });
    expect(iacPages.filter((id) => !(id in NOT_TERRAFORM) && !withBoth.includes(id))).toEqual([]);
    expect(
      Object.keys(NOT_TERRAFORM).filter((id) => withBoth.includes(id) || !iacPages.includes(id)),
    ).toEqual([]);
  });

  const runnable = examples.filter(({ id }) => !(id in NOT_SINGLE_FILES));
  it.each(
    runnable.map(
      ({ id, example }) =>
        [`${id}.md:${example.line} (${example.language}, ${example.expect})`, id, example] as const,
    ),
  )(
    '%s',
    async (_, id, example) => {
      const runner = RUNNERS[example.language];
      if (runner === undefined)
        throw new Error(
          `docs/rules/${id}.md:${example.line}: a \`${example.language || '(untagged)'}\` block under a ❌/✅ heading; ` +
            `examples are ${Object.keys(RUNNERS).join(', ')} — move other blocks under a heading with neither mark`,
        );
      const { ruleIds, unreadable } = await runner(id, example);
      expect(unreadable, 'the example is a complete, readable file').toEqual([]);
      if (example.expect === 'reported') expect(ruleIds).toContain(id);
      else expect(ruleIds).not.toContain(id);
    },
    30_000,
  );
});

describe('docs/rule-mapping.md', () => {
  it('has a row for every rule, naming its checkov / cfn-lint / serverless-rules / tfsec equivalents', () => {
    const mapping = readFileSync(path.join(root, 'docs/rule-mapping.md'), 'utf8');
    const header = /^\| lambda-lint rule +\| checkov +\| cfn-lint +\| serverless-rules +\| tfsec +\|$/m;
    expect(mapping).toMatch(header);
    const rows = new Set(
      [...mapping.matchAll(/^\| \[`([\w-]+)`\]\(rules\/\1\.md\)( +\|[^|\n]+){4} \|$/gm)].map((m) => m[1]),
    );
    expect(pages.filter((id) => !rows.has(id))).toEqual([]);
  });
});
