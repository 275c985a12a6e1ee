import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import Ajv2020 from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  escapeGithubProperty,
  github,
  gitlab,
  json,
  junit,
  reporters,
  sarif,
  stylish,
  type Finding,
  type ReportInput,
  type RuleMeta,
} from '../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const readJson = (rel: string): object => JSON.parse(readFileSync(path.join(root, rel), 'utf8')) as object;

const rules: RuleMeta[] = [
  {
    id: 'tracing-active',
    description: 'Every function sends traces to X-Ray',
    severity: 'warning',
    tool: 'iac',
  },
  {
    id: 'async-dlq',
    description: 'Asynchronous invocations have a failure destination',
    severity: 'error',
    tool: 'iac',
  },
  {
    id: 'bundle-size',
    description: 'Deployment packages stay under the size budget',
    severity: 'warning',
    tool: 'bundle',
  },
  { id: 'unused-disable', description: 'Suppressions suppress something', severity: 'warning', tool: 'core' },
];

const findings: Finding[] = [
  {
    ruleId: 'tracing-active',
    severity: 'warning',
    message: 'OrdersFunction: X-Ray tracing is not enabled',
    help: 'Set Tracing: Active on the function or in Globals.Function',
    file: 'app/template.yaml',
    range: { line: 12, column: 5, endLine: 12, endColumn: 19 },
    subject: { kind: 'function', id: 'OrdersFunction' },
    docsUrl: 'https://github.com/lambda-lint/lambda-lint/blob/main/docs/rules/tracing-active.md',
    tool: 'iac',
  },
  {
    ruleId: 'async-dlq',
    severity: 'error',
    message: 'Uploads: 100% of failed events are <lost> & "dropped",\nafter 2 retries: no DLQ',
    help: "Add DeadLetterQueue: { Type: SQS, TargetArn: ... } or EventInvokeConfig's OnFailure",
    file: 'app/template.yaml',
    range: { line: 3, column: 3 },
    tool: 'iac',
    suggestions: [
      { description: 'Add a DLQ', edits: [{ file: 'app/template.yaml', start: 10, end: 10, text: 'x' }] },
    ],
  },
  {
    ruleId: 'bundle-size',
    severity: 'info',
    message: 'orders.zip is 4.2 MiB',
    file: 'dist/a,b:c.zip',
    range: { line: 1, column: 1 },
    tool: 'bundle',
  },
  {
    ruleId: 'parse-error',
    severity: 'error',
    message: 'cannot parse YAML: bad indentation',
    file: 'broken.yaml',
    range: { line: 7, column: 2, endLine: 8, endColumn: 1 },
    tool: 'iac',
    fatal: true,
  },
];

const input: ReportInput = {
  findings,
  filesScanned: 3,
  cwd: '/work/project',
  rules,
  toolVersion: '1.2.3',
  tables: [
    {
      title: 'Package size by function',
      columns: ['Function', 'Size'],
      rows: [['OrdersFunction', '4.2 MiB']],
    },
  ],
};
const empty: ReportInput = { ...input, findings: [], tables: [] };

describe('stylish', () => {
  it('groups by file with line:col, severity, message, rule id and help, then a summary', () => {
    const out = stylish(input, { color: false });
    const lines = out.split('\n');
    const template = lines.indexOf('app/template.yaml');
    expect(template).toBeGreaterThanOrEqual(0);
    expect(lines[template + 1]).toMatch(
      /^ {2}3:3 +error +Uploads: 100% of failed events are <lost> & "dropped", +async-dlq$/,
    );
    expect(lines[template + 2]).toMatch(/^ {10,}after 2 retries: no DLQ$/);
    expect(lines.some((l) => /^ +help: Set Tracing: Active/.test(l))).toBe(true);
    expect(out).toMatch(/12:5 +warning +OrdersFunction: X-Ray tracing is not enabled +tracing-active/);
    expect(out).toMatch(/7:2 +fatal +cannot parse YAML/);
    expect(out).toContain('✖ 4 problems (2 errors, 1 warning, 1 info)');
    expect(out).toContain('Package size by function');
    expect(out).toMatch(/OrdersFunction +4\.2 MiB/);
    expect(out).not.toContain('\u001b[');
  });

  it('colours only when asked', () => {
    expect(stylish(input, { color: true })).toContain('\u001b[31m');
  });

  it('says so when nothing was found', () => {
    expect(stylish(empty, { color: false })).toContain('✔ No problems found (3 files scanned)');
  });
});

describe('json', () => {
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(
    readJson('docs/schema/report.schema.json'),
  );

  it('writes the documented, versioned shape and validates against docs/schema/report.schema.json', () => {
    const report = JSON.parse(json(input, { color: false })) as {
      version: number;
      summary: Record<string, number>;
      findings: Record<string, unknown>[];
    };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ errors: 2, warnings: 1, infos: 1, fatal: 1, filesScanned: 3 });
    expect(report.findings.map((f) => [f.file, (f.range as { line: number }).line, f.ruleId])).toEqual([
      ['app/template.yaml', 3, 'async-dlq'],
      ['app/template.yaml', 12, 'tracing-active'],
      ['broken.yaml', 7, 'parse-error'],
      ['dist/a,b:c.zip', 1, 'bundle-size'],
    ]);
    expect(report.findings[0]).toMatchObject({
      help: expect.stringContaining('DeadLetterQueue'),
      subject: null,
      fix: null,
    });
    expect(report.findings[0]!.docsUrl).toMatch(/docs\/rules\/async-dlq\.md$/);
    expect(report.findings[2]!.fatal).toBe(true);
  });

  it('rejects a report that breaks the schema (the schema is not vacuous)', () => {
    const report = JSON.parse(json(input, { color: false })) as { findings: Record<string, unknown>[] };
    delete report.findings[0]!.range;
    expect(validate(report)).toBe(false);
  });
});

describe('sarif', () => {
  const schema = readJson('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // The schema shipped with @microsoft/jest-sarif declares draft-04, which needs Ajv's draft-04 class.
  // Its language pattern is not valid as a `u` regular expression, hence unicodeRegExp: false.
  const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: string;
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[];
  }
  interface SarifLog {
    version: string;
    runs: {
      tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string }[] } };
      results: SarifResult[];
    }[];
  }

  it('validates against the SARIF 2.1.0 schema, with and without findings', () => {
    for (const data of [input, empty]) {
      const log = JSON.parse(sarif(data, { color: false })) as object;
      expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
  });

  it('writes one run per tool part with rule descriptors, levels and relative physical locations', () => {
    const log = JSON.parse(sarif(input, { color: false })) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.runs.map((r) => r.tool.driver.name)).toEqual([
      'lambda-lint-iac',
      'lambda-lint-bundle',
      'lambda-lint-core',
    ]);
    const iac = log.runs[0]!;
    expect(iac.tool.driver.version).toBe('1.2.3');
    expect(iac.tool.driver.informationUri).toMatch(/^https:\/\//);
    const tracing = iac.tool.driver.rules.find((r) => r.id === 'tracing-active')!;
    expect(tracing).toMatchObject({
      shortDescription: { text: 'Every function sends traces to X-Ray' },
      helpUri: 'https://github.com/lambda-lint/lambda-lint/blob/main/docs/rules/tracing-active.md',
      defaultConfiguration: { level: 'warning' },
    });
    const result = iac.results.find((r) => r.ruleId === 'tracing-active')!;
    expect(iac.tool.driver.rules[result.ruleIndex]!.id).toBe('tracing-active');
    expect(result.level).toBe('warning');
    expect(result.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'app/template.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 19 },
    });
    // A rule the run was not told about (parse-error) still gets a descriptor and a valid index.
    const parse = iac.results.find((r) => r.ruleId === 'parse-error')!;
    expect(iac.tool.driver.rules[parse.ruleIndex]!.id).toBe('parse-error');
    const bundle = log.runs[1]!.results[0]!;
    expect(bundle.level).toBe('note');
    expect(bundle.locations[0]!.physicalLocation.artifactLocation.uri).toBe('dist/a%2Cb%3Ac.zip');
  });
});

describe('github', () => {
  it('writes one workflow command per finding with escaped properties and message', () => {
    const lines = github(input, { color: false }).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      '::error file=app/template.yaml,line=3,col=3,title=async-dlq::Uploads: 100%25 of failed events are <lost> & "dropped",%0Aafter 2 retries: no DLQ%0AAdd DeadLetterQueue: { Type: SQS, TargetArn: ... } or EventInvokeConfig\'s OnFailure',
    );
    expect(lines[1]).toMatch(
      /^::warning file=app\/template\.yaml,line=12,col=5,endLine=12,endColumn=18,title=tracing-active::/,
    );
    expect(lines[3]).toMatch(
      /^::notice file=dist\/a%2Cb%3Ac\.zip,line=1,col=1,title=bundle-size::orders\.zip is 4\.2 MiB/,
    );
    // Every annotation is one physical line.
    expect(lines.every((l) => l.startsWith('::'))).toBe(true);
  });

  it('escapes the property delimiters', () => {
    expect(escapeGithubProperty('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac%3Ad%2Ce');
  });
});

describe('junit', () => {
  it('writes well-formed XML with one testsuite per file and one failing testcase per finding', () => {
    const xml = junit(input, { color: false });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml) as {
      testsuites: {
        tests: string;
        testsuite: {
          name: string;
          testcase: { name: string; failure: { message: string; '#text': string } }[];
        }[];
      };
    };
    expect(doc.testsuites.tests).toBe('4');
    expect(doc.testsuites.testsuite.map((s) => s.name)).toEqual([
      'app/template.yaml',
      'broken.yaml',
      'dist/a,b:c.zip',
    ]);
    const first = doc.testsuites.testsuite[0]!.testcase[0]!;
    expect(first.name).toBe('async-dlq (3:3)');
    expect(first.failure.message).toBe(
      'Uploads: 100% of failed events are <lost> & "dropped",\nafter 2 retries: no DLQ',
    );
    expect(first.failure['#text']).toContain("EventInvokeConfig's OnFailure");
  });

  it('is still valid XML when there is nothing to report', () => {
    expect(XMLValidator.validate(junit(empty, { color: false }))).toBe(true);
  });
});

describe('gitlab', () => {
  type Issue = {
    description: string;
    check_name: string;
    fingerprint: string;
    severity: string;
    location: { path: string; lines: { begin: number } };
  };

  it('writes Code Quality issues with mapped severities and locations', () => {
    const issues = JSON.parse(gitlab(input, { color: false })) as Issue[];
    expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
      ['async-dlq', 'major', 'app/template.yaml', 3],
      ['tracing-active', 'minor', 'app/template.yaml', 12],
      ['parse-error', 'blocker', 'broken.yaml', 7],
      ['bundle-size', 'info', 'dist/a,b:c.zip', 1],
    ]);
    expect(issues[1]!.description).toContain('X-Ray tracing is not enabled');
  });

  it('keeps fingerprints stable across runs and distinct between findings', () => {
    const a = (JSON.parse(gitlab(input, { color: false })) as Issue[]).map((i) => i.fingerprint);
    const reordered = (
      JSON.parse(gitlab({ ...input, findings: [...findings].reverse() }, { color: false })) as Issue[]
    ).map((i) => i.fingerprint);
    expect(reordered).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    const twice = JSON.parse(
      gitlab({ ...input, findings: [findings[0]!, findings[0]!] }, { color: false }),
    ) as Issue[];
    expect(twice[0]!.fingerprint).not.toBe(twice[1]!.fingerprint);
  });
});

it('registers every reporter by its --format name', () => {
  expect(Object.keys(reporters).sort()).toEqual(['github', 'gitlab', 'json', 'junit', 'sarif', 'stylish']);
});
