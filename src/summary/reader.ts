import { decodeEvent, type Histogram, type SummaryImage, type TfEvent, tensorNumbers } from './event.js';
import {
  decodeHParamsRecord,
  HPARAMS_PLUGIN,
  type HParamsExperiment,
  type SessionEnd,
  type SessionStart,
} from './hparams.js';
import { parseRecords } from './tfrecord.js';

/** A value at a step. */
export interface Point<T> {
  step: number;
  wallTime: number;
  value: T;
}

/** What an event file holds, by kind and tag. */
export interface EventFileContents {
  fileVersion?: string;
  scalars: Map<string, Point<number>[]>;
  histograms: Map<string, Point<Histogram>[]>;
  images: Map<string, Point<SummaryImage>[]>;
  texts: Map<string, Point<string>[]>;
  /**
   * Plugin of each tag, from its first value's metadata: TensorFlow writes the metadata
   * only with a tag's first value, so later values are read by what the first one said.
   */
  plugins?: Map<string, string>;
  /** The hparams plugin's records (the last of each kind wins, as in TensorBoard). */
  hparams?: RunHParams;
  /** Byte offset where a cut-off last record starts (the file was being written or the writer crashed). */
  truncatedAt?: number;
}

/** What a run says of its hyperparameters, TensorBoard's way (see `hparams.ts`). */
export interface RunHParams {
  experiment?: HParamsExperiment;
  sessionStart?: SessionStart;
  sessionEnd?: SessionEnd;
}

const decoder = new TextDecoder();

/** An empty {@link EventFileContents}. */
export function emptyContents(): EventFileContents {
  return { scalars: new Map(), histograms: new Map(), images: new Map(), texts: new Map(), plugins: new Map() };
}

/**
 * Reads an event file into typed series. CRCs are checked (corruption throws, naming
 * the file and offset); a file whose last record is cut off yields its valid prefix.
 */
export function readEventFile(bytes: Uint8Array, name: string): EventFileContents {
  const { records, truncatedAt } = parseRecords(bytes, name);
  const out = emptyContents();
  if (truncatedAt !== undefined) out.truncatedAt = truncatedAt;
  for (const record of records) addEvent(out, decodeEvent(record));
  return out;
}

/**
 * Files an event's values under their kind and tag: simple values, histograms and
 * images (TensorFlow 1, PyTorch), and tensors by their plugin — `scalars`,
 * `histograms` (a k×3 tensor of bucket left edge, right edge, count), `images` (width,
 * height, then encoded pictures) and `text` — as TensorFlow 2 writes them. Other values
 * (audio, graphs, unknown plugins) are skipped.
 */
export function addEvent(out: EventFileContents, e: TfEvent): void {
  const push = <T>(map: Map<string, Point<T>[]>, tag: string, value: T) => {
    const list = map.get(tag) ?? [];
    list.push({ step: e.step, wallTime: e.wallTime, value });
    map.set(tag, list);
  };
  if (e.fileVersion) out.fileVersion = e.fileVersion;
  for (const v of e.summary ?? []) {
    out.plugins ??= new Map();
    if (v.metadata?.pluginName && !out.plugins.has(v.tag)) out.plugins.set(v.tag, v.metadata.pluginName);
    const plugin = out.plugins.get(v.tag);
    const t = v.tensor;
    const content = v.metadata?.pluginContent;
    if (v.metadata?.pluginName === HPARAMS_PLUGIN && content) {
      addHParams(out, content);
      continue;
    }
    if (v.simpleValue !== undefined) push(out.scalars, v.tag, v.simpleValue);
    else if (v.histo) push(out.histograms, v.tag, v.histo);
    else if (v.image) push(out.images, v.tag, v.image);
    else if (!t) continue;
    else if (plugin === 'text') push(out.texts, v.tag, t.stringVal.map((s) => decoder.decode(s)).join('\n'));
    else if (plugin === 'scalars') push(out.scalars, v.tag, tensorNumbers(t)[0] ?? Number.NaN);
    else if (plugin === 'histograms') push(out.histograms, v.tag, tensorHistogram(tensorNumbers(t)));
    else if (plugin === 'images' && t.stringVal.length >= 3) {
      // A batch of pictures: each becomes a point of the step.
      const [width, height, ...pictures] = t.stringVal as [Uint8Array, Uint8Array, ...Uint8Array[]];
      for (const encoded of pictures)
        push(out.images, v.tag, {
          width: Number(decoder.decode(width)),
          height: Number(decoder.decode(height)),
          colorspace: 0,
          encoded,
        });
    }
  }
}

/** Files one hparams record; one that does not decode is skipped, as other plugins' values are. */
function addHParams(out: EventFileContents, content: Uint8Array): void {
  let record: ReturnType<typeof decodeHParamsRecord>;
  try {
    record = decodeHParamsRecord(content);
  } catch {
    return;
  }
  out.hparams ??= {};
  if (record.kind === 'experiment') out.hparams.experiment = record.experiment;
  else if (record.kind === 'sessionStart') out.hparams.sessionStart = record.sessionStart;
  else out.hparams.sessionEnd = record.sessionEnd;
}

/** A TensorFlow 2 histogram (rows of left edge, right edge, count) as a HistogramProto. */
function tensorHistogram(values: number[]): Histogram {
  const rows = Math.floor(values.length / 3);
  const h: Histogram = { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  for (let i = 0; i < rows; i++) {
    const [left, right, count] = [values[3 * i], values[3 * i + 1], values[3 * i + 2]] as [number, number, number];
    if (i === 0) h.min = left;
    h.max = right;
    h.bucketLimit.push(right);
    h.bucket.push(count);
    h.num += count;
    // Bucket centres stand in for the values, which the tensor no longer has.
    const centre = (left + right) / 2;
    h.sum += count * centre;
    h.sumSquares += count * centre * centre;
  }
  return h;
}
