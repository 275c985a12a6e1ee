import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliBin, repoRoot, scratchProject } from './scratch-project.js';

/** The GitHub Action, the GitLab job template and the lint-staged recipe, each run as its CI or hook would run it. */
const project = scratchProject();
const outputs = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-ci-'));
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(outputs, { recursive: true, force: true });
});

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

async function sh(command: string, args: string[], env: Record<string, string> = {}) {
  return promisify(execFile)(command, args, { cwd: project, env: { ...process.env, ...env } }).then(
    (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** A code block of a docs page: the first with this language tag whose text matches. */
function docsBlock(page: string, language: string, containing: RegExp): string {
  const blocks = [...read(page).matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm'))].map(
    (m) => m[1]!,
  );
  const block = blocks.find((text) => containing.test(text));
  if (block === undefined) throw new Error(`${page} has no ${language} block matching ${containing}`);
  return block;
}

interface ActionStep {
  id?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  uses?: string;
  with?: Record<string, string>;
  if?: string;
}
interface Action {
  name: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

describe('GitHub Action (action.yml)', () => {
  const action = parse(read('action.yml')) as Action;
  const script = read('integrations/github-action.sh');
  const stepsText = JSON.stringify(action.runs.steps);

  it('is a composite action whose inputs are all used, and whose steps use only declared inputs', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) if (step.run !== undefined) expect(step.shell).toBe('bash');
    for (const name of Object.keys(action.inputs)) {
      expect(action.inputs[name]!.description).toBeTruthy();
      expect(stepsText, `input ${name} is used`).toContain(`inputs.${name}`);
    }
    const used = [...stepsText.matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]!);
    expect(used.filter((name) => !(name in action.inputs))).toEqual([]);
  });

  it('passes the script every INPUT_* variable it reads, and the outputs it writes are the action outputs', () => {
    const run = action.runs.steps.find((step) => step.run?.includes('integrations/github-action.sh'))!;
    const read = [...new Set([...script.matchAll(/\$\{?(INPUT_[A-Z_]+)/g)].map((m) => m[1]!))];
    expect(read.filter((name) => !(name in (run.env ?? {})))).toEqual([]);
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.value).toBe(`\${{ steps.${run.id}.outputs.${name} }}`);
      expect(script).toContain(`echo "${name}=`);
    }
    const scriptFile = path.join(repoRoot, 'integrations/github-action.sh');
    expect(statSync(scriptFile).mode & 0o111, 'the script is executable').not.toBe(0);
  });

  const runAction = (inputs: Record<string, string>) => {
    const githubOutput = path.join(outputs, `github-output-${Math.random().toString(36).slice(2)}`);
    return sh(path.join(repoRoot, 'integrations/github-action.sh'), [], {
      LAMBDA_LINT: cliBin,
      GITHUB_OUTPUT: githubOutput,
      ...inputs,
    }).then((result) => ({
      ...result,
      githubOutput: existsSync(githubOutput) ? readFileSync(githubOutput, 'utf8') : '',
    }));
  };

  it('on fixtures/sam-app: annotations on the log, SARIF for upload-sarif, extra reports, exit code 1', async () => {
    const sarifFile = path.join(outputs, 'lambda-lint.sarif');
    const junitFile = path.join(outputs, 'lambda-lint.xml');
    const result = await runAction({
      INPUT_PATHS: 'template.yaml src',
      INPUT_FAIL_ON: 'error',
      INPUT_SARIF_FILE: sarifFile,
      INPUT_FORMATS: `junit=${junitFile}`,
      INPUT_ANNOTATIONS: 'true',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=template\.yaml,line=13,col=5,.*title=runtime-lifecycle::/m);
    expect(result.stdout).toMatch(/^::warning file=template\.yaml,line=17,.*title=tracing-active::/m);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      version: string;
      runs: {
        tool: { driver: { name: string } };
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    // One run per analyzer, as code scanning groups them by tool.
    const iac = sarif.runs.find((run) => run.tool.driver.name === 'lambda-lint-iac')!;
    expect(iac.results.map((r) => r.ruleId)).toContain('async-failure-destination');
    expect(iac.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('template.yaml');
    expect(readFileSync(junitFile, 'utf8')).toMatch(/^<\?xml[\s\S]*<testsuites/);
    expect(result.githubOutput).toBe(`sarif-file=${sarifFile}\nexit-code=1\n`);
  });

  it('the fail threshold decides the exit code; annotations off prints the console report', async () => {
    const warningsOnly = path.join(outputs, 'warnings-only.yaml');
    writeFileSync(
      warningsOnly,
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: index.handler\n      InlineCode: "exports.handler = async () => 1;"\n',
    );
    const base = { INPUT_PATHS: warningsOnly, INPUT_SARIF_FILE: '' };
    const passing = await runAction({ ...base, INPUT_FAIL_ON: 'error', INPUT_ANNOTATIONS: 'false' });
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/warning .* tracing-active/);
    expect(passing.stdout).not.toMatch(/^::/m);
    const failing = await runAction({ ...base, INPUT_FAIL_ON: 'warning' });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^::warning .*title=tracing-active::/m);
    expect(failing.githubOutput).toBe('sarif-file=\nexit-code=1\n');
  });

  it('a formats entry without a file is a usage error (exit code 2) naming the entry', async () => {
    const result = await runAction({ INPUT_PATHS: 'template.yaml', INPUT_FORMATS: 'junit' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('formats entry "junit" is not format=file');
  });

  it("docs/ci/github.md's workflow passes only the action's inputs and uploads its SARIF output", () => {
    const workflow = parse(docsBlock('docs/ci/github.md', 'yaml', /upload-sarif/)) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: ActionStep[] }>;
    };
    expect(workflow.permissions['security-events']).toBe('write');
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const lint = steps.find((step) => step.uses?.startsWith('lambda-lint/lambda-lint@'))!;
    expect(Object.keys(lint.with ?? {}).filter((name) => !(name in action.inputs))).toEqual([]);
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with?.sarif_file).toBe(`\${{ steps.${lint.id}.outputs.sarif-file }}`);
    expect(upload.if).toMatch(/always\(\)/);
  });
});

describe('GitLab CI job template (integrations/gitlab-ci.yml)', () => {
  const template = parse(read('integrations/gitlab-ci.yml')) as Record<
    string,
    {
      script: string[];
      variables: Record<string, string>;
      artifacts: { when: string; reports: { codequality: string }; paths: string[] };
    }
  >;
  const job = template['.lambda-lint']!;

  it('keeps the Code Quality report as an artifact, also when the job fails', () => {
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.paths).toContain(job.artifacts.reports.codequality);
  });

  it('its script, run against fixtures/sam-app, writes a Code Quality report and fails the job', async () => {
    expect(job.script).toHaveLength(1);
    const install = 'npx --yes "lambda-lint@${LAMBDA_LINT_VERSION}"';
    expect(job.script[0]!.startsWith(install)).toBe(true);
    // The script as the runner's shell runs it, with the template's variables; the CLI is this workspace's build.
    const command = `"$LAMBDA_LINT_BIN"${job.script[0]!.slice(install.length)}`;
    const result = await sh('sh', ['-c', command], {
      ...job.variables,
      LAMBDA_LINT_PATHS: 'template.yaml',
      LAMBDA_LINT_BIN: cliBin,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/template\.yaml\n\s+13:5\s+error/);
    const report = JSON.parse(
      readFileSync(path.join(project, job.artifacts.reports.codequality), 'utf8'),
    ) as {
      check_name: string;
      severity: string;
      fingerprint: string;
      location: { path: string; lines: { begin: number } };
    }[];
    expect(report).toContainEqual(
      expect.objectContaining({
        check_name: 'runtime-lifecycle',
        location: expect.objectContaining({
          path: 'template.yaml',
          lines: expect.objectContaining({ begin: 13 }),
        }),
      }),
    );
    expect(new Set(report.map((issue) => issue.fingerprint)).size).toBe(report.length);
  });

  it("docs/ci/gitlab.md's pipeline includes the template and extends the job", () => {
    const pipeline = parse(docsBlock('docs/ci/gitlab.md', 'yaml', /extends: \.lambda-lint/)) as {
      include: { remote: string }[];
      'lambda-lint': { extends: string };
    };
    expect(pipeline.include[0]!.remote).toMatch(/\/integrations\/gitlab-ci\.yml$/);
    expect(pipeline['lambda-lint'].extends).toBe('.lambda-lint');
  });
});

/** lint-staged's matching for a glob without "/": the file's base name against the glob (its `matchBase`). */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\{([^}]*)\}/g, (_, list: string) => `(${list.split(',').join('|')})`)
    .replace(/\*/g, '[^/]*');
  return new RegExp(`^${source}$`);
}

describe('lint-staged recipe (docs/ci/pre-commit.md)', () => {
  const recipe = JSON.parse(docsBlock('docs/ci/pre-commit.md', 'json', /"lint-staged"/)) as {
    'lint-staged': Record<string, string>;
  };
  const staged = ['template.yaml', 'src/worker.ts', 'src/tsconfig.json', 'README.md', 'scripts.mjs'];

  /** The commands lint-staged runs for these staged files: each task's command with its matching files appended. */
  const tasks = Object.entries(recipe['lint-staged']).map(([glob, command]) => ({
    command,
    files: staged.filter((file) => globToRegExp(glob).test(path.posix.basename(file))),
  }));

  it('gives handler code to ESLint and templates to lambda-lint, and nothing else to either', () => {
    expect(tasks.map((task) => [task.command.split(' ')[0], task.files])).toEqual([
      ['eslint', ['src/worker.ts', 'scripts.mjs']],
      ['lambda-lint', ['template.yaml']],
    ]);
  });

  it('the commands, run as lint-staged runs them, fail the commit on the fixtures’ problems', async () => {
    const results = await Promise.all(
      tasks.map(async ({ command, files }) => {
        const [bin, ...args] = command.split(' ');
        return { bin, ...(await sh(path.join(project, 'node_modules/.bin', bin!), [...args, ...files])) };
      }),
    );
    const eslint = results.find((r) => r.bin === 'eslint')!;
    expect(eslint.code).toBe(1);
    expect(eslint.stdout).toMatch(/worker\.ts[\s\S]*lambda-lint\/no-client-in-handler/);
    const lambdaLint = results.find((r) => r.bin === 'lambda-lint')!;
    expect(lambdaLint.code).toBe(1);
    expect(lambdaLint.stdout).toMatch(/13:5\s+error .* runtime-lifecycle/);
  });
});
