import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { run, type RunEnvironment } from '../src/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-changed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[], cwd: string, extra: Partial<RunEnvironment> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    cwd,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    ...extra,
  });
  return { code, stdout, stderr };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const handler = (name: string, imports = "import { shared } from './lib/shared.js';\n") =>
  `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
${imports}
export const handler = async () => {
  const ${name} = new DynamoDBClient({});
  return shared(${name});
};
`;

function fn(id: string, codeUri: string, file: string): string {
  return `  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: ${codeUri}
      Handler: ${file}.handler
      Tracing: Active
      ReservedConcurrentExecutions: 5
`;
}

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
${fn('ReadFn', 'src/', 'read')}${fn('WriteFn', 'src/', 'write')}${fn('OtherFn', 'other/', 'other')}`;

/** A committed SAM project of three functions: two share src/ and its lib/shared.ts, one has other/. */
function project(name: string): string {
  const dir = path.join(tmp, name);
  write(path.join(dir, 'template.yaml'), TEMPLATE);
  write(path.join(dir, 'src', 'read.ts'), handler('reader'));
  write(path.join(dir, 'src', 'write.ts'), handler('writer'));
  write(path.join(dir, 'src', 'lib', 'shared.ts'), 'export const shared = (x: unknown) => x;\n');
  write(path.join(dir, 'other', 'other.ts'), handler('other', 'const shared = (x: unknown) => x;\n'));
  write(path.join(dir, '.gitignore'), 'node_modules/\n.lambda-lint-cache/\nsrc/generated.ts\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

interface Report {
  findings: { ruleId: string; file: string; range: { line: number } }[];
  functions: { id: string }[];
}

function report(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

const idsOf = (r: Report) => r.functions.map((f) => f.id).sort();
const filesOf = (r: Report) => [...new Set(r.findings.map((f) => f.file))].sort();

describe('--changed', () => {
  let dir: string;
  beforeEach(({ task }) => {
    dir = project(task.name.replace(/\W+/g, '-'));
  });

  it('selects nothing on a clean checkout and says so', async () => {
    const result = await cli(['--changed', '-f', 'json'], dir);
    expect(result.code).toBe(0);
    expect(report(result.stdout)).toMatchObject({ findings: [], functions: [] });
    expect(result.stderr).toBe('lambda-lint: 0 of 3 functions touched by 0 changed files.\n');
  });

  it('an edited handler selects the functions of its code root, with their findings only', async () => {
    write(path.join(dir, 'src', 'read.ts'), handler('reader2'));
    const result = await cli(['--changed', '-f', 'json'], dir);
    expect(result.code).toBe(1);
    const r = report(result.stdout);
    // Without the cache's record of each function's files, src/ is what ReadFn and WriteFn share.
    expect(idsOf(r)).toEqual(['ReadFn', 'WriteFn']);
    expect(filesOf(r)).toEqual(['src/read.ts', 'src/write.ts']);
    expect(r.findings.every((f) => f.ruleId === 'no-client-in-handler')).toBe(true);
    expect(result.stderr).toContain('2 of 3 functions touched by 1 changed files');
  });

  it('with the cache, an edited handler selects its own function; a shared module selects its importers', async () => {
    expect((await cli(['--cache', '-f', 'json'], dir)).code).toBe(1);
    write(path.join(dir, 'src', 'read.ts'), handler('reader2'));
    const one = await cli(['--changed', '--cache', '-f', 'json'], dir);
    expect(idsOf(report(one.stdout))).toEqual(['ReadFn']);
    expect(filesOf(report(one.stdout))).toEqual(['src/read.ts']);

    git(dir, 'commit', '-q', '-am', 'read');
    write(path.join(dir, 'src', 'lib', 'shared.ts'), 'export const shared = (y: unknown) => y;\n');
    const shared = await cli(['--changed', '--cache', '-f', 'json'], dir);
    expect(idsOf(report(shared.stdout))).toEqual(['ReadFn', 'WriteFn']);
  });

  it('with the cache, templates away from the change are counted, not selected; a code root outside its template still is', async () => {
    // A second service whose code lives outside its template's directory.
    write(
      path.join(dir, 'svc2', 'template.yaml'),
      `Transform: AWS::Serverless-2016-10-31\nResources:\n${fn('SharedFn', '../shared/', 'job')}`,
    );
    write(path.join(dir, 'shared', 'job.ts'), handler('job', 'const shared = (x: unknown) => x;\n'));
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'svc2');
    expect((await cli(['--cache'], dir)).code).toBe(1);

    write(path.join(dir, 'other', 'other.ts'), handler('other2', 'const shared = (x: unknown) => x;\n'));
    const near = await cli(['--changed', '--cache', '-f', 'json'], dir);
    expect(idsOf(report(near.stdout))).toEqual(['OtherFn']);
    expect(near.stderr).toContain('1 of 4 functions');
    git(dir, 'commit', '-q', '-am', 'other');

    // svc2's code root is ../shared: a change there selects its function though svc2/ has none.
    write(path.join(dir, 'shared', 'job.ts'), handler('job2', 'const shared = (x: unknown) => x;\n'));
    expect(idsOf(report((await cli(['--changed', '--cache', '-f', 'json'], dir)).stdout))).toEqual([
      'SharedFn',
    ]);
  });

  it('a staged change counts, and so does an untracked file; an ignored one does not', async () => {
    write(path.join(dir, 'other', 'other.ts'), handler('other2', 'const shared = (x: unknown) => x;\n'));
    git(dir, 'add', 'other/other.ts');
    expect(idsOf(report((await cli(['--changed', '-f', 'json'], dir)).stdout))).toEqual(['OtherFn']);
    git(dir, 'commit', '-q', '-m', 'other');

    write(path.join(dir, 'src', 'generated.ts'), 'export {};\n');
    expect(idsOf(report((await cli(['--changed', '-f', 'json'], dir)).stdout))).toEqual([]);
    write(path.join(dir, 'other', 'helper.ts'), 'export {};\n');
    expect(idsOf(report((await cli(['--changed', '-f', 'json'], dir)).stdout))).toEqual(['OtherFn']);
  });

  it('a changed file of no function is skipped', async () => {
    write(path.join(dir, 'README.md'), '# notes\n');
    write(path.join(dir, 'scripts', 'deploy.mjs'), 'console.log(1);\n');
    const result = await cli(['--changed', '-f', 'json'], dir);
    expect(result.code).toBe(0);
    expect(idsOf(report(result.stdout))).toEqual([]);
    expect(result.stderr).toContain('0 of 3 functions touched by 2 changed files');
  });

  it('a changed template selects all its functions and reports its own findings', async () => {
    write(path.join(dir, 'template.yaml'), TEMPLATE.replace('Runtime: nodejs22.x', 'Runtime: nodejs16.x'));
    const r = report((await cli(['--changed', '-f', 'json'], dir)).stdout);
    expect(idsOf(r)).toEqual(['OtherFn', 'ReadFn', 'WriteFn']);
    expect(r.findings.some((f) => f.file === 'template.yaml' && f.range.line === 6)).toBe(true);
  });

  it('--since a ref: what changed since its merge base, committed or not', async () => {
    git(dir, 'checkout', '-q', '-b', 'feature');
    write(path.join(dir, 'other', 'other.ts'), handler('other3', 'const shared = (x: unknown) => x;\n'));
    git(dir, 'commit', '-q', '-am', 'feature');
    const result = await cli(['--since', 'main', '-f', 'json'], dir);
    expect(idsOf(report(result.stdout))).toEqual(['OtherFn']);
    expect((await cli(['--changed', '-f', 'json'], dir)).stderr).toContain('0 of 3');
  });

  it('outside a git repository, or with an unknown ref, is a usage error (exit 2)', async () => {
    const bare = path.join(tmp, 'not-a-repo');
    write(path.join(bare, 'template.yaml'), TEMPLATE);
    const outside = await cli(['--changed'], bare);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(
      /^lambda-lint: git rev-parse --show-toplevel failed: fatal: not a git repository/,
    );
    const unknown = await cli(['--since', 'no-such-ref'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no-such-ref');
    expect((await cli(['--changed', '--since', 'main'], dir)).code).toBe(2);
  });
});

describe('--cache', () => {
  it('never changes the report: cold, warm, after an edit, and with a corrupt cache file', async () => {
    const dir = project('cache-identity');
    const location = path.join(dir, '.lambda-lint-cache');
    const plain = async () => (await cli(['-f', 'json'], dir)).stdout;
    const cached = async () => {
      const result = await cli(['--cache', '-f', 'json'], dir);
      expect(result.stderr).toBe('');
      return result.stdout;
    };
    const before = await plain();
    expect(report(before).findings.length).toBeGreaterThan(2);
    expect(await cached()).toBe(before); // cold
    const cacheFile = path.join(location, 'cache.json');
    // A trailing newline (JSON still) that a rewrite would not have says whether a run saved the cache.
    const marked = `${readFileSync(cacheFile, 'utf8')}\n`;
    writeFileSync(cacheFile, marked);
    expect(await cached()).toBe(before); // warm
    expect(readFileSync(cacheFile, 'utf8'), 'an unchanged project leaves the cache file alone').toBe(marked);
    write(
      path.join(dir, 'src', 'lib', 'shared.ts'),
      'export const shared = (x: unknown) => process.env.NOPE ?? x;\n',
    );
    const after = await plain();
    expect(after).not.toBe(before);
    expect(await cached()).toBe(after);
    // The template's model comes from the cache too: an edit of it is seen, and so is a broken one.
    const template = path.join(dir, 'template.yaml');
    write(template, TEMPLATE.replace('Tracing: Active', 'Tracing: PassThrough'));
    const retraced = await plain();
    expect(retraced).not.toBe(after);
    expect(await cached()).toBe(retraced);
    expect(await cached()).toBe(retraced);
    write(template, `${TEMPLATE}  Broken: [\n`);
    const broken = await plain();
    expect(report(broken).findings.some((f) => f.ruleId === 'parse-error')).toBe(true);
    expect(await cached()).toBe(broken);
    expect(await cached()).toBe(broken);
    write(template, TEMPLATE);
    expect(await cached()).toBe(after);
    expect(readFileSync(cacheFile, 'utf8'), 'an edit is saved').not.toBe(marked);
    const saved = JSON.parse(readFileSync(cacheFile, 'utf8')) as { loads: Record<string, string> };
    for (const key of Object.keys(saved.loads)) saved.loads[key] = 'bm90IHY4';
    writeFileSync(cacheFile, JSON.stringify(saved));
    expect(await cached()).toBe(after);
    writeFileSync(path.join(location, 'cache.json'), '{"format":1,"salt":');
    expect(await cached()).toBe(after);
    writeFileSync(path.join(location, 'cache.json'), 'null');
    expect(await cached()).toBe(after);
  });

  it('an option that changes the analysis is part of the key', async () => {
    const dir = project('cache-options');
    write(
      path.join(dir, 'src', 'lib', 'shared.ts'),
      '// eslint-disable-next-line lambda-lint/no-client-in-handler\nexport const shared = (x: unknown) => x;\n',
    );
    const unused = (await cli(['--report-unused-disable', '-f', 'json'], dir)).stdout;
    expect(report(unused).findings.some((f) => f.file === 'src/lib/shared.ts')).toBe(true);
    await cli(['--cache', '-f', 'json'], dir);
    expect((await cli(['--cache', '--report-unused-disable', '-f', 'json'], dir)).stdout).toBe(unused);
  });

  it('--cache-location puts the cache where it says; an unwritable location is not fatal', async () => {
    const dir = project('cache-location');
    write(path.join(dir, 'node_modules', '.keep'), '');
    expect((await cli(['--cache'], dir)).code).toBe(1);
    expect(() =>
      execFileSync('test', ['-f', path.join(dir, 'node_modules/.cache/lambda-lint/cache.json')]),
    ).not.toThrow();
    write(path.join(dir, 'blocker'), 'a file, not a directory');
    const result = await cli(['--cache-location', 'blocker/cache'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
  });
});

describe('progress line', () => {
  /** A clock that moves 400 ms each time it is read: every scan looks slow. */
  const slowClock = () => {
    let t = 0;
    return () => (t += 400);
  };

  it('is drawn on a terminal when the scan takes over a second, and cleared before the report', async () => {
    const dir = project('progress-tty');
    let stderr = '';
    const result = await cli(['-f', 'json'], dir, {
      stderr: { write: (s: string) => (stderr += s), isTTY: true },
      now: slowClock(),
    });
    expect(result.code).toBe(1);
    const ESC = String.fromCharCode(27);
    expect(stderr).toContain(`\r${ESC}[Klambda-lint: linting code files `);
    expect(stderr).toMatch(/linting code files \d+\/\d+ \(\d+ s\)/);
    expect(stderr.endsWith(`\r${ESC}[K`)).toBe(true);
  });

  it('writes nothing when stderr is not a terminal', async () => {
    const dir = project('progress-pipe');
    let stderr = '';
    await cli(['-f', 'json'], dir, {
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      now: slowClock(),
    });
    expect(stderr).toBe('');
  });
});
