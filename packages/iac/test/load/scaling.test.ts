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

  it('still reports a duplicate key among 2,000 at the repeated key, and keeps the later value', () => {
    const text = resourcesTemplate(2_000, 7);
    const result = loadText(text, 'template.yaml', 'yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const notes = result.loaded.notes ?? [];
    expect(notes.map((n) => n.ruleId)).toEqual(['duplicate-key']);
    expect(notes[0]!.message).toMatch(/^Duplicate key "Queue7" on line \d+ repeats the one on line 30:/);
    const lastLine = 1 + 1_999 * 4 + 1;
    expect(notes[0]!.range).toEqual({ line: lastLine, column: 3, endLine: lastLine, endColumn: 9 });
  }, 60_000);
});

describe('repeated keys next to problems that do stop a template', () => {
  const cases: [string, string, RegExp][] = [
    [
      'before a syntax error further down',
      'Resources:\n  A: {Type: x}\n  A: {Type: y}\nOutputs: [\n',
      /^Invalid YAML/,
    ],
    ['after an undefined alias', 'a: *missing\nb: 1\nb: 2\n', /\*missing refers to an anchor/],
    ['inside a complex key', 'x: 1\n? {k: 1, k: 2}\n: v\n', /template keys must be plain strings/],
  ];
  it.each(cases)('%s: the fatal problem is reported', (_name, text, message) => {
    const result = loadText(text, 'template.yaml', 'yaml');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.finding).toMatchObject({
        ruleId: 'parse-error',
        fatal: true,
        message: expect.stringMatching(message),
      });
  });

  it('keys equal only as YAML numbers (1 and 1.0) are different keys as written, so not repeated', () => {
    const result = loadText('Mappings:\n  M:\n    1: small\n    1.0: large\n', 'template.yaml', 'yaml');
    expect(result.ok).toBe(true);
    expect(result.ok && result.loaded.notes).toBeUndefined();
  });

  it('two merge keys in one map are not duplicates', () => {
    const result = loadText(
      'base: &b {x: 1}\nother: &o {y: 2}\nm:\n  <<: *b\n  <<: *o\n',
      'template.yaml',
      'yaml',
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.loaded.notes).toBeUndefined();
  });
});
