import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { TreeBuilder } from '../attribute.js';
import { formatBytes, type PackageProblem } from '../model.js';
import type { SizeFile } from '../size-tree.js';

/** Random access to the bytes of an archive; synchronous because the reader does at most a handful of reads. */
export interface ByteSource {
  size: number;
  /** Up to `length` bytes at `position`; fewer only at end of input. */
  read(position: number, length: number): Buffer;
}

export function bufferSource(buffer: Uint8Array): ByteSource {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return { size: bytes.length, read: (position, length) => bytes.subarray(position, position + length) };
}

/** One central-directory record, sizes as declared (never inflated); also usable as its tree's SizeFile. */
export interface ZipEntry extends SizeFile {
  name: string;
  uncompressedSize: number;
  compressedSize: number;
  /** Offset of the local file header, after any prepended-data correction. */
  localHeaderOffset: number;
  /** 0 stored, 8 deflated, … */
  method: number;
  isDirectory: boolean;
  /** Symlink per the Unix mode in the external attributes: Lambda extracts it as a link. */
  isSymlink: boolean;
  encrypted: boolean;
  /** General-purpose flags (bit 3: sizes in a data descriptor after the data). */
  flags: number;
  /** Byte length of the raw name, as the local header must repeat it. */
  nameLength: number;
  /** Same as `name`, `uncompressedSize` and `compressedSize` (the SizeFile view of the entry). */
  path: string;
  size: number;
  compressed: number;
}

export interface ZipDirectory {
  /** Entries in central-directory order (possibly fewer than declared when the archive is corrupt). */
  entries: ZipEntry[];
  problems: PackageProblem[];
  fileSize: number;
  /** Sum of uncompressed sizes of all entries (what `unzip -Zt` prints). */
  totalUncompressed: number;
  totalCompressed: number;
  zip64: boolean;
}

export interface ZipReaderOptions {
  /** Entry or archive ratio above which the zip is reported as a zip bomb. Default 1000. */
  bombRatio?: number;
  /** Entries smaller than this never count as bombs, however well they compress. Default 1 MiB. */
  bombMinBytes?: number;
  /** At most this many problems of each kind are listed one by one; the rest are summarised. Default 20. */
  maxProblemsPerKind?: number;
  /** Every file entry is added to this size tree as it is read, in the same pass over the names. */
  tree?: TreeBuilder;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const EOCD_SIZE = 22;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const MAX_COMMENT = 0xffff;
/** Refuse to buffer a central directory larger than this: no real Lambda package needs it. */
const MAX_CENTRAL_DIRECTORY = 1 << 30;

const SYMLINK_BIT = 1 << 16;

/**
 * One central record, also the SizeFile of its tree. 50,000 of them survive every young-generation
 * GC, so each holds six fields; the rest of ZipEntry is derived by getters on the prototype.
 */
class CentralRecord implements ZipEntry {
  constructor(
    public path: string,
    public size: number,
    public compressed: number,
    public localHeaderOffset: number,
    /** Bits 0–15 general-purpose flags, 16–31 compression method. */
    private readonly methodAndFlags: number,
    /** Bits 0–15 byte length of the raw name, then SYMLINK_BIT. */
    private readonly nameLengthAndLink: number,
  ) {}
  get name(): string {
    return this.path;
  }
  get uncompressedSize(): number {
    return this.size;
  }
  get compressedSize(): number {
    return this.compressed;
  }
  get flags(): number {
    return this.methodAndFlags & 0xffff;
  }
  get method(): number {
    return this.methodAndFlags >>> 16;
  }
  get encrypted(): boolean {
    return (this.methodAndFlags & 1) !== 0;
  }
  get nameLength(): number {
    return this.nameLengthAndLink & 0xffff;
  }
  get isSymlink(): boolean {
    return (this.nameLengthAndLink & SYMLINK_BIT) !== 0;
  }
  get isDirectory(): boolean {
    return isDirectoryName(this.path);
  }
}

/** Reads the central directory of the zip at `file`. Never throws for malformed archives; I/O errors propagate. */
export function readZipFile(file: string, options?: ZipReaderOptions): ZipDirectory {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const source: ByteSource = {
      size,
      read(position, length) {
        const end = Math.min(size, position + length);
        const buffer = Buffer.allocUnsafe(Math.max(0, end - position));
        let done = 0;
        while (done < buffer.length) {
          const n = readSync(fd, buffer, done, buffer.length - done, position + done);
          if (n === 0) break;
          done += n;
        }
        return buffer.subarray(0, done);
      },
    };
    return readZipDirectory(source, options);
  } finally {
    closeSync(fd);
  }
}

/** Reads the central directory from `source`. Every malformation becomes a problem, never an exception. */
export function readZipDirectory(source: ByteSource, options: ZipReaderOptions = {}): ZipDirectory {
  const problems = new ProblemList(options.maxProblemsPerKind ?? 20);
  const result: ZipDirectory = {
    entries: [],
    problems: problems.list,
    fileSize: source.size,
    totalUncompressed: 0,
    totalCompressed: 0,
    zip64: false,
  };
  try {
    parse(source, options, result, problems);
  } catch (error) {
    // A bug in the reader must not hide the other packages; report it as a corrupt archive.
    problems.add({
      kind: 'corrupt-archive',
      detail: `the archive could not be read: ${error instanceof Error ? error.message : String(error)}`,
      fatal: true,
    });
  }
  problems.finish();
  return result;
}

function parse(
  source: ByteSource,
  options: ZipReaderOptions,
  result: ZipDirectory,
  problems: ProblemList,
): void {
  const size = source.size;
  if (size < EOCD_SIZE) {
    problems.add({
      kind: 'truncated-archive',
      detail: `the file is ${size} bytes long, shorter than an empty zip (22 bytes): it is truncated or not a zip archive`,
      fatal: true,
    });
    return;
  }

  // 1. End-of-central-directory record: the last 22 bytes plus an optional comment of up to 64 KiB.
  const tailStart = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
  const tail = source.read(tailStart, size - tailStart);
  let eocdInTail = -1;
  let fallbackEocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== SIG_EOCD) continue;
    if (fallbackEocd < 0) fallbackEocd = i;
    if (i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      eocdInTail = i;
      break;
    }
  }
  if (eocdInTail < 0 && fallbackEocd >= 0) {
    eocdInTail = fallbackEocd;
    problems.add({
      kind: 'corrupt-archive',
      detail:
        'the end-of-central-directory comment length does not match the end of the file: bytes were appended or cut',
    });
  }
  if (eocdInTail < 0) {
    problems.add({
      kind: 'truncated-archive',
      detail:
        'no end-of-central-directory record in the last 64 KiB: the file is truncated or not a zip archive',
      fatal: true,
    });
    return;
  }
  const eocdPos = tailStart + eocdInTail;
  const eocd = tail.subarray(eocdInTail, eocdInTail + EOCD_SIZE);
  const diskNumber = eocd.readUInt16LE(4);
  const cdDisk = eocd.readUInt16LE(6);
  let declaredEntries = eocd.readUInt16LE(10);
  let cdSize = eocd.readUInt32LE(12);
  let cdOffset = eocd.readUInt32LE(16);
  const entriesOnDisk = eocd.readUInt16LE(8);
  if (entriesOnDisk !== declaredEntries) {
    problems.add({
      kind: 'corrupt-archive',
      detail: `the end record declares ${entriesOnDisk} entries on this disk but ${declaredEntries} in all: the counts are inconsistent`,
    });
  }
  const needsZip64 = declaredEntries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff;
  let directoryEnd = eocdPos;

  // 2. ZIP64 locator right before the EOCD, pointing at the ZIP64 end-of-central-directory record.
  const locatorPos = eocdPos - 20;
  const locator = locatorPos >= 0 ? source.read(locatorPos, 20) : undefined;
  if (locator && locator.length === 20 && locator.readUInt32LE(0) === SIG_ZIP64_LOCATOR) {
    const recordPos = readUInt64(locator, 8);
    const record =
      recordPos !== undefined && recordPos + 56 <= locatorPos ? source.read(recordPos, 56) : undefined;
    if (!record || record.length < 56 || record.readUInt32LE(0) !== SIG_ZIP64_EOCD) {
      problems.add({
        kind: 'corrupt-archive',
        detail: `the ZIP64 locator points at offset ${recordPos ?? 'beyond 2^53'}, where there is no ZIP64 end-of-central-directory record`,
        fatal: needsZip64,
      });
      if (needsZip64) return;
    } else {
      const entries64 = readUInt64(record, 32);
      const size64 = readUInt64(record, 40);
      const offset64 = readUInt64(record, 48);
      if (entries64 === undefined || size64 === undefined || offset64 === undefined) {
        problems.add({
          kind: 'corrupt-archive',
          detail: 'the ZIP64 end-of-central-directory record declares sizes beyond 2^53 bytes',
          fatal: true,
        });
        return;
      }
      result.zip64 = true;
      declaredEntries = entries64;
      cdSize = size64;
      cdOffset = offset64;
      directoryEnd = recordPos!;
    }
  } else if (needsZip64) {
    problems.add({
      kind: 'corrupt-archive',
      detail:
        'the end-of-central-directory record has ZIP64 placeholders but the archive has no ZIP64 locator',
      fatal: true,
    });
    return;
  }

  if (diskNumber !== 0 || cdDisk !== 0) {
    problems.add({
      kind: 'corrupt-archive',
      detail: `the archive is split over several disks (disk ${diskNumber}, central directory on disk ${cdDisk}); Lambda needs a single-file zip`,
      fatal: true,
    });
    return;
  }

  // 3. Locate the central directory; tolerate prepended bytes (self-extractors) the way unzip does.
  if (cdOffset + cdSize > directoryEnd) {
    problems.add({
      kind: 'corrupt-archive',
      detail: `the central directory (offset ${cdOffset}, ${cdSize} bytes) extends past its end record at offset ${directoryEnd}: the archive is truncated or corrupt`,
      fatal: true,
    });
    return;
  }
  if (cdSize > MAX_CENTRAL_DIRECTORY) {
    problems.add({
      kind: 'corrupt-archive',
      detail: `the central directory declares ${formatBytes(cdSize)}, more than any real package`,
      fatal: true,
    });
    return;
  }
  let shift = 0;
  const gap = directoryEnd - (cdOffset + cdSize);
  if (gap > 0 && declaredEntries > 0) {
    const atDeclared = source.read(cdOffset, 4);
    const atShifted = source.read(cdOffset + gap, 4);
    if (
      !(atDeclared.length === 4 && atDeclared.readUInt32LE(0) === SIG_CENTRAL) &&
      atShifted.length === 4 &&
      atShifted.readUInt32LE(0) === SIG_CENTRAL
    ) {
      shift = gap;
      problems.add({
        kind: 'corrupt-archive',
        detail: `${gap} extra bytes precede the archive (offsets are off by ${gap}); re-create the zip instead of prepending data`,
      });
    }
  }
  const cd = source.read(cdOffset + shift, cdSize);

  // 4. Central-directory records.
  const entries = result.entries;
  const seenNames = new Set<string>();
  const reportedDuplicates = new Set<string>();
  const bombRatio = options.bombRatio ?? 1000;
  const bombMinBytes = options.bombMinBytes ?? 1 << 20;
  const dataLimit = cdOffset + shift;
  const tree = options.tree;
  // Overlap detection in the same pass while entries come in file order (as writers store them);
  // otherwise findOverlaps sorts them afterwards.
  let ordered = true;
  let lastOffset = -1;
  let widest: ZipEntry | undefined;
  let widestEnd = -1;
  const overlaps: PackageProblem[] = [];
  let p = 0;
  while (p + CENTRAL_HEADER_SIZE <= cd.length) {
    if (u32(cd, p) !== SIG_CENTRAL) {
      if (entries.length < declaredEntries) {
        problems.add({
          kind: 'corrupt-archive',
          detail: `central-directory record #${entries.length + 1} at offset ${cdOffset + shift + p} has a bad signature: the archive is corrupt`,
          fatal: true,
        });
      }
      break;
    }
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    let compressedSize = u32(cd, p + 20);
    let uncompressedSize = u32(cd, p + 24);
    const nameLength = u16(cd, p + 28);
    const extraLength = u16(cd, p + 30);
    const commentLength = u16(cd, p + 32);
    const externalAttributes = u32(cd, p + 38);
    let localHeaderOffset = u32(cd, p + 42);
    const nameStart = p + CENTRAL_HEADER_SIZE;
    const extraStart = nameStart + nameLength;
    const recordEnd = extraStart + extraLength + commentLength;
    if (recordEnd > cd.length) {
      problems.add({
        kind: 'corrupt-archive',
        detail: `central-directory record #${entries.length + 1} runs past the end of the central directory: the archive is truncated or corrupt`,
        fatal: true,
      });
      break;
    }
    // One regex test clears the common name (ASCII, relative, no `..`): decoding and zip-slip checks are for the rest.
    const latin1 = (cd as LatinSlicing).latin1Slice(nameStart, extraStart);
    let unusual = UNUSUAL_NAME.test(latin1);
    let name = unusual ? decodeName(cd, nameStart, extraStart, (flags & 0x800) !== 0, latin1) : latin1;

    // Extra fields: ZIP64 sizes (0x0001) and the Info-ZIP Unicode path (0x7075).
    let e = extraStart;
    const extraEnd = extraStart + extraLength;
    while (e + 4 <= extraEnd) {
      const id = u16(cd, e);
      const length = u16(cd, e + 2);
      const dataStart = e + 4;
      const dataEnd = Math.min(dataStart + length, extraEnd);
      if (id === 0x0001) {
        // Only the fields saturated in the record are present, in this order.
        let f = dataStart;
        if (uncompressedSize === 0xffffffff && f + 8 <= dataEnd) {
          uncompressedSize = readUInt64(cd, f) ?? Number.POSITIVE_INFINITY;
          f += 8;
        }
        if (compressedSize === 0xffffffff && f + 8 <= dataEnd) {
          compressedSize = readUInt64(cd, f) ?? Number.POSITIVE_INFINITY;
          f += 8;
        }
        if (localHeaderOffset === 0xffffffff && f + 8 <= dataEnd) {
          localHeaderOffset = readUInt64(cd, f) ?? Number.POSITIVE_INFINITY;
        }
      } else if (id === 0x7075 && dataEnd - dataStart > 5 && cd[dataStart] === 1) {
        name = cd.toString('utf8', dataStart + 5, dataEnd);
        unusual = true;
      }
      e = dataStart + length;
    }

    const isDirectory = isDirectoryName(name);
    const mode = externalAttributes >>> 16;
    const finite =
      Number.isFinite(uncompressedSize) &&
      Number.isFinite(compressedSize) &&
      Number.isFinite(localHeaderOffset);
    if (!finite) {
      problems.add({
        kind: 'corrupt-archive',
        entry: name,
        detail: 'the entry declares a size or offset beyond 2^53 bytes',
        fatal: true,
      });
      if (!Number.isFinite(uncompressedSize)) uncompressedSize = 0;
      if (!Number.isFinite(compressedSize)) compressedSize = 0;
    }
    const entry = new CentralRecord(
      name,
      uncompressedSize,
      compressedSize,
      localHeaderOffset + shift,
      flags | (method << 16),
      nameLength | ((mode & 0o170000) === 0o120000 ? SYMLINK_BIT : 0),
    );
    p = recordEnd;

    entries.push(entry);
    if (tree && !isDirectory) tree.add(entry);
    if (ordered) {
      const offset = entry.localHeaderOffset;
      if (offset < lastOffset) {
        ordered = false;
      } else {
        lastOffset = offset;
        if (widest && offset < widestEnd) overlaps.push(overlapProblem(entry, widest, widestEnd));
        const end = offset + LOCAL_HEADER_SIZE + nameLength + compressedSize;
        if (end > widestEnd) {
          widest = entry;
          widestEnd = end;
        }
      }
    }
    result.totalUncompressed += uncompressedSize;
    result.totalCompressed += compressedSize;

    if (unusual) checkName(name, problems);
    // The set does not grow when it already holds the name: one native hash per entry, not two.
    if (seenNames.size === seenNames.add(name).size && !reportedDuplicates.has(name)) {
      reportedDuplicates.add(name);
      problems.add({
        kind: 'duplicate-entry',
        entry: name,
        detail: 'the archive holds this name more than once',
      });
    }
    const dataEnd = entry.localHeaderOffset + LOCAL_HEADER_SIZE + nameLength + compressedSize;
    if (Number.isFinite(dataEnd) && dataEnd > dataLimit) {
      problems.add({
        kind: 'corrupt-archive',
        entry: name,
        detail: `the entry's data (local header at offset ${entry.localHeaderOffset}, ${compressedSize} compressed bytes) runs into the central directory at offset ${dataLimit}: its sizes or offset are wrong`,
      });
    }
    if (method === 0 && (flags & 1) === 0 && !isDirectory && compressedSize !== uncompressedSize) {
      problems.add({
        kind: 'corrupt-archive',
        entry: name,
        detail: `the entry is stored (not compressed) but declares ${uncompressedSize} bytes unpacked and ${compressedSize} packed: the sizes are wrong`,
      });
    }
    if (
      uncompressedSize >= bombMinBytes &&
      (compressedSize === 0 || uncompressedSize / compressedSize > bombRatio)
    ) {
      problems.add({
        kind: 'zip-bomb',
        entry: name,
        detail: `the entry expands ${formatBytes(compressedSize)} to ${formatBytes(uncompressedSize)} (${ratioText(uncompressedSize, compressedSize)}), above ${bombRatio}:1`,
      });
    }
  }
  if (entries.length !== declaredEntries) {
    const fewer = entries.length < declaredEntries;
    // 16-bit counts that wrapped around (old writers, > 65,535 entries) are harmless; a shortfall means lost entries.
    const wrapped = !fewer && !result.zip64 && entries.length % 0x10000 === declaredEntries;
    if (!wrapped) {
      problems.add({
        kind: 'corrupt-archive',
        detail: `the end record declares ${declaredEntries} entries but the central directory holds ${entries.length}: the archive is ${fewer ? 'truncated or corrupt' : 'inconsistent'}`,
        fatal: fewer,
      });
    }
  }

  if (ordered) for (const overlap of overlaps) problems.add(overlap);
  else findOverlaps(entries, problems);
  verifyLocalHeaders(source, entries, dataLimit, problems);
  if (result.totalUncompressed >= bombMinBytes && result.totalUncompressed / Math.max(1, size) > bombRatio) {
    problems.add({
      kind: 'zip-bomb',
      detail: `the ${formatBytes(size)} archive declares ${formatBytes(result.totalUncompressed)} unpacked (${ratioText(result.totalUncompressed, size)}), above ${bombRatio}:1`,
    });
  }
}

/** Overlapping local-file ranges: the same compressed bytes counted by several entries (overlapped zip bombs). */
function findOverlaps(entries: ZipEntry[], problems: ProblemList): void {
  const order = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  // A lower bound of each range: the local header's name and extra field may be longer, never shorter than the name.
  const endOf = (entry: ZipEntry): number =>
    entry.localHeaderOffset + LOCAL_HEADER_SIZE + entry.nameLength + entry.compressedSize;
  let widest: ZipEntry | undefined;
  let widestEnd = -1;
  for (const entry of order) {
    if (widest && entry.localHeaderOffset < widestEnd) problems.add(overlapProblem(entry, widest, widestEnd));
    const end = endOf(entry);
    if (end > widestEnd) {
      widest = entry;
      widestEnd = end;
    }
  }
}

function overlapProblem(entry: ZipEntry, widest: ZipEntry, widestEnd: number): PackageProblem {
  return {
    kind: 'overlapping-entries',
    entry: entry.name,
    detail: `the entry's data at offset ${entry.localHeaderOffset} overlaps "${widest.name}" (offsets ${widest.localHeaderOffset}–${widestEnd}): the same bytes unpack more than once, a zip-bomb construction`,
  };
}

/** Archives up to this size are read whole to check every local header; larger ones check the first entries. */
const VERIFY_WHOLE_FILE = 16 << 20;
/** In larger archives, only the first entries' local headers are read (one small read each). */
const VERIFY_MAX_ENTRIES = 256;

/**
 * Cross-checks central records against local headers (signature, name length, method, sizes)
 * and looks for bytes no entry accounts for: the ways a lying central directory shows.
 */
function verifyLocalHeaders(
  source: ByteSource,
  entries: ZipEntry[],
  dataLimit: number,
  problems: ProblemList,
): void {
  const whole = source.size <= VERIFY_WHOLE_FILE ? source.read(0, source.size) : undefined;
  const checked = whole ? entries : entries.slice(0, VERIFY_MAX_ENTRIES);
  const ends: { start: number; end: number; descriptor: boolean; name: string }[] = [];
  for (const entry of checked) {
    const at = entry.localHeaderOffset;
    if (!Number.isFinite(at) || at + LOCAL_HEADER_SIZE > dataLimit) continue;
    const header = whole ? whole.subarray(at, at + LOCAL_HEADER_SIZE) : source.read(at, LOCAL_HEADER_SIZE);
    if (header.length < LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== 0x04034b50) {
      problems.add({
        kind: 'corrupt-archive',
        entry: entry.name,
        detail: `no local file header at offset ${at}, where the central directory says the entry starts`,
      });
      continue;
    }
    const localNameLength = header.readUInt16LE(26);
    const localExtraLength = header.readUInt16LE(28);
    const descriptor = (header.readUInt16LE(6) & 0x8) !== 0;
    const mismatches: string[] = [];
    if (localNameLength !== entry.nameLength) mismatches.push('name length');
    if (header.readUInt16LE(8) !== entry.method) mismatches.push('compression method');
    if (!descriptor) {
      const localCompressed = header.readUInt32LE(18);
      const localUncompressed = header.readUInt32LE(22);
      if (localCompressed !== 0xffffffff && localCompressed !== entry.compressedSize)
        mismatches.push('compressed size');
      if (localUncompressed !== 0xffffffff && localUncompressed !== entry.uncompressedSize)
        mismatches.push('uncompressed size');
    }
    if (mismatches.length > 0) {
      problems.add({
        kind: 'corrupt-archive',
        entry: entry.name,
        detail: `the local header disagrees with the central directory on the ${mismatches.join(', ')}: one of them lies`,
      });
      continue;
    }
    ends.push({
      start: at,
      end: at + LOCAL_HEADER_SIZE + localNameLength + localExtraLength + entry.compressedSize,
      descriptor,
      name: entry.name,
    });
  }
  if (!whole) return;
  // In a whole-file check, every byte before the central directory belongs to some entry (or its data descriptor).
  ends.sort((a, b) => a.start - b.start);
  for (let i = 0; i < ends.length; i++) {
    const current = ends[i]!;
    const next = i + 1 < ends.length ? ends[i + 1]!.start : dataLimit;
    const gap = next - current.end;
    const allowed = current.descriptor ? 24 : 0;
    if (gap > allowed) {
      problems.add({
        kind: 'corrupt-archive',
        entry: current.name,
        detail: `${gap} bytes after the entry's data belong to no entry: its compressed size is understated`,
      });
    }
  }
}

const DRIVE = /^[A-Za-z]:/;

function isDirectoryName(name: string): boolean {
  const last = name.charCodeAt(name.length - 1);
  return last === 0x2f || last === 0x5c;
}

function checkName(name: string, problems: ProblemList): void {
  let reason: string | undefined;
  const first = name.charCodeAt(0);
  if (first === 0x2f || first === 0x5c) reason = 'is an absolute path';
  else if (name.charCodeAt(1) === 0x3a && DRIVE.test(name)) reason = 'starts with a drive letter';
  else if (name.includes('..') && name.split(/[/\\]/).includes('..'))
    reason = name.includes('\\')
      ? 'climbs out of the extraction directory with "..\\"'
      : 'climbs out of the extraction directory with ".."';
  if (reason) {
    problems.add({
      kind: 'zip-slip',
      entry: name,
      detail: `the entry name ${reason} (zip slip)`,
    });
  }
}

function ratioText(unpacked: number, packed: number): string {
  return packed === 0 ? 'from nothing' : `ratio ${Math.round(unpacked / packed)}:1`;
}

/** Little-endian u16 at `offset` (in bounds): plain indexing, cheaper than Buffer#readUInt16LE in the per-entry loop. */
function u16(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

/** Little-endian u32 at `offset` (in bounds), as a non-negative Number. */
function u32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) + bytes[offset + 3]! * 0x1000000
  );
}

/** Little-endian u64 as a Number, or undefined beyond 2^53 (no real archive is that large). */
function readUInt64(buffer: Buffer, offset: number): number | undefined {
  const low = buffer.readUInt32LE(offset);
  const high = buffer.readUInt32LE(offset + 4);
  if (high > 0x1fffff) return undefined;
  return high * 0x100000000 + low;
}

// IBM code page 437, the zip default when the UTF-8 flag is clear (bytes 0x80–0xFF).
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

// eslint-disable-next-line no-control-regex -- the range deliberately covers every 7-bit byte, NUL included
const NON_ASCII = /[^\x00-\x7f]/;
/** A name that needs decoding (bytes above 0x7f) or may be a zip slip (absolute, drive letter, `..`). */
// eslint-disable-next-line no-control-regex -- the range deliberately covers every 7-bit byte, NUL included
const UNUSUAL_NAME = /[^\x00-\x7f]|\.\.|^[/\\]|^[A-Za-z]:/;

/** Node's native Latin-1 decoder behind Buffer#toString('latin1'), without its argument checks and lookup. */
type LatinSlicing = Buffer & { latin1Slice(start: number, end: number): string };

/** Entry name from `bytes[start, end)`, already decoded as `latin1`: UTF-8 when flagged, else CP437. */
function decodeName(bytes: Buffer, start: number, end: number, utf8: boolean, latin1: string): string {
  if (!NON_ASCII.test(latin1)) return latin1;
  if (utf8) return bytes.toString('utf8', start, end);
  let text = '';
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    text += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
  }
  return text;
}

/** Collects problems, listing the first few of each kind and summarising the rest. */
class ProblemList {
  readonly list: PackageProblem[] = [];
  private readonly counts = new Map<string, number>();
  constructor(private readonly maxPerKind: number) {}
  add(problem: PackageProblem): void {
    const count = (this.counts.get(problem.kind) ?? 0) + 1;
    this.counts.set(problem.kind, count);
    if (count <= this.maxPerKind || problem.fatal) this.list.push(problem);
  }
  finish(): void {
    for (const [kind, count] of this.counts) {
      if (count > this.maxPerKind) {
        this.list.push({
          kind: kind as PackageProblem['kind'],
          detail: `${count - this.maxPerKind} more entries have the same problem (${count} in all)`,
        });
      }
    }
  }
}
