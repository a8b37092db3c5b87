import { decodeEvent, type Histogram, type SummaryImage, type TfEvent } from './event.js';
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
  /** Byte offset where a cut-off last record starts (the file was being written or the writer crashed). */
  truncatedAt?: number;
}

const decoder = new TextDecoder();

/** An empty {@link EventFileContents}. */
export function emptyContents(): EventFileContents {
  return { scalars: new Map(), histograms: new Map(), images: new Map(), texts: new Map() };
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
 * Files an event's values under their kind and tag: simple values and scalar-plugin
 * tensors as scalars, histograms, images, and text-plugin string tensors as text.
 * Other values (audio, graphs, unknown plugins) are skipped.
 */
export function addEvent(out: EventFileContents, e: TfEvent): void {
  const push = <T>(map: Map<string, Point<T>[]>, tag: string, value: T) => {
    const list = map.get(tag) ?? [];
    list.push({ step: e.step, wallTime: e.wallTime, value });
    map.set(tag, list);
  };
  if (e.fileVersion) out.fileVersion = e.fileVersion;
  for (const v of e.summary ?? []) {
    const plugin = v.metadata?.pluginName;
    if (v.simpleValue !== undefined) push(out.scalars, v.tag, v.simpleValue);
    else if (v.histo) push(out.histograms, v.tag, v.histo);
    else if (v.image) push(out.images, v.tag, v.image);
    else if (v.tensor && plugin === 'text')
      push(out.texts, v.tag, v.tensor.stringVal.map((s) => decoder.decode(s)).join('\n'));
    else if (v.tensor && plugin === 'scalars')
      push(out.scalars, v.tag, v.tensor.floatVal[0] ?? v.tensor.doubleVal[0] ?? Number.NaN);
  }
}
