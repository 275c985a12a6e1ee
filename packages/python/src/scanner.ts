import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  ruleDocsUrl,
  type Finding,
  type ScanRequest,
  type ScanResult,
  type Scanner,
} from '@lambda-lint/core';
import { analyzePythonFile } from './analyze.js';
import { pythonRules } from './rules/index.js';

/** Folders that hold no function source: environments, caches, build output, installed packages. */
const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '__pycache__',
  'site-packages',
  'venv',
  '.venv',
  'env',
  'build',
  'dist',
  'cdk.out',
  'tests',
  'test',
]);
const TEST_MODULE = /^(?:test_.*|.*_test|conftest)\.py$/;
/** A folder with one of these is a project: the project layer joins its template and code (not this scanner alone). */
const PROJECT_FILES = ['template.yaml', 'template.yml', 'template.json', 'serverless.yml', 'serverless.yaml'];

/** Folders of packages installed next to the code (`pip install -t .`): named by a sibling `*.dist-info`. */
function installedPackageNames(dir: string, entries: string[]): Set<string> {
  const names = new Set<string>();
  for (const entry of entries) {
    if (!entry.endsWith('.dist-info')) continue;
    names.add(entry);
    names.add(
      entry
        .replace(/-[^-]*\.dist-info$/, '')
        .toLowerCase()
        .replace(/-/g, '_'),
    );
    try {
      for (const line of readFileSync(path.join(dir, entry, 'top_level.txt'), 'utf8').split(/\r?\n/))
        if (line.trim()) names.add(line.trim().toLowerCase());
    } catch {
      // No top_level.txt: the distribution name stands for its folder.
    }
  }
  return names;
}

/** The `.py` files a command-line path stands for. */
export function pythonFiles(target: string): string[] {
  let stats;
  try {
    stats = statSync(target);
  } catch {
    return [];
  }
  if (stats.isFile()) return target.endsWith('.py') ? [target] : [];
  if (PROJECT_FILES.some((name) => existsSync(path.join(target, name)))) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    const installed = installedPackageNames(dir, entries);
    for (const entry of entries) {
      const full = path.join(dir, entry);
      if (entry.endsWith('.py')) {
        // Test modules call handlers with fake events: they are not function code.
        if (!TEST_MODULE.test(entry)) out.push(full);
        continue;
      }
      if (entry.startsWith('.') || SKIPPED_DIRECTORIES.has(entry) || installed.has(entry.toLowerCase()))
        continue;
      let isDirectory: boolean;
      try {
        isDirectory = statSync(full).isDirectory();
      } catch {
        continue;
      }
      if (isDirectory) walk(full);
    }
  };
  walk(target);
  return out;
}

function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel && !rel.startsWith('..') ? rel : file).split(path.sep).join('/');
}

/** `lambda-lint <file.py | folder of .py files>`: the Python rules alone, with handlers found by convention. */
export const pythonScanner: Scanner = {
  name: 'python',
  rules: pythonRules,
  async scan(request: ScanRequest): Promise<ScanResult> {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const p of request.paths) {
      for (const file of pythonFiles(path.resolve(request.cwd, p))) {
        if (seen.has(file)) continue;
        seen.add(file);
        const display = displayPath(request.cwd, file);
        if (request.config.isIgnored(display)) continue;
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          findings.push({
            ruleId: 'parse-error',
            severity: 'error',
            message: `Cannot read ${display} (${(error as NodeJS.ErrnoException).code ?? 'error'}): the file was not analyzed.`,
            file: display,
            range: { line: 1, column: 1 },
            docsUrl: ruleDocsUrl('parse-error'),
            tool: 'python',
            fatal: true,
          });
          continue;
        }
        const result = analyzePythonFile({
          text,
          file: display,
          config: request.config,
          ...(request.reportUnusedDisable !== undefined && {
            reportUnusedDisable: request.reportUnusedDisable,
          }),
        });
        findings.push(...result.findings);
      }
    }
    return { findings, filesScanned: seen.size };
  },
};
