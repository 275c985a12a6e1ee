import path from 'node:path';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Base64 VLQ values of one mappings segment. */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = DIGIT.get(c) ?? 0;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Just enough of a source map (v3) to turn a generated line:column of a stack frame into its source. */
export class SourceMap {
  private readonly lines: [column: number, source: number, line: number, sourceColumn: number][][] = [];
  private readonly sources: string[];

  constructor(json: string, mapDir: string) {
    const map = JSON.parse(json) as { sources: string[]; sourceRoot?: string; mappings: string };
    this.sources = map.sources.map((s) => path.resolve(mapDir, map.sourceRoot ?? '', s));
    let source = 0;
    let line = 0;
    let column = 0;
    for (const generated of map.mappings.split(';')) {
      let generatedColumn = 0;
      const segments: [number, number, number, number][] = [];
      for (const segment of generated.split(',')) {
        if (!segment) continue;
        const v = decodeSegment(segment);
        generatedColumn += v[0]!;
        if (v.length < 4) continue;
        source += v[1]!;
        line += v[2]!;
        column += v[3]!;
        segments.push([generatedColumn, source, line, column]);
      }
      this.lines.push(segments);
    }
  }

  /** 1-based line and column in the generated file → the original file, 1-based line and column. */
  original(line: number, column: number): { file: string; line: number; column: number } | undefined {
    const segments = this.lines[line - 1];
    if (!segments?.length) return undefined;
    let best = segments[0]!;
    for (const s of segments) if (s[0] <= column - 1) best = s;
    return { file: this.sources[best[1]]!, line: best[2] + 1, column: best[3] + 1 };
  }
}
