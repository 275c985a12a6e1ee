// Synchronous on purpose: a walk is thousands of tiny calls, and each `fs.promises` hop costs more CPU than the call itself.
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import type { Finding } from '@lambda-lint/core';
import { parseErrorFinding } from './load/parse-error.js';
import { SKIPPED_DIRECTORIES, TEMPLATE_NAME, TERRAFORM_FILE } from './file-names.js';

export interface DiscoveredTemplate {
  absolute: string;
  /** Relative to the working directory, with `/` separators: what findings show. */
  display: string;
  /** Named on the command line (not found by walking a directory): an empty one deserves a note. */
  explicit: boolean;
}

/** A Terraform root module (a folder of `.tf` / `.tf.json` files), or one `.tf` file named on the command line (its folder is read, its findings kept). */
export interface DiscoveredTerraformModule {
  /** Absolute folder. */
  dir: string;
  /** Display path of the one file named on the command line, when a file was given. */
  onlyFile?: string;
}

/** Inside cdk.out only synthesized stacks count; nested stage assemblies live in `assembly-*` folders, assets in `asset.*`. */
const CDK_TEMPLATE_NAME = /\.template\.json$/i;
const CDK_NESTED_ASSEMBLY = /^assembly-/;

/** Expands CLI paths into template files: a file path is taken as is; directories are walked for template.yaml|yml|json, *.template.json|yaml|yml, serverless.yml|yaml|json, cdk.out/*.template.json, skipping node_modules, .aws-sam, .serverless, .git, cdk.out asset folders and ignored paths. Deterministic order. Never follows symlink loops. */
export async function discoverTemplates(
  paths: string[],
  cwd: string,
  isIgnored: (relPath: string) => boolean,
): Promise<{ files: DiscoveredTemplate[]; errors: Finding[]; terraform: DiscoveredTerraformModule[] }> {
  const files: DiscoveredTemplate[] = [];
  const terraform: DiscoveredTerraformModule[] = [];
  const seenModules = new Set<string>();
  const addModule = (dir: string, onlyFile?: string) => {
    const key = onlyFile === undefined ? dir : `${dir}\0${onlyFile}`;
    if (seenModules.has(key)) return;
    seenModules.add(key);
    terraform.push(onlyFile === undefined ? { dir } : { dir, onlyFile });
  };
  const errors: Finding[] = [];
  const seenFiles = new Set<string>();
  const add = (absolute: string, explicit: boolean) => {
    if (seenFiles.has(absolute)) return;
    seenFiles.add(absolute);
    files.push({ absolute, display: displayPath(cwd, absolute), explicit });
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stats: Stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      errors.push(unreadable(displayPath(cwd, absolute), error));
      continue;
    }
    if (!stats.isDirectory()) {
      // Python source is the Python analyzer's input, never a template.
      if (absolute.endsWith('.py')) continue;
      if (TERRAFORM_FILE.test(absolute)) addModule(path.dirname(absolute), displayPath(cwd, absolute));
      else add(absolute, true);
      continue;
    }
    const found: string[] = [];
    const modules: string[] = [];
    await walk(absolute, cwd, isIgnored, found, errors, modules);
    modules.sort(compareStrings);
    for (const dir of modules) addModule(dir);
    // Sorted per given path, so output does not depend on readdir order; the given paths keep their order.
    found.sort(compareStrings);
    for (const file of found) add(file, false);
  }
  return { files, errors, terraform };
}

/** Depth-first walk with an explicit stack; directories are identified by device and inode so symlink loops end. */
async function walk(
  root: string,
  cwd: string,
  isIgnored: (relPath: string) => boolean,
  found: string[],
  errors: Finding[],
  modules: string[],
): Promise<void> {
  const visited = new Set<string>();
  const stack: { dir: string; insideCdkOut: boolean }[] = [
    { dir: root, insideCdkOut: path.basename(root) === 'cdk.out' },
  ];
  while (stack.length > 0) {
    const { dir, insideCdkOut } = stack.pop()!;
    let entries: Dirent[];
    try {
      const dirStats = statSync(dir);
      const identity = `${dirStats.dev}:${dirStats.ino}`;
      if (visited.has(identity)) continue;
      visited.add(identity);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push(unreadable(displayPath(cwd, dir), error));
      continue;
    }
    let terraformFolder = false;
    for (const entry of entries) {
      const name = entry.name;
      const absolute = path.join(dir, name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(absolute);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // dangling link: nothing to scan
        }
      }
      const relative = displayPath(cwd, absolute);
      if (isDirectory) {
        if (SKIPPED_DIRECTORIES.has(name)) continue;
        if (insideCdkOut && !CDK_NESTED_ASSEMBLY.test(name)) continue;
        if (isIgnored(relative) || isIgnored(`${relative}/`)) continue;
        stack.push({ dir: absolute, insideCdkOut: insideCdkOut || name === 'cdk.out' });
      } else if (isFile) {
        const wanted = insideCdkOut ? CDK_TEMPLATE_NAME.test(name) : TEMPLATE_NAME.test(name);
        if (wanted && !isIgnored(relative)) found.push(absolute);
        if (!insideCdkOut && TERRAFORM_FILE.test(name) && !isIgnored(relative)) terraformFolder = true;
      }
    }
    if (terraformFolder) modules.push(dir);
  }
}

function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unreadable(display: string, error: unknown): Finding {
  const code = (error as { code?: unknown } | null)?.code;
  const reason =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : `cannot be read (${typeof code === 'string' ? code : error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  return parseErrorFinding(
    display,
    { line: 1, column: 1 },
    `${display} ${reason}.`,
    'Check the path given to lambda-lint and the permissions of the files under it.',
  );
}
