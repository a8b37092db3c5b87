// The dashboard's JSON API: what `nnlab board` serves and its web app reads. Shared by
// both sides so a change to one shows up as a type error in the other.

/** Tags a run holds, by kind. */
export interface RunTags {
  scalars: string[];
  histograms: string[];
  images: string[];
  texts: string[];
}

/** One run: a folder under the log directory holding event files. */
export interface RunInfo {
  /** Folder relative to the log directory (`.` for the log directory itself). */
  name: string;
  /** Grows each time new records are read for this run. */
  version: number;
  /** Event files, relative to the log directory. */
  files: string[];
  /** What could not be read (corrupt records, undecodable events), one line each. */
  warnings: string[];
  tags: RunTags;
  /** Wall time of the run's first record (seconds), for the relative-time axis. */
  startTime: number | null;
  /** The run's hyperparameters, from its hparams session records (TensorBoard's HPARAMS tab), if it has them. */
  hparams?: RunHParamsInfo;
  /** An experiment record this run holds (a sweep writes one at the log directory's top; PyTorch's add_hparams beside each session). */
  experiment?: ExperimentInfo;
}

/** A hyperparameter's value. */
export type HParamValueInfo = number | string | boolean;

/** What a run's session records say: its hyperparameters, its group (runs that differ only in seed share one), how it ended. */
export interface RunHParamsInfo {
  values: Record<string, HParamValueInfo>;
  /** The session group: the same for repeats of one configuration; empty when the record has none. */
  group: string;
  status: 'unknown' | 'success' | 'failure' | 'running';
  startTime: number | null;
  endTime: number | null;
}

/** An experiment record: the hyperparameters a sweep varies (with their values) and the metric tags it reports. */
export interface ExperimentInfo {
  hparams: Array<{ name: string; values?: HParamValueInfo[]; interval?: { min: number; max: number } }>;
  metrics: string[];
}

/** `GET /api/runs`. */
export interface RunsResponse {
  logdir: string;
  /** Grows with every change under the log directory. */
  version: number;
  runs: RunInfo[];
  /** Problems with the folder tree itself (unreadable folders, links leading outside). */
  warnings: string[];
}

/** `GET /api/scalars?run=&tag=`: columns; a NaN or infinite value arrives as null. */
export interface ScalarSeries {
  steps: number[];
  wallTimes: number[];
  values: Array<number | null>;
}

/** One histogram of `GET /api/histograms?run=&tag=`: bucket i counts values in (limits[i−1], limits[i]]. */
export interface HistogramPoint {
  step: number;
  wallTime: number;
  min: number;
  max: number;
  num: number;
  limits: number[];
  counts: number[];
}

/** One image of `GET /api/images?run=&tag=`; its PNG is at `GET /api/image?run=&tag=&index=`. */
export interface ImagePoint {
  step: number;
  wallTime: number;
  width: number;
  height: number;
  index: number;
}

/** One text of `GET /api/texts?run=&tag=` (Markdown, as TensorBoard's text plugin shows it). */
export interface TextPoint {
  step: number;
  wallTime: number;
  text: string;
}

/** What each series route answers, by kind: `GET /api/<kind>?run=&tag=` (the kinds of `RunTags`). */
export interface SeriesKinds {
  scalars: ScalarSeries;
  histograms: HistogramPoint[];
  images: ImagePoint[];
  texts: TextPoint[];
}
export type SeriesKind = keyof SeriesKinds;

/** Sent on `GET /api/events` (server-sent events) whenever the log directory changes. */
export interface ChangeMessage {
  version: number;
}
