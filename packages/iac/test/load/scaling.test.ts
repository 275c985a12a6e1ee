import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/load/index.js';

/** A `Resources` map with `count` resources, each a small map of its own (the shape of a big generated template). */
function resourcesTemplate(count: number, duplicateAt?: number): string {
  const parts = ['Resources:\n'];
  for (let i = 0; i < count; i++) {
    const id = duplicateAt !== undefined && i === count - 1 ? `Queue${duplicateAt}` : `Queue${i}`;
    parts.push(`  ${id}:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: ${i % 900}\n`);
  }
  return parts.join('');
}

/** One map holding `count` plain keys: the per-key work is small, so a cost per earlier key shows. */
function flatMapTemplate(count: number): string {
  const parts = ['Mappings:\n  Sizes:\n'];
  for (let i = 0; i < count; i++) parts.push(`    Key${i}: ${i}\n`);
  return parts.join('');
}

/** Best CPU time of a few runs: CPU time and the minimum are the least moved by other processes on a shared machine. */
function bestLoadCpuMs(text: string, runs: number): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = process.cpuUsage();
    const result = loadText(text, 'template.yaml', 'yaml');
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
    if (!result.ok) throw new Error(result.finding.message);
  }
  return best;
}

describe('loading scales linearly with the number of keys in one map', () => {
  it('20,000 keys in one map cost about 20x 1,000 keys, not 400x (a check against every earlier key)', () => {
    const small = flatMapTemplate(1_000);
    const large = flatMapTemplate(20_000);
    bestLoadCpuMs(small, 3); // warm-up
    const smallMs = bestLoadCpuMs(small, 9);
    const largeMs = bestLoadCpuMs(large, 3);
    // Linear measures 13-27x here; the parser's own duplicate-key scan measured ~140x. 70x leaves room for GC and noise.
    expect(largeMs / smallMs).toBeLessThan(70);
  }, 60_000);

  it('still reports a duplicate key among 2,000 at the repeated key, as the parser words it', () => {
    const text = resourcesTemplate(2_000, 7);
    const result = loadText(text, 'template.yaml', 'yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.finding.ruleId).toBe('parse-error');
    expect(result.finding.message).toMatch(/^Duplicate key "Queue7": the same map already has this key/);
    const lastLine = 1 + 1_999 * 4 + 1;
    expect(result.finding.range).toEqual({ line: lastLine, column: 3, endLine: lastLine, endColumn: 9 });
  }, 60_000);
});

describe('duplicate keys, now found by the loader rather than the parser, are reported as before', () => {
  const cases: [
    string,
    string,
    string,
    { line: number; column: number; endLine: number; endColumn: number },
  ][] = [
    [
      'before a syntax error further down',
      'Resources:\n  A: {Type: x}\n  A: {Type: y}\nOutputs: [\n',
      'A',
      { line: 3, column: 3, endLine: 3, endColumn: 4 },
    ],
    [
      'after a problem that stops the tree walk early (undefined alias)',
      'a: *missing\nb: 1\nb: 2\n',
      'b',
      { line: 3, column: 1, endLine: 3, endColumn: 2 },
    ],
    [
      'keys equal as YAML numbers (1 and 1.0)',
      'Mappings:\n  M:\n    1: small\n    1.0: large\n',
      '1.0',
      { line: 4, column: 5, endLine: 4, endColumn: 8 },
    ],
    [
      'inside a complex key',
      'x: 1\n? {k: 1, k: 2}\n: v\n',
      'k',
      { line: 2, column: 10, endLine: 2, endColumn: 11 },
    ],
  ];
  it.each(cases)('%s', (_name, text, key, range) => {
    const result = loadText(text, 'template.yaml', 'yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.finding.message).toMatch(
      new RegExp(`^Duplicate key ${JSON.stringify(key).replace(/\./g, '\\.')}:`),
    );
    expect(result.finding.range).toEqual(range);
  });

  it('two merge keys in one map are not duplicates', () => {
    const result = loadText(
      'base: &b {x: 1}\nother: &o {y: 2}\nm:\n  <<: *b\n  <<: *o\n',
      'template.yaml',
      'yaml',
    );
    expect(result.ok).toBe(true);
  });
});
