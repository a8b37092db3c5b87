import { expectShape, formatShape, type Tensor } from '../tensor/tensor.js';
import type { Conv2DGeometry } from './backend.js';

/**
 * Shape checks shared by every backend, so a wrong call fails the same clear way
 * whichever backend runs it. Each returns the dimensions the kernel needs.
 */

/** [m, n, k] of op(a)·op(b) into out. */
export function matmulDims(
  a: Tensor,
  b: Tensor,
  out: Tensor,
  transA: boolean,
  transB: boolean,
): [number, number, number] {
  const [ar, ac] = dims2(a, 'matmul a');
  const [br, bc] = dims2(b, 'matmul b');
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [k2, n] = transB ? [bc, br] : [br, bc];
  if (k !== k2) throw new RangeError(`matmul inner sizes differ: ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  expectShape(out, [m, n], 'matmul output');
  return [m, n, k];
}

/** [rows, n] of a [rows, n] tensor and its [n] bias. */
export function biasDims(x: Tensor, bias: Tensor): [number, number] {
  const n = bias.data.length;
  if (x.data.length % n !== 0 || x.shape[x.shape.length - 1] !== n) {
    throw new RangeError(`bias of ${n} does not match ${formatShape(x.shape)}`);
  }
  return [x.data.length / n, n];
}

/** Checks x, w, b, y against a convolution geometry. */
export function checkConv(g: Conv2DGeometry, x: Tensor, w: Tensor, y: Tensor): void {
  expectShape(x, [g.batch, g.inHeight, g.inWidth, g.inChannels], 'conv2d input');
  expectShape(w, [g.kernelHeight, g.kernelWidth, g.inChannels, g.outChannels], 'conv2d filter');
  expectShape(y, [g.batch, g.outHeight, g.outWidth, g.outChannels], 'conv2d output');
}

/** The [n, h, w, c] of a 4-d tensor, and checks y is its 2×2 pooled shape. */
export function poolDims(x: Tensor, y: Tensor, argmax: Int32Array): { n: number; h: number; w: number; c: number } {
  if (x.shape.length !== 4) throw new RangeError(`max pooling needs NHWC input, got ${formatShape(x.shape)}`);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  expectShape(y, [n, Math.ceil(h / 2), Math.ceil(w / 2), c], 'max-pool output');
  if (argmax.length !== y.data.length) throw new RangeError('max-pool argmax has the wrong length');
  return { n, h, w, c };
}

/** Throws unless the tensors have as many elements as the first. */
export function sameSize(what: string, first: Tensor, ...rest: Tensor[]): void {
  for (const t of rest) {
    if (t.data.length !== first.data.length) {
      throw new RangeError(`${what}: sizes differ (${formatShape(first.shape)} vs ${formatShape(t.shape)})`);
    }
  }
}

/** [rows, cols] of a 2-d tensor. */
export function dims2(t: Tensor, what: string): [number, number] {
  if (t.shape.length !== 2) throw new RangeError(`${what} should be 2-d, got ${formatShape(t.shape)}`);
  return [t.shape[0] as number, t.shape[1] as number];
}

/** Copies `values` into a tensor's storage after checking the length (every backend's `write`). */
export function writeValues(t: Tensor, values: ArrayLike<number>): void {
  if (values.length !== t.data.length) throw new RangeError(`expected ${t.data.length} values, got ${values.length}`);
  t.data.set(values);
}
