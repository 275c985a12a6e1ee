import type { RuleMeta, Scanner } from '@lambda-lint/core';

/** Where each scanner lives; loaded only when a scan needs it, so `--version` stays cheap. */
const SCANNER_MODULES = [
  { name: 'iac', specifier: '@lambda-lint/iac', exportName: 'iacScanner' },
  { name: 'bundle', specifier: '@lambda-lint/bundle', exportName: 'bundleScanner' },
] as const;

export type ScannerName = (typeof SCANNER_MODULES)[number]['name'];

function isScanner(value: unknown): value is Scanner {
  const candidate = value as Partial<Scanner> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.scan === 'function' &&
    Array.isArray(candidate.rules)
  );
}

/** Imports a module by name; undefined when that package itself is not installed. */
async function importOptional(specifier: string): Promise<Record<string, unknown> | undefined> {
  try {
    // A variable specifier keeps TypeScript from binding to exports that may not exist yet.
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' && err.message.includes(specifier)) return undefined;
    throw error;
  }
}

/** The scanners that are installed and export a Scanner; missing ones are skipped, not fatal. */
export async function loadScanners(only?: ScannerName): Promise<Scanner[]> {
  const wanted = SCANNER_MODULES.filter((m) => only === undefined || m.name === only);
  const loaded = await Promise.all(
    wanted.map(async (m) => {
      const mod = await importOptional(m.specifier);
      const scanner = mod?.[m.exportName];
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
  const mod = await importOptional('@lambda-lint/eslint-plugin');
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
