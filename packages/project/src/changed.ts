import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { untrackedInput } from '@lambda-lint/core';

/** A git command that failed: not a repository, an unknown ref. The CLI prints it as a usage error. */
export class GitError extends Error {
  override name = 'GitError';
}

function git(cwd: string, args: readonly string[]): string {
  untrackedInput('git');
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 28,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

function names(output: string): string[] {
  return output.split('\0').filter((name) => name !== '');
}

/**
 * Absolute paths of the files changed in the repository that holds `cwd`: with `since`, everything
 * that differs between the merge base of `since` and HEAD and the working tree; without, the staged
 * and unstaged changes against HEAD (everything staged when there is no commit yet). Untracked files
 * that .gitignore does not exclude count in both cases; deleted files are listed too.
 */
export function changedFiles(cwd: string, since?: string): string[] {
  const root = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  const hasHead = (() => {
    try {
      git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']);
      return true;
    } catch {
      return false;
    }
  })();
  let base: string | undefined;
  if (since !== undefined) {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${since}^{commit}`]);
    base = git(cwd, ['merge-base', since, 'HEAD']).trim();
  } else if (hasHead) base = 'HEAD';
  // Before the first commit, everything in the index is a change.
  const tracked = base
    ? names(git(root, ['diff', '--name-only', '-z', '--no-renames', base, '--']))
    : names(git(root, ['ls-files', '-z', '--cached']));
  const untracked = names(git(root, ['ls-files', '-z', '--others', '--exclude-standard']));
  return [...new Set([...tracked, ...untracked])].map((name) => path.resolve(root, name));
}
