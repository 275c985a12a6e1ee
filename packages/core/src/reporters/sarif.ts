import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareFindings, ruleDocsUrl, type Finding, type Severity, type Tool } from '../finding.js';
import type { RuleMeta } from '../rule.js';
import { PROJECT_URL, TOOL_ORDER, type Reporter } from './types.js';

const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

const TOOL_TITLE: Record<Tool, string> = {
  iac: 'templates (SAM, CloudFormation, Serverless, CDK)',
  bundle: 'deployment package size',
  eslint: 'handler code',
  python: 'Python handler code',
  diagnostics: 'measured diagnostics (logs, init time)',
  project: 'whole functions (template, code and package joined)',
  core: 'core checks',
};

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri: string;
  help: { text: string };
  defaultConfiguration: { level: SarifLevel; enabled: boolean };
}

/** A file path relative to the scanned root, percent-encoded per segment as a URI reference. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const uri = file.split(/[\\/]/).map(encodeURIComponent).join('/');
  return { uri, uriBaseId: '%SRCROOT%' };
}

function region(f: Finding) {
  // SARIF lines and columns are 1-based and endColumn is exclusive, exactly like Finding.range.
  const startLine = Math.max(1, f.range.line);
  const startColumn = Math.max(1, f.range.column);
  const out: { startLine: number; startColumn: number; endLine?: number; endColumn?: number } = {
    startLine,
    startColumn,
  };
  if (f.range.endLine !== undefined && f.range.endLine >= startLine) {
    out.endLine = f.range.endLine;
    if (f.range.endColumn !== undefined) {
      out.endColumn =
        f.range.endLine === startLine
          ? Math.max(startColumn, f.range.endColumn)
          : Math.max(1, f.range.endColumn);
    }
  }
  return out;
}

function ruleDescriptor(meta: Pick<RuleMeta, 'id' | 'description' | 'severity' | 'enabled'>): SarifRule {
  const helpUri = ruleDocsUrl(meta.id);
  return {
    id: meta.id,
    shortDescription: { text: meta.description },
    helpUri,
    help: { text: `${meta.description}. See ${helpUri}` },
    defaultConfiguration: { level: LEVEL[meta.severity], enabled: meta.enabled !== false },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers: one run per tool part (iac, bundle,
 * eslint, core) so each part has its own rule list and category.
 */
export const sarif: Reporter = (result) => {
  const findings = [...result.findings].sort(compareFindings);
  const tools = TOOL_ORDER.filter(
    (tool) => result.rules.some((r) => r.tool === tool) || findings.some((f) => f.tool === tool),
  );
  const runs = tools.map((tool) => {
    const rules: SarifRule[] = [];
    const indexById = new Map<string, number>();
    const addRule = (rule: SarifRule) => {
      if (indexById.has(rule.id)) return;
      indexById.set(rule.id, rules.length);
      rules.push(rule);
    };
    for (const meta of [...result.rules]
      .filter((r) => r.tool === tool)
      .sort((a, b) => a.id.localeCompare(b.id))) {
      addRule(ruleDescriptor(meta));
    }
    const toolFindings = findings.filter((f) => f.tool === tool);
    // A finding from a rule the run was not told about still gets a descriptor, so ruleIndex is always valid.
    for (const f of toolFindings) {
      if (!indexById.has(f.ruleId)) {
        addRule(ruleDescriptor({ id: f.ruleId, description: f.ruleId, severity: f.severity }));
      }
    }
    const results = toolFindings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: indexById.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: f.help ? `${f.message}\n${f.help}` : f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(f.file),
            region: region(f),
          },
          ...(f.subject && { logicalLocations: [{ name: f.subject.id, kind: f.subject.kind }] }),
        },
      ],
      ...(f.fatal && { properties: { fatal: true } }),
    }));
    return {
      tool: {
        driver: {
          name: `lambda-lint-${tool}`,
          fullName: `lambda-lint: ${TOOL_TITLE[tool]}`,
          version: result.toolVersion,
          semanticVersion: result.toolVersion,
          informationUri: PROJECT_URL,
          rules,
        },
      },
      automationDetails: { id: `lambda-lint/${tool}/` },
      originalUriBaseIds: {
        '%SRCROOT%': {
          uri: pathToFileURL(result.cwd.endsWith(path.sep) ? result.cwd : result.cwd + path.sep).href,
        },
      },
      invocations: [{ executionSuccessful: !toolFindings.some((f) => f.fatal) }],
      results,
    };
  });
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs }, null, 2)}\n`;
};
