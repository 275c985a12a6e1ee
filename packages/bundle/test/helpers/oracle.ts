import { execFileSync, spawnSync } from 'node:child_process';

/** True when Debian's `unzip` is installed (`.ci/run` installs it). */
export const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
/** True when Debian's `zip` is installed. */
export const hasZip = spawnSync('zip', ['-v'], { stdio: 'ignore' }).status === 0;

/** `unzip -Zt`'s totals: entry count and uncompressed bytes, the reference the reader must match to the byte. */
export function unzipTotals(file: string): { files: number; uncompressed: number } {
  const out = execFileSync('unzip', ['-Zt', file], { encoding: 'utf8' });
  const match = /(\d+) files?, (\d+) bytes? uncompressed/.exec(out);
  if (!match) throw new Error(`unexpected unzip -Zt output: ${out}`);
  return { files: Number(match[1]), uncompressed: Number(match[2]) };
}
