import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { derivedFile, type Finding } from '@lambda-lint/core';
import type { LoadedTemplate } from '@lambda-lint/iac';
import type { CodeLanguage, FileAnalyzer } from './code/graph.js';

const FORMAT = 2;
const FILE_NAME = 'cache.json';

type Outcome = ReturnType<FileAnalyzer>;

interface CacheFile {
  format: number;
  salt: string;
  /** Hash of (salt, language, file, display, the join's facts, the text) → the analyzer's outcome. */
  entries: Record<string, Outcome>;
  /** Function key → the absolute files of its code when it was last scanned (for `--changed`). */
  functions: Record<string, string[]>;
  /** Absolute template → what `--changed` needs to know without loading it again. */
  templates: Record<string, TemplateRecord>;
  /** Hash of (salt, file, display, its bytes) → the loaded template and its findings, v8-serialized (base64). */
  loads: Record<string, string>;
}

/** What `loadTemplate` gives for one template file. */
export interface TemplateLoad {
  template?: LoadedTemplate;
  findings: Finding[];
}

/** A template's content hash, and the directories a change in which can touch one of its functions. */
export interface TemplateRecord {
  hash: string;
  dirs: string[];
  functions: number;
}

/** The content hash the cache compares files by. */
export function contentHash(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * lambda-lint's `--cache`: each code file's analysis, keyed by a hash of everything the analyzer is
 * given (its text, what the join knows about it) plus lambda-lint's version and the effective
 * config, so an answer from the cache is the answer the analyzer would give. A template file's
 * model is kept the same way (keyed by its bytes), since parsing YAML is most of what a warm run
 * would still do; packages are measured every run: their measurement is the walk that would
 * fingerprint them.
 */
export class AnalysisCache {
  private readonly used = new Map<string, Outcome>();
  private readonly functions = new Map<string, string[]>();
  private readonly templates = new Map<string, TemplateRecord>();
  private readonly loads = new Map<string, string>();
  private readonly usedLoads = new Set<string>();
  /** Something this run knows that the file does not: without it, saving would rewrite the same file. */
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly salt: string,
    private readonly previous: CacheFile,
  ) {}

  /** Opens the cache in directory `location`; a missing, unreadable or corrupt cache is an empty one. */
  static open(location: string, salt: string): AnalysisCache {
    const file = path.join(location, FILE_NAME);
    // The cache never changes a report, so it is no input of one (nor is the folder it is written in).
    derivedFile(location);
    const empty: CacheFile = { format: FORMAT, salt, entries: {}, functions: {}, templates: {}, loads: {} };
    const stamp = stampOf(file);
    if (
      stamp !== undefined &&
      lastFile?.file === file &&
      lastFile.stamp === stamp &&
      lastFile.data.salt === salt
    )
      return new AnalysisCache(file, salt, lastFile.data);
    let previous = empty;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile> | null;
      if (
        parsed?.format === FORMAT &&
        parsed.salt === salt &&
        typeof parsed.entries === 'object' &&
        parsed.entries !== null &&
        typeof parsed.functions === 'object' &&
        parsed.functions !== null &&
        typeof parsed.templates === 'object' &&
        parsed.templates !== null &&
        typeof parsed.loads === 'object' &&
        parsed.loads !== null
      )
        previous = parsed as CacheFile;
    } catch {
      // Not there yet, or not ours to trust: start empty.
    }
    if (stamp !== undefined && previous !== empty) lastFile = { file, stamp, data: previous };
    return new AnalysisCache(file, salt, previous);
  }

  private keyOf(language: CodeLanguage, input: Parameters<FileAnalyzer>[0]): string {
    return createHash('sha256')
      .update(JSON.stringify([this.salt, language, input.file, input.display, input.project ?? null]))
      .update('\0')
      .update(input.text)
      .digest('base64url');
  }

  private lookup(key: string): Outcome | undefined {
    const known = this.used.get(key) ?? this.previous.entries[key];
    if (!isOutcome(known)) return undefined;
    this.used.set(key, known);
    return frozen(known);
  }

  /** `analyzer`, answered from the cache when it has analyzed the same input before. */
  wrap(language: CodeLanguage, analyzer: FileAnalyzer): FileAnalyzer {
    return (input) => {
      const key = this.keyOf(language, input);
      const known = this.lookup(key);
      if (known) return known;
      const outcome = analyzer(input);
      this.used.set(key, structuredClone(outcome));
      this.changed = true;
      return outcome;
    };
  }

  /**
   * An analyzer that only answers from the cache, so that a run where every file hits never loads
   * the real one; `missed()` says whether some file was not there (its answer is then empty).
   */
  cacheOnly(language: CodeLanguage): { analyzer: FileAnalyzer; missed: () => boolean } {
    let missed = false;
    return {
      analyzer: (input) => {
        const known = this.lookup(this.keyOf(language, input));
        missed ||= !known;
        return known ?? { findings: [] };
      },
      missed: () => missed,
    };
  }

  /** The files of a function's code at its last scan, when the cache knows them. */
  filesOf(functionKey: string): readonly string[] | undefined {
    const files = this.functions.get(functionKey) ?? this.previous.functions[functionKey];
    return Array.isArray(files) ? files : undefined;
  }

  recordFiles(functionKey: string, files: readonly string[]): void {
    this.changed ||= !sameJson(this.previous.functions[functionKey], files);
    this.functions.set(functionKey, [...files]);
  }

  templateRecord(absolute: string): TemplateRecord | undefined {
    const record = this.templates.get(absolute) ?? this.previous.templates[absolute];
    return typeof record?.hash === 'string' && Array.isArray(record.dirs) ? record : undefined;
  }

  recordTemplate(absolute: string, record: TemplateRecord): void {
    this.changed ||= !sameJson(this.previous.templates[absolute], record);
    this.templates.set(absolute, record);
  }

  /** Keeps a load for the next run of this process (`--daemon`), frozen: nothing may change it. */
  private remember(key: string, load: TemplateLoad): TemplateLoad {
    loadMemo.set(key, frozen(load));
    this.usedLoads.add(key);
    return load;
  }

  private loadKey(absolute: string, display: string, bytes: Buffer): string {
    return createHash('sha256')
      .update(JSON.stringify([this.salt, 'template', absolute, display]))
      .update('\0')
      .update(bytes)
      .digest('base64url');
  }

  /**
   * `load` (a template file's loader), answered from the cache when the file's bytes are the same.
   * Only a load that read nothing but that file is kept: a Terraform module or plan reads others.
   */
  async loadTemplate(
    absolute: string,
    display: string,
    load: () => Promise<TemplateLoad>,
  ): Promise<TemplateLoad> {
    let bytes: Buffer;
    try {
      bytes = readFileSync(absolute);
    } catch {
      return load();
    }
    const key = this.loadKey(absolute, display, bytes);
    const remembered = loadMemo.get(key);
    const known = this.loads.get(key) ?? this.previous.loads[key];
    if (remembered && typeof known === 'string') {
      this.loads.set(key, known);
      this.usedLoads.add(key);
      return remembered;
    }
    if (typeof known === 'string') {
      try {
        const value = deserialize(Buffer.from(known, 'base64')) as TemplateLoad;
        if (Array.isArray(value?.findings)) {
          this.loads.set(key, known);
          return this.remember(key, value);
        }
      } catch {
        // Corrupt: load it again.
      }
    }
    const result = await load();
    const { template } = result;
    if (!template || (template.model.kind !== 'terraform' && template.files.length === 1)) {
      try {
        this.loads.set(key, serialize(result).toString('base64'));
        this.changed = true;
        return this.remember(key, result);
      } catch {
        // Not serializable (never expected): this template is loaded again next run.
      }
    }
    return result;
  }

  /**
   * Writes what this run used; a partial run (`--changed`) keeps the rest too. A cache that cannot
   * be written costs the next run its speed, never this run's results, so errors are swallowed.
   */
  save(partial: boolean): void {
    if (!partial) for (const key of loadMemo.keys()) if (!this.usedLoads.has(key)) loadMemo.delete(key);
    // A full run drops what it did not use; a partial one keeps everything.
    const pruned =
      !partial &&
      (this.used.size < Object.keys(this.previous.entries).length ||
        this.functions.size < Object.keys(this.previous.functions).length ||
        this.templates.size < Object.keys(this.previous.templates).length ||
        this.loads.size < Object.keys(this.previous.loads).length);
    if (!this.changed && !pruned) return;
    const data: CacheFile = {
      format: FORMAT,
      salt: this.salt,
      entries: { ...(partial ? this.previous.entries : {}), ...Object.fromEntries(this.used) },
      functions: { ...(partial ? this.previous.functions : {}), ...Object.fromEntries(this.functions) },
      templates: { ...(partial ? this.previous.templates : {}), ...Object.fromEntries(this.templates) },
      loads: { ...(partial ? this.previous.loads : {}), ...Object.fromEntries(this.loads) },
    };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(temporary, JSON.stringify(data));
      renameSync(temporary, this.file);
      const stamp = stampOf(this.file);
      if (stamp !== undefined) lastFile = { file: this.file, stamp, data };
    } catch {
      // Read-only checkout, full disk: the next run is a cold one.
    }
  }
}

/**
 * The cache file this process read or wrote last, with its stat: a long-lived process (`--daemon`)
 * opens an unchanged file again without parsing it. Its data is never modified, only read.
 */
let lastFile: { file: string; stamp: string; data: CacheFile } | undefined;

/** Loaded templates of this process's runs by load key: a `--daemon` run reuses them as they are. */
const loadMemo = new Map<string, TemplateLoad>();

/**
 * `value`, deeply frozen: cached answers are shared between runs and with the cache file's data,
 * so they are handed out as they are, and a consumer that tried to change one would fail loudly.
 */
function frozen<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (value instanceof Map) {
    for (const [key, item] of value) {
      frozen(key);
      frozen(item);
    }
  }
  for (const item of Object.values(value)) frozen(item);
  return value;
}

/** Inode, size and modification time: a rewrite (always a rename onto the file) changes the inode. */
function stampOf(file: string): string | undefined {
  try {
    const stats = statSync(file, { bigint: true });
    return `${stats.ino}:${stats.size}:${stats.mtimeNs}`;
  } catch {
    return undefined;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'object' && value !== null && Array.isArray((value as Outcome).findings);
}
