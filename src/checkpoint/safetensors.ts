import { DataError } from '../data/data-error.js';
import { formatShape, type Shape } from '../tensor/tensor.js';

/** One named tensor in a safetensors file. */
export interface NamedTensor {
  name: string;
  shape: readonly number[];
  data: Float32Array | Float64Array;
}

const DTYPES = { F32: 4, F64: 8 } as const;

/** Whether typed arrays here are little-endian, as safetensors files are. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
type SafeDType = keyof typeof DTYPES;

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Encodes tensors in the safetensors format (as Hugging Face's `safetensors` reads
 * it): an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, padded with spaces to 8 bytes, then the raw
 * little-endian data in header order.
 */
export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name in header) throw new RangeError(`duplicate tensor name ${t.name}`);
    const dtype: SafeDType = t.data instanceof Float32Array ? 'F32' : 'F64';
    const bytes = t.data.length * DTYPES[dtype];
    header[t.name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    if (LITTLE_ENDIAN) {
      // The platform's bytes are the file's: one copy per tensor.
      out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
      at += t.data.byteLength;
      continue;
    }
    const float64 = t.data instanceof Float64Array;
    for (let i = 0; i < t.data.length; i++) {
      if (float64) view.setFloat64(at, t.data[i] as number, true);
      else view.setFloat32(at, t.data[i] as number, true);
      at += float64 ? 8 : 4;
    }
  }
  return out;
}

/** A decoded safetensors file: its tensors by name and its metadata. */
export interface Safetensors {
  tensors: Map<string, NamedTensor>;
  metadata: Record<string, string>;
}

/** Decodes a safetensors file of F32/F64 tensors; `name` (the file) appears in errors. */
export function decodeSafetensors(bytes: Uint8Array, name: string): Safetensors {
  const fail = (why: string): never => {
    throw new DataError(`${name}: not a valid safetensors file: ${why}`);
  };
  if (bytes.length < 8) fail('shorter than its 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8) fail(`header length ${headerLength} runs past the end`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    return fail('header is not JSON');
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, NamedTensor>();
  let metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(header)) {
    if (key === '__metadata__') {
      metadata = value as Record<string, string>;
      continue;
    }
    const entry = value as HeaderEntry;
    const size = DTYPES[entry.dtype as SafeDType];
    if (!size) fail(`tensor ${key} has dtype ${entry.dtype}; nnlab reads F32 and F64`);
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const [begin, end] = entry.data_offsets;
    if (end - begin !== count * size || dataStart + end > bytes.length || begin < 0) {
      fail(`tensor ${key} has a bad byte range`);
    }
    const data = size === 4 ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const at = dataStart + begin + i * size;
      data[i] = size === 4 ? view.getFloat32(at, true) : view.getFloat64(at, true);
    }
    tensors.set(key, { name: key, shape: entry.shape, data });
  }
  return { tensors, metadata };
}

/**
 * Throws a one-line DataError naming `file` unless `tensors` holds exactly the
 * `expected` names with their shapes (tensors `ignore` accepts may be there as well).
 */
export function expectTensors(
  file: string,
  tensors: ReadonlyMap<string, NamedTensor>,
  expected: ReadonlyMap<string, Shape>,
  ignore: (name: string) => boolean = () => false,
): void {
  for (const [key, shape] of expected) {
    const t = tensors.get(key);
    if (!t) throw new DataError(`${file}: has no tensor ${key} (it holds ${[...tensors.keys()].join(', ') || 'none'})`);
    if (formatShape(t.shape) !== formatShape(shape)) {
      throw new DataError(`${file}: ${key} is ${formatShape(t.shape)}, the model needs ${formatShape(shape)}`);
    }
  }
  const extra = [...tensors.keys()].filter((k) => !expected.has(k) && !ignore(k));
  if (extra.length > 0) throw new DataError(`${file}: tensors the model does not have: ${extra.join(', ')}`);
}
