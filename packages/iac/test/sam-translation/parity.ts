import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '@lambda-lint/core';
import { loadText } from '../../src/load/index.js';
import { detectKind } from '../../src/load/index.js';
import { buildModel } from '../../src/normalize/index.js';
import { configWith, scanText } from '../rules/helpers.js';

/** Rules whose per-function verdict must not depend on whether the template is SAM or its translation. */
export const PARITY_RULES = [
  'tracing-active',
  'async-failure-destination',
  'event-source-failure-destination',
  'concurrency-limit',
  'concurrency-budget',
  'timeout-alignment',
  'deployment-safety',
] as const;

/** One template: its functions' logical IDs and, per function, the sorted ids of the parity rules that report it. */
export interface Verdicts {
  functions: string[];
  byFunction: Map<string, string[]>;
  findings: Finding[];
}

/** The functions a finding is about: its subject, or every function a shared Globals finding names ("2 functions (A, B): …"). */
function functionsOf(finding: Finding, functions: readonly string[]): string[] {
  const group = /^\d+ functions \(([^)]*)\)/.exec(finding.message);
  if (group) {
    const named = new Set(group[1]!.split(', ').map((label) => label.split(' ')[0]!));
    return functions.filter((id) => named.has(id));
  }
  return finding.subject?.kind === 'function' ? [finding.subject.id] : [];
}

export function verdictsOf(text: string, file: string): Verdicts {
  const format = file.endsWith('.json') ? 'json' : 'yaml';
  const loaded = loadText(text, file, format);
  if (!loaded.ok) throw new Error(`${file} does not load: ${loaded.finding.message}`);
  const kind = detectKind(loaded.loaded);
  if (kind === 'unknown' || kind === 'serverless')
    throw new Error(`${file} is not a SAM/CloudFormation template`);
  const functions = buildModel(loaded.loaded, kind).functions.map((fn) => fn.id);
  const findings = scanText(text, file, configWith());
  const byFunction = new Map<string, string[]>(functions.map((id) => [id, []]));
  for (const finding of findings) {
    if (!(PARITY_RULES as readonly string[]).includes(finding.ruleId)) continue;
    for (const id of functionsOf(finding, functions)) {
      const list = byFunction.get(id);
      if (list && !list.includes(finding.ruleId)) list.push(finding.ruleId);
    }
  }
  for (const list of byFunction.values()) list.sort();
  return { functions, byFunction, findings };
}

/** A SAM template and the CloudFormation the translator made of it. */
export interface Pair {
  name: string;
  sam: string;
  cfn: string;
}

/** `<dir>/<case>/sam.yaml` + `<dir>/<case>/cfn.json|yaml` pairs, by case name. */
export function pairsIn(dir: string): Pair[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const base = path.join(dir, d.name);
      const cfn = ['cfn.json', 'cfn.yaml'].map((f) => path.join(base, f)).find((f) => existsSync(f));
      const sam = path.join(base, 'sam.yaml');
      return cfn && existsSync(sam) ? [{ name: d.name, sam, cfn }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The SAM translator's own test layout: `<dir>/input/<case>.yaml` translated to `<dir>/output/<case>.json`
 * (cases whose output is an error document, with no Resources, are left out by `compare`'s caller).
 */
export function translatorPairsIn(dir: string): Pair[] {
  const input = path.join(dir, 'input');
  if (!existsSync(input)) return [];
  return readdirSync(input)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => {
      const cfn = path.join(dir, 'output', f.replace(/\.ya?ml$/, '.json'));
      return existsSync(cfn) ? [{ name: f, sam: path.join(input, f), cfn }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Per function (SAM logical IDs, which the translator keeps for functions): SAM verdict vs CloudFormation verdict. */
export function compare(pair: Pair): {
  sam: Verdicts;
  cfn: Verdicts;
  disagreements: { fn: string; sam: string[]; cfn: string[] }[];
} {
  const sam = verdictsOf(readFileSync(pair.sam, 'utf8'), path.basename(pair.sam));
  const cfn = verdictsOf(readFileSync(pair.cfn, 'utf8'), path.basename(pair.cfn));
  const disagreements = sam.functions.flatMap((fn) => {
    const a = sam.byFunction.get(fn) ?? [];
    const b = cfn.byFunction.get(fn);
    return b !== undefined && a.join() === b.join() ? [] : [{ fn, sam: a, cfn: b ?? ['<missing>'] }];
  });
  return { sam, cfn, disagreements };
}
