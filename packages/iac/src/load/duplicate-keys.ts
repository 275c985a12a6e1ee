import { ruleDocsUrl, type Finding, type Range } from '@lambda-lint/core';
import type { MapEntry } from '../node.js';

export const DUPLICATE_KEY_RULE_ID = 'duplicate-key';

/** A key written twice in one map: where each occurrence is. */
export interface DuplicateKey {
  key: string;
  first: Range;
  second: Range;
}

/** Maps this small are searched linearly: cheaper than building an index for the few keys most maps hold. */
const LINEAR_SEARCH_LIMIT = 16;

/**
 * The entries of one map as CloudFormation reads them: a repeated key keeps its place and takes the
 * later value (the one that is deployed), and the repetition is recorded for a finding.
 */
export class MapEntryList {
  readonly entries: MapEntry[] = [];
  private index: Map<string, number> | undefined;

  constructor(private readonly duplicates: DuplicateKey[]) {}

  add(entry: MapEntry): void {
    const entries = this.entries;
    let earlier: number | undefined;
    if (this.index !== undefined) earlier = this.index.get(entry.key);
    else
      for (let i = 0; i < entries.length; i++)
        if (entries[i].key === entry.key) {
          earlier = i;
          break;
        }
    if (earlier !== undefined) {
      this.duplicates.push({ key: entry.key, first: entries[earlier].keyRange, second: entry.keyRange });
      entries[earlier] = entry;
      return;
    }
    entries.push(entry);
    if (this.index !== undefined) this.index.set(entry.key, entries.length - 1);
    else if (entries.length > LINEAR_SEARCH_LIMIT)
      this.index = new Map(entries.map((existing, i) => [existing.key, i]));
  }
}

/** An error at the later occurrence (the value that is deployed), naming the line of the earlier one it overrides. */
export function duplicateKeyFinding(file: string, duplicate: DuplicateKey): Finding {
  const { key, first, second } = duplicate;
  return {
    ruleId: DUPLICATE_KEY_RULE_ID,
    severity: 'error',
    message: `Duplicate key ${JSON.stringify(key)} on line ${second.line} repeats the one on line ${first.line}: CloudFormation keeps only the later value (line ${second.line}) and silently drops line ${first.line}, which is usually a copy-paste mistake.`,
    help: `Delete the entry you do not want (line ${first.line} if line ${second.line} holds the value to deploy), or merge the two into one "${key}".`,
    file,
    range: second,
    docsUrl: ruleDocsUrl(DUPLICATE_KEY_RULE_ID),
    tool: 'iac',
  };
}
