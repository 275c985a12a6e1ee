import { compareFindings, type Finding } from '../finding.js';
import type { Reporter } from './types.js';

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** JUnit XML for CI test dashboards: one testsuite per file, one failing testcase per finding. */
export const junit: Reporter = (result) => {
  const byFile = new Map<string, Finding[]>();
  for (const f of [...result.findings].sort(compareFindings)) {
    byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  }
  const total = result.findings.length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lambda-lint" tests="${total}" failures="${total}" errors="0">`,
  ];
  for (const [file, findings] of byFile) {
    out.push(
      `  <testsuite name="${escapeXml(file)}" tests="${findings.length}" failures="${findings.length}" errors="0">`,
    );
    for (const f of findings) {
      const where = `${f.file}:${f.range.line}:${f.range.column}`;
      const details = [
        `${f.severity}${f.fatal ? ' (fatal)' : ''} at ${where}`,
        f.message,
        ...(f.help ? [`help: ${f.help}`] : []),
        ...(f.docsUrl ? [`docs: ${f.docsUrl}`] : []),
      ].join('\n');
      out.push(
        `    <testcase classname="${escapeXml(file)}" name="${escapeXml(`${f.ruleId} (${f.range.line}:${f.range.column})`)}" file="${escapeXml(f.file)}" line="${f.range.line}">`,
        `      <failure type="${escapeXml(f.severity)}" message="${escapeXml(f.message)}">${escapeXml(details)}</failure>`,
        '    </testcase>',
      );
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};
