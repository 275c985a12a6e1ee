import { describe, expect, it } from 'vitest';
import { applySuppressions, parseCommentSuppressions, type Finding } from '../src/index.js';

const template = `Resources:
  # lambda-lint-disable-next-line tracing-active -- traced by the sidecar
  ApiFunction:
    Type: AWS::Serverless::Function
  Worker: # lambda-lint-disable-line
    Type: AWS::Serverless::Function
  # lambda-lint-disable concurrency-limit, cold-start -- batch jobs
  BatchA:
    Type: AWS::Serverless::Function
  # lambda-lint-enable
  Other:
    Type: AWS::Serverless::Function
    # lambda-lint-disable-next-line no-plaintext-secrets
    Url: "http://example.com/#lambda-lint-disable"
`;

function finding(ruleId: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity: 'error',
    message: 'm',
    file: 't.yaml',
    range: { line, column: 3 },
    tool: 'iac',
    ...extra,
  };
}

describe('parseCommentSuppressions', () => {
  const suppressions = parseCommentSuppressions('t.yaml', template, '#');

  it('reads every directive form with rules, reasons and covered lines', () => {
    expect(suppressions.map((s) => [s.rules, s.reason, s.fromLine, s.toLine])).toEqual([
      [['tracing-active'], 'traced by the sidecar', 3, 3],
      [[], undefined, 5, 5],
      [['concurrency-limit', 'cold-start'], 'batch jobs', 7, 10],
      [['no-plaintext-secrets'], undefined, 14, 14],
    ]);
    expect(suppressions[0]!.at).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 74 });
  });

  it('ignores the marker inside a value that is not a comment', () => {
    expect(suppressions.filter((s) => s.fromLine === 15)).toEqual([]);
  });

  it('costs nothing on files without directives', () => {
    expect(parseCommentSuppressions('a.yaml', 'a: 1\n# just a comment\n', '#')).toEqual([]);
  });

  it('runs an unclosed block to the end of the file', () => {
    const [block] = parseCommentSuppressions('a.yaml', 'a: 1\n# lambda-lint-disable\nb: 2\nc: 3', '#');
    expect([block!.fromLine, block!.toLine, block!.rules]).toEqual([2, 4, []]);
  });
});

describe('applySuppressions', () => {
  const suppressions = parseCommentSuppressions('t.yaml', template, '#');

  it('drops covered findings only for the named rules and lines', () => {
    const kept = applySuppressions(
      [
        finding('tracing-active', 3),
        finding('concurrency-limit', 3),
        finding('anything', 5),
        finding('cold-start', 8),
        finding('cold-start', 11),
        finding('tracing-active', 3, { file: 'other.yaml' }),
      ],
      suppressions,
    );
    expect(kept.map((f) => `${f.file}:${f.range.line} ${f.ruleId}`)).toEqual([
      't.yaml:3 concurrency-limit',
      't.yaml:11 cold-start',
      'other.yaml:3 tracing-active',
    ]);
  });

  it('never suppresses fatal findings', () => {
    const kept = applySuppressions([finding('parse-error', 5, { fatal: true })], suppressions);
    expect(kept).toHaveLength(1);
  });

  it('reports unused suppressions at the directive when asked', () => {
    const kept = applySuppressions([finding('tracing-active', 3)], suppressions, { reportUnused: true });
    expect(kept.map((f) => [f.ruleId, f.range.line, f.severity])).toEqual([
      ['unused-disable', 5, 'warning'],
      ['unused-disable', 7, 'warning'],
      ['unused-disable', 13, 'warning'],
    ]);
    expect(kept[1]!.message).toContain('"concurrency-limit", "cold-start"');
  });
});
