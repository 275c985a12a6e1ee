import { createHash } from 'node:crypto';
import { compareFindings, type Finding } from '../finding.js';
import type { Reporter } from './types.js';

type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** Unreadable input blocks everything else; otherwise severity maps one to one. */
function gitlabSeverity(f: Finding): GitlabSeverity {
  if (f.fatal) return 'blocker';
  return f.severity === 'error' ? 'major' : f.severity === 'warning' ? 'minor' : 'info';
}

/**
 * GitLab Code Quality report (a JSON array of issues). The fingerprint hashes rule, file, line
 * and message so an issue keeps its identity between pipelines while nothing about it changes.
 */
export const gitlab: Reporter = (result) => {
  const seen = new Map<string, number>();
  const issues = [...result.findings].sort(compareFindings).map((f) => {
    const key = JSON.stringify([f.ruleId, f.file, f.range.line, f.message]);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    // Identical findings on one line would share a hash, and GitLab would keep only one of them.
    const fingerprint = createHash('sha256')
      .update(occurrence === 0 ? key : `${key}#${occurrence}`)
      .digest('hex');
    return {
      type: 'issue',
      description: f.help ? `${f.message} ${f.help}` : f.message,
      check_name: f.ruleId,
      fingerprint,
      severity: gitlabSeverity(f),
      location: {
        path: f.file,
        lines: { begin: f.range.line, ...(f.range.endLine !== undefined && { end: f.range.endLine }) },
      },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};
