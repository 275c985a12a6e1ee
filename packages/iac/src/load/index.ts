import { readFileSync, statSync } from 'node:fs';
import { Composer, Parser, type CST, type Document, type Tags, type YAMLError } from 'yaml';
import type { Finding } from '@lambda-lint/core';
import type { LoadedFile, TNode } from '../node.js';
import { get } from '../node.js';
import { checkBytes } from './bytes.js';
import { findDeepNesting } from './deep-nesting.js';
import { CLOUDFORMATION_YAML_TAGS } from './intrinsics.js';
import { MAX_NESTING_DEPTH, MAX_TEMPLATE_BYTES } from './limits.js';
import { parseErrorFinding } from './parse-error.js';
import { LineIndex } from './positions.js';
import { LoadFailure, tooDeep } from './failure.js';
import { parseJson } from './json.js';
import { YamlTreeBuilder } from './yaml-tree.js';
import { duplicateKeyFinding } from './duplicate-keys.js';
import { repairShallowFlows, shallowFlowFinding, type ShallowFlow } from './flow-indentation.js';

export { emptyTemplateNote, parseErrorFinding, PARSE_ERROR_RULE_ID } from './parse-error.js';
export { DUPLICATE_KEY_RULE_ID } from './duplicate-keys.js';
export { FLOW_INDENTATION_RULE_ID } from './flow-indentation.js';
export * as loadLimits from './limits.js';

export type TemplateKind = 'sam' | 'cloudformation' | 'serverless' | 'cdk' | 'unknown';
export type LoadResult = { ok: true; loaded: LoadedFile } | { ok: false; finding: Finding };

const YAML_OPTIONS = {
  // The function form appends in one step; the array form costs ~0.1 ms per parse (quadratic concat in `yaml`).
  customTags: (defaults: Tags) => defaults.concat(CLOUDFORMATION_YAML_TAGS),
  merge: true,
  prettyErrors: false,
  // Aliases are resolved (and capped) by the tree builder; the library only expands them in toJS, which is never called.
  maxAliasCount: -1,
  keepSourceTokens: false,
  // A repeated key is not fatal (CloudFormation deploys the later value): the tree builder records it for a finding.
  uniqueKeys: false,
} as const;

/** The first document of the token stream, and where a second one starts (a template must be one document). */
function composeFirst(
  tokens: readonly CST.Token[],
  text: string,
): { doc: Document.Parsed | undefined; extraDocumentOffset: number | undefined } {
  let doc: Document.Parsed | undefined;
  for (const composed of new Composer(YAML_OPTIONS).compose(tokens, true, text.length)) {
    if (doc !== undefined) return { doc, extraDocumentOffset: composed.range[0] };
    doc = composed;
  }
  return { doc, extraDocumentOffset: undefined };
}

/** Parses text already in memory. `file` is the display path (relative POSIX). Never throws. */
export function loadText(text: string, file: string, format: 'yaml' | 'json'): LoadResult {
  let lines: LineIndex | undefined;
  try {
    lines = new LineIndex(text);
    if (format === 'json') {
      const parsed = parseJson(text, lines);
      if (parsed.ok) {
        const notes = parsed.duplicates.map((duplicate) => duplicateKeyFinding(file, duplicate));
        return { ok: true, loaded: withNotes({ file, text, format, root: parsed.root }, notes) };
      }
      return { ok: false, finding: failureFinding(file, lines, parsed.failure) };
    }
    // parseDocument, unrolled: the syntax tree is checked for depth before the (recursive) composer sees it.
    const tokens = Array.from(new Parser().parse(text));
    const deepOffset = findDeepNesting(tokens, MAX_NESTING_DEPTH);
    if (deepOffset !== undefined) return { ok: false, finding: tooDeepFinding(file, lines, deepOffset) };
    const first = composeFirst(tokens, text);
    if (first.doc === undefined) return { ok: true, loaded: { file, text, format, root: null } };
    let { doc, extraDocumentOffset } = first as {
      doc: Document.Parsed;
      extraDocumentOffset: number | undefined;
    };
    let parsedText = text;
    let shallowFlows: ShallowFlow[] = [];
    if (doc.errors.some((error) => error.code === 'BAD_INDENT')) {
      // Indented the way PyYAML (the SAM CLI) accepts: parsed again with those collections on one line, same offsets.
      const repaired = repairShallowFlows(text);
      if (repaired !== undefined) {
        const repairedTokens = Array.from(new Parser().parse(repaired.text));
        const repairedDeep = findDeepNesting(repairedTokens, MAX_NESTING_DEPTH);
        if (repairedDeep !== undefined)
          return { ok: false, finding: tooDeepFinding(file, lines, repairedDeep) };
        const again = composeFirst(repairedTokens, repaired.text);
        if (again.doc !== undefined && again.doc.errors.length === 0) {
          doc = again.doc;
          extraDocumentOffset = again.extraDocumentOffset;
          parsedText = repaired.text;
          shallowFlows = repaired.flows;
        }
      }
    }
    if (doc.errors.length > 0 || extraDocumentOffset !== undefined)
      return { ok: false, finding: yamlErrorFinding(file, text, lines, doc.errors, extraDocumentOffset) };
    const builder = new YamlTreeBuilder(parsedText, lines);
    const root = builder.build(doc);
    const notes = [
      ...shallowFlows.map((flow) => shallowFlowFinding(file, text, lines!, flow)),
      ...builder.duplicates.map((duplicate) => duplicateKeyFinding(file, duplicate)),
    ];
    return { ok: true, loaded: withNotes({ file, text, format, root }, notes) };
  } catch (error) {
    lines ??= new LineIndex('');
    if (error instanceof LoadFailure) return { ok: false, finding: failureFinding(file, lines, error) };
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      finding: parseErrorFinding(
        file,
        { line: 1, column: 1 },
        `${file} could not be parsed as ${format === 'json' ? 'JSON' : 'YAML'}: ${firstLine(detail)}`,
        'Check that the file is a valid template; please report this input to lambda-lint if it is.',
      ),
    };
  }
}

/**
 * Reads and parses a file from disk, with the size/binary/UTF-8 guards. Never throws.
 * Reads synchronously: a template is small and parsing it is CPU-bound, and `fs.promises` costs
 * about a third of a millisecond of CPU per file in thread-pool hops (a third of a 1,000-file scan's overhead).
 */
export async function loadFile(absolutePath: string, displayPath: string): Promise<LoadResult> {
  return loadFileSync(absolutePath, displayPath);
}

function loadFileSync(absolutePath: string, displayPath: string): LoadResult {
  const at1 = { line: 1, column: 1 };
  try {
    // Checked before reading: a FIFO or device would block or never end, and a huge file is not read at all.
    const stats = statSync(absolutePath);
    if (!stats.isFile()) {
      return {
        ok: false,
        finding: parseErrorFinding(
          displayPath,
          at1,
          `${displayPath} is not a regular file, so it cannot be read as a template.`,
          'Pass a template file (YAML or JSON) or a directory to scan.',
        ),
      };
    }
    if (stats.size > MAX_TEMPLATE_BYTES) return { ok: false, finding: tooLarge(displayPath, stats.size) };
    const bytes = readFileSync(absolutePath);
    if (bytes.length > MAX_TEMPLATE_BYTES) return { ok: false, finding: tooLarge(displayPath, bytes.length) };
    const decoded = checkBytes(bytes);
    if (!decoded.ok)
      return {
        ok: false,
        finding: parseErrorFinding(displayPath, decoded.range, decoded.message, decoded.help),
      };
    return loadText(decoded.text, displayPath, formatOf(displayPath, decoded.text));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not readable (permission denied)'
          : code === 'EISDIR'
            ? 'is a directory'
            : `could not be read (${typeof code === 'string' ? code : firstLine(error instanceof Error ? error.message : String(error))})`;
    return {
      ok: false,
      finding: parseErrorFinding(
        displayPath,
        at1,
        `${displayPath} ${reason}.`,
        'Check the path and the file permissions.',
      ),
    };
  }
}

/** `.json` files, and files whose content starts with `{`, are JSON; everything else is YAML. */
export function formatOf(path: string, text: string): 'yaml' | 'json' {
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  const first = /\S/.exec(text);
  return first !== null && first[0] === '{' ? 'json' : 'yaml';
}

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** SAM (Transform AWS::Serverless-2016-10-31, string or in a list, or AWS::Serverless::* resources), Serverless Framework (service + provider + functions, or serverless.* file name), CDK (file under cdk.out/ named *.template.json, or resources carrying aws:cdk:path metadata), plain CloudFormation (AWSTemplateFormatVersion or Resources map), else unknown. */
export function detectKind(loaded: LoadedFile): TemplateKind {
  const root = loaded.root;
  if (root === null || root.kind !== 'map') return 'unknown';
  const transform = get(root, 'Transform');
  if (transform !== undefined) {
    if (transform.kind === 'scalar' && transform.value === SAM_TRANSFORM) return 'sam';
    if (
      transform.kind === 'seq' &&
      transform.items.some((item) => item.kind === 'scalar' && item.value === SAM_TRANSFORM)
    )
      return 'sam';
  }
  if (/(^|\/)serverless\.(ya?ml|json)$/i.test(loaded.file)) return 'serverless';
  if (
    get(root, 'service') !== undefined &&
    get(root, 'provider') !== undefined &&
    get(root, 'functions') !== undefined
  )
    return 'serverless';
  const resources = get(root, 'Resources');
  if (/(^|\/)cdk\.out\/(.+\/)?[^/]+\.template\.json$/i.test(loaded.file)) return 'cdk';
  if (resources?.kind === 'map') {
    for (const entry of resources.entries) {
      if (get(get(entry.value, 'Metadata'), 'aws:cdk:path') !== undefined) return 'cdk';
    }
  }
  // AWS::Serverless::* resources only deploy through the SAM transform (the translator's own inputs omit the line).
  if (resources?.kind === 'map' && resources.entries.some((e) => isSamResourceType(get(e.value, 'Type'))))
    return 'sam';
  // An empty `Resources:` (null) still marks a template: a model with no resources, never a crash.
  const resourcesLikeTemplate =
    resources?.kind === 'map' || (resources?.kind === 'scalar' && resources.value === null);
  if (get(root, 'AWSTemplateFormatVersion') !== undefined || resourcesLikeTemplate) return 'cloudformation';
  return 'unknown';
}

function isSamResourceType(type: TNode | undefined): boolean {
  return (
    type?.kind === 'scalar' && typeof type.value === 'string' && type.value.startsWith('AWS::Serverless::')
  );
}

function withNotes(loaded: LoadedFile, notes: Finding[]): LoadedFile {
  if (notes.length > 0) loaded.notes = notes;
  return loaded;
}

function tooLarge(file: string, size: number): Finding {
  const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return parseErrorFinding(
    file,
    { line: 1, column: 1 },
    `${file} is ${mib(size)}, over the ${mib(MAX_TEMPLATE_BYTES)} limit for templates, so it was not read.`,
    'CloudFormation accepts at most 1 MB per template: split it into nested stacks, or exclude this file if it is not a template.',
  );
}

function failureFinding(file: string, lines: LineIndex, failure: LoadFailure): Finding {
  const range = lines.range(
    clamp(failure.offset, lines.text.length),
    clamp(Math.max(failure.offset, failure.endOffset), lines.text.length),
  );
  return parseErrorFinding(file, range, failure.message, failure.help);
}

/** One finding for the earliest error the parser reported, worded for a template author. */
function yamlErrorFinding(
  file: string,
  text: string,
  lines: LineIndex,
  errors: readonly YAMLError[],
  extraDocumentOffset: number | undefined,
): Finding {
  type Problem = Pick<YAMLError, 'code' | 'message' | 'pos'>;
  let first: Problem | undefined;
  for (const error of errors) if (first === undefined || error.pos[0] < first.pos[0]) first = error;
  if (extraDocumentOffset !== undefined && (first === undefined || extraDocumentOffset < first.pos[0])) {
    const separatorEnd = text.startsWith('---', extraDocumentOffset)
      ? extraDocumentOffset + 3
      : extraDocumentOffset;
    first = { code: 'MULTIPLE_DOCS', message: '', pos: [extraDocumentOffset, separatorEnd] };
  }
  if (first === undefined)
    return parseErrorFinding(file, { line: 1, column: 1 }, 'Invalid YAML.', 'Fix the syntax.');
  const start = clamp(first.pos[0], text.length);
  const end = clamp(Math.max(first.pos[1], start), text.length);
  const range = lines.range(start, end);
  switch (first.code) {
    case 'TAB_AS_INDENT':
      return parseErrorFinding(
        file,
        range,
        'A tab character is used for indentation; YAML allows only spaces there.',
        'Replace the tab with spaces and set your editor to indent YAML with spaces.',
      );
    case 'MULTIPLE_DOCS':
      return parseErrorFinding(
        file,
        range,
        'The file holds more than one YAML document (separated by "---"); a template must be a single document, and only the first would be deployed.',
        'Move each extra document to its own file, or delete the extra "---" separator.',
      );
    case 'RESOURCE_EXHAUSTION':
      return parseErrorFinding(
        file,
        range,
        `The YAML parser ran out of resources here (${sentence(first.message)})`,
        'Simplify the structure at this position: nesting, aliases or very long lines.',
      );
    default:
      return parseErrorFinding(
        file,
        range,
        `Invalid YAML: ${sentence(first.message)}`,
        'Fix the syntax at this line and column; the problem may start on the line just above.',
      );
  }
}

function tooDeepFinding(file: string, lines: LineIndex, offset: number): Finding {
  return failureFinding(file, lines, tooDeep(offset));
}

function sentence(message: string): string {
  const line = firstLine(message).trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline === -1 ? message : message.slice(0, newline);
}

function clamp(offset: number, max: number): number {
  return offset < 0 ? 0 : offset > max ? max : offset;
}
