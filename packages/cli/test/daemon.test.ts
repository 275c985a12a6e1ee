import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `--daemon` through the shipped bundle, as a pre-commit hook runs it. Each test has its own TMPDIR,
// so its daemons (the socket lives under TMPDIR) are its own; every one is stopped at the end.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'packages/cli/dist/bundled/bin.mjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-daemon-'));
const tmpdirs: string[] = [];

function newTmpdir(): string {
  const dir = mkdtempSync(path.join(scratch, 't'));
  tmpdirs.push(dir);
  return dir;
}

function lambdaLint(args: string[], cwd: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', LAMBDA_LINT_DAEMON: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lambdaLintAsync(args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<ReturnType<typeof lambdaLint>>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', LAMBDA_LINT_DAEMON: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function status(tmpdir: string) {
  return lambdaLint(['daemon', 'status'], scratch, { TMPDIR: tmpdir });
}

function daemonPid(tmpdir: string): number | undefined {
  const match = /daemon (\d+) /.exec(status(tmpdir).stdout);
  return match ? Number(match[1]) : undefined;
}

function project(name: string): string {
  const dir = path.join(scratch, name);
  cpSync(path.join(root, 'fixtures/sam-app'), dir, { recursive: true });
  return dir;
}

/** A SAM project whose packages are built (`sam build` output), so no esbuild build is needed to measure them. */
function builtProject(dir: string): string {
  const handler = (client: string) =>
    `import { ${client} } from '@aws-sdk/client-s3';\nexport const handler = async () => {\n  const c = new ${client}({});\n  return c;\n};\n`;
  const fn = (id: string, file: string) =>
    `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      CodeUri: src/\n      Handler: ${file}.handler\n`;
  const files: Record<string, string> = {
    'template.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n${fn('ReadFn', 'read')}${fn('WriteFn', 'write')}`,
    'src/read.ts': handler('S3Client'),
    'src/write.ts': handler('S3Client'),
    '.aws-sam/build/ReadFn/read.js': 'exports.handler = async () => 1;\n',
    '.aws-sam/build/WriteFn/write.js': 'exports.handler = async () => 2;\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

afterAll(() => {
  for (const tmpdir of tmpdirs) lambdaLint(['daemon', 'stop'], scratch, { TMPDIR: tmpdir });
  rmSync(scratch, { recursive: true, force: true });
});

describe('--daemon', () => {
  it('gives the same report and exit code as a scan in the process, and the second run reuses the daemon', () => {
    const tmpdir = newTmpdir();
    const dir = project('same');
    for (const args of [[], ['-f', 'json'], ['iac', '-f', 'sarif'], ['--cache']]) {
      const plain = lambdaLint(args, dir, { TMPDIR: tmpdir });
      const first = lambdaLint([...args, '--daemon'], dir, { TMPDIR: tmpdir });
      const pid = daemonPid(tmpdir);
      const second = lambdaLint([...args, '--daemon'], dir, { TMPDIR: tmpdir });
      expect(plain.code, args.join(' ')).toBe(1);
      expect(first).toEqual(plain);
      expect(second).toEqual(plain);
      expect(pid).toBeDefined();
      expect(daemonPid(tmpdir), 'one daemon serves both runs').toBe(pid);
    }
    expect(status(tmpdir).stdout).toMatch(/running since .*, 8 scans/);
  });

  it("runs each scan in its client's directory and environment", () => {
    const tmpdir = newTmpdir();
    const one = project('cwd-one');
    const two = project('cwd-two');
    writeFileSync(path.join(two, 'lambda-lint.config.yaml'), 'rules:\n  tracing-active: off\n');
    const colour = { TMPDIR: tmpdir, NO_COLOR: '', FORCE_COLOR: '1' };
    for (const [dir, env] of [
      [one, { TMPDIR: tmpdir }],
      [two, { TMPDIR: tmpdir }],
      [one, colour],
      [two, { TMPDIR: tmpdir }],
    ] as const) {
      expect(lambdaLint(['--daemon'], dir, env)).toEqual(lambdaLint([], dir, env));
    }
    expect(lambdaLint([], one, colour).stdout).toContain('\u001b[');
    expect(lambdaLint([], two, { TMPDIR: tmpdir }).stdout).not.toContain('tracing-active');
  });

  it('serves clients that come at once one after the other, each with its own report', async () => {
    const tmpdir = newTmpdir();
    const one = project('together-one');
    const two = project('together-two');
    writeFileSync(path.join(two, 'lambda-lint.config.yaml'), 'rules:\n  tracing-active: off\n');
    const env = { TMPDIR: tmpdir };
    const expected = [one, two, one, two].map((dir) => lambdaLint(['-f', 'json'], dir, env));
    lambdaLint(['--daemon'], one, env); // started, so the clients below race for one daemon
    const reports = await Promise.all(
      [one, two, one, two].map((dir) => lambdaLintAsync(['-f', 'json', '--daemon'], dir, env)),
    );
    expect(reports).toEqual(expected);
  });

  it('--changed in a git repository: the same selection as without the daemon', () => {
    const tmpdir = newTmpdir();
    const dir = project('changed');
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e',
        },
      });
    writeFileSync(path.join(dir, '.gitignore'), '.lambda-lint-cache/\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'initial');
    lambdaLint(['--cache'], dir, { TMPDIR: tmpdir }); // both runs below start from this cache
    const handler = readdirSync(path.join(dir, 'src')).find((name) => /\.[cm]?[jt]s$/.test(name))!;
    appendFileSync(path.join(dir, 'src', handler), '\n// edited\n');
    const plain = lambdaLint(['--changed', '--cache'], dir, { TMPDIR: tmpdir });
    expect(plain.stderr).toMatch(/functions touched by 1 changed files/);
    expect(lambdaLint(['--changed', '--cache', '--daemon'], dir, { TMPDIR: tmpdir })).toEqual(plain);
  });

  it('a daemon that died is replaced; `daemon stop` stops it', () => {
    const tmpdir = newTmpdir();
    const dir = project('replaced');
    const plain = lambdaLint([], dir, { TMPDIR: tmpdir });
    expect(lambdaLint(['--daemon'], dir, { TMPDIR: tmpdir })).toEqual(plain);
    const pid = daemonPid(tmpdir)!;
    process.kill(pid, 'SIGKILL');
    expect(lambdaLint(['--daemon'], dir, { TMPDIR: tmpdir })).toEqual(plain);
    const next = daemonPid(tmpdir);
    expect(next).toBeDefined();
    expect(next).not.toBe(pid);
    expect(lambdaLint(['daemon', 'stop'], dir, { TMPDIR: tmpdir }).stdout).toMatch(
      /daemon \d+ stopped after 1 scans/,
    );
    expect(status(tmpdir)).toMatchObject({ code: 1, stdout: 'lambda-lint: no daemon is running.\n' });
  });

  it('with a socket directory others can write to, scans in the process instead', () => {
    const tmpdir = newTmpdir();
    const dir = project('unsafe');
    const sockets = path.join(tmpdir, `lambda-lint-${process.getuid?.() ?? 'user'}`);
    execFileSync('mkdir', ['-p', sockets]);
    chmodSync(sockets, 0o777);
    expect(lambdaLint(['--daemon'], dir, { TMPDIR: tmpdir })).toEqual(
      lambdaLint([], dir, { TMPDIR: tmpdir }),
    );
    expect(readdirSync(sockets)).toEqual([]);
  });

  it('replays a scan whose inputs are unchanged, and scans again after any change to them', () => {
    const tmpdir = newTmpdir();
    const dir = builtProject(path.join(scratch, 'replay'));
    const env = { TMPDIR: tmpdir };
    const replayed = () => Number(/\((\d+) replayed\)/.exec(status(tmpdir).stdout)?.[1]);
    /** A daemon run must print what a run in the process prints; `replay` says whether it may be a replay. */
    const check = (replay: boolean, args: string[] = ['-f', 'json']) => {
      const before = replayed();
      expect(lambdaLint([...args, '--daemon'], dir, env)).toEqual(lambdaLint(args, dir, env));
      expect(replayed() - (Number.isNaN(before) ? 0 : before), args.join(' ')).toBe(replay ? 1 : 0);
    };
    check(false);
    check(true);
    check(true);
    // A handler edited in place, same size: its times change.
    const handler = path.join(
      dir,
      'src',
      readdirSync(path.join(dir, 'src')).find((n) => n.endsWith('.ts'))!,
    );
    const text = readFileSync(handler, 'utf8');
    writeFileSync(handler, text.replace('const c', 'let   c'));
    check(false);
    check(true);
    // A new template in a new folder: the listing of the project changed.
    builtProject(path.join(dir, 'copy'));
    check(false);
    check(true);
    // A configuration file appears above nothing that was read, next to the template.
    writeFileSync(path.join(dir, 'lambda-lint.config.yaml'), 'rules:\n  tracing-active: off\n');
    check(false);
    check(true);
    rmSync(path.join(dir, 'copy'), { recursive: true });
    check(false);
    // With --cache: the cache folder appears once (the project's listing changes), and then the
    // cache file that every run in between rewrites is no input.
    const cached = ['--cache', '-f', 'json'];
    check(false, cached);
    check(false, cached);
    check(true, cached);
    writeFileSync(handler, text);
    check(false, cached);
    check(true, cached);
    // Another environment or terminal is another request; a run that writes a file is never replayed.
    check(false, ['-f', 'json', '--fail-on', 'warning']);
    check(true, ['-f', 'json', '--fail-on', 'warning']);
    check(false, ['-f', 'json', '-o', path.join(scratch, 'replay-report.json')]);
    check(false, ['-f', 'json', '-o', path.join(scratch, 'replay-report.json')]);
  });

  it('is for scans only', () => {
    const result = lambdaLint(['logs', '-', '--daemon'], scratch, { TMPDIR: newTmpdir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--daemon runs scans only/);
  });
});
