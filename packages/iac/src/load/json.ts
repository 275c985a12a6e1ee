import type { ScalarNode, TNode } from '../node.js';
import { MapEntryList, type DuplicateKey } from './duplicate-keys.js';
import type { IntrinsicName } from '../node.js';
import { LONG_INTRINSIC_NAMES } from './intrinsics.js';
import { MAX_NESTING_DEPTH } from './limits.js';
import type { LineIndex } from './positions.js';
import { LoadFailure, tooDeep } from './failure.js';

export type JsonParseResult =
  { ok: true; root: TNode | null; duplicates: DuplicateKey[] } | { ok: false; failure: LoadFailure };

/**
 * Strict JSON (RFC 8259) straight into a TNode tree with positions, repeated keys recorded
 * and the nesting limit. Hand-written because it is several times faster than running JSON
 * through the YAML parser, and CDK output (always JSON) can be large.
 */
export function parseJson(text: string, lines: LineIndex): JsonParseResult {
  try {
    const parser = new JsonParser(text, lines);
    return { ok: true, root: parser.document(), duplicates: parser.duplicates };
  } catch (error) {
    if (error instanceof LoadFailure) return { ok: false, failure: error };
    throw error;
  }
}

const HELP = 'Fix the JSON syntax at this position (a JSON validator or your editor shows the same spot).';

class JsonParser {
  private pos = 0;
  readonly duplicates: DuplicateKey[] = [];

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  document(): TNode | null {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipWhitespace();
    if (this.pos >= this.text.length) return null;
    const root = this.value(1);
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      throw this.fail(
        'Unexpected content after the end of the JSON value; a template is exactly one JSON object.',
        'Remove everything after the closing "}" (or wrap several values in one object).',
      );
    }
    return root;
  }

  private value(depth: number): TNode {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 123 /* { */:
        return this.object(depth);
      case 91 /* [ */:
        return this.array(depth);
      case 34 /* " */: {
        const start = this.pos;
        const value = this.string();
        return { kind: 'scalar', value, range: this.lines.range(start, this.pos) };
      }
      case 116 /* t */:
        return this.literal('true', true);
      case 102 /* f */:
        return this.literal('false', false);
      case 110 /* n */:
        return this.literal('null', null);
      default:
        if (c === 45 /* - */ || (c >= 48 && c <= 57)) return this.number();
        throw this.unexpected('a value (object, array, string, number, true, false or null)');
    }
  }

  private object(depth: number): TNode {
    const start = this.pos;
    if (depth > MAX_NESTING_DEPTH) throw tooDeep(start);
    this.pos++;
    const list = new MapEntryList(this.duplicates);
    const entries = list.entries;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 125 /* } */) {
      this.pos++;
      return { kind: 'map', entries, range: this.lines.range(start, this.pos) };
    }
    let getAttStringStart = -1;
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 34 /* " */) {
        if (this.text.charCodeAt(this.pos) === 125 && entries.length > 0) {
          throw this.fail(
            'Trailing comma before "}": JSON does not allow a comma after the last property.',
            'Delete the comma before the closing brace.',
            this.previousComma(),
            this.previousComma() + 1,
          );
        }
        throw this.unexpected('a property name in double quotes');
      }
      const keyStart = this.pos;
      const key = this.string();
      const keyEnd = this.pos;
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 58 /* : */) throw this.unexpected('":" after the property name');
      this.pos++;
      this.skipWhitespace();
      if (key === 'Fn::GetAtt' && this.text.charCodeAt(this.pos) === 34) getAttStringStart = this.pos;
      const value = this.value(depth + 1);
      list.add({ key, keyRange: this.lines.range(keyStart, keyEnd), value });
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.pos);
      if (next === 44 /* , */) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (next === 125 /* } */) {
        this.pos++;
        break;
      }
      throw this.unexpected('"," or "}" after the property value');
    }
    const range = this.lines.range(start, this.pos);
    if (entries.length === 1 && LONG_INTRINSIC_NAMES.has(entries[0].key)) {
      const name = entries[0].key as IntrinsicName;
      let arg = entries[0].value;
      const isName = arg.kind === 'scalar' && typeof arg.value === 'string';
      // `Ref`/`Condition` take a name; with anything else this is an ordinary property called "Ref"/"Condition".
      if ((name !== 'Ref' && name !== 'Condition') || isName) {
        if (name === 'Fn::GetAtt' && getAttStringStart !== -1) arg = this.splitGetAtt(arg, getAttStringStart);
        return { kind: 'intrinsic', name, arg, range };
      }
    }
    return { kind: 'map', entries, range };
  }

  private array(depth: number): TNode {
    const start = this.pos;
    if (depth > MAX_NESTING_DEPTH) throw tooDeep(start);
    this.pos++;
    const items: TNode[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 93 /* ] */) {
      this.pos++;
      return { kind: 'seq', items, range: this.lines.range(start, this.pos) };
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) === 93 && items.length > 0) {
        throw this.fail(
          'Trailing comma before "]": JSON does not allow a comma after the last item.',
          'Delete the comma before the closing bracket.',
          this.previousComma(),
          this.previousComma() + 1,
        );
      }
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.pos);
      if (next === 44 /* , */) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (next === 93 /* ] */) {
        this.pos++;
        break;
      }
      throw this.unexpected('"," or "]" after the array item');
    }
    return { kind: 'seq', items, range: this.lines.range(start, this.pos) };
  }

  /** Reads a string token at `pos` (on the opening quote) and returns its value. */
  private string(): string {
    const text = this.text;
    const start = this.pos + 1;
    let i = start;
    // Fast path: no escapes, so the value is a plain slice.
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) {
        this.pos = i + 1;
        return text.slice(start, i);
      }
      if (c === 92 /* \ */) break;
      if (c < 32 || Number.isNaN(c)) throw this.badStringChar(i, c);
      i++;
    }
    let value = '';
    let chunkStart = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return value + text.slice(chunkStart, i);
      }
      if (c < 32 || Number.isNaN(c)) throw this.badStringChar(i, c);
      if (c !== 92) {
        i++;
        continue;
      }
      value += text.slice(chunkStart, i);
      const escape = text[i + 1];
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          value += escape;
          break;
        case 'b':
          value += '\b';
          break;
        case 'f':
          value += '\f';
          break;
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        case 't':
          value += '\t';
          break;
        case 'u': {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            throw this.fail(
              'Invalid \\u escape in a string: it needs exactly four hexadecimal digits.',
              'Write the escape as \\uXXXX, or the character itself.',
              i,
              i + 2,
            );
          }
          value += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          throw this.fail(
            `Invalid escape "\\${escape ?? ''}" in a string.`,
            'Valid JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a backslash as \\\\.',
            i,
            i + 2,
          );
      }
      i += 2;
      chunkStart = i;
    }
  }

  private number(): ScalarNode {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === 45) i++;
    const intStart = i;
    while (isDigit(text.charCodeAt(i))) i++;
    if (i === intStart)
      throw this.fail('Invalid number: "-" must be followed by digits.', HELP, start, i + 1);
    if (text.charCodeAt(intStart) === 48 && i - intStart > 1) {
      throw this.fail(
        'Invalid number: JSON numbers cannot have leading zeros.',
        'Remove the leading zeros, or quote the value if it is an identifier (like an account ID).',
        start,
        i,
      );
    }
    if (text.charCodeAt(i) === 46 /* . */) {
      i++;
      const fractionStart = i;
      while (isDigit(text.charCodeAt(i))) i++;
      if (i === fractionStart)
        throw this.fail('Invalid number: a "." must be followed by digits.', HELP, start, i);
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69 /* e E */) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      const exponentStart = i;
      while (isDigit(text.charCodeAt(i))) i++;
      if (i === exponentStart) throw this.fail('Invalid number: the exponent needs digits.', HELP, start, i);
    }
    this.pos = i;
    return { kind: 'scalar', value: Number(text.slice(start, i)), range: this.lines.range(start, i) };
  }

  private literal(word: string, value: boolean | null): ScalarNode {
    const start = this.pos;
    if (!this.text.startsWith(word, start))
      throw this.unexpected('a value (object, array, string, number, true, false or null)');
    this.pos += word.length;
    return { kind: 'scalar', value, range: this.lines.range(start, this.pos) };
  }

  /** `"A.B.C"` → [`A`, `B.C`], with exact columns when the string has no escapes. */
  private splitGetAtt(whole: TNode, stringStart: number): TNode {
    if (whole.kind !== 'scalar' || typeof whole.value !== 'string') return whole;
    const value = whole.value;
    const dot = value.indexOf('.');
    if (dot === -1) return { kind: 'seq', items: [whole], range: whole.range };
    const start = stringStart + 1;
    const verbatim = this.text.startsWith(value, start);
    return {
      kind: 'seq',
      items: [
        {
          kind: 'scalar',
          value: value.slice(0, dot),
          range: verbatim ? this.lines.range(start, start + dot) : whole.range,
        },
        {
          kind: 'scalar',
          value: value.slice(dot + 1),
          range: verbatim ? this.lines.range(start + dot + 1, start + value.length) : whole.range,
        },
      ],
      range: whole.range,
    };
  }

  private skipWhitespace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.pos = i;
  }

  private previousComma(): number {
    let i = this.pos - 1;
    while (i > 0 && this.text[i] !== ',') i--;
    return i;
  }

  private badStringChar(offset: number, c: number): LoadFailure {
    if (Number.isNaN(c))
      return this.fail(
        'Unterminated string: the closing double quote is missing.',
        'Add the closing " at the end of the string.',
        this.pos,
        this.pos + 1,
      );
    if (c === 10 || c === 13)
      return this.fail(
        'Unterminated string: a JSON string cannot span lines.',
        'Close the string with " before the line break, or write the line break as \\n.',
        offset,
      );
    return this.fail(
      'A control character (such as a tab) appears unescaped inside a string.',
      'Write it as an escape (\\t for a tab) or remove it.',
      offset,
      offset + 1,
    );
  }

  private unexpected(expected: string): LoadFailure {
    const c = this.text[this.pos];
    if (c === undefined)
      return this.fail(
        `Unexpected end of file: expected ${expected}.`,
        'The file looks truncated: close every open "{" and "[".',
      );
    if (c === '/')
      return this.fail(
        'Comments are not allowed in JSON.',
        'Remove the comment, or convert the template to YAML, which allows # comments.',
        this.pos,
        this.pos + 1,
      );
    if (c === "'")
      return this.fail(
        `Strings in JSON need double quotes, found a single quote where ${expected} was expected.`,
        'Replace the single quotes (\') with double quotes (").',
        this.pos,
        this.pos + 1,
      );
    const found = /[\w$.-]+/y;
    found.lastIndex = this.pos;
    const word = found.exec(this.text)?.[0] ?? c;
    return this.fail(
      `Invalid JSON: expected ${expected}, found ${JSON.stringify(word.slice(0, 40))}.`,
      HELP,
      this.pos,
      this.pos + Math.min(word.length, 40),
    );
  }

  private fail(
    message: string,
    help: string,
    offset: number = this.pos,
    endOffset: number = offset,
  ): LoadFailure {
    return new LoadFailure(offset, message, help, endOffset);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
