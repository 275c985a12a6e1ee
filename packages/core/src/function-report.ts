import type { Finding } from './finding.js';

/** The operational concerns a function's report card has one line for. */
export const CONCERNS = ['cold-start', 'resilience', 'scaling', 'observability', 'deployment'] as const;
export type Concern = (typeof CONCERNS)[number];

/** One concern of one function: fine, a problem (with its findings), or not knowable before deploy. */
export interface ConcernStatus {
  concern: Concern;
  status: 'ok' | 'problem' | 'unknown';
  /** The findings behind `problem`, most serious first. */
  findings: Finding[];
  /** Why it is `unknown` (the dynamic value), or a remark on `ok`. */
  note?: string;
}

/** How the handler code of a function was found (the states of iac's `CodeResolution`). */
export interface HandlerReport {
  state: 'resolved' | 'inline' | 'bundled' | 'image' | 'other-runtime' | 'dynamic' | 'unresolved';
  /** Entry file relative to the working directory (POSIX); the template for inline code, the artifact when bundled. */
  file?: string;
  exportName?: string;
  /** What the state means for this function ("bundled asset: its source is covered by the editor plugin"). */
  note?: string;
}

/** The package a function deploys, or a package measured on its own. */
export interface PackageReport {
  /** What was measured (artifact, directory or build entry), relative to the working directory. */
  source: string;
  /** Unzipped size in bytes. */
  bytes: number;
  /** The configured budget in bytes. */
  budgetBytes: number;
  /** True when `bytes` is only part of the package (a source folder before its build installs dependencies): it is at least this big. */
  lowerBound?: boolean;
  /** What was measured when it is not a built package ("CodeUri as `sam build` copies it; …"). */
  note?: string;
}

/**
 * The report card of one function of a template, or of a package measured on its own (no
 * template): everything lambda-lint knows about it, joined from the template, code and package.
 */
export interface FunctionReport {
  /** Logical ID / function key; the package path for a package measured on its own. */
  id: string;
  name?: string;
  /** Template and line of the function, absent for a package measured on its own. */
  template?: { file: string; line: number };
  runtime?: string;
  handler?: HandlerReport;
  package?: PackageReport;
  /** One line per concern, in `CONCERNS` order; empty for a package measured on its own. */
  concerns: ConcernStatus[];
  /** Every finding about this function (template, code it runs, package). */
  findings: Finding[];
}
