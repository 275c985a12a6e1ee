import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin, { getHandlerAnalysis } from '/work/main/packages/eslint-plugin/dist/index.js';
const dir = process.argv[2];
const ruleName = process.argv[3] ?? 'no-client-in-handler';
const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]);
const probe = { create(context) { const a = getHandlerAnalysis(context); a.isHandlerFile && a.perInvocation; return {}; } };
const linter = new Linter({ configType: 'flat' });
const best = {};
for (let round = 0; round < 4; round++) for (const [mode, rules] of [['probe', { 'p/probe': 'error' }], ['rule', { 'p/probe': 'error', [`lambda-lint/${ruleName}`]: 'error' }]]) {
  const cfg = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { p: { rules: { probe } }, 'lambda-lint': plugin }, rules }];
  let total = 0;
  for (const [f, text] of files) linter.verify(text, cfg, { filename: f });
  const s = process.cpuUsage();
  for (const [f, text] of files) linter.verify(text, cfg, { filename: f });
  const u = process.cpuUsage(s); total = (u.user + u.system) / 1000;
  best[mode] = Math.min(best[mode] ?? Infinity, total);
}
console.log(best, 'rule cost per file', ((best.rule - best.probe) / files.length * 1000).toFixed(1), 'us');
