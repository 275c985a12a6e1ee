/**
 * What the per-function join tells each code analyzer (the ESLint plugin, the Python analyzer) about
 * one source file, and what the analyzer tells the join back. Plain data, so that the project layer,
 * the ESLint plugin and the Python analyzer agree on it without knowing each other.
 */

/** A function of a template, as code findings name it. */
export interface FunctionRef {
  /** Logical ID (SAM/CFN/CDK), function key (Serverless) or Terraform address. */
  id: string;
  /** Template file, relative to the working directory (POSIX), as in findings. */
  template: string;
  /** Line of the function's logical ID / key / resource block header in `template`. */
  line: number;
}

/** The environment variables a function's template sets, for `env-var-declared`. */
export interface FunctionEnvironment extends FunctionRef {
  /** Every name set on the function, in Globals or in the provider; names with dynamic values included. */
  names: string[];
  /** True when the set of names itself cannot be known (the whole Variables map is `!Ref`/`!If`/`${file(...)}`): every name counts as set. */
  unknown: boolean;
  /** Line of the `Environment` / `environment` key to name in messages (the function header line when there is none). */
  environmentLine: number;
}

/** One read of an environment variable in code. */
export interface EnvRead {
  name: string;
  line: number;
  column: number;
}

/** A call from per-invocation code into a local module this file imports. */
export interface PerInvocationCall {
  /** The imported binding: `default`, a named export, or for a namespace import the member called (`ns.query` → `query`). */
  imported: string;
  /** The call as written, for the chain in messages (`db.query`, `getPool`). */
  callText: string;
  /** The per-invocation root of this file the call is made from: a handler export name or a `perInvocationExports` name. */
  fromExport: string;
}

/** What a code analyzer learned about one file that the join needs to follow imports and env reads. */
export interface ModuleFacts {
  imports: Array<{
    /** Relative specifier as written (`./db`, `../lib/index.js`); packages are not listed. */
    specifier: string;
    perInvocationCalls: PerInvocationCall[];
    /** Names re-exported from it (`export { a as b } from`, `export * from` → `{ imported: '*', exported: '*' }`). */
    reExports: Array<{ imported: string; exported: string }>;
  }>;
  /** Environment variables read with a literal name. */
  envReads: EnvRead[];
  /** True when code reads the environment in a way names cannot be told from (`process.env[key]`, `{ ...process.env }`): env-var-unused stays quiet then. */
  readsWholeEnvironment: boolean;
}

/**
 * What the join knows about one file it hands to a code analyzer. Present only when lambda-lint's
 * project layer runs the analyzer; the file is then function code (a handler or a module one imports).
 */
export interface ProjectFileFacts {
  /** Handler exports in this file (a file can hold the handlers of several functions). */
  handlers: Array<{ exportName: string; functions: FunctionRef[] }>;
  /** Exports of this module that per-invocation code of another module calls, with the call chain from the handler (`['createUser', 'db.query']`). */
  perInvocationExports: Array<{ exportName: string; chain: string[]; functions: FunctionRef[] }>;
  /** Environment of every function whose code this file is. */
  environments: FunctionEnvironment[];
  /** Receives the analyzer's facts of this file once per analysis. */
  collect?: (facts: ModuleFacts) => void;
}
