import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleRules } from '@lambda-lint/bundle';
import { validateConfig } from '@lambda-lint/core';
import { iacRules } from '@lambda-lint/iac';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './scratch-project.js';

/** docs/editors.md: the configuration samples it shows validate against the published schema, the broken one does not. */
const page = readFileSync(path.join(repoRoot, 'docs/editors.md'), 'utf8');
const schemaText = readFileSync(path.join(repoRoot, 'docs/schema/lambda-lint.config.schema.json'), 'utf8');
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(schemaText) as object);
const rules = [...iacRules, ...bundleRules];
const SCHEMA_PATH = './node_modules/lambda-lint/schema/lambda-lint.config.schema.json';

/** Configuration samples: YAML with the language server's modeline, JSON with `$schema`; and whether they sit under "What the editor flags". */
function samples(): { language: string; text: string; broken: boolean }[] {
  const found: { language: string; text: string; broken: boolean }[] = [];
  let broken = false;
  for (const match of page.matchAll(/^(#+ .*)$|^```(\w+)\n([\s\S]*?)^```/gm)) {
    if (match[1] !== undefined) broken = /what the editor flags/i.test(match[1]);
    else if (/yaml-language-server: \$schema=|"\$schema":/.test(match[3]!))
      found.push({ language: match[2]!, text: match[3]!, broken });
  }
  return found;
}

describe('docs/editors.md configuration samples', () => {
  const all = samples();

  it('show both forms and one broken file', () => {
    expect(all.map((s) => `${s.language}${s.broken ? ' (broken)' : ''}`)).toEqual([
      'yaml',
      'json',
      'yaml (broken)',
    ]);
  });

  it('point at the schema the lambda-lint package ships (the build copies it next to dist/)', () => {
    for (const sample of all) expect(sample.text).toContain(SCHEMA_PATH);
    const shipped = readFileSync(
      path.join(repoRoot, 'packages/cli/schema/lambda-lint.config.schema.json'),
      'utf8',
    );
    expect(shipped).toBe(schemaText);
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'packages/cli/package.json'), 'utf8')) as {
      files: string[];
    };
    expect(manifest.files).toContain('schema');
  });

  it.each(all.filter((s) => !s.broken).map((s) => [s.language, s] as const))(
    'the %s sample is valid for the schema and for the CLI',
    (language, sample) => {
      const config = (language === 'json' ? JSON.parse(sample.text) : parse(sample.text)) as object;
      expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
      expect(() => validateConfig(config, `lambda-lint.config.${language}`, rules)).not.toThrow();
    },
  );

  it('the broken sample is rejected at each marked key, by the schema and by the CLI', () => {
    const broken = all.find((s) => s.broken)!;
    const config = parse(broken.text) as object;
    expect(validate(config)).toBe(false);
    const paths = new Set(
      (validate.errors ?? []).map(
        (e) =>
          `${e.instancePath}${e.params && 'additionalProperty' in e.params ? `/${String(e.params.additionalProperty)}` : ''}`,
      ),
    );
    expect([...paths]).toEqual(expect.arrayContaining(['/failOn', '/rules/tracing-activ']));
    expect([...paths].some((p) => p.startsWith('/rules/concurrency-budget'))).toBe(true);
    expect(() => validateConfig(config, 'lambda-lint.config.yaml', rules)).toThrow();
  });
});
