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

interface EslintRuleModule {
  meta?: {
    docs?: { description?: string; recommended?: boolean; recommendedSeverity?: 'error' | 'warn' };
  };
}

/** The ESLint plugin's rules in the shape `lambda-lint rules` lists (they run inside ESLint, not here). */
export async function loadEslintRules(): Promise<RuleMeta[]> {
  const mod = await importOptional('@lambda-lint/eslint-plugin', () => import('@lambda-lint/eslint-plugin'));
  const rules = mod?.rules as Record<string, EslintRuleModule> | undefined;
  if (!rules || typeof rules !== 'object') return [];
  return Object.entries(rules).map(([name, rule]) => {
    const docs = rule.meta?.docs ?? {};
    return {
      id: name,
      description: docs.description ?? name,
      severity: docs.recommendedSeverity === 'warn' ? 'warning' : 'error',
      tool: 'eslint',
      enabled: docs.recommended === true,
    };
  });
}
