import type { RunInfo, RunsResponse, SeriesKind, SeriesKinds } from '../board/api.js';
import {
  boundContents,
  DEFAULT_LIMITS,
  imageOf,
  type PointLimits,
  runInfo,
  seriesOf,
  skippedEventsWarning,
} from '../board/run-series.js';
import type { BoardSource } from '../board/source.js';
import { concatBytes } from '../util/bytes.js';
import { decodeEvent } from './event.js';
import { addEvent, type EventFileContents, emptyContents } from './reader.js';
import type { RecordSink } from './summary-writer.js';
import { scanRecords } from './tfrecord.js';

/** One run held in memory: its records read so far, and what is left of a record cut in two. */
interface MemoryRun {
  name: string;
  contents: EventFileContents;
  /** Changes with every change to the run and never repeats (views and caches go by it). */
  version: number;
  /** The start of a record whose end has not arrived yet. */
  pending: Uint8Array;
  /** Bytes taken in so far, for the offsets in warnings. */
  offset: number;
  skipped: number;
  /** Set when a record failed its CRC: nothing after it is read, as the server does with a file. */
  stopped?: string;
  /** The blob: URLs handed out for the run's images, by the images' bytes. */
  urls: Map<Uint8Array, string>;
  /** Series shaped at the run's current version, by kind and tag. */
  shaped: Map<string, unknown>;
}

/** Options of {@link MemoryRuns}. */
export interface MemoryRunsOptions {
  /** What the run list names as the runs' place (`RunsResponse.logdir`); default `in-page`. */
  label?: string;
  /** Most histograms and images kept per tag (default: the server's, 1000 and 200). */
  keep?: PointLimits;
}

/**
 * Runs whose records live in the page: a `SummaryWriter` whose sink is {@link sink}
 * hands its framed records over, they are decoded as they come, and the board's views
 * read them through the {@link BoardSource} interface — the run list and the series
 * shaped by the same code as the server's API, images as blob: URLs. Histograms and
 * images are thinned past the same limits as the server's, so a long run in a tab
 * keeps bounded memory. Listeners hear of new records once per task, however many came.
 */
export class MemoryRuns implements BoardSource {
  /** Grows with every change to any run. */
  version = 0;
  private readonly byName = new Map<string, MemoryRun>();
  private readonly listeners = new Set<() => void>();
  private readonly label: string;
  private readonly keep: PointLimits;
  private stamp = 0;
  private notifyQueued = false;

  constructor(options: MemoryRunsOptions = {}) {
    this.label = options.label ?? 'in-page';
    this.keep = options.keep ?? DEFAULT_LIMITS;
  }

  /** A `SummaryWriter` sink that files its records under run `name`. */
  sink(name: string): RecordSink {
    return (record) => this.append(name, record);
  }

  /**
   * Takes framed TFRecord bytes for run `name`: whole records, several at once, or a
   * record in pieces (the rest waits for the next call). The bytes are kept, not copied:
   * a caller must not reuse the buffer (a `SummaryWriter` makes a new one per record).
   */
  append(name: string, bytes: Uint8Array): void {
    let run = this.byName.get(name);
    let changed = false;
    if (!run) {
      run = {
        name,
        contents: emptyContents(),
        version: 0,
        pending: new Uint8Array(),
        offset: 0,
        skipped: 0,
        urls: new Map(),
        shaped: new Map(),
      };
      this.byName.set(name, run);
      changed = true;
    }
    if (run.stopped !== undefined) return;
    const data = run.pending.length > 0 ? concatBytes([run.pending, bytes]) : bytes;
    const scan = scanRecords(data, name, run.offset);
    let added = 0;
    for (const record of scan.records) {
      try {
        addEvent(run.contents, decodeEvent(record));
        added++;
      } catch {
        run.skipped++;
        changed = true;
      }
    }
    run.offset += scan.end;
    // What is left is copied, so the pieces of a split record do not pin their buffers.
    run.pending = scan.corrupt === undefined ? data.slice(scan.end) : new Uint8Array();
    if (scan.corrupt !== undefined) {
      run.stopped = `${scan.corrupt}: showing the records before it`;
      changed = true;
    }
    if (added > 0) {
      if (boundContents(run.contents, this.keep)) this.revokeDropped(run);
      changed = true;
    }
    if (changed) this.changed(run);
  }

  /** The run list, as the server's `GET /api/runs` answers it (runs sorted by name). */
  runsResponse(): RunsResponse {
    const runs: RunInfo[] = [...this.byName.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((run) =>
        runInfo({ name: run.name, version: run.version, files: [], warnings: warningsOf(run) }, run.contents),
      );
    return { logdir: this.label, version: this.version, runs, warnings: [] };
  }

  runs(): Promise<RunsResponse> {
    return Promise.resolve(this.runsResponse());
  }

  /** One tag's series, as `GET /api/<kind>?run=&tag=` answers it; undefined for an unknown run or tag. */
  series<K extends SeriesKind>(kind: K, runName: string, tag: string): SeriesKinds[K] | undefined {
    const run = this.byName.get(runName);
    if (!run) return undefined;
    // Cards ask again on every redraw; a run that did not change is not shaped again.
    const key = `${kind}\u0000${tag}`;
    if (run.shaped.has(key)) return run.shaped.get(key) as SeriesKinds[K];
    const value = seriesOf(run.contents, kind, tag);
    if (value) run.shaped.set(key, value);
    return value;
  }

  get<K extends SeriesKind>(kind: K, run: RunInfo, tag: string): Promise<SeriesKinds[K]> {
    const value = this.series(kind, run.name, tag);
    return value
      ? Promise.resolve(value)
      : Promise.reject(
          new Error(this.byName.has(run.name) ? `run ${run.name} has no ${kind} tag ${tag}` : `no run ${run.name}`),
        );
  }

  /** The image's bytes and type, as `GET /api/image?run=&tag=&index=` answers them. */
  image(runName: string, tag: string, index: number): { type: string; bytes: Uint8Array } | undefined {
    const run = this.byName.get(runName);
    return run && imageOf(run.contents, tag, index);
  }

  /**
   * A blob: URL of the image (the same one each time it is asked for), revoked when
   * thinning drops the image or the runs are disposed; `data:,` for an image not held.
   */
  imageUrl(runName: string, tag: string, index: number): string {
    const run = this.byName.get(runName);
    const image = run && imageOf(run.contents, tag, index);
    if (!run || !image) return 'data:,';
    let url = run.urls.get(image.bytes);
    if (url === undefined) {
      url = URL.createObjectURL(new Blob([image.bytes.slice()], { type: image.type }));
      run.urls.set(image.bytes, url);
    }
    return url;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets run `name` (its images' URLs are revoked). */
  delete(name: string): void {
    const run = this.byName.get(name);
    if (!run) return;
    for (const url of run.urls.values()) URL.revokeObjectURL(url);
    this.byName.delete(name);
    this.version++;
    this.queueNotify();
  }

  /** Forgets every run and listener. */
  dispose(): void {
    for (const name of [...this.byName.keys()]) this.delete(name);
    this.listeners.clear();
  }

  private changed(run: MemoryRun): void {
    run.version = ++this.stamp;
    run.shaped.clear();
    this.version++;
    this.queueNotify();
  }

  /** One notice per task: a training step writes dozens of records, the views redraw once. */
  private queueNotify(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const listener of [...this.listeners]) listener();
    });
  }

  /** Revokes the URLs of images that thinning dropped. */
  private revokeDropped(run: MemoryRun): void {
    const kept = new Set<Uint8Array>();
    for (const points of run.contents.images.values()) for (const p of points) kept.add(p.value.encoded);
    for (const [bytes, url] of run.urls)
      if (!kept.has(bytes)) {
        URL.revokeObjectURL(url);
        run.urls.delete(bytes);
      }
  }
}

/** A run's problems, worded as the server words a file's. */
function warningsOf(run: MemoryRun): string[] {
  const out: string[] = [];
  if (run.skipped > 0) out.push(skippedEventsWarning(run.name, run.skipped));
  if (run.stopped !== undefined) out.push(run.stopped);
  return out;
}
