import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePythonFile } from '../src/index.js';
import { analyze, defaultConfig } from './helpers.js';

const hasPython = spawnSync('python3', ['-c', 'import ast'], { stdio: 'ignore' }).status === 0;
const hasPython312 =
  spawnSync('python3', ['-c', 'import sys; sys.exit(sys.version_info < (3, 12))'], { stdio: 'ignore' })
    .status === 0;

/** Valid Python that exercises the grammar, including syntax newer than most parsers know. */
const VALID = [
  'match cmd:\n    case {"a": x}:\n        pass\n    case [1, *rest]:\n        pass\n    case _:\n        pass\n',
  'if (n := len(a)) > 10:\n    pass\n',
  'x = f"{a!r:>{w}} {b[\'k\']}"\n',
  'async def f():\n    async with a as b:\n        await c\n    async for i in x:\n        yield i\n',
  'try:\n    pass\nexcept* ValueError:\n    pass\n',
  'def f(a, /, b, *, c):\n    pass\n',
  'class A(B, metaclass=M):\n    x: int = 1\n',
  'with (open(a) as f, open(b) as g):\n    pass\n',
  'def g():\n    x = (yield)\n',
  'x = 1 if y else 2\nassert x, "m"\ndel x\nraise E from e\n',
  's = b"\\x00" rb"\\d"\nu = u"x"\n',
  '@dataclass(frozen=True)\nclass C:\n    pass\n',
  'def f():\n\tif x:\n\t\treturn 1\n',
  'x = a[1:2, ::3]\nx = {**a, "b": 1}\nx = {*a}\n',
  'x = [\n  1,\n  2,\n]\n',
  'x = a @ b\nx @= c\nx **= 2\nx //= 3\n',
  'import a.b as c\nfrom __future__ import annotations\nfrom . import d\nfrom ..e import (f, g as h)\n',
  'lambda *a, **k: 0\nprint(*a, sep="")\n',
  '',
  '# only a comment\n',
  // Found by running the analyzer over CPython's standard library:
  'def g():\n    yield\n',
  'async def _ag(): yield\n',
  'x = 24.\ny = (24.*3600.)\n',
  'x = 1\n\f\n# page break\ny = 2\n',
  'match e:\n    case ast.BinOp():\n        pass\n    case Point(x=0):\n        pass\n',
  'with f(a) as (b, c):\n    pass\n',
];
/** Python 3.12 syntax (PEP 695): checked against CPython only when it is 3.12 or newer. */
const VALID_312 = ['type Point = tuple[float, float]\n', 'def f[T](x: T) -> T:\n    return x\n'];
const INVALID = [
  'def f(:\n    pass\n',
  'x = (1, 2\n',
  'if x\n    pass\n',
  'class :\n    pass\n',
  'return = 1\n',
];

function cpythonParses(text: string): boolean {
  return (
    spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: text }).status === 0
  );
}

describe('parsing', () => {
  it.each([...VALID, ...VALID_312])('no parse-error on valid Python: %j', (text) => {
    expect(analyze(text).filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });

  it.each(INVALID)('parse-error at the error for %j, nothing else', (text) => {
    const findings = analyze(text);
    expect(findings.map((f) => [f.ruleId, f.fatal, f.tool])).toEqual([['parse-error', true, 'python']]);
    expect(findings[0]!.range.line).toBeGreaterThanOrEqual(1);
  });

  it('points at the line of the error', () => {
    const [finding] = analyze(
      'import boto3\n\ndef handler(event, context):\n    return boto3.client("s3"\n\nx = 1\n',
    );
    expect(finding!.ruleId).toBe('parse-error');
    expect(finding!.range.line).toBeGreaterThanOrEqual(4);
  });

  it.skipIf(!hasPython)('agrees with CPython on what parses (python3 is only the reference)', () => {
    for (const text of VALID) expect(cpythonParses(text), text).toBe(true);
    for (const text of INVALID) expect(cpythonParses(text), text).toBe(false);
  });

  it.skipIf(!hasPython312)('agrees with CPython 3.12 on PEP 695 syntax', () => {
    for (const text of VALID_312) expect(cpythonParses(text), text).toBe(true);
  });
});

const fragments = [
  'import boto3\n',
  'from boto3 import client as c\n',
  'def handler(event, context):\n',
  '    s3 = boto3.client("s3")\n',
  '    global x\n',
  '    if x is None:\n',
  '        x = c("sqs", region_name="eu-west-1")\n',
  'class A:\n',
  '    def __init__(self):\n',
  '        self.c = boto3.resource("dynamodb").Table("t")\n',
  '    return A()\n',
  '@functools.lru_cache\n',
  'handler = A()\n',
  '    os.environ["X"]\n',
  '    os.environ.get("Y", "arn:aws:sns:eu-west-1:123456789012:t")\n',
  '    # lambda-lint-disable-next-line no-client-in-handler\n',
  '"""doc\n',
  ')',
  '(',
  ':',
  'f"{',
  '\\\n',
  '\t',
];

describe('robustness (property-based)', () => {
  const project = {
    handlers: [{ exportName: 'handler', functions: [{ id: 'Fn', template: 't.yaml', line: 1 }] }],
    perInvocationExports: [{ exportName: 'A', chain: ['h', 'A'], functions: [] }],
    environments: [{ id: 'Fn', template: 't.yaml', line: 1, names: [], unknown: false, environmentLine: 1 }],
  };
  const run = (text: string) => {
    const result = analyzePythonFile({
      text,
      file: 'x.py',
      config: defaultConfig,
      reportUnusedDisable: true,
      project,
    });
    expect(result.findings.every((f) => f.ruleId !== 'internal-error')).toBe(true);
  };

  it('random text never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), run), { numRuns: 300 });
  });

  it('mutated handler code never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 40 }), (parts) => run(parts.join(''))),
      { numRuns: 300 },
    );
  });

  it('handler code with random cuts and insertions never throws', () => {
    const base = fragments.slice(0, 15).join('');
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 10 }), (a, b, insert) =>
        run(base.slice(0, Math.min(a, b)) + insert + base.slice(Math.max(a, b))),
      ),
      { numRuns: 300 },
    );
  });
});
