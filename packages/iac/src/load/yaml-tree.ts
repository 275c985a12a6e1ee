import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import type { Range } from '@lambda-lint/core';
import type { IntrinsicName, MapEntry, ScalarNode, TNode } from '../node.js';
import { MapEntryList, type DuplicateKey } from './duplicate-keys.js';
import { LONG_INTRINSIC_NAMES, SHORT_TAG_TO_INTRINSIC } from './intrinsics.js';
import { LoadFailure, tooDeep } from './failure.js';
import { MAX_ALIASES, MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH } from './limits.js';
import type { LineIndex } from './positions.js';

/** Marks an anchor whose node is still being converted: an alias to it is a cycle. */
const IN_PROGRESS = Symbol('anchor in progress');

interface AnchorEntry {
  node: TNode;
  /** Nodes in the anchored subtree (expanded), charged again for every alias to it. */
  size: number;
}

/** `yaml`'s node shape, kept loose on purpose: the walk checks kinds with the library's type guards. */
type YamlNode = unknown;

/**
 * Converts a parsed `yaml` Document into a TNode tree in one walk: positions from a
 * precomputed line table, anchors resolved through a map filled in document order
 * (never `Alias.resolve`, which rescans the document), merge keys applied, intrinsics
 * recognised. Throws LoadFailure for problems the parser does not report itself.
 */
export class YamlTreeBuilder {
  private readonly anchors = new Map<string, AnchorEntry | typeof IN_PROGRESS>();
  private aliasCount = 0;
  private expandedNodes = 0;
  /** Nodes created so far (literal and expanded); differences give subtree sizes. */
  private nodeCount = 0;
  /** Keys written twice in one map, in document order; the tree holds the later value of each. */
  readonly duplicates: DuplicateKey[] = [];

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  build(doc: Document.Parsed): TNode | null {
    const contents = doc.contents;
    if (contents === null || contents === undefined) return null;
    return this.convert(contents, 1);
  }

  private convert(node: YamlNode, depth: number): TNode {
    if (isAlias(node)) return this.resolveAlias(node.source, node.range?.[0] ?? 0, node.range?.[1] ?? 0);
    const yamlNode = node as { anchor?: string; tag?: string; range?: [number, number, number] | null };
    const anchor = yamlNode.anchor;
    const sizeBefore = this.nodeCount;
    if (anchor !== undefined) this.anchors.set(anchor, IN_PROGRESS);

    let converted: TNode;
    if (isScalar(node)) converted = this.scalar(node);
    else if (isMap(node)) converted = this.map(node.items, yamlNode.range, depth);
    else if (isSeq(node)) converted = this.seq(node.items, yamlNode.range, depth);
    else if (isPair(node)) converted = this.map([node], yamlNode.range ?? rangeOfPair(node), depth);
    else
      throw new LoadFailure(
        yamlNode.range?.[0] ?? 0,
        'Unsupported YAML node.',
        'Rewrite this value as a plain scalar, list or map.',
      );

    const tag = yamlNode.tag;
    if (tag !== undefined && tag.charCodeAt(0) === 33 /* ! */) {
      const name = SHORT_TAG_TO_INTRINSIC.get(tag);
      if (name !== undefined) converted = this.shortIntrinsic(name, tag, converted, node);
    }
    if (anchor !== undefined)
      this.anchors.set(anchor, { node: converted, size: this.nodeCount - sizeBefore });
    return converted;
  }

  private scalar(node: Scalar): ScalarNode {
    this.nodeCount++;
    const range = node.range;
    const start = range ? range[0] : 0;
    const end = range ? range[1] : start;
    const scalar: ScalarNode = {
      kind: 'scalar',
      value: scalarValue(node),
      range: this.lines.range(start, end),
    };
    if (node.type === 'BLOCK_LITERAL') {
      const contentStart = this.blockContentStart(start, end);
      if (contentStart) scalar.contentStart = contentStart;
    }
    return scalar;
  }

  /** First content character of a literal block scalar: the line after its `|` header, past the indentation. */
  private blockContentStart(start: number, end: number): { line: number; column: number } | undefined {
    const text = this.text;
    let offset = text.indexOf('\n', start);
    // Leading blank lines are part of the value, so the first line after the header is value line 1.
    if (offset === -1 || offset >= end) return undefined;
    offset += 1;
    let line = offset;
    // The block's indentation is the first non-blank line's; blank lines before it may be shorter.
    while (line < end) {
      let indent = line;
      while (text.charCodeAt(indent) === 32) indent++;
      const c = text.charCodeAt(indent);
      if (c !== 10 && c !== 13) {
        const first = this.lines.range(offset, offset);
        return { line: first.line, column: indent - line + 1 };
      }
      line = text.indexOf('\n', line) + 1;
      if (line === 0) break;
    }
    return undefined;
  }

  private map(
    items: readonly unknown[],
    yamlRange: [number, number, number] | null | undefined,
    depth: number,
  ): TNode {
    const start = yamlRange ? yamlRange[0] : 0;
    if (depth > MAX_NESTING_DEPTH) throw tooDeep(start);
    this.nodeCount++;
    const list = new MapEntryList(this.duplicates);
    let merges: { value: YamlNode; offset: number }[] | undefined;
    for (const item of items) {
      if (!isPair(item)) continue;
      const keyNode = item.key;
      if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
        (merges ??= []).push({ value: item.value, offset: keyNode.range?.[0] ?? start });
        continue;
      }
      // Keys compare as written: `1:` and `"1":` are the same key in the template CloudFormation receives.
      const { key, keyStart, keyEnd } = this.keyOf(keyNode, start);
      const keyRange = this.lines.range(keyStart, keyEnd);
      const value =
        item.value === null || item.value === undefined
          ? this.emptyValue(keyEnd)
          : this.convert(item.value, depth + 1);
      list.add({ key, keyRange, value });
    }
    const entries = list.entries;
    const range = this.lines.range(start, this.trimEnd(start, yamlRange ? yamlRange[1] : start));
    if (merges !== undefined) this.applyMerges(entries, merges, depth);
    else if (entries.length === 1 && LONG_INTRINSIC_NAMES.has(entries[0].key)) {
      const longForm = this.longIntrinsic(entries[0], range, items[0]);
      if (longForm !== undefined) return longForm;
    }
    return { kind: 'map', entries, range };
  }

  private seq(
    items: readonly unknown[],
    yamlRange: [number, number, number] | null | undefined,
    depth: number,
  ): TNode {
    const start = yamlRange ? yamlRange[0] : 0;
    if (depth > MAX_NESTING_DEPTH) throw tooDeep(start);
    this.nodeCount++;
    const converted: TNode[] = new Array<TNode>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      converted[i] =
        item === null || item === undefined ? this.emptyValue(start) : this.convert(item, depth + 1);
    }
    return {
      kind: 'seq',
      items: converted,
      range: this.lines.range(start, this.trimEnd(start, yamlRange ? yamlRange[1] : start)),
    };
  }

  private keyOf(keyNode: unknown, mapStart: number): { key: string; keyStart: number; keyEnd: number } {
    if (isScalar(keyNode)) {
      const range = keyNode.range;
      const keyStart = range ? range[0] : mapStart;
      const keyEnd = range ? range[1] : keyStart;
      const value = keyNode.value;
      if (typeof value === 'string') return { key: value, keyStart, keyEnd };
      // Numbers, booleans and nulls as keys keep their spelling: `200:` is the key "200", `1.0:` stays "1.0".
      const source = keyNode.source;
      if (typeof source === 'string' && source !== '') return { key: source, keyStart, keyEnd };
      if (value === null) {
        throw new LoadFailure(
          keyStart,
          'A mapping key is empty.',
          'Write a key before the colon, or remove the stray ":".',
        );
      }
      return { key: String(value), keyStart, keyEnd };
    }
    if (isAlias(keyNode)) {
      const keyStart = keyNode.range?.[0] ?? mapStart;
      const keyEnd = keyNode.range?.[1] ?? keyStart;
      const target = this.resolveAlias(keyNode.source, keyStart, keyEnd);
      if (target.kind === 'scalar') return { key: String(target.value), keyStart, keyEnd };
      throw complexKey(keyStart);
    }
    if (keyNode === null || keyNode === undefined) {
      throw new LoadFailure(
        mapStart,
        'A mapping key is empty.',
        'Write a key before the colon, or remove the stray ":".',
      );
    }
    const range = (keyNode as { range?: [number, number, number] | null }).range;
    throw complexKey(range ? range[0] : mapStart);
  }

  private resolveAlias(name: string, start: number, end: number): TNode {
    const entry = this.anchors.get(name);
    if (entry === undefined) {
      throw new LoadFailure(
        start,
        `The alias *${name} refers to an anchor &${name} that is not defined before it.`,
        `Define "&${name}" on a value earlier in the file, or fix the alias name.`,
        end,
      );
    }
    if (entry === IN_PROGRESS) {
      throw new LoadFailure(
        start,
        `The alias *${name} is inside the value anchored as &${name}, which would make the value contain itself.`,
        'Remove the alias or point it at a different anchor.',
        end,
      );
    }
    if (++this.aliasCount > MAX_ALIASES) {
      throw new LoadFailure(
        start,
        `The template uses more than ${MAX_ALIASES} YAML aliases (*name).`,
        `Write the values out, or split the template; lambda-lint caps aliases at ${MAX_ALIASES} to stop alias bombs.`,
        end,
      );
    }
    this.expandedNodes += entry.size;
    this.nodeCount += entry.size;
    if (this.expandedNodes > MAX_ALIAS_EXPANSION) {
      throw new LoadFailure(
        start,
        `YAML aliases expand this template to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values (an "alias bomb").`,
        'Replace nested aliases with the values they stand for; real templates never need this much repetition.',
        end,
      );
    }
    return entry.node;
  }

  /** `<<: *base` and `<<: [*a, *b]`: keys written in the map win, then earlier sources over later ones. */
  private applyMerges(
    entries: MapEntry[],
    merges: { value: YamlNode; offset: number }[],
    depth: number,
  ): void {
    const seen = new Set<string>();
    for (const entry of entries) seen.add(entry.key);
    for (const merge of merges) {
      const source =
        merge.value === null || merge.value === undefined ? undefined : this.convert(merge.value, depth + 1);
      const sources = source?.kind === 'seq' ? source.items : source ? [source] : [];
      if (sources.length === 0) throw badMerge(merge.offset);
      for (const map of sources) {
        if (map.kind !== 'map') throw badMerge(merge.offset);
        for (const entry of map.entries) {
          if (seen.has(entry.key)) continue;
          seen.add(entry.key);
          entries.push(entry);
          if (++this.expandedNodes > MAX_ALIAS_EXPANSION) {
            throw new LoadFailure(
              merge.offset,
              `YAML merge keys expand this template to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values.`,
              'Write the merged values out instead of merging repeatedly.',
            );
          }
        }
      }
    }
  }

  private shortIntrinsic(name: IntrinsicName, tag: string, arg: TNode, yamlNode: YamlNode): TNode {
    const valueStart = (yamlNode as { range?: [number, number, number] | null }).range?.[0] ?? 0;
    const tagStart = this.tagStart(tag, valueStart);
    let normalisedArg = arg;
    if (name === 'Fn::GetAtt' && isScalar(yamlNode)) normalisedArg = this.splitGetAtt(yamlNode, arg);
    this.nodeCount++;
    const end = arg.range;
    const startPos = tagStart === valueStart ? arg.range : this.lines.point(tagStart);
    const range: Range = {
      line: startPos.line,
      column: startPos.column,
      endLine: end.endLine,
      endColumn: end.endColumn,
    };
    return { kind: 'intrinsic', name, arg: normalisedArg, range };
  }

  /** `{ "Fn::GetAtt": … }`, `{ "Ref": "X" }`: a single-key map whose key names an intrinsic. */
  private longIntrinsic(entry: MapEntry, range: Range, pair: unknown): TNode | undefined {
    const name = entry.key as IntrinsicName;
    let arg = entry.value;
    // `Ref`/`Condition` take a name; with anything else this is an ordinary property called "Ref"/"Condition".
    if ((name === 'Ref' || name === 'Condition') && !(arg.kind === 'scalar' && typeof arg.value === 'string'))
      return undefined;
    if (name === 'Fn::GetAtt' && isPair(pair) && isScalar(pair.value))
      arg = this.splitGetAtt(pair.value, arg);
    this.nodeCount++;
    return { kind: 'intrinsic', name, arg, range };
  }

  /** `A.B.C` → [`A`, `B.C`], each with the columns it occupies in the source when the text is written verbatim. */
  private splitGetAtt(node: Scalar, whole: TNode): TNode {
    if (whole.kind !== 'scalar' || typeof whole.value !== 'string') return whole;
    const value = whole.value;
    const dot = value.indexOf('.');
    if (dot === -1) return { kind: 'seq', items: [whole], range: whole.range };
    let start = node.range ? node.range[0] : 0;
    const quote = this.text.charCodeAt(start);
    if (quote === 34 /* " */ || quote === 39 /* ' */) start++;
    const verbatim = this.text.startsWith(value, start);
    const left: ScalarNode = {
      kind: 'scalar',
      value: value.slice(0, dot),
      range: verbatim ? this.lines.range(start, start + dot) : whole.range,
    };
    const right: ScalarNode = {
      kind: 'scalar',
      value: value.slice(dot + 1),
      range: verbatim ? this.lines.range(start + dot + 1, start + value.length) : whole.range,
    };
    this.nodeCount += 2;
    return { kind: 'seq', items: [left, right], range: whole.range };
  }

  /** Where the `!Tag` written before a value starts, when it sits right before it (else the value start). */
  private tagStart(tag: string, valueStart: number): number {
    let i = valueStart - 1;
    while (i >= 0) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i--;
    }
    const tagStart = i + 1 - tag.length;
    return tagStart >= 0 && this.text.startsWith(tag, tagStart) ? tagStart : valueStart;
  }

  /** A key written without a value (`Key:` or `{ Key }`) is null, positioned right after the key. */
  private emptyValue(offset: number): ScalarNode {
    this.nodeCount++;
    return { kind: 'scalar', value: null, range: this.lines.range(offset, offset) };
  }

  /** Collections' ranges from `yaml` run through trailing line breaks; stop at the last character of content. */
  private trimEnd(start: number, end: number): number {
    const text = this.text;
    while (end > start) {
      const c = text.charCodeAt(end - 1);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      end--;
    }
    return end;
  }
}

function scalarValue(node: Scalar): string | number | boolean | null {
  const value: unknown = node.value;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return Number(value);
    default:
      return value === null || value === undefined ? null : String(value);
  }
}

function rangeOfPair(pair: { key: unknown; value: unknown }): [number, number, number] | null {
  const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
  const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
  if (!keyRange) return valueRange ?? null;
  return [keyRange[0], valueRange ? valueRange[1] : keyRange[1], valueRange ? valueRange[2] : keyRange[2]];
}

function complexKey(offset: number): LoadFailure {
  return new LoadFailure(
    offset,
    'A mapping key is a list or a map; template keys must be plain strings.',
    'Replace the complex key (written with "?" or as a flow collection) with a plain string key.',
  );
}

function badMerge(offset: number): LoadFailure {
  return new LoadFailure(
    offset,
    'The merge key "<<" must refer to a map or a list of maps.',
    'Point "<<" at an anchored map (<<: *base) or a list of them (<<: [*a, *b]).',
  );
}
