import type { Backend } from '../../backend/backend.js';
import type { RandomState, RandomStateSnapshot } from '../../random/random-state.js';
import type { Tensor } from '../../tensor/tensor.js';
import { MNIST_PIXELS, MNIST_SIDE, type MnistSplit } from './mnist.js';

/** A batch of images `[n, 28, 28, 1]` scaled to [0, 1] and their labels. */
export interface Batch {
  readonly images: Tensor;
  readonly labels: Int32Array;
}

/** A {@link BatchSampler}'s position: what its next batches depend on. */
export interface BatchSamplerState {
  /** The current epoch's order of the examples. */
  readonly order: Int32Array;
  /** Position of the next example in `order`. */
  readonly index: number;
  /** True before the first batch (whose epoch is not shuffled yet). */
  readonly first: boolean;
  /** Epochs completed. */
  readonly epochs: number;
  /** The shuffling generator's state. */
  readonly random: RandomStateSnapshot;
}

/**
 * Draws training batches the way TensorFlow's classic `DataSet.next_batch` does:
 * the examples are shuffled at the start of every epoch (first one included), and a
 * batch that crosses the end of an epoch takes the rest of the old order and the
 * start of a freshly shuffled one. Shuffles come from the given numpy-compatible
 * generator, so a seed fixes every batch.
 */
export class BatchSampler {
  private order: Int32Array;
  private index = 0;
  private first = true;
  /** Epochs completed so far. */
  epochs = 0;
  private scratch: Float32Array;
  private readonly batches = new Map<number, Batch>();

  constructor(
    private readonly backend: Backend,
    private readonly split: MnistSplit,
    private readonly random: RandomState,
  ) {
    this.order = Int32Array.from({ length: split.count }, (_, i) => i);
    this.scratch = new Float32Array(0);
  }

  /** Where the sampler stands: the epoch's order, the position in it and its generator's state. */
  getState(): BatchSamplerState {
    return {
      order: this.order.slice(),
      index: this.index,
      first: this.first,
      epochs: this.epochs,
      random: this.random.getState(),
    };
  }

  /** Throws, changing nothing, unless {@link setState} would accept `state`. */
  checkState(state: BatchSamplerState): void {
    if (state.order.length !== this.split.count) {
      throw new RangeError(
        `the sampler state orders ${state.order.length} examples, this split has ${this.split.count}`,
      );
    }
    if (!(Number.isInteger(state.index) && state.index >= 0 && state.index <= this.split.count)) {
      throw new RangeError(`the sampler state's position ${state.index} is outside 0…${this.split.count}`);
    }
  }

  /** Continues from a {@link getState} of a sampler over a split of the same size. */
  setState(state: BatchSamplerState): void {
    this.checkState(state);
    this.order = Int32Array.from(state.order);
    this.index = state.index;
    this.first = state.first;
    this.epochs = state.epochs;
    this.random.setState(state.random);
  }

  /** The next `size` examples (a buffer reused by the next call of the same size). */
  next(size: number): Batch {
    if (!(Number.isInteger(size) && size >= 1 && size <= this.split.count)) {
      throw new RangeError(`batch size must be between 1 and ${this.split.count}, got ${size}`);
    }
    if (this.first) {
      this.reshuffle();
      this.first = false;
    }
    const picks = new Int32Array(size);
    let start = this.index;
    if (start + size > this.split.count) {
      const rest = this.split.count - start;
      picks.set(this.order.subarray(start, this.split.count));
      this.epochs++;
      this.reshuffle();
      start = 0;
      this.index = size - rest;
      picks.set(this.order.subarray(0, this.index), rest);
    } else {
      this.index += size;
      picks.set(this.order.subarray(start, this.index));
    }
    return this.gather(picks);
  }

  private reshuffle(): void {
    // numpy: perm = arange(n); shuffle(perm); data = data[perm] — composed with the current order.
    const perm = this.random.permutation(this.split.count);
    const old = this.order;
    this.order = perm.map((p) => old[p] as number);
  }

  private gather(picks: Int32Array): Batch {
    const batch = this.batchBuffer(picks.length);
    if (this.scratch.length < picks.length * MNIST_PIXELS) this.scratch = new Float32Array(picks.length * MNIST_PIXELS);
    fillBatch(this.backend, this.split, picks, batch, this.scratch);
    return batch;
  }

  /** Frees the batch tensors this sampler handed out; it is unusable afterwards. */
  dispose(): void {
    for (const b of this.batches.values()) this.backend.free(b.images);
    this.batches.clear();
  }

  private batchBuffer(size: number): Batch {
    let b = this.batches.get(size);
    if (!b) {
      b = { images: this.backend.alloc([size, MNIST_SIDE, MNIST_SIDE, 1]), labels: new Int32Array(size) };
      this.batches.set(size, b);
    }
    return b;
  }
}

/**
 * Writes the examples `picks` of a split into a batch: pixels / 255 and labels.
 * `scratch` (at least n·784 long) stages the pixels; pass one to avoid an allocation.
 */
export function fillBatch(
  backend: Backend,
  split: MnistSplit,
  picks: ArrayLike<number>,
  batch: Batch,
  scratch: Float32Array = new Float32Array(picks.length * MNIST_PIXELS),
): void {
  const values = scaledPixels(split, picks, scratch);
  for (let i = 0; i < picks.length; i++) batch.labels[i] = split.labels[picks[i] as number] as number;
  backend.write(batch.images, values);
}

/**
 * The pixels of the examples `picks` of a split as the network sees them, bytes / 255,
 * `[n, 784]` row-major: written into the first n·784 values of `out`, which are returned.
 */
export function scaledPixels(
  split: MnistSplit,
  picks: ArrayLike<number>,
  out: Float32Array = new Float32Array(picks.length * MNIST_PIXELS),
): Float32Array {
  const n = picks.length;
  const values = out.subarray(0, n * MNIST_PIXELS);
  for (let i = 0; i < n; i++) {
    const src = (picks[i] as number) * MNIST_PIXELS;
    for (let p = 0; p < MNIST_PIXELS; p++) values[i * MNIST_PIXELS + p] = (split.images[src + p] as number) / 255;
  }
  return values;
}
