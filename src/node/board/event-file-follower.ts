import { open } from 'node:fs/promises';
import { decodeEvent } from '../../summary/event.js';
import { addEvent, type EventFileContents } from '../../summary/reader.js';
import { scanRecords } from '../../summary/tfrecord.js';

/**
 * Follows one event file as it grows: each {@link poll} reads the bytes appended since
 * the last complete record and files the new events into the run's contents. A record
 * still being written is left for the next poll; a corrupt record or an undecodable
 * event stops or skips reading with a warning instead of an error, so a damaged file
 * shows what is valid.
 */
export class EventFileFollower {
  private offset = 0;
  private stopped = false;
  /** Problems met in this file, one line each. */
  readonly warnings: string[] = [];

  constructor(
    readonly path: string,
    /** Name shown in warnings (relative to the log directory). */
    readonly name: string,
  ) {}

  /** Reads what was appended up to `size` bytes; returns the number of events added to `into`. */
  async poll(into: EventFileContents, size: number): Promise<number> {
    if (this.stopped || size === this.offset) return 0;
    if (size < this.offset) {
      this.stop(`${this.name}: the file shrank (rewritten?): showing what was read before`);
      return 0;
    }
    const bytes = await readAt(this.path, this.offset, size - this.offset);
    const scan = scanRecords(bytes, this.name, this.offset);
    let added = 0;
    for (const record of scan.records) {
      try {
        addEvent(into, decodeEvent(record));
        added++;
      } catch (error) {
        this.warnings.push(`${this.name}: skipped an undecodable event (${(error as Error).message})`);
      }
    }
    this.offset += scan.end;
    if (scan.corrupt !== undefined) this.stop(`${scan.corrupt}: showing the records before it`);
    return added;
  }

  private stop(warning: string): void {
    this.stopped = true;
    this.warnings.push(warning);
  }
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
