import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '@lambda-lint/core';

/** What `lambda-lint init` found in the project directory. */
export interface DetectedProject {
  /** Template kinds, in the order they are described. */
  kinds: ('sam' | 'serverless' | 'cdk' | 'terraform')[];
  /** Template files found at the top of the project (display paths). */
  templates: string[];
  language: 'typescript' | 'javascript';
  python: boolean;
  /** An eslint.config.* already there: the snippet is then to be merged into it. */
  eslintConfig?: string;
}

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
const SAM_TEMPLATE_NAMES = ['template.yaml', 'template.yml', 'template.json'];
const SERVERLESS_NAMES = ['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.ts'];
const ESLINT_CONFIG_NAMES = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
];
/** Directories never looked into when guessing the language. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.aws-sam', '.serverless', 'cdk.out', 'dist', 'build']);

/** Looks at file names (and the SAM transform) only: init must be instant and never fail on a broken file. */
export function detectProject(dir: string): DetectedProject {
  const entries = new Set(readdirSync(dir));
  const kinds: DetectedProject['kinds'] = [];
  const templates: string[] = [];
  for (const name of SAM_TEMPLATE_NAMES) {
    if (entries.has(name) && readFileSync(path.join(dir, name), 'utf8').includes(SAM_TRANSFORM)) {
      if (!kinds.includes('sam')) kinds.push('sam');
      templates.push(name);
    }
  }
  const serverless = SERVERLESS_NAMES.find((name) => entries.has(name));
  if (serverless !== undefined) {
    kinds.push('serverless');
    templates.push(serverless);
  }
  if (entries.has('cdk.json')) kinds.push('cdk');
  if ([...entries].some((name) => name.endsWith('.tf'))) kinds.push('terraform');
  const sources = sourceExtensions(dir, 3);
  const typescript = entries.has('tsconfig.json') || sources.has('.ts') || sources.has('.mts');
  const eslintConfig = ESLINT_CONFIG_NAMES.find((name) => entries.has(name));
  return {
    kinds,
    templates,
    language: typescript ? 'typescript' : 'javascript',
    python: sources.has('.py'),
    ...(eslintConfig !== undefined && { eslintConfig }),
  };
}

/** File extensions under `dir`, a few levels deep, outside build output and dependencies. */
function sourceExtensions(dir: string, depth: number): Set<string> {
  const found = new Set<string>();
  const walk = (current: string, level: number) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (level < depth && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.'))
          walk(path.join(current, entry.name), level + 1);
      } else if (!entry.name.endsWith('.d.ts')) found.add(path.extname(entry.name));
    }
  };
  walk(dir, 0);
  return found;
}

const KIND_NAMES = {
  sam: 'AWS SAM',
  serverless: 'Serverless Framework',
  cdk: 'AWS CDK',
  terraform: 'Terraform',
};

/** The commented configuration file for the detected project; every setting is a default or commented out. */
export function configFileText(project: DetectedProject): string {
  const found =
    project.kinds.length > 0
      ? project.kinds.map((kind) => KIND_NAMES[kind]).join(', ')
      : 'no template yet (SAM, Serverless, CDK or Terraform)';
  const lines = [
    '# yaml-language-server: $schema=./node_modules/lambda-lint/schema/lambda-lint.config.schema.json',
    '# lambda-lint configuration: https://github.com/lambda-lint/lambda-lint/blob/main/docs/configuration.md',
    `# Written by \`lambda-lint init\` for: ${found}, ${project.language === 'typescript' ? 'TypeScript' : 'JavaScript'} handlers${project.python ? ', Python handlers' : ''}.`,
    '',
    '# Lowest severity that fails a run (exit code 1): info, warning or error.',
    'failOn: error',
    '',
    '# Paths never scanned, relative to this file (node_modules, .aws-sam and .serverless always are).',
    '# ignore:',
    "#   - 'test/fixtures/**'",
    '',
    '# Report `# lambda-lint-disable` comments and Metadata ignores that no longer suppress anything.',
    'reportUnusedDisable: true',
    '',
    '# Severity (off, info, warning, error) and options per rule; `lambda-lint rules` lists them all.',
    'rules:',
    '  # Your account\'s concurrency quota in the Region (Service Quotas → "Concurrent executions").',
    '  concurrency-budget: [error, { accountLimit: 1000 }]',
    "  # Deployment package budget per function (Lambda's hard limit is 250 MB unzipped).",
    '  package-size-budget: { options: { budget: 10MiB } }',
  ];
  if (project.kinds.includes('cdk'))
    lines.push(
      '  # CDK: synthesize first (`npx cdk synth`); lambda-lint reads cdk.out/*.template.json and the bundled assets.',
    );
  if (project.kinds.includes('sam'))
    lines.push('  # SAM: run `sam build` first to have the packages in .aws-sam/build measured.');
  lines.push(
    '',
    '# Settings for some files only; later overrides win.',
    '# overrides:',
    "#   - files: ['services/legacy/**']",
    '#     rules:',
    '#       tracing-active: off',
    '',
  );
  return lines.join('\n');
}

/** The eslint.config.js that runs the plugin on the project's handler code. */
export function eslintSnippet(project: DetectedProject): string {
  if (project.language === 'typescript')
    return [
      "import tseslint from 'typescript-eslint';",
      "import lambdaLint from '@lambda-lint/eslint-plugin';",
      '',
      'export default [',
      '  ...tseslint.configs.recommended,',
      '  lambdaLint.configs.recommended,',
      '];',
      '',
    ].join('\n');
  return [
    "import lambdaLint from '@lambda-lint/eslint-plugin';",
    '',
    'export default [lambdaLint.configs.recommended];',
    '',
  ].join('\n');
}

export interface InitResult {
  ok: boolean;
  /** What to print on stdout (success) or stderr (refusal). */
  text: string;
}

/** Writes lambda-lint.config.yaml in `dir` (never over an existing configuration unless `force`) and says what to add to ESLint. */
export function initProject(dir: string, force: boolean): InitResult {
  const target = 'lambda-lint.config.yaml';
  const existing = CONFIG_FILE_NAMES.find((name) => existsSync(path.join(dir, name)));
  if (existing !== undefined && existing !== target)
    return {
      ok: false,
      text: `${existing} already exists in ${dir} and lambda-lint reads it before ${target}; lambda-lint init leaves it alone (delete it first to start over).`,
    };
  if (existing !== undefined && !force)
    return {
      ok: false,
      text: `${existing} already exists in ${dir}; lambda-lint init leaves it alone. Run \`lambda-lint init --force\` to replace it.`,
    };
  const project = detectProject(dir);
  writeFileSync(path.join(dir, target), configFileText(project));
  const dependencies =
    project.language === 'typescript'
      ? 'eslint @lambda-lint/eslint-plugin typescript-eslint'
      : 'eslint @lambda-lint/eslint-plugin';
  const eslintIntro =
    project.eslintConfig !== undefined
      ? `Add the plugin's recommended config to your ${project.eslintConfig}:`
      : 'Create eslint.config.js to check handler code in your editor and with `eslint`:';
  const detected =
    project.kinds.length > 0
      ? `Detected ${project.kinds.map((kind) => KIND_NAMES[kind]).join(', ')} (${project.templates.length > 0 ? project.templates.join(', ') : 'no template file at the top level'}), ${project.language === 'typescript' ? 'TypeScript' : 'JavaScript'}.`
      : `No SAM, Serverless, CDK or Terraform project found here; the configuration is generic.`;
  const replaced = existing !== undefined ? ' (replacing the previous one)' : '';
  return {
    ok: true,
    text: [
      `${detected}`,
      `Wrote ${target}${replaced}.`,
      '',
      eslintIntro,
      '',
      eslintSnippet(project),
      `Install: npm install --save-dev lambda-lint ${dependencies}`,
      'Then run: npx lambda-lint',
      '',
    ].join('\n'),
  };
}
