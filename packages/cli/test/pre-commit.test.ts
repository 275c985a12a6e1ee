import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectFiles, repoRoot, scratchProject } from './scratch-project.js';

/** .pre-commit-hooks.yaml run the way pre-commit runs a hook: filter the staged files, append them to the entry, read the exit code. */
interface Hook {
  id: string;
  entry: string;
  language: string;
  types_or?: string[];
  files?: string;
  exclude?: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
}
const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = (id: string) => hooks.find((h) => h.id === id)!;

/** The file types of pre-commit's `identify` that the hooks use, by extension. */
const TYPES_BY_EXTENSION: Record<string, string> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'jsx',
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.py': 'python',
  '.tf': 'terraform',
};

function selected(h: Hook, files: string[]): string[] {
  return files.filter((file) => {
    if (h.files !== undefined && !new RegExp(h.files).test(file)) return false;
    if (h.exclude !== undefined && new RegExp(h.exclude).test(file)) return false;
    const type = TYPES_BY_EXTENSION[path.extname(file)];
    return h.types_or === undefined || (type !== undefined && h.types_or.includes(type));
  });
}

const project = scratchProject();
afterAll(() => rmSync(project, { recursive: true, force: true }));

async function runHook(h: Hook, files: string[], extraArgs: string[] = []) {
  const [command, ...args] = h.entry.split(' ');
  return promisify(execFile)(command!, [...args, ...extraArgs, ...files], { cwd: project }).then(
    (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

interface JsonFinding {
  ruleId: string;
  file: string;
  range: { line: number };
}
async function lambdaLintFindings(files: string[]) {
  const result = await runHook(hook('lambda-lint'), files, ['--format', 'json']);
  const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
  return { code: result.code, findings, at: findings.map((f) => `${f.file}:${f.range.line} ${f.ruleId}`) };
}

describe('.pre-commit-hooks.yaml', () => {
  it('defines lambda-lint and lambda-lint-eslint, run from the project install', () => {
    expect(hooks.map((h) => h.id)).toEqual(['lambda-lint', 'lambda-lint-eslint']);
    for (const h of hooks) {
      expect(h.language).toBe('system');
      expect(h.entry).toMatch(/^npx --no-install (lambda-lint|eslint)\b/);
      expect(h.pass_filenames ?? true).toBe(true);
    }
    expect(hook('lambda-lint').require_serial).toBe(true);
  });

  it('a commit touching only README.md and .editorconfig runs neither hook', () => {
    for (const h of hooks) expect(selected(h, ['README.md', '.editorconfig'])).toEqual([]);
  });

  it('lambda-lint on a commit touching the template: its findings, exit code 1', async () => {
    const files = selected(hook('lambda-lint'), ['template.yaml', 'README.md']);
    expect(files).toEqual(['template.yaml']);
    const { code, at } = await lambdaLintFindings(files);
    expect(code).toBe(1);
    expect(at).toEqual(
      expect.arrayContaining([
        'template.yaml:13 runtime-lifecycle',
        'template.yaml:72 timeout-alignment',
        'template.yaml:109 async-failure-destination',
      ]),
    );
  });

  it('lambda-lint-eslint on the staged handler code: the client built in the handler, exit code 1', async () => {
    const files = selected(hook('lambda-lint-eslint'), projectFiles(project));
    expect(files).toEqual(expect.arrayContaining(['src/worker.ts', 'scripts.mjs', 'eslint.config.js']));
    expect(files.filter((file) => !/\.(ts|js|mjs)$/.test(file))).toEqual([]);
    const result = await runHook(hook('lambda-lint-eslint'), files, ['--format', 'json']);
    expect(result.code).toBe(1);
    const reports = JSON.parse(result.stdout) as {
      filePath: string;
      messages: { ruleId: string | null; fatal?: boolean }[];
    }[];
    const rules = reports.flatMap((r) =>
      r.messages.map((m) => `${path.relative(project, r.filePath)} ${m.ruleId}`),
    );
    expect(rules).toContain('src/worker.ts lambda-lint/no-client-in-handler');
    expect(reports.flatMap((r) => r.messages).filter((m) => m.fatal)).toEqual([]);
  });

  it('lambda-lint on a mixed commit (template, handlers, packages, .mjs): no parse errors, handlers joined to their functions', async () => {
    const files = selected(hook('lambda-lint'), projectFiles(project));
    expect(files).toEqual(
      expect.arrayContaining(['template.yaml', 'src/worker.ts', 'src/package.json', 'scripts.mjs']),
    );
    const { code, findings, at } = await lambdaLintFindings(files);
    expect(code).toBe(1);
    expect(findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    expect(at).toEqual(
      expect.arrayContaining([
        'template.yaml:13 runtime-lifecycle',
        expect.stringMatching(/^src\/worker\.ts:\d+ no-client-in-handler$/),
      ]),
    );
  });

  it('lambda-lint given files it has nothing to say about (README.md, .editorconfig) skips them', async () => {
    const { code, findings } = await lambdaLintFindings([
      'template.yaml',
      'README.md',
      '.editorconfig',
      'scripts.mjs',
    ]);
    expect(code).toBe(1);
    // The template's functions are analysed whole (their handlers too); the other files are not read as anything.
    expect(findings.filter((f) => ['README.md', '.editorconfig', 'scripts.mjs'].includes(f.file))).toEqual(
      [],
    );
    expect(findings.map((f) => f.ruleId)).toContain('runtime-lifecycle');
  });
});
