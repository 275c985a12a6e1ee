import { readFileSync } from 'node:fs';

/** Set by scripts/bundle.mjs from package.json: the bundle lives in dist/bundled/, one level deeper. */
declare const __LAMBDA_LINT_VERSION__: string | undefined;

/** The CLI's version, read from its package.json so it can never drift. */
export function cliVersion(): string {
  if (typeof __LAMBDA_LINT_VERSION__ === 'string') return __LAMBDA_LINT_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export const HELP_TEXT = `lambda-lint: lint AWS Lambda projects (templates, deployment packages, handler code)

Usage:
  lambda-lint [paths...]           templates, handler code and packages, joined per function (default: .)
  lambda-lint iac [paths...]       templates only (SAM, CloudFormation, Serverless, CDK)
  lambda-lint bundle [paths...]    deployment package size only
  lambda-lint python [paths...]    Python handler code only (.py files and folders of them)
  lambda-lint rules                list every rule
  lambda-lint logs <file|dir|->    cold starts, durations, memory and timeouts from Lambda logs
  lambda-lint init-time <handler|bundle|template>
                                   measure module initialisation in fresh, sandboxed Node processes
  lambda-lint init [dir]           write a commented lambda-lint.config.yaml for the project in dir
                                   and print the eslint.config.js to add (--force: replace it)
  lambda-lint daemon status|stop   the background process of --daemon

Options:
  -f, --format <name>              stylish (default), json, sarif, github, junit, gitlab;
                                   for "rules": text (default), json, markdown
  -o, --output <file>              write the report of the --format before it to <file>
                                   (repeat --format/--output pairs for several reports)
  -c, --config <file>              use this configuration file instead of searching for one
      --max-warnings <n>           exit 1 when there are more than n warnings
  -q, --quiet                      report errors only
      --fail-on <severity>         lowest severity that makes the run fail: info, warning, error (default)
      --no-color                   never colour the output
      --report-unused-disable      report suppressions that suppress nothing
      --report <file.html>         write the bundle size treemap (logs: histograms and timeline) to <file.html>
      --function <name>            logs: only this function (log group /aws/lambda/<name>)
      --template <file>            logs: compare with this template's MemorySize and Timeout
      --runs <n>                   init-time: fresh processes per function (default 10)
      --changed                    only the functions touched by files changed against HEAD
                                   (staged, unstaged and untracked files; for pre-commit hooks)
      --since <ref>                only the functions touched by changes since <ref> (e.g. origin/main)
      --cache                      reuse analyses of unchanged files (code, templates) from earlier runs
      --cache-location <dir>       where --cache keeps them (default node_modules/.cache/lambda-lint,
                                   or .lambda-lint-cache without node_modules); implies --cache
      --daemon                     scan in a background lambda-lint process that stays loaded
                                   (started when none runs, exits after 15 idle minutes); also
                                   LAMBDA_LINT_DAEMON=1
  -v, --version                    print the version
  -h, --help                       print this help
      --force                      init: replace an existing lambda-lint.config.yaml

Exit codes:
  0  nothing at or above the fail threshold
  1  findings at or above the threshold, or more warnings than --max-warnings
  2  usage or configuration error, or input that could not be read or parsed

Docs: https://github.com/lambda-lint/lambda-lint/blob/main/docs/cli.md
`;
