/**
 * The little of the protobuf wire format that event files need: varints, fixed
 * 32/64-bit numbers, length-delimited fields and packed doubles. Writers emit fields
 * in the order they are called; callers go by field number and skip default values,
 * as the reference serialisers do, so encodings come out byte-identical.
 */
export const Wire = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;
/** A protobuf wire type. */
export type Wire = (typeof Wire)[keyof typeof Wire];

const encoder = new TextEncoder();

/** Builds one message. */
export class ProtoWriter {
  private readonly parts: number[] = [];
  private readonly scratch = new DataView(new ArrayBuffer(8));

  private key(field: number, wire: Wire): void {
    this.varint(field * 8 + wire);
  }

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.parts.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.parts.push(Number(v));
  }

  /** A varint field (int32/int64/enum/bool; negative numbers as 64-bit two's complement). */
  int(field: number, value: number): this {
    this.key(field, Wire.Varint);
    this.varint(Math.trunc(value));
    return this;
  }

  double(field: number, value: number): this {
    this.key(field, Wire.Fixed64);
    this.scratch.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.parts.push(this.scratch.getUint8(i));
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, Wire.Fixed32);
    this.scratch.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.parts.push(this.scratch.getUint8(i));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, Wire.Bytes);
    this.varint(value.length);
    for (const b of value) this.parts.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  packedDoubles(field: number, values: readonly number[]): this {
    return this.packed(field, values, 8);
  }

  packedFloats(field: number, values: readonly number[]): this {
    return this.packed(field, values, 4);
  }

  private packed(field: number, values: readonly number[], size: 4 | 8): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter();
    for (const v of values) {
      if (size === 8) inner.scratch.setFloat64(0, v, true);
      else inner.scratch.setFloat32(0, v, true);
      for (let i = 0; i < size; i++) inner.parts.push(inner.scratch.getUint8(i));
    }
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** One field read from a message: its number, and its value by wire type. */
export interface ProtoField {
  field: number;
  wire: Wire;
  /** Varint value (as a number; int64 beyond 2^53 loses precision). */
  int: number;
  /** Fixed64/Fixed32 bytes read as a double/float. */
  number: number;
  /** Length-delimited payload. */
  bytes: Uint8Array;
}

/** Iterates over the fields of a message; throws on malformed input. */
export function* readFields(bytes: Uint8Array): Generator<ProtoField> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= bytes.length) throw new RangeError('truncated varint');
      const b = bytes[at++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      if (shift > 63n) throw new RangeError('varint too long');
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = (key & 7) as Wire;
    const out: ProtoField = { field, wire, int: 0, number: 0, bytes: EMPTY };
    if (wire === Wire.Varint) out.int = Number(BigInt.asIntN(64, varint()));
    else if (wire === Wire.Fixed64) {
      if (at + 8 > bytes.length) throw new RangeError('truncated fixed64');
      out.number = view.getFloat64(at, true);
      at += 8;
    } else if (wire === Wire.Fixed32) {
      if (at + 4 > bytes.length) throw new RangeError('truncated fixed32');
      out.number = view.getFloat32(at, true);
      at += 4;
    } else if (wire === Wire.Bytes) {
      const length = Number(varint());
      if (at + length > bytes.length) throw new RangeError('truncated field');
      out.bytes = bytes.subarray(at, at + length);
      at += length;
    } else throw new RangeError(`unsupported wire type ${wire}`);
    yield out;
  }
}

const EMPTY = new Uint8Array(0);

/** Doubles of a packed repeated field (or of one unpacked fixed64 element). */
export function unpackDoubles(f: ProtoField, into: number[]): void {
  if (f.wire === Wire.Fixed64) {
    into.push(f.number);
    return;
  }
  const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
  for (let i = 0; i + 8 <= f.bytes.length; i += 8) into.push(view.getFloat64(i, true));
}

/** Floats of a packed repeated field (or of one unpacked fixed32 element). */
export function unpackFloats(f: ProtoField, into: number[]): void {
  if (f.wire === Wire.Fixed32) {
    into.push(f.number);
    return;
  }
  const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
  for (let i = 0; i + 4 <= f.bytes.length; i += 4) into.push(view.getFloat32(i, true));
}
