import { DataError } from '../data-error.js';

/** A parsed IDX file: its dimensions and its unsigned-byte values. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/**
 * Parses an IDX file of unsigned bytes (the MNIST format): two zero bytes, type
 * 0x08, the number of dimensions, each dimension as a big-endian 32-bit integer,
 * then the values. Checks the magic number, the expected number of dimensions and
 * that the file holds exactly as many values as the dimensions say.
 * @param name used in error messages (the file's path)
 */
export function parseIdx(bytes: Uint8Array, name: string, expectedDims: number): IdxArray {
  if (bytes.length < 4) throw new DataError(`${name}: too short to be an IDX file (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = (magic >>> 8) & 0xff;
  const ndims = magic & 0xff;
  if (magic >>> 16 !== 0 || type !== 0x08) {
    throw new DataError(
      `${name}: not an IDX file of unsigned bytes (magic number 0x${magic.toString(16).padStart(8, '0')})`,
    );
  }
  if (ndims !== expectedDims) {
    throw new DataError(
      `${name}: expected ${expectedDims} dimensions, the header says ${ndims} (magic 0x${magic.toString(16).padStart(8, '0')})`,
    );
  }
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) throw new DataError(`${name}: truncated header`);
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i);
    dims.push(d);
    size *= d;
  }
  const actual = bytes.length - headerSize;
  if (actual !== size) {
    const what = actual < size ? 'truncated' : 'has trailing bytes';
    throw new DataError(`${name}: ${what}: dimensions ${dims.join('×')} need ${size} bytes of data, found ${actual}`);
  }
  return { dims, data: bytes.subarray(headerSize) };
}
