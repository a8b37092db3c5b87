import type { ActivationName } from '../activations/activations.js';
import type { DType, Shape, Storage, Tensor } from '../tensor/tensor.js';

/** Geometry of a 2-d convolution over NHWC images with `[kh, kw, cin, cout]` filters, stride 1. */
export interface Conv2DGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  /** Zero rows above / columns left of the image (SAME: (k − 1) / 2; VALID: 0). */
  padTop: number;
  padLeft: number;
}

/** Moments and counts of a tensor, for summaries. */
export interface TensorStats {
  count: number;
  mean: number;
  /** Population standard deviation √(E[(x − mean)²]). */
  std: number;
  min: number;
  max: number;
  /** Number of entries exactly equal to zero (dead ReLU units). */
  zeros: number;
}

/** Hyper-parameters of one Adam step, with the bias correction folded into `lr`. */
export interface AdamStep {
  /** lr·√(1 − β2^t) / (1 − β1^t) */
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * Everything numerical the float32 engine needs, as whole-layer kernels. A backend
 * owns tensor storage (`alloc` … `free`), so a WebAssembly backend can keep every
 * tensor in its linear memory and run kernels on worker threads without copying. Kernels write into
 * caller-provided outputs and never allocate per call (scratch space is the backend's
 * business). Where a kernel says "adds into", it accumulates: gradients are summed
 * into buffers the trainer zeroes before each backward pass.
 */
export interface Backend {
  /** Short name for logs and benchmarks ("js", "wasm-simd"…). */
  readonly name: string;
  /** Element type of every tensor this backend allocates. */
  readonly dtype: DType;

  /** A zero-filled tensor of `shape`. */
  alloc(shape: Shape): Tensor;
  /** A zero-filled index buffer (max-pool argmax) in this backend's memory. */
  allocIndices(length: number): Int32Array;
  /**
   * Gives back the storage of a tensor or index buffer this backend allocated, for
   * reuse by later allocations. Using it afterwards, or freeing it twice, is an error
   * (the WebAssembly backend throws). Garbage-collected backends may do nothing.
   */
  free(t: Tensor | Int32Array): void;
  /** Releases everything the backend holds (worker threads, memory); it must not be used afterwards. */
  close(): void;
  /** Copies `values` into `t` (lengths must match). */
  write(t: Tensor, values: ArrayLike<number>): void;
  /** t[i] = value. */
  fill(t: Tensor, value: number): void;

  /**
   * out = op(a) · op(b) (+ out when `accumulate`), op = transpose when asked.
   * a: [m, k] (or [k, m] transposed), b: [k, n] (or [n, k]), out: [m, n].
   */
  matmul(a: Tensor, b: Tensor, out: Tensor, transA: boolean, transB: boolean, accumulate: boolean): void;
  /** x[r, :] += bias for every row r; x: [rows, n], bias: [n]. */
  addBias(x: Tensor, bias: Tensor): void;
  /** grad[j] += Σ_r dy[r, j]; dy: [rows, n], grad: [n]. */
  biasGrad(dy: Tensor, grad: Tensor): void;

  /** y = conv(x, w) + b; x: [N, H, W, Cin], w: [kh, kw, Cin, Cout], b: [Cout], y: [N, OH, OW, Cout]. */
  conv2dForward(x: Tensor, w: Tensor, b: Tensor, y: Tensor, g: Conv2DGeometry): void;
  /** dx = ∂L/∂x given dy (overwrites dx). */
  conv2dBackwardInput(dy: Tensor, w: Tensor, dx: Tensor, g: Conv2DGeometry): void;
  /**
   * Adds ∂L/∂w into dw and ∂L/∂b into db, given the forward input x and dy. x must
   * still hold the values it had at the matching `conv2dForward` (a backend may reuse
   * work from that call, such as its im2col matrix).
   */
  conv2dBackwardFilter(x: Tensor, dy: Tensor, dw: Tensor, db: Tensor, g: Conv2DGeometry): void;

  /** 2×2, stride-2 max pooling over NHWC; records the winning input index of each output in `argmax`. */
  maxPoolForward(x: Tensor, y: Tensor, argmax: Int32Array): void;
  /** dx = 0, then dx[argmax[i]] += dy[i]. */
  maxPoolBackward(dy: Tensor, argmax: Int32Array, dx: Tensor): void;

  /**
   * y = f(x) elementwise; `alpha` is leaky ReLU's negative slope or ELU's α
   * (`activationAlpha(kind)`), unused by the others. `y` may be `x`.
   */
  activationForward(kind: ActivationName, x: Tensor, y: Tensor, alpha: number): void;
  /** dx = dy · f'(x), with y = f(x) given for the cheap forms. `dx` may be `dy`. */
  activationBackward(kind: ActivationName, x: Tensor, y: Tensor, dy: Tensor, dx: Tensor, alpha: number): void;
  /** y = x · mask (mask holds 0 or 1/keep). */
  multiply(x: Tensor, mask: Tensor, y: Tensor): void;

  /**
   * Softmax cross-entropy, mean over the batch. logits: [n, k], labels: [n].
   * Writes probs = softmax(logits) and dlogits = (probs − onehot) / n; returns the loss.
   */
  softmaxCrossEntropy(logits: Tensor, labels: Int32Array, probs: Tensor, dlogits: Tensor): number;
  /** Index of the largest entry of each row of x: [n, k]. */
  argmaxRows(x: Tensor, out: Int32Array): void;

  /** Mean, standard deviation, min, max and exact-zero count of t. */
  stats(t: Tensor): TensorStats;
  /** Σ t². */
  sumSquares(t: Tensor): number;

  /** w −= lr · g. */
  sgdUpdate(w: Tensor, g: Tensor, lr: number): void;
  /** a = μ·a + g; w −= lr · a. */
  momentumUpdate(w: Tensor, g: Tensor, accum: Tensor, lr: number, momentum: number): void;
  /** a += g²; w −= lr · g / √a. */
  adagradUpdate(w: Tensor, g: Tensor, accum: Tensor, lr: number): void;
  /** ms = ρ·ms + (1 − ρ)·g²; mom = μ·mom + lr·g/√(ms + ε); w −= mom. */
  rmspropUpdate(
    w: Tensor,
    g: Tensor,
    ms: Tensor,
    mom: Tensor,
    lr: number,
    decay: number,
    momentum: number,
    epsilon: number,
  ): void;
  /** m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; w −= lr_t · m / (√v + ε). */
  adamUpdate(w: Tensor, g: Tensor, m: Tensor, v: Tensor, step: AdamStep): void;
}

/** Storage constructor for a dtype. */
export function storageFor(dtype: DType, length: number): Storage {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}
