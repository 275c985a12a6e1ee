import type { SizeTree } from './size-tree.js';

/** Kinds of files a Lambda never runs; `junk-files` reports them. */
export type JunkCategory =
  | 'documentation'
  | 'tests'
  | 'examples'
  | 'coverage'
  | 'type declarations'
  | 'TypeScript sources'
  | 'lockfiles'
  | 'tooling config'
  | 'Python bytecode caches'
  | 'Python package metadata';

/** What one file is, as a small number so a tree's classification fits in one byte per file. */
export const FileKind = {
  Code: 0,
  License: 1,
  SourceMap: 2,
  Documentation: 3,
  Tests: 4,
  Examples: 5,
  Coverage: 6,
  TypeDeclarations: 7,
  TypeScriptSources: 8,
  Lockfiles: 9,
  ToolingConfig: 10,
  BytecodeCache: 11,
  PackageMetadata: 12,
} as const;
/** The last junk kind, for tables indexed by kind. */
export const LAST_FILE_KIND = FileKind.PackageMetadata;
export type FileKind = (typeof FileKind)[keyof typeof FileKind];

const JUNK_NAMES: readonly (JunkCategory | undefined)[] = [
  undefined,
  undefined,
  undefined,
  'documentation',
  'tests',
  'examples',
  'coverage',
  'type declarations',
  'TypeScript sources',
  'lockfiles',
  'tooling config',
  'Python bytecode caches',
  'Python package metadata',
];

/** The junk category of a kind, undefined for code, licenses and source maps. */
export function junkCategory(kind: FileKind): JunkCategory | undefined {
  return JUNK_NAMES[kind];
}

/** What the basename alone says; the alternatives are in precedence order, the first that matches wins. */
const enum NameKind {
  None,
  SourceMap,
  OtherMap,
  License,
  Test,
  Documentation,
  Declaration,
  TypeScript,
  Lockfile,
  ToolConfig,
  Bytecode,
  PackageMetadata,
}

/**
 * The basenames recognised by name (not by extension), in one sticky regex run from the basename's
 * start, so no substring is built per file. Group n ↔ License, Documentation, Lockfile, ToolConfig.
 * Lockfile and tool-config names are then confirmed case-sensitively (rare: only when they matched).
 */
const NAMED =
  /(?:((?:licen[cs]e|notice|copying)(?:[._-].*)?)|((?:readme|changelog|changes|history|contributing|code_of_conduct|upgrading|migrating)(?:\.(?:md|markdown|txt|rst|adoc|html?))?)|(package-lock\.json|\.package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|lock\.yaml|bun\.lockb?)|((?:\.(?:eslintrc|prettierrc|babelrc|mocharc|nycrc|editorconfig|travis\.yml|npmignore|gitattributes|gitignore|eslintignore|prettierignore)|(?:jest|vitest|karma|rollup|webpack|babel)\.config\.[cm]?[jt]s|tsconfig(?:\.[\w-]+)?\.json|\.?gruntfile\.js|gulpfile\.js|makefile)(?:\..*)?))$/iy;
const NAMED_KINDS = [
  NameKind.None,
  NameKind.License,
  NameKind.Documentation,
  NameKind.Lockfile,
  NameKind.ToolConfig,
] as const;
const LOCKFILES = new Set([
  'package-lock.json',
  '.package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'lock.yaml',
  'bun.lockb',
  'bun.lock',
]);
const TOOL_CONFIG =
  /(?:\.(?:eslintrc|prettierrc|babelrc|mocharc|nycrc|editorconfig|travis\.yml|npmignore|gitattributes|gitignore|eslintignore|prettierignore)|(?:jest|vitest|karma|rollup|webpack|babel)\.config\.[cm]?[jt]s|tsconfig(?:\.[\w-]+)?\.json|\.?[Gg]runtfile\.js|[Gg]ulpfile\.js|Makefile)(?:\..*)?$/y;

/** Lowercased first letters of the NAMED patterns: most basenames skip the regex. */
const NAMED_FIRST = new Set([...'lncrhumpyb.jvkwtg'].map((letter) => letter.charCodeAt(0)));

/** Whether `path[from, to)` equals the lowercase ASCII `word`, ignoring case. */
function sliceIs(path: string, from: number, to: number, word: string): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++)
    if ((path.charCodeAt(from + i) | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}

const EXT_OTHER = 0;
const EXT_JS = 1;
const EXT_TS = 2;
const EXT_TSX = 3;
const EXT_MD = 4;
const EXT_MAP = 5;
const EXT_CSS = 6;
const EXT_PYC = 7;

/** The extension `path[dot + 1, end)` as one of the EXT_* codes, by character codes (no substring, no regex). */
function extensionCode(path: string, dot: number, end: number): number {
  const length = end - dot - 1;
  if (length < 2 || length > 8) return EXT_OTHER;
  const a = path.charCodeAt(dot + 1) | 0x20;
  const b = path.charCodeAt(dot + 2) | 0x20;
  if (length === 2) {
    if (b !== 0x73 /* s */) return a === 0x6d && b === 0x64 ? EXT_MD : EXT_OTHER;
    return a === 0x6a ? EXT_JS : a === 0x74 ? EXT_TS : EXT_OTHER;
  }
  if (length === 3) {
    const c = path.charCodeAt(dot + 3) | 0x20;
    if (b === 0x6a && c === 0x73) return a === 0x63 || a === 0x6d ? EXT_JS : EXT_OTHER; // cjs mjs
    if (b === 0x74 && c === 0x73) return a === 0x63 || a === 0x6d ? EXT_TS : EXT_OTHER; // cts mts
    if (b === 0x73 && c === 0x78) return a === 0x6a ? EXT_JS : a === 0x74 ? EXT_TSX : EXT_OTHER; // jsx tsx
    if (a === 0x6d && b === 0x61 && c === 0x70) return EXT_MAP;
    if (a === 0x6d && b === 0x64 && c === 0x78) return EXT_MD;
    if (a === 0x63 && b === 0x73 && c === 0x73) return EXT_CSS;
    if (a === 0x70 && b === 0x79 && (c === 0x63 || c === 0x6f)) return EXT_PYC; // pyc pyo
    return EXT_OTHER;
  }
  return length === 8 && sliceIs(path, dot + 1, end, 'markdown') ? EXT_MD : EXT_OTHER;
}

/** Files pip writes into `*.dist-info` that nothing reads at run time (METADATA and entry_points.txt are read by importlib.metadata). */
const DIST_INFO_EXTRAS = new Set([
  'RECORD',
  'INSTALLER',
  'REQUESTED',
  'WHEEL',
  'direct_url.json',
  'top_level.txt',
]);

/** `dot` is the last `.` of the path (any index below `baseStart` means the basename has none). */
function nameKind(path: string, baseStart: number, dot: number): NameKind {
  const end = path.length;
  const extension = dot >= baseStart ? extensionCode(path, dot, end) : EXT_OTHER;
  if (extension === EXT_PYC) return NameKind.Bytecode;
  if (
    baseStart >= 11 &&
    path.startsWith('.dist-info/', baseStart - 11) &&
    DIST_INFO_EXTRAS.has(path.slice(baseStart))
  )
    return NameKind.PackageMetadata;
  // `x.js.map` is a source map; any other `.map` is data, neither junk nor a map.
  if (extension === EXT_MAP) {
    const inner = path.lastIndexOf('.', dot - 1);
    const mapped = inner >= baseStart ? extensionCode(path, inner, dot) : EXT_OTHER;
    return mapped === EXT_JS || mapped === EXT_TS || mapped === EXT_TSX || mapped === EXT_CSS
      ? NameKind.SourceMap
      : NameKind.OtherMap;
  }
  let named: NameKind = NameKind.None;
  if (NAMED_FIRST.has(path.charCodeAt(baseStart) | 0x20)) {
    NAMED.lastIndex = baseStart;
    const match = NAMED.exec(path);
    if (match)
      for (let group = 1; group < NAMED_KINDS.length; group++)
        if (match[group] !== undefined) named = NAMED_KINDS[group]!;
    if (named === NameKind.Lockfile && !LOCKFILES.has(path.slice(baseStart))) named = NameKind.None;
    if (named === NameKind.ToolConfig) {
      TOOL_CONFIG.lastIndex = baseStart;
      if (!TOOL_CONFIG.test(path)) named = NameKind.None;
    }
  }
  if (named === NameKind.License) return named;
  if (extension === EXT_JS || extension === EXT_TS || extension === EXT_TSX) {
    // `.test.js` / `.spec.js` / `.d.ts`: looked up at fixed offsets before the extension, no backward scan.
    if (
      dot - 5 >= baseStart &&
      path.charCodeAt(dot - 5) === 0x2e &&
      (sliceIs(path, dot - 4, dot, 'test') || sliceIs(path, dot - 4, dot, 'spec'))
    )
      return NameKind.Test;
    if (named === NameKind.Documentation) return named;
    if (extension === EXT_TSX) return NameKind.TypeScript;
    if (extension === EXT_TS)
      return dot - 2 >= baseStart &&
        path.charCodeAt(dot - 2) === 0x2e &&
        (path.charCodeAt(dot - 1) | 0x20) === 0x64
        ? NameKind.Declaration
        : NameKind.TypeScript;
  } else if (extension === EXT_MD) {
    return NameKind.Documentation;
  }
  return named;
}

/** Directory segments that make everything below them junk; global so one scan finds them all from an offset. */
const SPECIAL_DIR =
  /(?:^|\/)(tests?|__tests__|__mocks__|__pycache__|examples?|docs?|coverage|\.nyc_output|\.github|\.vscode|\.idea|\.circleci)(?=\/)/gi;
/** Kind and precedence of each special directory: the most specific one on the path wins. */
const DIR_RANK: Record<string, [FileKind, number]> = {
  __pycache__: [FileKind.BytecodeCache, 6],
  coverage: [FileKind.Coverage, 5],
  '.nyc_output': [FileKind.Coverage, 5],
  test: [FileKind.Tests, 4],
  tests: [FileKind.Tests, 4],
  __tests__: [FileKind.Tests, 4],
  __mocks__: [FileKind.Tests, 4],
  example: [FileKind.Examples, 3],
  examples: [FileKind.Examples, 3],
  doc: [FileKind.Documentation, 2],
  docs: [FileKind.Documentation, 2],
  '.github': [FileKind.ToolingConfig, 1],
  '.vscode': [FileKind.ToolingConfig, 1],
  '.idea': [FileKind.ToolingConfig, 1],
  '.circleci': [FileKind.ToolingConfig, 1],
};

/** Kind × 8 + rank of the most specific special directory in `path[from - 1, slash)`, 0 when there is none. */
export function directoryKind(path: string, from: number, slash: number): number {
  if (slash <= from) return 0;
  let best = 0;
  SPECIAL_DIR.lastIndex = from > 0 ? from - 1 : 0;
  for (let match = SPECIAL_DIR.exec(path); match && match.index < slash; match = SPECIAL_DIR.exec(path)) {
    const [kind, rank] = DIR_RANK[match[1]!.toLowerCase()]!;
    if (rank > (best & 7)) best = kind * 8 + rank;
  }
  return best;
}

function combine(name: NameKind, directory: number, insideNodeModules: boolean): FileKind {
  if (name === NameKind.SourceMap) return FileKind.SourceMap;
  if (name === NameKind.OtherMap) return FileKind.Code; // other .map data is not junk
  if (name === NameKind.License) return FileKind.License;
  const rank = directory & 7;
  if (rank >= 2) return (directory >> 3) as FileKind;
  switch (name) {
    case NameKind.Bytecode:
      return FileKind.BytecodeCache;
    case NameKind.PackageMetadata:
      return FileKind.PackageMetadata;
    case NameKind.Test:
      return FileKind.Tests;
    case NameKind.Documentation:
      return FileKind.Documentation;
    case NameKind.Declaration:
      return FileKind.TypeDeclarations;
    case NameKind.TypeScript:
      return FileKind.TypeScriptSources;
    case NameKind.Lockfile:
      if (insideNodeModules) return FileKind.Lockfiles;
      break;
  }
  if (rank > 0) return (directory >> 3) as FileKind;
  if (insideNodeModules && name === NameKind.ToolConfig) return FileKind.ToolingConfig;
  return FileKind.Code;
}

/**
 * What the file `path` is, given the start of its basename, the last `.` of the path (an index below
 * `baseStart` when the basename has none) and the `directoryKind` of its directory.
 */
export function fileKind(
  path: string,
  baseStart: number,
  dot: number,
  directory: number,
  insideNodeModules: boolean,
): FileKind {
  return combine(nameKind(path, baseStart, dot), directory, insideNodeModules);
}

/**
 * What one file is. `insideNodeModules`: lockfiles and tool configs only count inside
 * dependencies. `from` is where the path inside its package starts (after `node_modules/<name>/`),
 * so a package named `docs` or `test` is not junk itself.
 */
export function classifyPath(path: string, insideNodeModules: boolean, from = 0): FileKind {
  const slash = path.lastIndexOf('/');
  return combine(
    nameKind(path, slash + 1, path.lastIndexOf('.')),
    directoryKind(path, from, slash),
    insideNodeModules,
  );
}

/** Every file of a tree classified once, shared by the rules that need it. */
export interface FileIndex {
  /** `kinds[g][f]` is the FileKind of `tree.groups[g].files[f]`. */
  kinds: Uint8Array[];
  /** `notCode[g]`: how many files of `tree.groups[g]` are not plain code, so rules can skip the others. */
  notCode: Uint32Array;
  /** Bytes of source-map files anywhere in the tree. */
  sourceMapBytes: number;
  /** How many source-map files there are (some may be empty). */
  sourceMapFiles: number;
}

const indexes = new WeakMap<SizeTree, FileIndex>();

/** A cached index is reused only while the tree still has the same groups and file counts (a cheap staleness guard). */
function matchesShape(index: FileIndex, tree: SizeTree): boolean {
  if (index.kinds.length !== tree.groups.length) return false;
  for (let g = 0; g < tree.groups.length; g++)
    if (index.kinds[g]!.length !== tree.groups[g]!.files.length) return false;
  return true;
}

/** Records the index a TreeBuilder worked out while building `tree`, so no rule classifies the files again. */
export function rememberFileIndex(tree: SizeTree, index: FileIndex): void {
  indexes.set(tree, index);
}

/**
 * The classification of every file of `tree`: the one recorded when the tree was built, else
 * computed on first use and cached with the tree (trees are not changed once measured).
 * The directory part is classified once per directory, the basename once per file.
 */
export function fileIndex(tree: SizeTree): FileIndex {
  const cached = indexes.get(tree);
  if (cached && matchesShape(cached, tree)) return cached;
  const kinds: Uint8Array[] = [];
  const notCode = new Uint32Array(tree.groups.length);
  let sourceMapBytes = 0;
  let sourceMapFiles = 0;
  // A directory's text determines its group, so one map serves every group.
  const directories = new Map<string, number>();
  for (const group of tree.groups) {
    const insideNodeModules = group.kind === 'package';
    const from = insideNodeModules && group.path ? group.path.length + 1 : 0;
    const files = group.files;
    const groupKinds = new Uint8Array(files.length);
    for (let i = 0; i < files.length; i++) {
      const path = files[i]!.path;
      // One backward scan finds the basename's start and its last dot (String#lastIndexOf twice costs more).
      let slash = path.length - 1;
      let dot = -1;
      for (; slash >= 0; slash--) {
        const code = path.charCodeAt(slash);
        if (code === 0x2f) break;
        if (code === 0x2e && dot < 0) dot = slash;
      }
      const key = path.slice(0, slash + 1);
      let directory = directories.get(key);
      if (directory === undefined) {
        directory = directoryKind(path, from, slash);
        directories.set(key, directory);
      }
      const kind = fileKind(path, slash + 1, dot, directory, insideNodeModules);
      groupKinds[i] = kind;
      if (kind !== FileKind.Code) notCode[kinds.length] += 1;
      if (kind === FileKind.SourceMap) {
        sourceMapBytes += files[i]!.size;
        sourceMapFiles += 1;
      }
    }
    kinds.push(groupKinds);
  }
  const index = { kinds, notCode, sourceMapBytes, sourceMapFiles };
  indexes.set(tree, index);
  return index;
}
