import { ruleDocsUrl, type Finding, type Range } from '@lambda-lint/core';

export const PARSE_ERROR_RULE_ID = 'parse-error';

/** The one fatal finding a file gets when it cannot be read or parsed as a template. */
export function parseErrorFinding(file: string, range: Range, message: string, help?: string): Finding {
  const finding: Finding = {
    ruleId: PARSE_ERROR_RULE_ID,
    severity: 'error',
    message,
    file,
    range,
    docsUrl: ruleDocsUrl(PARSE_ERROR_RULE_ID),
    tool: 'iac',
    fatal: true,
  };
  if (help !== undefined) finding.help = help;
  return finding;
}

/**
 * Info note for a file the user named explicitly that turned out empty (or only comments):
 * not an error, since an empty file is no template, but worth saying so the user knows it was skipped.
 * Discovery never yields such a note for files it found on its own; the scanner decides when to use it.
 */
export function emptyTemplateNote(file: string): Finding {
  return {
    ruleId: PARSE_ERROR_RULE_ID,
    severity: 'info',
    message: `${file} is empty (no YAML/JSON content), so there is nothing to scan.`,
    help: 'Add the template content, or leave this file out of the paths given to lambda-lint.',
    file,
    range: { line: 1, column: 1 },
    docsUrl: ruleDocsUrl(PARSE_ERROR_RULE_ID),
    tool: 'iac',
    fatal: false,
  };
}
