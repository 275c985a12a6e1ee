import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nearestRank } from '../logs/stats.js';
import { instrumentBundle, moduleName } from './instrument.js';
import { SourceMap } from './source-map.js';
import type { InitTarget } from './targets.js';

/** The child each run starts: blocks the network, times the module load, reports on fd 3. */
const CHILD = ((file: string) =>
  // Tests import the TypeScript sources; the child itself always runs compiled.
  existsSync(file) ? file : file.replace(/([\\/])src([\\/]init-time[\\/]init-child\.js)$/, '$1dist$2'))(
  fileURLToPath(new URL('./init-child.js', import.meta.url)),
);

/** Credentials the child sees instead of the caller's: obviously fake, the shape SDKs expect. */
export const FAKE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIALAMBDALINTFAKE00',
  AWS_SECRET_ACCESS_KEY: 'lambda-lint-fake-secret-access-key-000000',
  AWS_SESSION_TOKEN: 'lambda-lint-fake-session-token',
};

export interface MeasureOptions {
  runs: number;
  /** Per run; the child is killed after it. */
  timeoutMs: number;
  cwd: string;
}

export interface NetworkAttempt {
  api: string;
  target: string;
  /** The call site in the function's own source, when the stack and source map tell it. */
  at?: { file: string; line: number; column: number };
  runs: number;
}

export interface InitMeasurement {
  target: InitTarget;
  runs: number;
  /** Runs that finished loading the module (others threw or timed out). */
  measured: number;
  medianMs: number | null;
  p95Ms: number | null;
  minMs: number | null;
  maxMs: number | null;
  /** Per module (package or own file): median self time in ms, costliest first. */
  modules: { name: string; medianMs: number }[];
  /** False when the bundle could not be instrumented (minified, not esbuild): totals only. */
  attributed: boolean;
  attempts: NetworkAttempt[];
  failures: { run: number; message: string }[];
  /** What the module printed while loading (first run), for the curious and for tests. */
  output: string;
  buildError?: string;
}

interface ChildReport {
  initMs: number;
  handlerType: string;
  error?: string;
  modules: Record<string, number>;
  attempts: { api: string; target: string; stack: string }[];
}

/** The environment Lambda gives a function, and nothing of the caller's: no AWS_* variables, no credential files. */
export function sandboxEnvironment(
  target: InitTarget,
  taskRoot: string,
  home: string,
): Record<string, string> {
  const name = target.name.replace(/[^\w-]/g, '-');
  const runtime = target.runtime ?? 'nodejs20.x';
  return {
    ...target.environment,
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: 'UTC',
    HOME: home,
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    AWS_CONFIG_FILE: path.join(home, 'config'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...FAKE_CREDENTIALS,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(target.memoryMB ?? 128),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2024/01/01/[$LATEST]00000000000000000000000000000000',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    _HANDLER: `${path.basename(target.file).replace(/\.[^.]+$/, '')}.${target.exportName}`,
    // Externals (the SDK Lambda provides) resolve from the function's own node_modules when installed.
    NODE_PATH: path.join(target.workingDir, 'node_modules'),
  };
}

function runChild(
  file: string,
  exportName: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
): Promise<{ report?: ChildReport; output: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, file, exportName], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let report = '';
    const keep = (chunk: Buffer) => {
      if (output.length < 64 * 1024) output += chunk.toString('utf8');
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    (child.stdio[3] as NodeJS.ReadableStream).on(
      'data',
      (chunk: Buffer) => (report += chunk.toString('utf8')),
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ output, error: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut)
        return resolve({ output, error: `did not finish loading within ${timeoutMs} ms (killed)` });
      try {
        resolve({ report: JSON.parse(report) as ChildReport, output });
      } catch {
        resolve({ output, error: `the process ended (${signal ?? `exit code ${code}`}) before reporting` });
      }
    });
  });
}

/** Builds (when the target is source) into a scratch directory: the module to load, and its source map. */
async function prepare(
  target: InitTarget,
  dir: string,
): Promise<{ file: string; map?: SourceMap; attributed: boolean }> {
  if (!target.build) return { file: target.file, attributed: true };
  const [esbuild, { handlerBuildOptions }] = await Promise.all([
    import('esbuild'),
    import('@lambda-lint/bundle'),
  ]);
  const { esbuild: options } = handlerBuildOptions({
    entry: target.file,
    workingDir: target.workingDir,
    name: target.name,
    minify: false,
    ...(target.runtime !== undefined && { runtime: target.runtime }),
  });
  const result = await esbuild.build({ ...options, outdir: dir, sourcemap: 'external', metafile: true });
  let file: string | undefined;
  let map: SourceMap | undefined;
  let attributed = false;
  for (const output of result.outputFiles) {
    if (output.path.endsWith('.map')) {
      map = new SourceMap(output.text, path.dirname(output.path));
      continue;
    }
    file = output.path;
    const instrumented = instrumentBundle(output.text);
    attributed = instrumented !== undefined;
    // The hooks add lines before each module: keep line numbers by putting them on the comment's line.
    writeFileSync(output.path, instrumented ?? output.text);
  }
  if (!file) throw new Error('esbuild wrote no JavaScript output');
  return { file, ...(map && { map }), attributed };
}

const BUNDLE_FRAME = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?$/;

/** The first stack frame in the function's code (not Node's, not ours), mapped back to its source. */
function callSite(
  stack: string,
  file: string,
  map: SourceMap | undefined,
  cwd: string,
): { file: string; line: number; column: number } | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const m = BUNDLE_FRAME.exec(line.trim());
    if (!m) continue;
    const frameFile = m[1]!.replace(/^file:\/\//, '');
    if (frameFile === CHILD || frameFile.startsWith('node:')) continue;
    const at = { line: Number(m[2]), column: Number(m[3]) };
    const mapped = frameFile === file && map ? map.original(at.line, at.column) : undefined;
    const source = mapped ?? { file: frameFile, ...at };
    const rel = path.relative(cwd, source.file);
    return { ...source, file: rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : source.file };
  }
  return undefined;
}

/** Loads the target's module in `runs` fresh, sandboxed Node processes and summarises the timings. */
export async function measureInitTime(target: InitTarget, options: MeasureOptions): Promise<InitMeasurement> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'lambda-lint-init-'));
  const home = path.join(scratch, 'home');
  const taskRoot = path.join(scratch, 'task');
  mkdirSync(home);
  mkdirSync(taskRoot);
  const result: InitMeasurement = {
    target,
    runs: options.runs,
    measured: 0,
    medianMs: null,
    p95Ms: null,
    minMs: null,
    maxMs: null,
    modules: [],
    attributed: false,
    attempts: [],
    failures: [],
    output: '',
  };
  try {
    let prepared;
    try {
      prepared = await prepare(target, taskRoot);
    } catch (error) {
      const { describeBuildFailure } = await import('@lambda-lint/bundle');
      result.buildError = `esbuild could not bundle the handler: ${describeBuildFailure(error)}`;
      return result;
    }
    result.attributed = prepared.attributed;
    const env = sandboxEnvironment(target, target.build ? taskRoot : path.dirname(target.file), home);
    const times: number[] = [];
    const perModule = new Map<string, number[]>();
    const attempts = new Map<string, NetworkAttempt>();
    const roots = [target.workingDir, options.cwd, taskRoot];
    for (let run = 1; run <= options.runs; run++) {
      const outcome = await runChild(
        prepared.file,
        target.exportName,
        env,
        target.build ? taskRoot : path.dirname(target.file),
        options.timeoutMs,
      );
      if (run === 1) result.output = outcome.output;
      const report = outcome.report;
      if (!report) {
        result.failures.push({ run, message: outcome.error ?? 'no report' });
        continue;
      }
      for (const attempt of report.attempts) {
        const key = `${attempt.api} ${attempt.target}`;
        const known = attempts.get(key);
        if (known) known.runs++;
        else {
          const at = callSite(attempt.stack, prepared.file, prepared.map, options.cwd);
          attempts.set(key, { api: attempt.api, target: attempt.target, ...(at && { at }), runs: 1 });
        }
      }
      if (report.error) {
        result.failures.push({ run, message: report.error });
        continue;
      }
      if (report.handlerType !== 'function')
        result.failures.push({ run, message: `the module has no exported function "${target.exportName}"` });
      times.push(report.initMs);
      const merged = new Map<string, number>();
      for (const [id, ms] of Object.entries(report.modules)) {
        // The bundle's own frame before its first module is esbuild's runtime helpers.
        const name = id.startsWith('(')
          ? id
          : target.build && id === prepared.file
            ? '(esbuild helpers)'
            : moduleName(id, roots);
        merged.set(name, (merged.get(name) ?? 0) + ms);
      }
      for (const [name, ms] of merged) perModule.set(name, [...(perModule.get(name) ?? []), ms]);
    }
    const sorted = [...times].sort((a, b) => a - b);
    result.measured = sorted.length;
    result.medianMs = nearestRank(sorted, 50) ?? null;
    result.p95Ms = nearestRank(sorted, 95) ?? null;
    result.minMs = sorted[0] ?? null;
    result.maxMs = sorted.at(-1) ?? null;
    result.modules = [...perModule]
      .map(([name, values]) => {
        // A module missing from some runs (it failed there) counts as 0 in them.
        const all = [...values, ...Array<number>(Math.max(0, sorted.length - values.length)).fill(0)].sort(
          (a, b) => a - b,
        );
        return { name, medianMs: nearestRank(all, 50) ?? 0 };
      })
      .sort((a, b) => b.medianMs - a.medianMs);
    result.attempts = [...attempts.values()];
    return result;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
