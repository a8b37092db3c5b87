import type { ActivationName } from '../../activations/activations.js';
import { checkShape, type DType, type Shape, type Storage, type Tensor } from '../../tensor/tensor.js';
import type { AdamStep, Backend, Conv2DGeometry, TensorStats } from '../backend.js';
import { storageFor } from '../backend.js';
import { biasDims, checkConv, dims2, matmulDims, poolDims, sameSize, writeValues } from '../checks.js';
import { type ConvAlgorithm, usesWinograd } from '../conv-algorithm.js';
import { conv2dBackwardFilter, conv2dBackwardInput, conv2dForward, im2colSize } from './conv2d.js';
import { activationBackward, activationForward, addBiasRows, multiply, sumRowsInto } from './elementwise.js';
import { gemm } from './gemm.js';
import { argmaxRows, softmaxCrossEntropy } from './loss.js';
import { adagradUpdate, adamUpdate, momentumUpdate, rmspropUpdate, sgdUpdate } from './optimizers.js';
import { maxPoolBackward, maxPoolForward } from './pooling.js';
import { stats, sumSquares } from './stats.js';
import { conv2dBackwardFilterWinograd, conv2dBackwardInputWinograd, conv2dForwardWinograd } from './winograd.js';

/** Options of the {@link JsBackend}. */
export interface JsBackendOptions {
  /** How 5×5 SAME convolutions are computed (default `auto`: {@link usesWinograd}). */
  conv?: ConvAlgorithm;
}

/**
 * The reference backend: plain TypeScript loops over typed arrays, in float32 (the
 * engine's type) or float64 (for gradient checks). Single-threaded and deterministic;
 * it is the oracle the fast backends are tested against.
 */
export class JsBackend implements Backend {
  readonly name: string;
  private scratch: Storage;
  /** The convolution algorithm this backend was made with. */
  readonly conv: ConvAlgorithm;

  constructor(
    readonly dtype: DType = 'float32',
    options: JsBackendOptions = {},
  ) {
    this.name = dtype === 'float32' ? 'js' : 'js-f64';
    this.scratch = storageFor(dtype, 0);
    this.conv = options.conv ?? 'auto';
  }

  alloc(shape: Shape): Tensor {
    checkShape(shape);
    let size = 1;
    for (const d of shape) size *= d;
    return { shape: [...shape], data: storageFor(this.dtype, size) };
  }

  allocIndices(length: number): Int32Array {
    return new Int32Array(length);
  }

  /** Nothing to do: the garbage collector reclaims typed arrays. */
  free(_t: Tensor | Int32Array): void {}

  /** Nothing to do: this backend holds no threads or memory of its own. */
  close(): void {}

  write(t: Tensor, values: ArrayLike<number>): void {
    writeValues(t, values);
  }

  fill(t: Tensor, value: number): void {
    t.data.fill(value);
  }

  matmul(a: Tensor, b: Tensor, out: Tensor, transA: boolean, transB: boolean, accumulate: boolean): void {
    const [m, n, k] = matmulDims(a, b, out, transA, transB);
    gemm(transA, transB, m, n, k, a.data, b.data, out.data, accumulate);
  }

  addBias(x: Tensor, bias: Tensor): void {
    const [rows, n] = biasDims(x, bias);
    addBiasRows(x.data, bias.data, rows, n);
  }

  biasGrad(dy: Tensor, grad: Tensor): void {
    const [rows, n] = biasDims(dy, grad);
    sumRowsInto(dy.data, grad.data, rows, n);
  }

  conv2dForward(x: Tensor, w: Tensor, b: Tensor, y: Tensor, g: Conv2DGeometry): void {
    checkConv(g, x, w, y);
    if (usesWinograd(this.conv, g)) conv2dForwardWinograd(x.data, w.data, b.data, y.data, g);
    else conv2dForward(x.data, w.data, b.data, y.data, g, this.col(g));
  }

  conv2dBackwardInput(dy: Tensor, w: Tensor, dx: Tensor, g: Conv2DGeometry): void {
    checkConv(g, dx, w, dy);
    if (usesWinograd(this.conv, g)) conv2dBackwardInputWinograd(dy.data, w.data, dx.data, g);
    else conv2dBackwardInput(dy.data, w.data, dx.data, g, this.col(g));
  }

  conv2dBackwardFilter(x: Tensor, dy: Tensor, dw: Tensor, db: Tensor, g: Conv2DGeometry): void {
    checkConv(g, x, dw, dy);
    if (usesWinograd(this.conv, g)) conv2dBackwardFilterWinograd(x.data, dy.data, dw.data, db.data, g);
    else conv2dBackwardFilter(x.data, dy.data, dw.data, db.data, g, this.col(g));
  }

  maxPoolForward(x: Tensor, y: Tensor, argmax: Int32Array): void {
    maxPoolForward(x.data, poolDims(x, y, argmax), y.data, argmax);
  }

  maxPoolBackward(dy: Tensor, argmax: Int32Array, dx: Tensor): void {
    poolDims(dx, dy, argmax);
    maxPoolBackward(dy.data, argmax, dx.data);
  }

  activationForward(kind: ActivationName, x: Tensor, y: Tensor, alpha: number): void {
    sameSize('activation', x, y);
    activationForward(kind, x.data, y.data, alpha);
  }

  activationBackward(kind: ActivationName, x: Tensor, y: Tensor, dy: Tensor, dx: Tensor, alpha: number): void {
    sameSize('activation backward', x, y, dy, dx);
    activationBackward(kind, x.data, y.data, dy.data, dx.data, alpha);
  }

  multiply(x: Tensor, mask: Tensor, y: Tensor): void {
    sameSize('multiply', x, mask, y);
    multiply(x.data, mask.data, y.data);
  }

  softmaxCrossEntropy(logits: Tensor, labels: Int32Array, probs: Tensor, dlogits: Tensor): number {
    const [n, k] = dims2(logits, 'logits');
    sameSize('softmax cross-entropy', logits, probs, dlogits);
    if (labels.length !== n) throw new RangeError(`expected ${n} labels, got ${labels.length}`);
    return softmaxCrossEntropy(logits.data, labels, n, k, probs.data, dlogits.data);
  }

  argmaxRows(x: Tensor, out: Int32Array): void {
    const [n, k] = dims2(x, 'argmax input');
    if (out.length !== n) throw new RangeError(`argmax output needs ${n} entries`);
    argmaxRows(x.data, n, k, out);
  }

  stats(t: Tensor): TensorStats {
    return stats(t.data);
  }

  sumSquares(t: Tensor): number {
    return sumSquares(t.data);
  }

  sgdUpdate(w: Tensor, g: Tensor, lr: number): void {
    sameSize('sgd', w, g);
    sgdUpdate(w.data, g.data, lr);
  }

  momentumUpdate(w: Tensor, g: Tensor, accum: Tensor, lr: number, momentum: number): void {
    sameSize('momentum', w, g, accum);
    momentumUpdate(w.data, g.data, accum.data, lr, momentum);
  }

  adagradUpdate(w: Tensor, g: Tensor, accum: Tensor, lr: number): void {
    sameSize('adagrad', w, g, accum);
    adagradUpdate(w.data, g.data, accum.data, lr);
  }

  rmspropUpdate(
    w: Tensor,
    g: Tensor,
    ms: Tensor,
    mom: Tensor,
    lr: number,
    decay: number,
    momentum: number,
    epsilon: number,
  ): void {
    sameSize('rmsprop', w, g, ms, mom);
    rmspropUpdate(w.data, g.data, ms.data, mom.data, lr, decay, momentum, epsilon);
  }

  adamUpdate(w: Tensor, g: Tensor, m: Tensor, v: Tensor, step: AdamStep): void {
    sameSize('adam', w, g, m, v);
    adamUpdate(w.data, g.data, m.data, v.data, step);
  }

  /** Scratch space for an im2col matrix, grown as needed and reused. */
  private col(g: Conv2DGeometry): Storage {
    const { rows, cols } = im2colSize(g);
    if (this.scratch.length < rows * cols) this.scratch = storageFor(this.dtype, rows * cols);
    return this.scratch.subarray(0, rows * cols);
  }
}
