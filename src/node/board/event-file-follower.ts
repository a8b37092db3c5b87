import { open } from 'node:fs/promises';
import { skippedEventsWarning } from '../../board/run-series.js';
import { decodeEvent } from '../../summary/event.js';
import { addEvent, type EventFileContents } from '../../summary/reader.js';
import { scanRecords } from '../../summary/tfrecord.js';

/** Most bytes read per poll: a huge file is taken in pieces, not one allocation. */
const DEFAULT_CHUNK = 16 * 1024 * 1024;
/** A single record longer than this is not an event (a damaged length field). */
const MAX_RECORD = 256 * 1024 * 1024;
/** Polls a cut-off record may sit unchanged before it is reported (the writer probably crashed). */
const STALL_POLLS = 5;
const WAITING = ': waiting for the writer to finish it';

/**
 * Follows one event file as it grows: each {@link poll} reads the bytes appended since
 * the last complete record and files the new events into the run's contents. A record
 * still being written is left for the next poll (and reported if it never completes);
 * a corrupt record stops reading with a warning, unless it is the file's last one,
 * which may still be being written and is tried again; undecodable events are
 * skipped and counted. Nothing here throws for a damaged file.
 */
export class EventFileFollower {
  private offset = 0;
  private stopped: string | undefined;
  private skipped = 0;
  private stalled = 0;
  private tail: string | undefined;

  constructor(
    readonly path: string,
    /** Name shown in warnings (relative to the log directory). */
    readonly name: string,
    private readonly chunk = DEFAULT_CHUNK,
  ) {}

  /** Problems met in this file, one line each. */
  get warnings(): string[] {
    const out: string[] = [];
    if (this.skipped > 0) out.push(skippedEventsWarning(this.name, this.skipped));
    if (this.tail !== undefined) out.push(this.tail);
    if (this.stopped !== undefined) out.push(this.stopped);
    return out;
  }

  /** Reads what was appended up to `size` bytes; returns the number of events added to `into`. */
  async poll(into: EventFileContents, size: number): Promise<number> {
    if (this.stopped !== undefined) return 0;
    if (size < this.offset) {
      this.stopped = `${this.name}: the file shrank (rewritten?): showing what was read before`;
      return 0;
    }
    let added = 0;
    try {
      while (size > this.offset) {
        const remaining = size - this.offset;
        let bytes = await readAt(this.path, this.offset, Math.min(remaining, this.chunk));
        let scan = scanRecords(bytes, this.name, this.offset);
        if (scan.end === 0 && scan.corrupt === undefined) {
          // One record longer than a chunk, or a record cut off at the end of the file.
          const length = recordLength(bytes, 0);
          if (length > MAX_RECORD) {
            this.stopped = `${this.name}: a record at byte ${this.offset} claims ${length} bytes: showing the records before it`;
            break;
          }
          if (length <= bytes.length || length > remaining) break; // still being written
          bytes = await readAt(this.path, this.offset, length);
          scan = scanRecords(bytes, this.name, this.offset);
        }
        for (const record of scan.records) {
          try {
            addEvent(into, decodeEvent(record));
            added++;
          } catch {
            this.skipped++;
          }
        }
        this.offset += scan.end;
        this.tail = undefined;
        if (scan.corrupt !== undefined) {
          // A data CRC failing on the file's last record may be a write in progress: try again next time.
          const last = !scan.corruptHeader && this.offset + recordLength(bytes, scan.end) >= size;
          if (last) this.tail = `${scan.corrupt}${WAITING}`;
          else this.stopped = `${scan.corrupt}: showing the records before it`;
          break;
        }
        if (scan.end === 0) break;
      }
    } catch (error) {
      // Deleted or made unreadable between the listing and the read: keep what was read.
      this.stopped = `${this.name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
    this.stalled = size > this.offset && added === 0 ? this.stalled + 1 : 0;
    if (this.stalled >= STALL_POLLS && this.stopped === undefined) {
      // A bad last record that no writer comes back to fix is corruption after all.
      if (this.tail?.endsWith(WAITING)) this.stopped = this.tail.replace(WAITING, ': showing the records before it');
      else
        this.tail ??= `${this.name}: ends inside a record at byte ${this.offset} (a writer still running, or one that crashed)`;
      if (this.stopped !== undefined) this.tail = undefined;
    }
    return added;
  }
}

/** The full length (header, data and CRCs) of the record starting at `at`, or 0 if its header is not all there. */
function recordLength(bytes: Uint8Array, at: number): number {
  if (at + 8 > bytes.length) return 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
  return Number(view.getBigUint64(0, true)) + 16;
}

async function readAt(path: string, position: number, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
