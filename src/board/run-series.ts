// How a run's records become the board's API answers (src/board/api.ts): the run list's
// entry, each kind of series, an image's bytes, and the thinning that bounds memory.
// One place for both the Node server (records read from event files) and the in-page
// runs (records a SummaryWriter hands over in the page), so both answer alike.
//
// src/board sits above src/summary in the layers (docs/architecture.md), so the records
// are named here only by the fields this file reads; the reader's `EventFileContents`
// fits these types as it is.

import type {
  HistogramPoint,
  HParamValueInfo,
  ImagePoint,
  RunInfo,
  SeriesKind,
  SeriesKinds,
  TextPoint,
} from './api.js';
import { keptAfterRestarts } from './orphans.js';
import { thinned } from './thin.js';

/** Most points kept per tag for the large kinds of value (scalars are kept whole). */
export interface PointLimits {
  histograms: number;
  images: number;
}

/** Enough for a slider and a smooth distribution chart, and bounded memory on long logs. */
export const DEFAULT_LIMITS: PointLimits = { histograms: 1000, images: 200 };

/** A value at a step (the reader's `Point`). */
export interface SeriesPoint<T> {
  step: number;
  wallTime: number;
  value: T;
}

/** What a histogram record holds (HistogramProto): bucket i counts values in (bucketLimit[i−1], bucketLimit[i]]. */
export interface HistogramRecord {
  min: number;
  max: number;
  num: number;
  bucketLimit: number[];
  bucket: number[];
}

/** What an image record holds: its size and its encoded (PNG, JPEG or GIF) bytes. */
export interface ImageRecord {
  width: number;
  height: number;
  encoded: Uint8Array;
}

/** The hparams plugin's records of a run (the last of each kind). */
export interface HParamsRecords {
  experiment?: {
    hparams: Array<{ name: string; values?: HParamValueInfo[]; interval?: { min: number; max: number } }>;
    metrics: Array<{ tag: string }>;
  };
  sessionStart?: { hparams: Record<string, HParamValueInfo>; groupName?: string; startTimeSecs?: number };
  sessionEnd?: { status: 'unknown' | 'success' | 'failure' | 'running'; endTimeSecs?: number };
}

/** A run's records by kind and tag. */
export interface RunContents {
  scalars: Map<string, SeriesPoint<number>[]>;
  histograms: Map<string, SeriesPoint<HistogramRecord>[]>;
  images: Map<string, SeriesPoint<ImageRecord>[]>;
  texts: Map<string, SeriesPoint<string>[]>;
  hparams?: HParamsRecords;
}

/** What the run list says of a run besides its records. */
export interface RunHeader {
  name: string;
  version: number;
  files: string[];
  warnings: string[];
}

/** A run's entry in `GET /api/runs`. */
export function runInfo(header: RunHeader, c: RunContents): RunInfo {
  let start = Number.POSITIVE_INFINITY;
  for (const map of [c.scalars, c.histograms, c.images, c.texts])
    for (const points of map.values()) if (points[0] && points[0].wallTime < start) start = points[0].wallTime;
  return {
    ...header,
    tags: {
      scalars: [...c.scalars.keys()].sort(),
      histograms: [...c.histograms.keys()].sort(),
      images: [...c.images.keys()].sort(),
      texts: [...c.texts.keys()].sort(),
    },
    startTime: Number.isFinite(start) ? start : null,
    ...hparamsInfo(c.hparams),
  };
}

/** The kinds of series, in the order of `RunTags`. */
export const SERIES_KINDS: readonly SeriesKind[] = ['scalars', 'histograms', 'images', 'texts'];

type Shaper<K extends SeriesKind> = (c: RunContents, tag: string) => SeriesKinds[K] | undefined;

const SHAPERS: { [K in SeriesKind]: Shaper<K> } = {
  scalars: (c, tag) => {
    const points = latest(c.scalars.get(tag));
    return (
      points && {
        steps: points.map((p) => p.step),
        wallTimes: points.map((p) => p.wallTime),
        // JSON has no NaN or infinities: they travel as null and are drawn as gaps.
        values: points.map((p) => (Number.isFinite(p.value) ? p.value : null)),
      }
    );
  },
  histograms: (c, tag) =>
    latest(c.histograms.get(tag))?.map(
      ({ step, wallTime, value: h }): HistogramPoint => ({
        step,
        wallTime,
        min: h.min,
        max: h.max,
        num: h.num,
        limits: h.bucketLimit.map((l) => (Number.isFinite(l) ? l : l > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE)),
        counts: h.bucket,
      }),
    ),
  images: (c, tag) => {
    const points = c.images.get(tag);
    // Indices stay those of the stored list: images are fetched by them (imageOf).
    return (
      points &&
      keptAfterRestarts(points.map((p) => p.step)).map((index): ImagePoint => {
        const p = points[index] as SeriesPoint<ImageRecord>;
        return { step: p.step, wallTime: p.wallTime, width: p.value.width, height: p.value.height, index };
      })
    );
  },
  texts: (c, tag) =>
    latest(c.texts.get(tag))?.map((p): TextPoint => ({ step: p.step, wallTime: p.wallTime, text: p.value })),
};

/** One tag's series of one kind (`GET /api/<kind>?run=&tag=`), or undefined when the run has no such tag. */
export function seriesOf<K extends SeriesKind>(c: RunContents, kind: K, tag: string): SeriesKinds[K] | undefined {
  return SHAPERS[kind](c, tag);
}

/** Whether `kind` names a kind of series (for routes that take it from a URL). */
export function isSeriesKind(kind: string): kind is SeriesKind {
  return (SERIES_KINDS as readonly string[]).includes(kind);
}

/** An image's bytes and type, by its index in an `ImagePoint` (`GET /api/image?run=&tag=&index=`). */
export function imageOf(c: RunContents, tag: string, index: number): { type: string; bytes: Uint8Array } | undefined {
  const point = Number.isInteger(index) ? c.images.get(tag)?.[index] : undefined;
  return point && { type: imageType(point.value.encoded), bytes: point.value.encoded };
}

/** The image's type from its first bytes (summaries hold PNG; TensorFlow also allows JPEG and GIF). */
export function imageType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x47 && bytes[1] === 0x49) return 'image/gif';
  return 'image/png';
}

/** Thins the histogram and image series that grew past their limits; returns whether any did. */
export function boundContents(c: RunContents, keep: PointLimits): boolean {
  let thinnedAny = false;
  const bound = <T>(map: Map<string, T[]>, most: number) => {
    for (const [tag, points] of map)
      if (points.length > most) {
        map.set(tag, thinned(points, most));
        thinnedAny = true;
      }
  };
  bound(c.histograms, keep.histograms);
  bound(c.images, keep.images);
  return thinnedAny;
}

/** A series without the points a restart from an earlier step replaced. */
function latest<T>(points: SeriesPoint<T>[] | undefined): SeriesPoint<T>[] | undefined {
  return points && keptAfterRestarts(points.map((p) => p.step)).map((i) => points[i] as SeriesPoint<T>);
}

/** A run's hparams records as `GET /api/runs` reports them (only the fields it has). */
function hparamsInfo(records: HParamsRecords | undefined): Pick<RunInfo, 'hparams' | 'experiment'> {
  const { sessionStart, sessionEnd, experiment } = records ?? {};
  const out: Pick<RunInfo, 'hparams' | 'experiment'> = {};
  if (sessionStart) {
    out.hparams = {
      values: sessionStart.hparams,
      group: sessionStart.groupName ?? '',
      status: sessionEnd?.status ?? 'running',
      startTime: sessionStart.startTimeSecs ?? null,
      endTime: sessionEnd?.endTimeSecs ?? null,
    };
  }
  if (experiment) {
    out.experiment = {
      hparams: experiment.hparams.map(({ name, values, interval }) => ({
        name,
        ...(values ? { values } : {}),
        ...(interval ? { interval } : {}),
      })),
      // A metric's group names a sub-run in TensorBoard; nnlab and PyTorch leave it empty.
      metrics: experiment.metrics.map((m) => m.tag),
    };
  }
  return out;
}

/** The warning for events that were framed correctly but did not decode, as the server and the page word it. */
export function skippedEventsWarning(name: string, count: number): string {
  return `${name}: skipped ${count} undecodable event(s)`;
}
