import type { RuleMeta, Scanner } from '@lambda-lint/core';

/**
 * Where each scanner lives; loaded only when a scan needs it, so `--version` stays cheap. Literal
 * specifiers so that esbuild follows them into lazily loaded chunks of the shipped bundle.
 */
const SCANNER_MODULES = {
  iac: { specifier: '@lambda-lint/iac', load: () => import('@lambda-lint/iac'), exportName: 'iacScanner' },
  bundle: {
    specifier: '@lambda-lint/bundle',
    load: () => import('@lambda-lint/bundle'),
    exportName: 'bundleScanner',
  },
  python: {
    specifier: '@lambda-lint/python',
    load: () => import('@lambda-lint/python'),
    exportName: 'pythonScanner',
  },
} as const;

export type ScannerName = keyof typeof SCANNER_MODULES;

/** The project layer: the CLI's scan path (the scanners above are what embedders and tests may inject instead). */
export async function loadProject(): Promise<typeof import('@lambda-lint/project') | undefined> {
  return (await importOptional('@lambda-lint/project', () => import('@lambda-lint/project'))) as
    typeof import('@lambda-lint/project') | undefined;
}

function isScanner(value: unknown): value is Scanner {
  const candidate = value as Partial<Scanner> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.scan === 'function' &&
    Array.isArray(candidate.rules)
  );
}

/** Runs `load`; undefined when that package itself is not installed (unbundled use of dist/ only). */
async function importOptional(
  specifier: string,
  load: () => Promise<unknown>,
): Promise<Record<string, unknown> | undefined> {
  try {
    return (await load()) as Record<string, unknown>;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' && err.message.includes(specifier)) return undefined;
    throw error;
  }
}

/** The scanners that are installed and export a Scanner; missing ones are skipped, not fatal. */
export async function loadScanners(only?: ScannerName): Promise<Scanner[]> {
  const wanted = (Object.keys(SCANNER_MODULES) as ScannerName[]).filter(
    (name) => only === undefined || name === only,
  );
  const loaded = await Promise.all(
    wanted.map(async (name) => {
      const { specifier, load, exportName } = SCANNER_MODULES[name];
      const mod = await importOptional(specifier, load);
      const scanner = mod?.[exportName];
      return isScanner(scanner) ? scanner : undefined;
    }),
  );
  return loaded.filter((s): s is Scanner => s !== undefined);
}

/** Rules of `lambda-lint logs` and `init-time` (explicit commands, never part of a scan). */
export async function loadDiagnosticsRules(): Promise<RuleMeta[]> {
  const mod = await importOptional('@lambda-lint/diagnostics', () => import('@lambda-lint/diagnostics'));
  const rules = mod?.diagnosticsRules as readonly { meta: RuleMeta }[] | undefined;
  return Array.isArray(rules) ? rules.map((r) => r.meta) : [];
}
