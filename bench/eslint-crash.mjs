#!/usr/bin/env node
// Crash bench: lint every .js/.mjs/.cjs/.ts file in the repo's own node_modules (pnpm store
// included, deduplicated by real path, files over 1 MB skipped) with every lambda-lint rule on,
// through the ESLint Node API the way the VS Code extension calls it (`lintText` + `filePath`).
// A crash = lintText throws (ESLint rethrows rule exceptions with `Rule: "<id>"`), or a fatal
// message that is neither a parse error of the file itself nor ESLint core rejecting the file.
// Usage: node bench/eslint-crash.mjs [--limit N] [--show N]
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin, { getHandlerAnalysis } from '../packages/eslint-plugin/dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const limit = option('--limit', Infinity);
const show = option('--show', 5);
// `--findings <rule-id>` lists that rule's findings (for precision review).
const findingsRule = args.includes('--findings') ? args[args.indexOf('--findings') + 1] : undefined;
const MAX_BYTES = 1024 * 1024;
const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts']);

/** Walk node_modules following symlinks (pnpm), visiting each real directory and file once. */
function collectFiles(start) {
  const seenDirectories = new Set();
  const seenFiles = new Set();
  const files = [];
  const stack = [start];
  while (stack.length > 0) {
    const directory = stack.pop();
    let real;
    try {
      real = realpathSync(directory);
    } catch {
      continue; // dangling symlink
    }
    // Workspace packages linked into node_modules are this repo's own code, not installed packages.
    if (seenDirectories.has(real) || !real.includes(`${path.sep}node_modules`)) continue;
    seenDirectories.add(real);
    let entries;
    try {
      entries = readdirSync(real, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(real, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isSymbolicLink()) {
        try {
          const target = realpathSync(full);
          const stats = statSync(target);
          if (stats.isDirectory()) stack.push(target);
          else if (
            stats.isFile() &&
            target.includes(`${path.sep}node_modules${path.sep}`) &&
            EXTENSIONS.has(path.extname(target)) &&
            !seenFiles.has(target) &&
            stats.size <= MAX_BYTES
          ) {
            seenFiles.add(target);
            files.push(target);
          }
        } catch {
          // dangling symlink
        }
      } else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)) && !seenFiles.has(full)) {
        seenFiles.add(full);
        if (statSync(full).size <= MAX_BYTES) files.push(full);
      }
    }
  }
  return files.sort();
}

/** The most common exported names in the corpus, so that most files count as handler files. */
function commonExportNames(sources, count) {
  const frequency = new Map();
  const pattern =
    /\b(?:exports|module\.exports)\.([A-Za-z_$][\w$]*)\s*=|\bexport\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/g;
  for (const source of sources) {
    for (const match of source.matchAll(pattern)) {
      const name = match[1] ?? match[2];
      frequency.set(name, (frequency.get(name) ?? 0) + 1);
    }
  }
  return [...frequency.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name]) => name);
}

const started = performance.now();
const allFiles = collectFiles(path.join(root, 'node_modules')).slice(0, limit);
const sources = allFiles.map((file) => readFileSync(file, 'utf8'));
const handlerNames = ['handler', 'lambdaHandler', 'main', ...commonExportNames(sources, 300)];

// A probe rule forces the handler analysis (including per-invocation reachability) on every file.
let handlerFiles = 0;
const probe = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const analysis = getHandlerAnalysis(context);
    if (analysis.isHandlerFile) {
      handlerFiles++;
      void analysis.perInvocation.size;
    }
    return {};
  },
};

const settings = { 'lambda-lint': { handlerNames, defaultExportIsHandler: true } };
const eslint = new ESLint({
  cwd: root,
  allowInlineConfig: false, // directives inside node_modules must neither disable rules nor fail the run
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    plugin.configs.all,
    { plugins: { bench: { rules: { probe } } }, rules: { 'bench/probe': 'error' }, settings },
  ],
});
const commonJsEslint = new ESLint({
  cwd: root,
  allowInlineConfig: false,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } },
    plugin.configs.all,
    { plugins: { bench: { rules: { probe } } }, rules: { 'bench/probe': 'error' }, settings },
  ],
});

const ESM_SYNTAX = /^\s*(?:import\s*[\w{*'"]|export\s)/m;
let parseErrors = 0;
const coreErrors = [];
const crashes = [];
const findingsByRule = new Map();
const BATCH = 500;
for (let start = 0; start < allFiles.length; start += BATCH) {
  const batch = allFiles.slice(start, start + BATCH);
  await Promise.all(
    batch.map(async (file, offset) => {
      const source = sources[start + offset];
      const extension = path.extname(file);
      // Synthetic in-workspace path: node_modules paths are ignored by ESLint by default.
      const filePath = path.join(root, '.bench-virtual', `${start + offset}${extension}`);
      const linter = extension === '.js' && !ESM_SYNTAX.test(source) ? commonJsEslint : eslint;
      try {
        const [result] = await linter.lintText(source, { filePath, warnIgnored: true });
        for (const message of result.messages) {
          if (message.fatal) {
            if (/^Parsing error/.test(message.message)) parseErrors++;
            else if (message.ruleId === null && !/Rule: "/.test(message.message))
              coreErrors.push({ file, message: message.message });
            else crashes.push({ file, rule: message.ruleId ?? 'unknown', message: message.message });
          } else if (message.ruleId) {
            findingsByRule.set(message.ruleId, (findingsByRule.get(message.ruleId) ?? 0) + 1);
            if (message.ruleId === findingsRule)
              console.log(`${file}:${message.line}:${message.column} ${message.message.slice(0, 100)}`);
          }
        }
      } catch (error) {
        const text = String(error?.stack ?? error);
        const rule = /Rule: "([^"]+)"/.exec(text)?.[1] ?? 'unknown';
        crashes.push({ file, rule, message: text.split('\n').slice(0, 6).join('\n') });
      }
    }),
  );
  process.stderr.write(`\r${Math.min(start + BATCH, allFiles.length)}/${allFiles.length} files`);
}
process.stderr.write('\n');

const seconds = (performance.now() - started) / 1000;
console.log(
  `files linted:        ${allFiles.length} (from ${path.join(root, 'node_modules')}, deduplicated by real path, ≤ 1 MB)`,
);
console.log(
  `handler files:       ${handlerFiles} (handlerNames = ${handlerNames.length} most common export names, defaultExportIsHandler)`,
);
console.log(`parse errors:        ${parseErrors} (not crashes: the file is not valid for the chosen parser)`);
console.log(
  `ESLint core errors:  ${coreErrors.length}${coreErrors[0] ? ` (e.g. ${coreErrors[0].message.split('\n')[0]})` : ''}`,
);
console.log(`crashes:             ${crashes.length}`);
console.log(
  `findings by rule:    ${
    [...findingsByRule.entries()]
      .filter(([id]) => id.startsWith('lambda-lint/'))
      .map(([id, n]) => `${id}=${n}`)
      .join(', ') || 'none'
  }`,
);
console.log(`time:                ${seconds.toFixed(1)} s`);
for (const crash of crashes.slice(0, show)) {
  console.log(`\n[${crash.rule}] ${crash.file}\n${crash.message}`);
}
process.exitCode = crashes.length === 0 ? 0 : 1;
