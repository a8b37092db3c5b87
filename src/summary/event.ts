import { ProtoWriter, readFields, unpackDoubles, unpackFloats } from './protobuf.js';

// TensorFlow's Event and Summary messages (tensorflow/core/util/event.proto,
// tensorflow/core/framework/summary.proto, tensor.proto), the fields TensorBoard reads.

/** HistogramProto: bucket i counts values in (bucket_limit[i−1], bucket_limit[i]]. */
export interface Histogram {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}

/** Summary.Image: an encoded (PNG) picture. */
export interface SummaryImage {
  height: number;
  width: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  colorspace: number;
  encoded: Uint8Array;
}

/** The subset of TensorProto summaries use: string tensors (text) and float tensors (scalars). */
export interface SummaryTensor {
  /** DataType enum: 1 = DT_FLOAT, 2 = DT_DOUBLE, 7 = DT_STRING. */
  dtype: number;
  shape: number[];
  stringVal: Uint8Array[];
  floatVal: number[];
  doubleVal: number[];
  /** tensor_content: the values packed little-endian by dtype (how TensorFlow 2 writes numbers). */
  content?: Uint8Array;
}

/** SummaryMetadata: which TensorBoard plugin shows the value. */
export interface SummaryMetadata {
  pluginName?: string;
  pluginContent?: Uint8Array;
  displayName?: string;
  summaryDescription?: string;
  /** DataClass enum: 1 scalar, 2 tensor, 3 blob sequence. */
  dataClass?: number;
}

/** One Summary.Value: a tag and exactly one kind of value. */
export interface SummaryValue {
  tag: string;
  metadata?: SummaryMetadata;
  simpleValue?: number;
  image?: SummaryImage;
  histo?: Histogram;
  tensor?: SummaryTensor;
}

/** An Event record. */
export interface TfEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  summary?: SummaryValue[];
  /** SourceMetadata.writer: which program wrote the file (TensorBoard shows it). */
  sourceWriter?: string;
}

/** Serialises an Event as TensorFlow's protobuf does (field order, defaults omitted). */
export function encodeEvent(e: TfEvent): Uint8Array {
  const w = new ProtoWriter();
  if (present(e.wallTime)) w.double(1, e.wallTime);
  if (e.step !== 0) w.int(2, e.step);
  if (e.fileVersion) w.string(3, e.fileVersion);
  const { summary, sourceWriter } = e;
  if (summary) {
    w.message(5, (s) => {
      for (const v of summary) s.message(1, (vw) => writeValue(vw, v));
    });
  }
  if (sourceWriter) w.message(10, (m) => m.string(1, sourceWriter));
  return w.finish();
}

function writeValue(w: ProtoWriter, v: SummaryValue): void {
  w.string(1, v.tag);
  if (v.simpleValue !== undefined) w.float(2, v.simpleValue);
  const { image, histo, tensor, metadata } = v;
  if (image) {
    w.message(4, (iw) => {
      if (image.height) iw.int(1, image.height);
      if (image.width) iw.int(2, image.width);
      if (image.colorspace) iw.int(3, image.colorspace);
      if (image.encoded.length) iw.bytes(4, image.encoded);
    });
  }
  if (histo) {
    w.message(5, (hw) => {
      if (present(histo.min)) hw.double(1, histo.min);
      if (present(histo.max)) hw.double(2, histo.max);
      if (present(histo.num)) hw.double(3, histo.num);
      if (present(histo.sum)) hw.double(4, histo.sum);
      if (present(histo.sumSquares)) hw.double(5, histo.sumSquares);
      hw.packedDoubles(6, histo.bucketLimit);
      hw.packedDoubles(7, histo.bucket);
    });
  }
  if (tensor) {
    w.message(8, (tw) => {
      if (tensor.dtype) tw.int(1, tensor.dtype);
      tw.message(2, (sw) => {
        for (const d of tensor.shape) {
          sw.message(2, (dw) => {
            if (d) dw.int(1, d);
          });
        }
      });
      if (tensor.content?.length) tw.bytes(4, tensor.content);
      tw.packedFloats(5, tensor.floatVal);
      tw.packedDoubles(6, tensor.doubleVal);
      for (const s of tensor.stringVal) tw.bytes(8, s);
    });
  }
  if (metadata) {
    w.message(9, (mw) => {
      if (metadata.pluginName !== undefined || metadata.pluginContent) {
        mw.message(1, (pw) => {
          if (metadata.pluginName) pw.string(1, metadata.pluginName);
          if (metadata.pluginContent?.length) pw.bytes(2, metadata.pluginContent);
        });
      }
      if (metadata.displayName) mw.string(2, metadata.displayName);
      if (metadata.summaryDescription) mw.string(3, metadata.summaryDescription);
      if (metadata.dataClass) mw.int(4, metadata.dataClass);
    });
  }
}

/** Proto3 skips a double only when its bits are zero: −0 is written, as the reference serialisers do. */
function present(x: number): boolean {
  return !Object.is(x, 0);
}

const decoder = new TextDecoder();

/** Parses an Event record. */
export function decodeEvent(bytes: Uint8Array): TfEvent {
  const e: TfEvent = { wallTime: 0, step: 0 };
  for (const f of readFields(bytes)) {
    if (f.field === 1) e.wallTime = f.number;
    else if (f.field === 2) e.step = f.int;
    else if (f.field === 3) e.fileVersion = decoder.decode(f.bytes);
    else if (f.field === 5) {
      e.summary = [];
      for (const sf of readFields(f.bytes)) if (sf.field === 1) e.summary.push(decodeValue(sf.bytes));
    } else if (f.field === 10) {
      for (const mf of readFields(f.bytes)) if (mf.field === 1) e.sourceWriter = decoder.decode(mf.bytes);
    }
  }
  return e;
}

function decodeValue(bytes: Uint8Array): SummaryValue {
  const v: SummaryValue = { tag: '' };
  for (const f of readFields(bytes)) {
    if (f.field === 1) v.tag = decoder.decode(f.bytes);
    else if (f.field === 2) v.simpleValue = f.number;
    else if (f.field === 4) v.image = decodeImage(f.bytes);
    else if (f.field === 5) v.histo = decodeHistogram(f.bytes);
    else if (f.field === 8) v.tensor = decodeTensor(f.bytes);
    else if (f.field === 9) v.metadata = decodeMetadata(f.bytes);
  }
  return v;
}

function decodeImage(bytes: Uint8Array): SummaryImage {
  const image: SummaryImage = { height: 0, width: 0, colorspace: 0, encoded: new Uint8Array(0) };
  for (const f of readFields(bytes)) {
    if (f.field === 1) image.height = f.int;
    else if (f.field === 2) image.width = f.int;
    else if (f.field === 3) image.colorspace = f.int;
    // A copy: a view would keep the whole buffer the record was read from alive.
    else if (f.field === 4) image.encoded = f.bytes.slice();
  }
  return image;
}

function decodeHistogram(bytes: Uint8Array): Histogram {
  const h: Histogram = { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  for (const f of readFields(bytes)) {
    if (f.field === 1) h.min = f.number;
    else if (f.field === 2) h.max = f.number;
    else if (f.field === 3) h.num = f.number;
    else if (f.field === 4) h.sum = f.number;
    else if (f.field === 5) h.sumSquares = f.number;
    else if (f.field === 6) unpackDoubles(f, h.bucketLimit);
    else if (f.field === 7) unpackDoubles(f, h.bucket);
  }
  return h;
}

function decodeTensor(bytes: Uint8Array): SummaryTensor {
  const t: SummaryTensor = { dtype: 0, shape: [], stringVal: [], floatVal: [], doubleVal: [] };
  for (const f of readFields(bytes)) {
    if (f.field === 1) t.dtype = f.int;
    else if (f.field === 2) {
      for (const d of readFields(f.bytes)) {
        if (d.field !== 2) continue;
        let size = 0;
        for (const df of readFields(d.bytes)) if (df.field === 1) size = df.int;
        t.shape.push(size);
      }
    } else if (f.field === 4) t.content = f.bytes.slice();
    else if (f.field === 5) unpackFloats(f, t.floatVal);
    else if (f.field === 6) unpackDoubles(f, t.doubleVal);
    else if (f.field === 8) t.stringVal.push(f.bytes);
  }
  return t;
}

function decodeMetadata(bytes: Uint8Array): SummaryMetadata {
  const m: SummaryMetadata = {};
  for (const f of readFields(bytes)) {
    if (f.field === 1) {
      m.pluginName = '';
      for (const pf of readFields(f.bytes)) {
        if (pf.field === 1) m.pluginName = decoder.decode(pf.bytes);
        else if (pf.field === 2) m.pluginContent = pf.bytes;
      }
    } else if (f.field === 2) m.displayName = decoder.decode(f.bytes);
    else if (f.field === 3) m.summaryDescription = decoder.decode(f.bytes);
    else if (f.field === 4) m.dataClass = f.int;
  }
  return m;
}

/**
 * A numeric tensor's values, whichever way they were stored: float_val / double_val
 * (TensorFlow 1, PyTorch) or tensor_content packed by dtype (TensorFlow 2). Integer
 * and half types are read too; other dtypes give no values.
 */
export function tensorNumbers(t: SummaryTensor): number[] {
  if (t.floatVal.length) return t.floatVal;
  if (t.doubleVal.length) return t.doubleVal;
  const c = t.content;
  if (!c?.length) return [];
  const view = new DataView(c.buffer, c.byteOffset, c.byteLength);
  const read: Record<number, [number, (at: number) => number]> = {
    1: [4, (at) => view.getFloat32(at, true)],
    2: [8, (at) => view.getFloat64(at, true)],
    3: [4, (at) => view.getInt32(at, true)],
    9: [8, (at) => Number(view.getBigInt64(at, true))],
    19: [2, (at) => halfToNumber(view.getUint16(at, true))],
  };
  const kind = read[t.dtype];
  if (!kind) return [];
  const [size, get] = kind;
  return Array.from({ length: Math.floor(c.length / size) }, (_, i) => get(i * size));
}

/** IEEE half precision (DT_HALF) to a number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
