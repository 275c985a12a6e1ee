import type { Range } from '@lambda-lint/core';
import { BINARY_SNIFF_BYTES } from './limits.js';

export type DecodeResult =
  { ok: true; text: string } | { ok: false; range: Range; message: string; help: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Turns file bytes into text, refusing binary files, UTF-16/32 and invalid UTF-8 with the position of the problem. */
export function checkBytes(bytes: Uint8Array): DecodeResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      range: { line: 1, column: 1 },
      message:
        'The file is encoded as UTF-16 (it starts with a UTF-16 byte order mark); templates must be UTF-8.',
      help: 'Re-save the file as UTF-8 (in VS Code: "Save with Encoding" → UTF-8).',
    };
  }
  const sniffEnd = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < sniffEnd; i++) {
    if (bytes[i] === 0) {
      return {
        ok: false,
        range: positionOfByte(bytes, i),
        message: 'The file looks binary (it contains a NUL byte), so it is not a YAML or JSON template.',
        help: 'Pass only template files, or add this file to the ignore patterns.',
      };
    }
  }
  try {
    // The default (non-`ignoreBOM`) decoder drops a leading UTF-8 byte order mark, so columns match editors.
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return {
      ok: false,
      range: positionOfByte(bytes, offset),
      message: `The file is not valid UTF-8 (byte 0x${bytes[offset]?.toString(16).padStart(2, '0') ?? '??'} at offset ${offset} cannot start or continue a character).`,
      help: 'Re-save the file as UTF-8; it was probably written in Latin-1 / Windows-1252.',
    };
  }
}

/** Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and out-of-range code points included). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      needed = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      needed = 2;
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      needed = 3;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    for (let k = 1; k <= needed; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += needed + 1;
  }
  return n;
}

/** 1-based line and column (in characters) of a byte offset; the bytes before it are valid UTF-8. */
function positionOfByte(bytes: Uint8Array, offset: number): Range {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = lenientUtf8.decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, column, endLine: line, endColumn: column + 1 };
}
