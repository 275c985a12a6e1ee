import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import * as z from 'zod';
import { SEVERITIES, type Severity } from './finding.js';
import type { Rule } from './rule.js';
import type { ConfigView, RuleSetting } from './scanner.js';

export type RuleSeverity = Severity | 'off';
export interface RuleEntryObject {
  severity?: RuleSeverity;
  options?: Record<string, unknown>;
}
export type RuleEntry = RuleSeverity | [RuleSeverity, Record<string, unknown>?] | RuleEntryObject;

export interface ConfigOverride {
  files: string[];
  ignore?: string[];
  rules?: Record<string, RuleEntry>;
}

export interface LambdaLintConfig {
  failOn?: Severity;
  maxWarnings?: number;
  ignore?: string[];
  reportUnusedDisable?: boolean;
  rules?: Record<string, RuleEntry>;
  overrides?: ConfigOverride[];
}

export interface LoadedConfig {
  /** Absolute path of the configuration file, when one was found. */
  file?: string;
  /** Directory that globs in the configuration are relative to. */
  dir: string;
  config: LambdaLintConfig;
}

/** A configuration problem the user must fix; `message` is the whole user-facing paragraph. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly keyPath: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const CONFIG_FILE_NAMES = [
  'lambda-lint.config.json',
  'lambda-lint.config.yaml',
  'lambda-lint.config.yml',
  'lambda-lint.config.mjs',
  'lambda-lint.config.js',
] as const;

const PACKAGE_JSON_KEY = 'lambda-lint';

const severityOrOff = z.enum(['off', ...SEVERITIES]);
const optionsRecord = z.record(z.string(), z.unknown());

function ruleEntrySchema(options: z.ZodType) {
  return z.union([
    severityOrOff,
    z.tuple([severityOrOff, options.optional()]),
    z.strictObject({ severity: severityOrOff.optional(), options: options.optional() }),
  ]);
}

/** The config file's shape. Rule options are checked per rule in a second pass for precise key paths. */
function configSchema(rulesSchema: z.ZodType) {
  const globs = z.array(z.string().min(1));
  return z.strictObject({
    $schema: z.string().optional().describe('JSON Schema reference for editors.'),
    failOn: z
      .enum(SEVERITIES)
      .optional()
      .describe('Lowest severity that makes the run fail (exit 1). Default: error.'),
    maxWarnings: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Fail (exit 1) when there are more warnings than this.'),
    ignore: globs.optional().describe('Globs (relative to this file) of paths never scanned.'),
    reportUnusedDisable: z
      .boolean()
      .optional()
      .describe('Report suppression comments and Metadata ignores that suppress nothing.'),
    rules: rulesSchema.optional().describe('Severity and options per rule id.'),
    overrides: z
      .array(
        z.strictObject({
          files: globs.min(1).describe('Globs (relative to this file) the override applies to.'),
          ignore: globs.optional().describe('Globs excluded from this override.'),
          rules: rulesSchema.optional(),
        }),
      )
      .optional()
      .describe('Rule settings for files matching globs; later overrides win.'),
  });
}

function structuralSchema() {
  return configSchema(z.record(z.string(), ruleEntrySchema(optionsRecord)));
}

/** JSON Schema (draft 2020-12) of the configuration file, with every rule's options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
export function configJsonSchema(rules: readonly Rule<any, any>[]): object {
  const shape: Record<string, z.ZodType> = {};
  for (const rule of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    // Unknown option keys are errors for the CLI (validateConfig), so they are for editors too.
    const options = rule.meta.options;
    shape[rule.meta.id] = ruleEntrySchema(
      options instanceof z.ZodObject ? options.strict() : (options ?? z.strictObject({})),
    )
      .describe(
        `${rule.meta.description} (default: ${rule.meta.enabled === false ? 'off' : rule.meta.severity})`,
      )
      .optional();
  }
  const schema = z.toJSONSchema(configSchema(z.strictObject(shape)), { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    $id: 'https://github.com/lambda-lint/lambda-lint/blob/main/docs/schema/lambda-lint.config.schema.json',
    title: 'lambda-lint configuration',
  };
}

// ---------------------------------------------------------------------------------------------
// Loading

/** The configuration file that applies to `start` (a file or directory), walking up to the root. */
export function findConfigFile(start: string): { file: string; fromPackageJson: boolean } | undefined {
  let dir = path.resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) return { file: candidate, fromPackageJson: false };
    }
    const pkg = path.join(dir, 'package.json');
    if (isFile(pkg) && packageJsonHasConfig(pkg)) return { file: pkg, fromPackageJson: true };
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

function packageJsonHasConfig(file: string): boolean {
  try {
    const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof pkg === 'object' && pkg !== null && PACKAGE_JSON_KEY in pkg;
  } catch {
    return false;
  }
}

/**
 * Loads and validates the configuration for a scan. `explicit` (from `--config`) wins over
 * discovery. Throws ConfigError with a one-paragraph message naming the file and key path.
 */
export async function loadConfig(opts: {
  start: string;
  explicit?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
  rules: readonly Rule<any, any>[];
  /** Ids of rules that exist but are not loaded in this run (another scanner's): accepted unchecked. */
  otherRuleIds?: readonly string[];
}): Promise<LoadedConfig> {
  let found: { file: string; fromPackageJson: boolean } | undefined;
  if (opts.explicit) {
    const file = path.resolve(opts.explicit);
    if (!isFile(file)) {
      throw new ConfigError(`${opts.explicit}: configuration file not found.`, file, '');
    }
    found = { file, fromPackageJson: path.basename(file) === 'package.json' };
  } else {
    found = findConfigFile(opts.start);
  }
  if (!found) return { dir: path.resolve(opts.start), config: {} };
  const raw = await readRawConfig(found.file, found.fromPackageJson);
  const config = validateConfig(raw.value, found.file, opts.rules, raw.locate, opts.otherRuleIds);
  return { file: found.file, dir: path.dirname(found.file), config };
}

type Locate = (keyPath: (string | number)[], atKey?: boolean) => string;

async function readRawConfig(
  file: string,
  fromPackageJson: boolean,
): Promise<{ value: unknown; locate: Locate }> {
  const display = displayPath(file);
  const ext = path.extname(file);
  if (ext === '.mjs' || ext === '.js') {
    try {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      return { value: mod.default, locate: () => '' };
    } catch (error) {
      throw new ConfigError(
        `${display}: could not load the configuration module: ${error instanceof Error ? error.message : String(error)}.`,
        file,
        '',
      );
    }
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${display}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      file,
      '',
    );
  }
  // JSON is YAML 1.2, so one parser gives positions for both.
  const { parseDocument, LineCounter, isMap, isScalar, isSeq } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new ConfigError(
      `${display}:${pos.line}:${pos.col}: the configuration is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${first.message.split('\n')[0]}`,
      file,
      '',
    );
  }
  let value: unknown = doc.toJS({ maxAliasCount: 100 });
  const prefix: (string | number)[] = [];
  if (fromPackageJson) {
    value = (value as Record<string, unknown> | null)?.[PACKAGE_JSON_KEY];
    prefix.push(PACKAGE_JSON_KEY);
  }
  const locate: Locate = (keyPath, atKey = false) => {
    // Walk the YAML nodes; a missing node points at its closest existing parent.
    let node: unknown = doc.contents;
    let range: [number, number, number] | undefined = (node as { range?: [number, number, number] })?.range;
    for (const [i, key] of [...prefix, ...keyPath].entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        const last = i === prefix.length + keyPath.length - 1;
        const keyRange = isScalar(pair.key) ? (pair.key.range ?? undefined) : undefined;
        node = pair.value;
        range =
          (last && atKey ? keyRange : (node as { range?: [number, number, number] } | null)?.range) ??
          keyRange;
      } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
        node = node.items[key];
        range = (node as { range?: [number, number, number] }).range ?? range;
      } else break;
    }
    if (!range) return '';
    const pos = lineCounter.linePos(range[0]);
    return `:${pos.line}:${pos.col}`;
  };
  return { value: value ?? {}, locate };
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : file;
}

function formatKeyPath(keyPath: readonly PropertyKey[]): string {
  let out = '';
  for (const key of keyPath) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, keyPath: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of keyPath) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

const TOP_LEVEL_KEYS = [
  '$schema',
  'failOn',
  'maxWarnings',
  'ignore',
  'reportUnusedDisable',
  'rules',
  'overrides',
];
const RULE_ENTRY_HELP =
  'a severity ("off", "info", "warning", "error"), a list [severity, { options }] or an object { severity, options }';

function issueText(
  issue: z.core.$ZodIssue,
  root: unknown,
): { keyPath: PropertyKey[]; text: string; atKey?: boolean } {
  const keyPath = [...issue.path];
  const actual = valueAt(root, keyPath);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const parent = formatKeyPath(keyPath);
      const known =
        keyPath.length === 0
          ? TOP_LEVEL_KEYS
          : keyPath.at(-2) === 'overrides'
            ? ['files', 'ignore', 'rules']
            : ['severity', 'options'];
      const hint = closest(key, known);
      return {
        keyPath: [...keyPath, key],
        atKey: true,
        text: `unknown key "${key}"${parent ? ` in ${parent}` : ''}${hint ? ` (did you mean "${hint}"?)` : ''}; allowed keys are ${known.filter((k) => k !== '$schema').join(', ')}`,
      };
    }
    case 'invalid_union':
      if (keyPath.length >= 2 && keyPath.at(-2) === 'rules') {
        return { keyPath, text: `expected ${RULE_ENTRY_HELP}, got ${describeValue(actual)}` };
      }
      return { keyPath, text: `got ${describeValue(actual)}, which does not match any allowed form` };
    case 'invalid_value':
      return {
        keyPath,
        text: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(actual)}`,
      };
    case 'invalid_type':
      return {
        keyPath,
        text:
          actual === undefined
            ? `is required (${issue.expected})`
            : `expected ${issue.expected === 'tuple' ? 'a list' : issue.expected}, got ${describeValue(actual)}`,
      };
    default:
      return {
        keyPath,
        text: `${issue.message.replace(/^Invalid input: /, '')}, got ${describeValue(actual)}`,
      };
  }
}

function configError(
  file: string,
  locate: Locate,
  keyPath: PropertyKey[],
  text: string,
  atKey = false,
): ConfigError {
  const key = formatKeyPath(keyPath);
  const at = locate(
    keyPath.filter((k): k is string | number => typeof k !== 'symbol'),
    atKey,
  );
  return new ConfigError(
    `${displayPath(file)}${at}: invalid configuration at "${key || '(root)'}": ${text}. See docs/configuration.md for every key.`,
    file,
    key,
  );
}

/** Validates a raw configuration value; throws ConfigError on the first problem. */
export function validateConfig(
  raw: unknown,
  file: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
  rules: readonly Rule<any, any>[],
  locate: Locate = () => '',
  otherRuleIds: readonly string[] = [],
): LambdaLintConfig {
  const parsed = structuralSchema().safeParse(raw);
  if (!parsed.success) {
    const { keyPath, text, atKey } = issueText(parsed.error.issues[0]!, raw);
    throw configError(file, locate, keyPath, text, atKey);
  }
  const config = parsed.data as LambdaLintConfig & { $schema?: string };
  const byId = rulesById(rules);
  const check = (entries: Record<string, RuleEntry> | undefined, base: (string | number)[]) => {
    for (const [id, entry] of Object.entries(entries ?? {})) {
      const served = byId.get(id);
      if (!served && otherRuleIds.includes(id)) continue;
      if (!served) {
        const hint = closest(id, [...byId.keys(), ...otherRuleIds]);
        throw configError(
          file,
          locate,
          [...base, id],
          `unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; run \`lambda-lint rules\` for the list`,
          true,
        );
      }
      const options = Array.isArray(entry) ? entry[1] : typeof entry === 'object' ? entry.options : undefined;
      if (options === undefined) continue;
      const optionsPath = [...base, id, ...(Array.isArray(entry) ? [1] : ['options'])];
      // One id can be served by several tools (JavaScript and Python): an option of any of them is known.
      const schemas = served.map((rule) => rule.meta.options ?? z.strictObject({}));
      const keysBySchema = schemas.map(schemaKeys);
      if (keysBySchema.every((keys) => keys !== undefined)) {
        const known = [...new Set(keysBySchema.flat() as string[])];
        const unknownKey = Object.keys(options).find((k) => !known.includes(k));
        if (unknownKey !== undefined) {
          const hint = closest(unknownKey, known);
          throw configError(
            file,
            locate,
            [...optionsPath, unknownKey],
            `rule "${id}" has no option "${unknownKey}"${hint ? ` (did you mean "${hint}"?)` : ''}; its options are ${known.length ? known.join(', ') : '(none)'}`,
            true,
          );
        }
      }
      for (const [i, schema] of schemas.entries()) {
        const result = schema.safeParse(ownOptions(options, keysBySchema[i]));
        if (!result.success) {
          const { keyPath, text } = issueText(result.error.issues[0]!, options);
          throw configError(file, locate, [...optionsPath, ...keyPath], text);
        }
      }
    }
  };
  check(config.rules, ['rules']);
  config.overrides?.forEach((o, i) => check(o.rules, ['overrides', i, 'rules']));
  delete config.$schema;
  return config;
}

function schemaKeys(schema: z.ZodType): string[] | undefined {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

/** The rules serving each id: usually one, several when the same concept is checked in several languages. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
function rulesById(rules: readonly Rule<any, any>[]): Map<string, Rule<any, any>[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  const byId = new Map<string, Rule<any, any>[]>();
  for (const rule of rules) {
    const list = byId.get(rule.meta.id);
    if (list) list.push(rule);
    else byId.set(rule.meta.id, [rule]);
  }
  return byId;
}

/** The options one of several rules sharing an id knows (all of them when its keys cannot be listed). */
function ownOptions(options: Record<string, unknown>, keys: string[] | undefined): Record<string, unknown> {
  return keys ? Object.fromEntries(Object.entries(options).filter(([k]) => keys.includes(k))) : options;
}

/**
 * Options of `id` parsed with the schema of every rule serving it and merged: each tool's rule then
 * finds its own keys, with its defaults.
 */
export function parseRuleOptions(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
  served: readonly Rule<any, any>[] | undefined,
  options: Record<string, unknown>,
): unknown {
  const schemas = (served ?? []).flatMap((rule) => (rule.meta.options ? [rule.meta.options] : []));
  if (schemas.length === 0) return options;
  if (schemas.length === 1) return schemas[0]!.parse(options);
  return Object.assign({}, ...schemas.map((schema) => schema.parse(ownOptions(options, schemaKeys(schema)))));
}

// ---------------------------------------------------------------------------------------------
// Resolution

function entryParts(entry: RuleEntry): { severity?: RuleSeverity; options?: Record<string, unknown> } {
  if (typeof entry === 'string') return { severity: entry };
  if (Array.isArray(entry)) return { severity: entry[0], options: entry[1] };
  return entry;
}

/** Matches paths relative to a base directory; a pattern also matches everything under a matching directory. */
function globMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch(
    patterns.map((p) => p.replace(/^\.\//, '').replace(/\/$/, '')),
    { dot: true },
  );
  return (relPath) => {
    if (isMatch(relPath)) return true;
    for (let i = relPath.indexOf('/'); i !== -1; i = relPath.indexOf('/', i + 1)) {
      if (isMatch(relPath.slice(0, i))) return true;
    }
    return false;
  };
}

/**
 * A ConfigView over a loaded config. Settings apply in order: rule defaults, `rules`, then each
 * matching override. Severity is replaced; options are merged key by key, then parsed with the
 * rule's schema so defaults fill the rest.
 */
export function createConfigView(
  loaded: LoadedConfig,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of rules with different models and option schemas
  rules: readonly Rule<any, any>[],
  cwd: string,
): ConfigView {
  const { config, dir } = loaded;
  const byId = rulesById(rules);
  const ignored = globMatcher(config.ignore ?? []);
  const overrides = (config.overrides ?? []).map((o) => ({
    files: globMatcher(o.files),
    ignore: globMatcher(o.ignore ?? []),
    rules: o.rules ?? {},
  }));
  const toConfigRelative = (file: string) => {
    const rel = path.relative(dir, path.resolve(cwd, file));
    return rel.split(path.sep).join('/');
  };
  const cache = new Map<string, RuleSetting>();

  return {
    rule(ruleId, file) {
      // Without overrides the setting cannot depend on the file: one entry per rule, not one schema parse per rule and file.
      const key = overrides.length === 0 ? ruleId : `${ruleId}\0${file}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const served = byId.get(ruleId);
      const rule = served?.[0];
      let severity: RuleSeverity = rule ? (rule.meta.enabled === false ? 'off' : rule.meta.severity) : 'off';
      let options: Record<string, unknown> = {};
      const apply = (entry: RuleEntry | undefined) => {
        if (entry === undefined) return;
        const parts = entryParts(entry);
        if (parts.severity) severity = parts.severity;
        if (parts.options) options = { ...options, ...parts.options };
      };
      apply(config.rules?.[ruleId]);
      if (overrides.length > 0) {
        const rel = toConfigRelative(file);
        for (const o of overrides) {
          if (o.files(rel) && !o.ignore(rel)) apply(o.rules[ruleId]);
        }
      }
      const setting: RuleSetting = { severity, options: parseRuleOptions(served, options) };
      cache.set(key, setting);
      return setting;
    },
    isIgnored(file) {
      const rel = toConfigRelative(file);
      return !rel.startsWith('../') && ignored(rel);
    },
  };
}
