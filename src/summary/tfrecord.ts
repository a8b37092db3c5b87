import { DataError } from '../data/data-error.js';
import { maskedCrc32c } from './crc32c.js';

/**
 * TFRecord framing: each record is its length (uint64 little-endian), the masked
 * CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data.
 */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** The records of a file, and what was wrong with its end, if anything. */
export interface ParsedRecords {
  records: Uint8Array[];
  /** Set when the file ends inside a record (a writer was cut off): the records before it are kept. */
  truncatedAt?: number;
}

/** What {@link scanRecords} found: the valid records and where reading stopped. */
export interface ScannedRecords extends ParsedRecords {
  /** Offset just after the last valid record: where reading resumes once the file grows. */
  end: number;
  /** Set when a CRC does not match: the records before the bad one are kept, nothing after it. */
  corrupt?: string;
  /** The corruption is in a record's length header (so its length cannot be trusted). */
  corruptHeader?: boolean;
}

/**
 * Splits a TFRecord file into records, checking both CRCs of each. A record cut short
 * at the end of the file (a crash mid-write) ends the list with `truncatedAt`; a CRC
 * mismatch anywhere is corruption and throws, naming the file and the byte offset.
 */
export function parseRecords(bytes: Uint8Array, name: string): ParsedRecords {
  const { records, truncatedAt, corrupt } = scanRecords(bytes, name);
  if (corrupt !== undefined) throw new DataError(corrupt);
  return truncatedAt === undefined ? { records } : { records, truncatedAt };
}

/**
 * Like {@link parseRecords}, but never throws: corruption stops the scan and is
 * reported in `corrupt`, so a reader that follows a growing file (the dashboard) can
 * show what is valid. Offsets in messages count from `base`, where `bytes` starts in the file.
 */
export function scanRecords(bytes: Uint8Array, name: string, base = 0): ScannedRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return { records, end: at, truncatedAt: base + at };
    const length = view.getBigUint64(at, true);
    if (view.getUint32(at + 8, true) !== maskedCrc32c(bytes.subarray(at, at + 8))) {
      return {
        records,
        end: at,
        corrupt: `${name}: corrupt record header at byte ${base + at} (length CRC mismatch)`,
        corruptHeader: true,
      };
    }
    const end = at + 12 + Number(length) + 4;
    if (length > BigInt(bytes.length) || end > bytes.length) return { records, end: at, truncatedAt: base + at };
    const data = bytes.subarray(at + 12, end - 4);
    if (view.getUint32(end - 4, true) !== maskedCrc32c(data)) {
      return { records, end: at, corrupt: `${name}: corrupt record at byte ${base + at} (data CRC mismatch)` };
    }
    records.push(data);
    at = end;
  }
  return { records, end: at };
}
