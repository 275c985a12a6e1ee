import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TRACKED_CALLS } from '../src/replay.js';

// The daemon replays a scan when the files it read are unchanged, knowing them from the file system
// calls it records. These tests keep that knowledge complete as the code grows: a call the recorder
// does not know, or a child process or thread nobody declared, would let a replay miss an input.
const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// `logs` and `init-time` never run in the daemon; the daemon's own client and server are not scans.
const NOT_SCANS = [/^diagnostics\//, /^cli\/src\/(daemon|replay|diagnostics|init)\.ts$/];

function sources(dir: string, rel = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const relName = rel ? `${rel}/${name}` : name;
    if (statSync(full).isDirectory())
      return name === 'node_modules' || name === 'dist' || name === 'test' ? [] : sources(full, relName);
    return relName.includes('/src/') && name.endsWith('.ts') && !name.endsWith('.d.ts') ? [relName] : [];
  });
}

const scanSources = sources(packages).filter((file) => !NOT_SCANS.some((pattern) => pattern.test(file)));

describe('what the daemon replay records', () => {
  it('looks at the scan code of every package', () => {
    expect(scanSources.some((f) => f.startsWith('bundle/src/'))).toBe(true);
    expect(scanSources.some((f) => f.startsWith('eslint-plugin/src/'))).toBe(true);
    expect(scanSources.length).toBeGreaterThan(100);
  });

  it('knows every file system call the scan code imports', () => {
    const unknown: string[] = [];
    for (const file of scanSources) {
      const text = readFileSync(path.join(packages, file), 'utf8');
      for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'node:fs(?:\/promises)?'/g)) {
        for (const raw of match[1]!.split(',')) {
          const name = raw.trim().replace(/\s+as\s+\w+$/, '');
          if (name === '' || name.startsWith('type ')) continue;
          if (!TRACKED_CALLS.has(name)) unknown.push(`${file}: ${name}`);
        }
      }
      // A namespace or default import could call anything: name the calls instead.
      expect(text, file).not.toMatch(/import\s+(?:\*\s+as\s+)?\w+\s+from\s+'node:fs(?:\/promises)?'/);
    }
    expect(unknown).toEqual([]);
  });

  it('is told of every child process, worker thread and esbuild call', () => {
    const silent = scanSources.filter((file) => {
      const text = readFileSync(path.join(packages, file), 'utf8');
      const outside = /from 'node:child_process'|new Worker\(|import\('esbuild'\)/.test(text);
      return outside && !text.includes('untrackedInput(');
    });
    expect(silent).toEqual([]);
  });
});
