import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '@lambda-lint/core';
import { emptyTemplateNote, loadFile, loadText, type LoadResult } from '../../src/load/index.js';
import { MAX_TEMPLATE_BYTES } from '../../src/load/limits.js';

/** The single parse-error finding of a failed load, checked for the shape every such finding must have. */
function parseError(result: LoadResult, file: string): Finding {
  if (result.ok) throw new Error('expected a parse-error finding, the input loaded');
  const finding = result.finding;
  expect(finding).toMatchObject({
    ruleId: 'parse-error',
    severity: 'error',
    fatal: true,
    tool: 'iac',
    file,
    docsUrl: 'https://github.com/lambda-lint/lambda-lint/blob/main/docs/rules/parse-error.md',
  });
  expect(finding.help).toBeTruthy();
  expect(finding.message).not.toMatch(/\n\s+at /); // never a stack trace
  return finding;
}

const yamlError = (text: string) => parseError(loadText(text, 'template.yaml', 'yaml'), 'template.yaml');
const jsonError = (text: string) => parseError(loadText(text, 'template.json', 'json'), 'template.json');

describe('YAML that cannot be a template', () => {
  it('tab used as indentation', () => {
    const finding = yamlError('Resources:\n  Fn:\n\tType: x\n');
    expect(finding.message).toBe('A tab character is used for indentation; YAML allows only spaces there.');
    expect(finding.range).toMatchObject({ line: 3, column: 1 });
  });

  it('more than one document: points at the second "---"', () => {
    const finding = yamlError('Resources: {}\n---\nResources: {}\n');
    expect(finding.message).toMatch(/more than one YAML document/);
    expect(finding.range).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 4 });
  });

  it('a leading "---" alone is still one document', () => {
    expect(loadText('---\nResources: {}\n', 't', 'yaml').ok).toBe(true);
  });

  it('alias to an anchor that does not exist', () => {
    const finding = yamlError('a: 1\nb: *missing\n');
    expect(finding.message).toMatch(/\*missing refers to an anchor &missing that is not defined/);
    expect(finding.range).toEqual({ line: 2, column: 4, endLine: 2, endColumn: 12 });
  });

  it('alias inside its own anchor', () => {
    expect(yamlError('a: &loop\n  - *loop\n').message).toMatch(/contain itself/);
  });

  it('alias bomb (billion laughs) is stopped at the alias that crosses the expansion cap', () => {
    let text = 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let level = 1; level <= 9; level++)
      text += `l${level}: &l${level} [${Array(10)
        .fill(`*l${level - 1}`)
        .join(', ')}]\n`;
    const started = performance.now();
    const finding = yamlError(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(finding.message).toMatch(/alias bomb/);
    expect(finding.range.line).toBe(6); // 10^6 nodes are reached among the aliases to l4, on the line of l5
  });

  it('more than 1000 aliases', () => {
    const text = `x: &x 1\nlist:\n${'  - *x\n'.repeat(1001)}`;
    const finding = yamlError(text);
    expect(finding.message).toMatch(/more than 1000 YAML aliases/);
    expect(finding.range.line).toBe(3 + 1000);
  });

  it.each([
    ['flow', `a: ${'['.repeat(300)}${']'.repeat(300)}\n`, { line: 1, column: 259 }],
    [
      'block',
      Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n',
      { line: 257, column: 257 },
    ],
  ])('nesting deeper than 256 levels (%s) is reported where it crosses the limit', (_, text, position) => {
    const finding = yamlError(text);
    expect(finding.message).toBe('Values are nested more than 256 levels deep here.');
    expect(finding.range).toMatchObject(position);
  });

  it('nesting 100,000 levels deep: one finding, no stack overflow', () => {
    const finding = yamlError('['.repeat(100_000) + ']'.repeat(100_000));
    expect(finding.message).toMatch(/nested more than 256 levels/);
  });

  it('a mapping key that is a list', () => {
    expect(yamlError('? [a, b]\n: c\n').message).toMatch(/template keys must be plain strings/);
  });

  it('a merge key pointing at a scalar', () => {
    const finding = yamlError('x: &x 1\ny:\n  <<: *x\n');
    expect(finding.message).toMatch(/"<<" must refer to a map/);
    expect(finding.range).toMatchObject({ line: 3, column: 3 });
  });

  it("plain syntax errors carry the parser's reason and position", () => {
    const finding = yamlError('Resources:\n  Fn: [a, b\n  Other: 1\n');
    expect(finding.message).toMatch(/^Invalid YAML: /);
    expect(finding.range.line).toBeGreaterThanOrEqual(2);
  });
});

describe('JSON that cannot be a template', () => {
  it.each([
    ['trailing comma in an object', '{ "a": 1, }', /^Trailing comma before "}"/, { line: 1, column: 9 }],
    ['trailing comma in an array', '{ "a": [1, 2,] }', /^Trailing comma before "]"/, { line: 1, column: 13 }],
    ['comment', '{\n  // note\n  "a": 1\n}', /^Comments are not allowed in JSON/, { line: 2, column: 3 }],
    ['single quotes', "{ 'a': 1 }", /^Strings in JSON need double quotes/, { line: 1, column: 3 }],
    ['unterminated string', '{ "a": "abc', /^Unterminated string/, { line: 1, column: 8 }],
    [
      'string across lines',
      '{ "a": "abc\ndef" }',
      /^Unterminated string: a JSON string cannot span lines/,
      { line: 1, column: 12 },
    ],
    ['leading zeros', '{ "account": 0123 }', /leading zeros/, { line: 1, column: 14 }],
    ['truncated', '{ "a": [1, 2', /^Unexpected end of file/, { line: 1, column: 13 }],
    ['bare word', '{ "a": yes }', /^Invalid JSON: expected a value .*, found "yes"/, { line: 1, column: 8 }],
    ['two values', '{}\n{}', /^Unexpected content after the end of the JSON value/, { line: 2, column: 1 }],
    ['bad escape', '{ "a": "\\x41" }', /^Invalid escape "\\x"/, { line: 1, column: 9 }],
    ['tab inside a string', '{ "a": "x\ty" }', /control character/, { line: 1, column: 10 }],
    [
      'deep nesting',
      `${'['.repeat(257)}${']'.repeat(257)}`,
      /nested more than 256 levels/,
      { line: 1, column: 257 },
    ],
  ])('%s', (_, text, message, position) => {
    const finding = jsonError(text);
    expect(finding.message).toMatch(message);
    expect(finding.range).toMatchObject(position);
  });

  it('nesting 1,000,000 levels deep: one finding, no stack overflow', () => {
    expect(jsonError('['.repeat(1_000_000)).message).toMatch(/nested more than 256 levels/);
  });
});

describe('loadFile guards', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lambda-lint-load-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('loads a YAML file and picks the format from the extension', async () => {
    const result = await loadFile(
      write('template.yaml', 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n'),
      'app/template.yaml',
    );
    expect(result).toMatchObject({ ok: true, loaded: { file: 'app/template.yaml', format: 'yaml' } });
  });

  it('reads a .template file that starts with "{" as JSON', async () => {
    const result = await loadFile(write('stack.template', '{ "Resources": {} }'), 'stack.template');
    expect(result).toMatchObject({ ok: true, loaded: { format: 'json' } });
  });

  it('drops a UTF-8 byte order mark so columns match the editor', async () => {
    const result = await loadFile(write('bom.yaml', '\uFEFFa: 1\n'), 'bom.yaml');
    if (!result.ok) throw new Error(result.finding.message);
    expect(result.loaded.root?.kind === 'map' && result.loaded.root.entries[0].keyRange).toMatchObject({
      line: 1,
      column: 1,
    });
  });

  it('binary file (NUL byte in the first 8 KiB)', async () => {
    const finding = parseError(
      await loadFile(
        write('logo.template.json', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x00, 0x01])),
        'logo.template.json',
      ),
      'logo.template.json',
    );
    expect(finding.message).toMatch(/looks binary/);
    expect(finding.range).toMatchObject({ line: 2, column: 1 });
  });

  it('invalid UTF-8: line and column of the bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nb: "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    const finding = parseError(await loadFile(write('latin1.yaml', bytes), 'latin1.yaml'), 'latin1.yaml');
    expect(finding.message).toMatch(/not valid UTF-8 \(byte 0xe9 at offset 12 /);
    expect(finding.range).toMatchObject({ line: 2, column: 8 });
  });

  it('UTF-16 file', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1\n', 'utf16le')]);
    expect(
      parseError(await loadFile(write('utf16.yaml', utf16), 'utf16.yaml'), 'utf16.yaml').message,
    ).toMatch(/UTF-16/);
  });

  it('file over the 20 MiB cap is refused from its size alone', async () => {
    const path = write('huge.template.json', '');
    truncateSync(path, MAX_TEMPLATE_BYTES + 1); // sparse: nothing is written or read
    const finding = parseError(await loadFile(path, 'huge.template.json'), 'huge.template.json');
    expect(finding.message).toBe(
      'huge.template.json is 20.0 MiB, over the 20.0 MiB limit for templates, so it was not read.',
    );
    expect(finding.range).toEqual({ line: 1, column: 1 });
  });

  it('missing file and directory', async () => {
    expect(parseError(await loadFile(join(dir, 'nope.yaml'), 'nope.yaml'), 'nope.yaml').message).toBe(
      'nope.yaml does not exist.',
    );
    mkdirSync(join(dir, 'sub.yaml'));
    expect(parseError(await loadFile(join(dir, 'sub.yaml'), 'sub.yaml'), 'sub.yaml').message).toMatch(
      /is not a regular file/,
    );
  });

  it('empty file: ok with root null, and the info note the scanner shows for an explicitly named one', async () => {
    expect(await loadFile(write('empty.yaml', ''), 'empty.yaml')).toMatchObject({
      ok: true,
      loaded: { root: null },
    });
    expect(emptyTemplateNote('empty.yaml')).toMatchObject({
      ruleId: 'parse-error',
      severity: 'info',
      fatal: false,
      file: 'empty.yaml',
      range: { line: 1, column: 1 },
    });
  });
});
