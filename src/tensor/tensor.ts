/** Element types a backend can store. */
export type DType = 'float32' | 'float64';

/** The typed array behind a tensor of each dtype. */
export type Storage = Float32Array | Float64Array;

/** A tensor's dimensions, outermost first (row-major; images are NHWC). */
export type Shape = readonly number[];

/**
 * A dense row-major tensor: a shape and a view of storage that its backend allocated
 * (for the WebAssembly backend, a view into linear memory). Layers pass tensors to
 * backend kernels and never index them.
 */
export interface Tensor {
  readonly shape: Shape;
  readonly data: Storage;
}

/** Number of elements of a shape. */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The shape as `a×b×c` for messages. */
export function formatShape(shape: Shape): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

/** Throws unless `shape` is a list of positive integers. */
export function checkShape(shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`invalid shape ${formatShape(shape)}`);
  }
}

/** The same storage under another shape with as many elements (no copy). */
export function reshape(t: Tensor, shape: Shape): Tensor {
  if (shapeSize(shape) !== t.data.length) {
    throw new RangeError(`cannot reshape ${formatShape(t.shape)} to ${formatShape(shape)}`);
  }
  return { shape, data: t.data };
}

/** Throws unless tensor `t` has exactly `shape`; `what` names it in the message. */
export function expectShape(t: Tensor, shape: Shape, what: string): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new RangeError(`${what} should be ${formatShape(shape)}, got ${formatShape(t.shape)}`);
  }
}
