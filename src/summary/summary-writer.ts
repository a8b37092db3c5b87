import type { Histogram, SummaryValue, TfEvent } from './event.js';
import { encodeEvent } from './event.js';
import { makeHistogram } from './histogram.js';
import { encodeHParamsRecord, HPARAMS_PLUGIN, HPARAMS_TAGS, type HParamsRecord } from './hparams.js';
import { frameRecord } from './tfrecord.js';

/** Where framed records go (a file appender in Node, memory in tests or a browser). */
export type RecordSink = (record: Uint8Array) => void;

/** The version string TensorBoard expects in the first event of a file. */
export const FILE_VERSION = 'brain.Event:2';

const encoder = new TextEncoder();

/**
 * Writes TensorBoard summaries — scalars, histograms, images, text — as framed Event
 * records, encoded as PyTorch's and TensorFlow's writers encode them, so TensorBoard
 * reads nnlab's runs like theirs. The first record is the file-version event.
 */
export class SummaryWriter {
  /**
   * @param sink where the framed records go
   * @param now the wall time of each record (seconds)
   * @param wallTime the file-version event's time
   * @param continuing true for a writer that appends to a file already begun (no second file-version event)
   */
  constructor(
    private readonly sink: RecordSink,
    private readonly now: () => number = () => Date.now() / 1000,
    wallTime = now(),
    continuing = false,
  ) {
    if (!continuing) this.event({ wallTime, step: 0, fileVersion: FILE_VERSION, sourceWriter: 'nnlab' });
  }

  /** A scalar (shown in TensorBoard's Scalars tab). */
  scalar(tag: string, value: number, step: number, wallTime = this.now()): void {
    this.value({ tag, simpleValue: value }, step, wallTime);
  }

  /** A histogram of `values` on TensorFlow's default buckets (Histograms and Distributions tabs). */
  histogram(tag: string, values: ArrayLike<number>, step: number, wallTime = this.now()): void {
    this.histogramProto(tag, makeHistogram(values), step, wallTime);
  }

  /** A histogram already bucketed. */
  histogramProto(tag: string, histo: Histogram, step: number, wallTime = this.now()): void {
    this.value({ tag, histo }, step, wallTime);
  }

  /** A PNG image of `width` × `height` pixels (`colorspace`: 3 RGB, 4 RGBA). */
  image(
    tag: string,
    png: Uint8Array,
    width: number,
    height: number,
    step: number,
    wallTime = this.now(),
    colorspace = 3,
  ): void {
    this.value({ tag, image: { height, width, colorspace, encoded: png } }, step, wallTime);
  }

  /** Text (Markdown), stored under `<tag>/text_summary` for TensorBoard's Text tab. */
  text(tag: string, text: string, step: number, wallTime = this.now()): void {
    this.value(
      {
        tag: `${tag}/text_summary`,
        metadata: { pluginName: 'text' },
        tensor: { dtype: 7, shape: [1], stringVal: [encoder.encode(text)], floatVal: [], doubleVal: [] },
      },
      step,
      wallTime,
    );
  }

  /**
   * An hparams plugin record (TensorBoard's HPARAMS tab): a session start with the run's
   * hyperparameters, its end with the status, or a sweep's experiment. Written as PyTorch's
   * `add_hparams` writes it: a value with no data, the record as plugin content, step 0.
   */
  hparams(record: HParamsRecord, wallTime = this.now()): void {
    const pluginContent = encodeHParamsRecord(record);
    this.value(
      { tag: HPARAMS_TAGS[record.kind], metadata: { pluginName: HPARAMS_PLUGIN, pluginContent } },
      0,
      wallTime,
    );
  }

  private value(value: SummaryValue, step: number, wallTime: number): void {
    this.event({ wallTime, step, summary: [value] });
  }

  private event(e: TfEvent): void {
    this.sink(frameRecord(encodeEvent(e)));
  }
}
