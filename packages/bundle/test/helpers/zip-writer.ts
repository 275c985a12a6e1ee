import { crc32, deflateRawSync } from 'node:zlib';

/** One entry for the test zip writer; the `declared*` / `localOffset` fields let tests write lying archives. */
export interface WriterEntry {
  name: string;
  data?: Uint8Array;
  /** 0 stored (default), 8 deflated. */
  method?: 0 | 8;
  declaredUncompressed?: number;
  declaredCompressed?: number;
  /** Point the central record at another entry's local header (overlap). */
  localOffsetOf?: number;
}

export interface WriterOptions {
  /** Write ZIP64 end records and extra fields even when not needed. */
  zip64?: boolean;
}

/**
 * A small, standard zip writer (local headers, central directory, EOCD, ZIP64 when
 * there are more than 65,535 entries). `unzip -Zt` is the oracle the tests compare with.
 */
export function writeZip(entries: readonly WriterEntry[], options: WriterOptions = {}): Buffer {
  const zip64 = options.zip64 === true || entries.length > 0xfffe;
  const chunks: Buffer[] = [];
  let offset = 0;
  const locals: { offset: number; crc: number; compressed: number; uncompressed: number; method: number }[] =
    [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? new Uint8Array());
    const method = entry.method ?? 0;
    const packed = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(entry.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(0x800, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt32LE(0x00210000, 10);
    const crc = crc32(data);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    locals.push({ offset, crc, compressed: packed.length, uncompressed: data.length, method });
    chunks.push(header, name, packed);
    offset += header.length + name.length + packed.length;
  }
  const cdStart = offset;
  entries.forEach((entry, i) => {
    const local = locals[i]!;
    const name = Buffer.from(entry.name, 'utf8');
    const uncompressed = entry.declaredUncompressed ?? local.uncompressed;
    const compressed = entry.declaredCompressed ?? local.compressed;
    const localOffset =
      entry.localOffsetOf !== undefined ? locals[entry.localOffsetOf]!.offset : local.offset;
    const extra = zip64 ? Buffer.alloc(4 + 24) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(uncompressed), 4);
      extra.writeBigUInt64LE(BigInt(compressed), 12);
      extra.writeBigUInt64LE(BigInt(localOffset), 20);
    }
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(0x031e, 4); // made by Unix, spec 3.0
    record.writeUInt16LE(zip64 ? 45 : 20, 6);
    record.writeUInt16LE(0x800, 8);
    record.writeUInt16LE(local.method, 10);
    record.writeUInt32LE(0x00210000, 12);
    record.writeUInt32LE(local.crc, 16);
    record.writeUInt32LE(zip64 ? 0xffffffff : compressed, 20);
    record.writeUInt32LE(zip64 ? 0xffffffff : uncompressed, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt16LE(extra.length, 30);
    const isDir = entry.name.endsWith('/');
    record.writeUInt32LE((((isDir ? 0o040755 : 0o100644) << 16) | (isDir ? 0x10 : 0)) >>> 0, 38);
    record.writeUInt32LE(zip64 ? 0xffffffff : localOffset, 42);
    chunks.push(record, name, extra);
    offset += record.length + name.length + extra.length;
  });
  const cdSize = offset - cdStart;
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(cdSize), 40);
    record.writeBigUInt64LE(BigInt(cdStart), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset), 8);
    locator.writeUInt32LE(1, 16);
    chunks.push(record, locator);
    offset += 76;
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  eocd.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(zip64 ? 0xffffffff : cdSize, 12);
  eocd.writeUInt32LE(zip64 ? 0xffffffff : cdStart, 16);
  chunks.push(eocd);
  return Buffer.concat(chunks);
}

/** Pseudo-random, incompressible bytes from a seed (deterministic tests). */
export function noise(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
