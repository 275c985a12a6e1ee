import { compareFindings, type Severity } from '../finding.js';
import type { Reporter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes the message part of a workflow command. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (file, title…) of a workflow command; `:` and `,` delimit properties. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request diff.
 * `endColumn` is inclusive for GitHub, so the exclusive Finding end is moved back by one.
 */
export const github: Reporter = (result) => {
  const lines = [...result.findings].sort(compareFindings).map((f) => {
    const props: string[] = [
      `file=${escapeGithubProperty(f.file)}`,
      `line=${f.range.line}`,
      `col=${f.range.column}`,
    ];
    if (f.range.endLine !== undefined) {
      props.push(`endLine=${f.range.endLine}`);
      if (f.range.endColumn !== undefined) {
        const inclusive = f.range.endColumn - 1;
        props.push(
          `endColumn=${f.range.endLine === f.range.line ? Math.max(f.range.column, inclusive) : Math.max(1, inclusive)}`,
        );
      }
    }
    props.push(`title=${escapeGithubProperty(f.ruleId)}`);
    const body = [f.message, ...(f.help ? [f.help] : []), ...(f.docsUrl ? [f.docsUrl] : [])].join('\n');
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeGithubData(body)}`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
};
