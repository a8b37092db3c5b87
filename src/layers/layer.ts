import type { Backend } from '../backend/backend.js';
import type { RandomState } from '../random/random-state.js';
import type { Shape, Tensor } from '../tensor/tensor.js';

/** Training applies dropout; evaluation does not. */
export type Mode = 'train' | 'eval';

/** A trainable tensor and its gradient. */
export interface Param {
  /** Name within the model, e.g. `conv1/weights`. */
  readonly name: string;
  readonly value: Tensor;
  /** Gradient: written by the first backward pass of a training step (`overwrite`), summed into by any further one. */
  readonly grad: Tensor;
  /** Weights or biases (summaries and initialisers treat them differently). */
  readonly role: 'weights' | 'biases';
}

/**
 * The layer contract: an explicit forward and backward pass over batches
 * (first dimension). Tensors a layer returns are its own buffers, valid until its
 * next call with the same batch size.
 */
export interface Layer {
  /** Unique name in its model (`conv1`, `fc1`…). */
  readonly name: string;
  /** Shape of one example going in and coming out (no batch dimension). */
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  /** y = layer(x); x: [batch, ...inputShape]. */
  forward(x: Tensor, mode: Mode): Tensor;
  /**
   * Given dL/dy for the last forward, adds parameter gradients into `grad` (writes
   * them, with `overwrite`: the trainer's step, which so needs no zero-fill first) and
   * returns dL/dx, or undefined when `needInputGrad` is false (the first layer).
   */
  backward(dy: Tensor, needInputGrad: boolean, overwrite?: boolean): Tensor | undefined;
  /** Trainable parameters (empty for most layers). */
  params(): readonly Param[];
  /** Frees every tensor the layer allocated (its parameters and batch buffers); the layer is unusable afterwards. */
  dispose(): void;
}

/** What a layer needs when it is built. */
export interface BuildContext {
  readonly backend: Backend;
  /** Draws initial weights and dropout masks, in build order. */
  readonly random: RandomState;
}

/** A record of buffers, some of them the backend's (tensors, index buffers). */
type BufferSet = Readonly<Record<string, unknown>>;

/**
 * Buffers that depend on the batch size, allocated on first use of each size and
 * kept (training and evaluation usually alternate between two sizes) until
 * {@link dispose} gives every backend tensor and index buffer among them back.
 */
export class BatchBuffers<T extends BufferSet> {
  private readonly cache = new Map<number, T>();

  constructor(
    private readonly backend: Backend,
    private readonly make: (batch: number) => T,
  ) {}

  /** Frees the backend's buffers of every batch size seen. */
  dispose(): void {
    for (const buffers of this.cache.values()) {
      for (const value of Object.values(buffers)) if (isBackendBuffer(value)) this.backend.free(value);
    }
    this.cache.clear();
  }

  get(batch: number): T {
    let buffers = this.cache.get(batch);
    if (!buffers) {
      buffers = this.make(batch);
      this.cache.set(batch, buffers);
    }
    return buffers;
  }
}

/** Tensors and index buffers (what `Backend.alloc` and `allocIndices` return). */
function isBackendBuffer(value: unknown): value is Tensor | Int32Array {
  return (
    value instanceof Int32Array || (typeof value === 'object' && value !== null && 'shape' in value && 'data' in value)
  );
}

/** Frees the value and gradient of every parameter. */
export function freeParams(backend: Backend, params: readonly Param[]): void {
  for (const p of params) {
    backend.free(p.value);
    backend.free(p.grad);
  }
}

/** The batch size of x, after checking its other dimensions are `shape`. */
export function batchOf(x: Tensor, shape: Shape, layer: string): number {
  const ok = x.shape.length === shape.length + 1 && shape.every((d, i) => x.shape[i + 1] === d);
  if (!ok) throw new RangeError(`${layer} expects [batch, ${shape.join(', ')}], got [${x.shape.join(', ')}]`);
  return x.shape[0] as number;
}
