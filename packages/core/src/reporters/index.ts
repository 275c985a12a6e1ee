import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export * from './types.js';
export { stylish } from './stylish.js';
export { json, jsonReport, JSON_REPORT_VERSION, type JsonReport, type JsonReportFinding } from './json.js';
export { sarif } from './sarif.js';
export { github, escapeGithubData, escapeGithubProperty } from './github.js';
export { junit, escapeXml } from './junit.js';
export { gitlab } from './gitlab.js';

export const REPORTER_NAMES = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

/** Every output format by its `--format` name. */
export const reporters: Record<ReporterName, Reporter> = { stylish, json, sarif, github, junit, gitlab };

export function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}
