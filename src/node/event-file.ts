import { appendFileSync, mkdirSync, statSync, truncateSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SummaryWriter } from '../summary/summary-writer.js';
import { fsyncPath } from './atomic-write.js';

let counter = 0;
const open = new Set<EventFile>();
let hooked = false;

/**
 * An event file in a run folder, named as TensorFlow names them
 * (`events.out.tfevents.<seconds>.<host>.<pid>.<n>`). Records are buffered and appended
 * every `flushSeconds` (checked on each record and by a timer), on {@link close}, at
 * process exit and on Ctrl-C, so a crash loses at most the last few seconds; a record
 * cut off by a kill mid-write is skipped by the reader.
 */
export class EventFile {
  /** Whether Ctrl-C flushes and exits (130); a command that checkpoints on Ctrl-C turns it off and exits itself. */
  static exitOnInterrupt = true;
  readonly path: string;
  readonly writer: SummaryWriter;
  private buffer: Uint8Array[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private lastFlush = Date.now();

  /**
   * @param runDir the run folder (made if missing)
   * @param flushSeconds how often buffered records are appended
   * @param continueFrom an event file of this run to go on with, cut back to its first
   *   `bytes` (what a checkpoint recorded: records after it are written again)
   */
  constructor(
    runDir: string,
    private readonly flushSeconds = 5,
    continueFrom?: { readonly path: string; readonly bytes: number },
  ) {
    mkdirSync(runDir, { recursive: true });
    const seconds = Math.floor(Date.now() / 1000);
    if (continueFrom) {
      this.path = continueFrom.path;
      if (statSync(this.path).size < continueFrom.bytes) {
        throw new Error(`${this.path} is shorter than the ${continueFrom.bytes} bytes the checkpoint recorded`);
      }
      truncateSync(this.path, continueFrom.bytes);
    } else {
      this.path = join(runDir, `events.out.tfevents.${seconds}.${hostname()}.${process.pid}.${counter++}`);
      appendFileSync(this.path, new Uint8Array(0));
    }
    const sink = (record: Uint8Array) => {
      this.buffer.push(record);
      // Training loops run synchronously for long stretches: flush from here too, not only from the timer.
      if (Date.now() - this.lastFlush > this.flushSeconds * 1000) this.flush();
    };
    this.writer = new SummaryWriter(sink, undefined, undefined, continueFrom !== undefined);
    this.flush();
    this.timer = setInterval(() => this.flush(), flushSeconds * 1000);
    this.timer.unref();
    open.add(this);
    hookExit();
  }

  /** Appends buffered records to the file. */
  flush(): void {
    this.lastFlush = Date.now();
    if (this.buffer.length === 0) return;
    const parts = this.buffer;
    this.buffer = [];
    appendFileSync(this.path, Buffer.concat(parts));
  }

  /** Bytes in the file once flushed and fsynced (what a durable checkpoint records to continue from). */
  get bytes(): number {
    this.flush();
    fsyncPath(this.path);
    return statSync(this.path).size;
  }

  /** Flushes and stops the periodic flush. */
  close(): void {
    clearInterval(this.timer);
    this.flush();
    open.delete(this);
  }
}

/** Flush every open file when the process ends, including on Ctrl-C. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const f of open) f.flush();
  });
  // Ctrl-C: flush, then exit as the signal would (the training loop yields between steps so this can run).
  process.on('SIGINT', () => {
    for (const f of open) f.flush();
    if (EventFile.exitOnInterrupt) process.exit(130);
  });
}
