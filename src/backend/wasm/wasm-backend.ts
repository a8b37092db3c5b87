import type { ActivationName } from '../../activations/activations.js';
import { ACTIVATION_CODES } from '../../kernel-abi/activations.js';
import { packArgs } from '../../kernel-abi/bindings.js';
import { OPT_ADAGRAD, OPT_ADAM, OPT_MOMENTUM, OPT_RMSPROP, OPT_SGD } from '../../kernel-abi/codes.js';
import { checkShape, type Shape, type Tensor } from '../../tensor/tensor.js';
import type { AdamStep, Backend, Conv2DGeometry, TensorStats } from '../backend.js';
import { biasDims, checkConv, dims2, matmulDims, poolDims, sameSize, writeValues } from '../checks.js';
import { type ConvAlgorithm, usesWinograd } from '../conv-algorithm.js';
import { im2colSize } from '../js/conv2d.js';
import { stats, sumSquares } from '../js/stats.js';
import { SERIAL_KERNEL_PARAMS, type SerialArgs, type SerialKernel, type WasmKernels } from './abi.js';
import { LinearMemory } from './linear-memory.js';
import type { ParallelRunner } from './runner.js';

/** First byte of memory handed to tensors; below it lives the module's static data. */
export const HEAP_BASE = 1 << 20;

/**
 * The fast backend: WebAssembly kernels (a packed, register-tiled SGEMM;
 * Winograd, one-channel and im2col convolutions; activations and optimizer updates; vectorised with SIMD in
 * all but the plain build) over tensors that live in one WebAssembly memory. With a thread pool, big kernels are split
 * into parts by output, so results are bit-identical for any number of threads.
 * Float32 only.
 */
export class WasmBackend implements Backend {
  readonly dtype = 'float32';
  readonly name: string;
  private readonly heap: LinearMemory;
  private readonly gemmWork: number;
  /** im2col matrices by geometry, and the input each was built from (reused by the filter gradient). */
  private readonly cols = new Map<string, { address: number; bytes: number; source: Tensor['data'] | undefined }>();
  /** Scratch areas by name (the input gradient's columns, Winograd's transforms), grown as needed. */
  private readonly areas = new Map<string, { address: number; bytes: number }>();
  private readonly small: number;
  /** The convolution algorithm this backend was made with. */
  readonly conv: ConvAlgorithm;

  /**
   * @param kernels the instantiated module's exports
   * @param memory the memory it imported
   * @param runner how parallel kernels run (serial, or a pool of threads sharing `memory`)
   * @param variant a label for logs ("relaxed-simd", "simd", "plain")
   * @param conv how 5×5 SAME convolutions are computed ({@link usesWinograd})
   */
  constructor(
    private readonly kernels: WasmKernels,
    memory: WebAssembly.Memory,
    private readonly runner: ParallelRunner,
    variant: string,
    conv: ConvAlgorithm = 'auto',
  ) {
    this.conv = conv;
    this.name = `wasm-${variant}${runner.parts > 1 ? `×${runner.parts}` : ''}`;
    this.heap = new LinearMemory(memory, HEAP_BASE);
    this.gemmWork = this.heap.allocate(kernels.GEMM_WORK_BYTES.value * runner.parts);
    this.small = this.heap.allocate(1 << 16);
  }

  /** Number of threads kernels are split over. */
  get threads(): number {
    return this.runner.parts;
  }

  alloc(shape: Shape): Tensor {
    checkShape(shape);
    let size = 1;
    for (const d of shape) size *= d;
    const address = this.heap.allocate(size * 4);
    return { shape: [...shape], data: this.heap.view((b, a, n) => new Float32Array(b, a, n), address, size) };
  }

  allocIndices(length: number): Int32Array {
    return this.heap.view((b, a, n) => new Int32Array(b, a, n), this.heap.allocate(length * 4), length);
  }

  free(t: Tensor | Int32Array): void {
    const view = t instanceof Int32Array ? t : t.data;
    this.heap.release(this.heap.forget(view), view.byteLength);
    // A freed im2col source must not be mistaken for a later tensor at the same address.
    for (const scratch of this.cols.values()) if (scratch.source === view) scratch.source = undefined;
  }

  write(t: Tensor, values: ArrayLike<number>): void {
    writeValues(t, values);
  }

  fill(t: Tensor, value: number): void {
    // Big fills (zeroing gradients) are split across the threads.
    if (t.data.length < 1 << 16) t.data.fill(value);
    else this.runner.run('fill', { x: this.at(t), len: t.data.length, value });
  }

  matmul(a: Tensor, b: Tensor, out: Tensor, transA: boolean, transB: boolean, accumulate: boolean): void {
    const [m, n, k] = matmulDims(a, b, out, transA, transB);
    this.gemm(transA, transB, m, n, k, this.at(a), this.at(b), this.at(out), accumulate);
  }

  addBias(x: Tensor, bias: Tensor): void {
    const [rows, n] = biasDims(x, bias);
    this.runner.run('addBias', { x: this.at(x), bias: this.at(bias), rows, n });
  }

  biasGrad(dy: Tensor, grad: Tensor): void {
    const [rows, n] = biasDims(dy, grad);
    this.runner.run('biasGrad', { dy: this.at(dy), grad: this.at(grad), rows, n });
  }

  conv2dForward(x: Tensor, w: Tensor, b: Tensor, y: Tensor, g: Conv2DGeometry): void {
    checkConv(g, x, w, y);
    if (usesWinograd(this.conv, g)) {
      const u = this.winogradFilter(w, g.inChannels, g.outChannels, false);
      this.winogradConv(x, g, g.inChannels, g.outChannels, u, this.at(b), y);
      return;
    }
    if (g.inChannels === 1) {
      const args = { x: this.at(x), ...oneChannelArgs(g), weights: this.at(w), bias: this.at(b), y: this.at(y) };
      this.runner.run('conv1Forward', args);
      return;
    }
    const { rows, cols, col } = this.im2col(x, g, false);
    this.gemm(false, false, rows, g.outChannels, cols, col, this.at(w), this.at(y), false);
    this.runner.run('addBias', { x: this.at(y), bias: this.at(b), rows, n: g.outChannels });
  }

  conv2dBackwardInput(dy: Tensor, w: Tensor, dx: Tensor, g: Conv2DGeometry): void {
    checkConv(g, dx, w, dy);
    if (usesWinograd(this.conv, g)) {
      // dx is the convolution of dy with the filters flipped and their channels swapped.
      const u = this.winogradFilter(w, g.outChannels, g.inChannels, true);
      this.winogradConv(dy, g, g.outChannels, g.inChannels, u, 0, dx);
      return;
    }
    const { rows, cols } = im2colSize(g);
    const dcol = this.area('dcol', rows * cols * 4);
    this.gemm(false, true, rows, cols, g.outChannels, this.at(dy), this.at(w), dcol, false);
    this.runner.run('col2im', { col: dcol, ...geometryArgs(g), dx: this.at(dx) });
  }

  conv2dBackwardFilter(x: Tensor, dy: Tensor, dw: Tensor, db: Tensor, g: Conv2DGeometry): void {
    checkConv(g, x, dw, dy);
    const rows = g.batch * g.outHeight * g.outWidth;
    if (usesWinograd(this.conv, g)) {
      const [k, n] = [g.inChannels, g.outChannels];
      const du = this.area('winograd-du', 4 * this.serial('winogradGradFloats', { k, n }));
      const scratch = this.winogradScratch(k, n);
      const shape = { batch: g.batch, h: g.inHeight, w: g.inWidth, k, n };
      const args = { x: this.at(x), dy: this.at(dy), ...shape, du, work: this.gemmWork, scratch };
      this.runner.run('winogradFilterGrad', args);
      this.runner.run('winogradFilterGradOut', { du, k, n, dw: this.at(dw), scratch });
    } else if (g.inChannels === 1) {
      this.runner.run('conv1FilterGrad', { x: this.at(x), dy: this.at(dy), ...oneChannelArgs(g), dw: this.at(dw) });
    } else {
      const { cols, col } = this.im2col(x, g, true);
      this.gemm(true, false, cols, g.outChannels, rows, col, this.at(dy), this.at(dw), true);
    }
    this.runner.run('biasGrad', { dy: this.at(dy), grad: this.at(db), rows, n: g.outChannels });
  }

  maxPoolForward(x: Tensor, y: Tensor, argmax: Int32Array): void {
    const { n, h, w, c } = poolDims(x, y, argmax);
    const args = { x: this.at(x), batch: n, h, w, ch: c, y: this.at(y), argmax: this.heap.address(argmax) };
    this.runner.run('maxPoolForward', args);
  }

  maxPoolBackward(dy: Tensor, argmax: Int32Array, dx: Tensor): void {
    const { n, h, w, c } = poolDims(dx, dy, argmax);
    const args = { dy: this.at(dy), argmax: this.heap.address(argmax), batch: n, h, w, ch: c, dx: this.at(dx) };
    this.runner.run('maxPoolBackward', args);
  }

  activationForward(kind: ActivationName, x: Tensor, y: Tensor, alpha: number): void {
    sameSize('activation', x, y);
    const args = { kind: ACTIVATION_CODES[kind], x: this.at(x), y: this.at(y), len: x.data.length, alpha };
    this.runner.run('activationForward', args);
  }

  activationBackward(kind: ActivationName, x: Tensor, y: Tensor, dy: Tensor, dx: Tensor, alpha: number): void {
    sameSize('activation backward', x, y, dy, dx);
    const [xa, ya, dya, dxa] = [this.at(x), this.at(y), this.at(dy), this.at(dx)];
    const args = { kind: ACTIVATION_CODES[kind], x: xa, y: ya, dy: dya, dx: dxa, len: x.data.length, alpha };
    this.runner.run('activationBackward', args);
  }

  multiply(x: Tensor, mask: Tensor, y: Tensor): void {
    sameSize('multiply', x, mask, y);
    this.runner.run('multiply', { x: this.at(x), m: this.at(mask), y: this.at(y), len: x.data.length });
  }

  softmaxCrossEntropy(logits: Tensor, labels: Int32Array, probs: Tensor, dlogits: Tensor): number {
    const [n, k] = dims2(logits, 'logits');
    sameSize('softmax cross-entropy', logits, probs, dlogits);
    if (labels.length !== n) throw new RangeError(`expected ${n} labels, got ${labels.length}`);
    for (const label of labels)
      if (!(label >= 0 && label < k)) throw new RangeError(`label ${label} is outside 0..${k - 1}`);
    const scratch = this.smallInts(n);
    scratch.set(labels);
    const args = {
      logits: this.at(logits),
      labels: scratch.byteOffset,
      n,
      k,
      probs: this.at(probs),
      grad: this.at(dlogits),
    };
    return this.serial('softmaxCrossEntropy', args);
  }

  argmaxRows(x: Tensor, out: Int32Array): void {
    const [n, k] = dims2(x, 'argmax input');
    if (out.length !== n) throw new RangeError(`argmax output needs ${n} entries`);
    const scratch = this.smallInts(n);
    this.serial('argmaxRows', { x: this.at(x), n, k, out: scratch.byteOffset });
    out.set(scratch);
  }

  stats(t: Tensor): TensorStats {
    return stats(t.data);
  }

  sumSquares(t: Tensor): number {
    return sumSquares(t.data);
  }

  sgdUpdate(w: Tensor, g: Tensor, lr: number): void {
    sameSize('sgd', w, g);
    this.update(OPT_SGD, w, g, undefined, undefined, lr, 0, 0, 0);
  }

  momentumUpdate(w: Tensor, g: Tensor, accum: Tensor, lr: number, momentum: number): void {
    sameSize('momentum', w, g, accum);
    this.update(OPT_MOMENTUM, w, g, accum, undefined, lr, momentum, 0, 0);
  }

  adagradUpdate(w: Tensor, g: Tensor, accum: Tensor, lr: number): void {
    sameSize('adagrad', w, g, accum);
    this.update(OPT_ADAGRAD, w, g, accum, undefined, lr, 0, 0, 0);
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
    this.update(OPT_RMSPROP, w, g, ms, mom, lr, decay, momentum, epsilon);
  }

  adamUpdate(w: Tensor, g: Tensor, m: Tensor, v: Tensor, step: AdamStep): void {
    sameSize('adam', w, g, m, v);
    this.update(OPT_ADAM, w, g, m, v, step.lr, step.beta1, step.beta2, step.epsilon);
  }

  /** Stops the worker threads (if any); the backend must not be used afterwards. */
  close(): void {
    this.runner.close();
  }

  /** Size of the WebAssembly memory in bytes (it only grows). */
  get memoryBytes(): number {
    return this.heap.memory.buffer.byteLength;
  }

  /** Bytes handed out to tensors and scratch so far (the high-water mark; freed blocks are reused, not returned). */
  get allocatedBytes(): number {
    return this.heap.used;
  }

  private update(
    kind: number,
    w: Tensor,
    g: Tensor,
    s1: Tensor | undefined,
    s2: Tensor | undefined,
    h1: number,
    h2: number,
    h3: number,
    h4: number,
  ): void {
    const slot = (t: Tensor | undefined) => (t ? this.at(t) : 0);
    const [wa, ga, s1a, s2a] = [this.at(w), this.at(g), slot(s1), slot(s2)];
    this.runner.run('update', { kind, w: wa, g: ga, s1: s1a, s2: s2a, len: w.data.length, h1, h2, h3, h4 });
  }

  private gemm(
    tA: boolean,
    tB: boolean,
    m: number,
    n: number,
    k: number,
    a: number,
    b: number,
    c: number,
    acc: boolean,
  ): void {
    const args = { transA: +tA, transB: +tB, m, n, k, a, b, c, accumulate: +acc, work: this.gemmWork };
    this.runner.run('sgemm', args);
  }

  /**
   * The im2col matrix of x for a geometry, in a scratch kept per geometry. With
   * `reuse`, a matrix last built from this same input is taken as it is (the filter
   * gradient follows the forward pass on an unchanged x).
   */
  private im2col(x: Tensor, g: Conv2DGeometry, reuse: boolean): { rows: number; cols: number; col: number } {
    const { rows, cols } = im2colSize(g);
    const key = Object.values(geometryArgs(g)).join(',');
    let scratch = this.cols.get(key);
    if (!scratch) {
      scratch = { address: this.heap.allocate(rows * cols * 4), bytes: rows * cols * 4, source: undefined };
      this.cols.set(key, scratch);
    }
    if (!(reuse && scratch.source === x.data)) {
      this.runner.run('im2col', { x: this.at(x), ...geometryArgs(g), col: scratch.address });
      scratch.source = x.data;
    }
    return { rows, cols, col: scratch.address };
  }

  /** A scratch area kept under `name`, of at least `bytes` (its address changes when it grows). */
  private area(name: string, bytes: number): number {
    const area = this.areas.get(name);
    if (area && area.bytes >= bytes) return area.address;
    if (area) this.heap.release(area.address, area.bytes);
    const grown = { address: this.heap.allocate(bytes), bytes };
    this.areas.set(name, grown);
    return grown.address;
  }

  /** U = G w Gᵀ of every filter (flipped and transposed for the input gradient), in its own area. */
  private winogradFilter(w: Tensor, k: number, n: number, flip: boolean): number {
    const u = this.area(flip ? 'winograd-u-flipped' : 'winograd-u', 4 * this.serial('winogradFilterFloats', { k, n }));
    this.runner.run('winogradFilter', { w: this.at(w), k, n, flip: +flip, u });
    return u;
  }

  /** y = conv(x, U) (+ bias at `bias`, 0 for none) by Winograd; x has k channels, y n. */
  private winogradConv(x: Tensor, g: Conv2DGeometry, k: number, n: number, u: number, bias: number, y: Tensor): void {
    const scratch = this.winogradScratch(k, n);
    const shape = { batch: g.batch, h: g.inHeight, w: g.inWidth, k, n };
    const args = { x: this.at(x), ...shape, u, bias, y: this.at(y), work: this.gemmWork, scratch };
    this.runner.run('winogradConv', args);
  }

  /** Every thread's Winograd transform scratch. */
  private winogradScratch(k: number, n: number): number {
    return this.area('winograd', this.runner.parts * this.serial('winogradScratchBytes', { k, n }));
  }

  private serial<K extends SerialKernel>(kernel: K, args: SerialArgs<K>): number {
    return this.kernels[kernel](...packArgs(SERIAL_KERNEL_PARAMS, kernel, args));
  }

  private smallInts(n: number): Int32Array {
    if (n * 4 > 1 << 16) throw new RangeError(`batch of ${n} rows is too large for the label scratch`);
    return this.heap.scratch(this.small, n);
  }

  private at(t: Tensor): number {
    return this.heap.address(t.data);
  }
}

/** The geometry under the names the one-channel kernels give it. */
function oneChannelArgs(g: Conv2DGeometry) {
  const { batch, h, w, kh, kw, oh, ow, padTop, padLeft } = geometryArgs(g);
  return { batch, h, w, kh, kw, oh, ow, padTop, padLeft, cout: g.outChannels };
}

/** The geometry under the names the im2col/col2im kernels give it. */
function geometryArgs(g: Conv2DGeometry) {
  return {
    batch: g.batch,
    h: g.inHeight,
    w: g.inWidth,
    ch: g.inChannels,
    kh: g.kernelHeight,
    kw: g.kernelWidth,
    oh: g.outHeight,
    ow: g.outWidth,
    padTop: g.padTop,
    padLeft: g.padLeft,
  };
}
