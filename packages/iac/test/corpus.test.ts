import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanTemplateText } from '../src/scanner.js';
import { configWith } from './rules/helpers.js';

/** Real public templates (awslabs/serverless-rules test inputs), outside the repo: `../shared/corpus` from the repo root. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpusDir = path.resolve(repoRoot, '../shared/corpus/serverless-rules');
const templatesDir = path.join(corpusDir, 'cfn-lint-serverless/tests/templates');
const haveCorpus = existsSync(templatesDir);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return /\.(ya?ml|json)$/.test(name) ? [full] : [];
  });
}

/** Both optional parts of tracing-active on, so WS2002 and WS5000 have a counterpart. */
const config = configWith({ 'tracing-active': { options: { apiStages: true, stateMachines: true } } });

function scan(file: string) {
  const text = readFileSync(file, 'utf8');
  return scanTemplateText(
    text,
    path.relative(corpusDir, file),
    file.endsWith('.json') ? 'json' : 'yaml',
    config,
  );
}

function ruleIdsFor(template: string, ruleId: string): number {
  return scan(path.join(templatesDir, template)).filter((f) => f.ruleId === ruleId).length;
}

/**
 * serverless-rules rule ↔ our rule, by template. `fail` files must give at least `min` findings of our rule,
 * `pass` files none. Deliberate differences are listed separately below and in docs/rule-mapping.md.
 */
const MAPPING: { theirs: string; ours: string; fail: [string, number][]; pass: string[] }[] = [
  {
    theirs: 'WS1000 (Lambda tracing)',
    ours: 'tracing-active',
    fail: [
      ['ws1000-missing.fail.yaml', 1],
      ['ws1000-passthrough.fail.yaml', 1],
    ],
    pass: ['ws1000.pass.yaml'],
  },
  {
    theirs: 'WS2002 (API Gateway tracing)',
    ours: 'tracing-active',
    fail: [
      ['ws2002-rest-false.fail.yaml', 1],
      ['ws2002-rest-missing.fail.yaml', 1],
    ],
    pass: ['ws2002-rest.pass.yaml', 'ws2002-http-false.pass.yaml', 'ws2002-http-missing.pass.yaml'],
  },
  {
    theirs: 'WS5000 (Step Functions tracing)',
    ours: 'tracing-active',
    fail: [
      ['ws5000-false.fail.yaml', 1],
      ['ws5000-missing.fail.yaml', 1],
    ],
    pass: ['ws5000.pass.yaml'],
  },
  {
    theirs: 'ES1001 (event source mapping failure destination)',
    ours: 'event-source-failure-destination',
    fail: [['es1001-missing.fail.yaml', 1]],
    pass: ['es1001.pass.yaml'],
  },
  {
    theirs: 'ES1007 (asynchronous failure destination)',
    ours: 'async-failure-destination',
    fail: [['es1007.fail.yaml', 6]],
    pass: ['es1007.pass.yaml'],
  },
  {
    theirs: 'ES6000 (SQS redrive policy)',
    ours: 'event-source-failure-destination',
    fail: [],
    pass: ['es6000.pass.yaml', 'es6000-multiple.pass.yaml'],
  },
];

describe.skipIf(!haveCorpus)('serverless-rules corpus', () => {
  it('scans every template without a crash or an internal error', () => {
    const files = walk(corpusDir);
    expect(files.length).toBeGreaterThanOrEqual(60);
    for (const file of files) {
      let findings: ReturnType<typeof scan> = [];
      expect(() => (findings = scan(file)), file).not.toThrow();
      expect(
        findings.filter((f) => f.ruleId === 'internal-error' || f.fatal),
        file,
      ).toEqual([]);
    }
  });

  describe.each(MAPPING)('$theirs ↔ $ours', ({ ours, fail, pass }) => {
    it.each(fail)('%s gives our finding', (template, min) => {
      expect(ruleIdsFor(template, ours)).toBeGreaterThanOrEqual(min);
    });
    it.each(pass.map((p) => [p]))('%s gives none', (template) => {
      expect(ruleIdsFor(template, ours)).toBe(0);
    });
  });

  describe('documented differences (docs/rule-mapping.md)', () => {
    it('ES6000: a queue that feeds no function is not reported (ours only checks queues behind an SQS event source)', () => {
      expect(ruleIdsFor('es6000.fail.yaml', 'event-source-failure-destination')).toBe(0);
    });

    it('ES1007: a function whose only asynchronous triggers are Lambda permissions is reported (serverless-rules ignores permissions)', () => {
      expect(ruleIdsFor('ws1002-sam.fail.yaml', 'async-failure-destination')).toBe(1);
    });

    it('WS1000: SAM functions are checked before the transform, unlike cfn-lint 1.x', () => {
      expect(ruleIdsFor('es1005.fail.yaml', 'tracing-active')).toBe(1);
    });
  });
});
