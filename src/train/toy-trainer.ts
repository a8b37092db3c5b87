import type { DeepNeuralNetwork, Loss } from '../classic/deep-neural-network.js';
import { fromData, type Matrix } from '../classic/matrix.js';
import type { Dataset } from '../data/dataset.js';
import { RandomState } from '../random/random-state.js';

/** How a {@link ToyTrainer} steps. */
export interface ToyTrainerOptions {
  /** Gradient-descent step. */
  epsilon: number;
  /** Rows per step; 0, undefined or ≥ n: the whole training set each step (the course's full batch). */
  batch?: number;
  /** Seed of the batch order's own `RandomState` (default 0); unused with full batches. */
  batchSeed?: number;
  /** Report the loss after the passes whose 0-based index i has `i % lossEvery === 0` (as `fitModel`). */
  lossEvery: number;
}

/** The loss after a reported pass. */
export interface ToyLossReport {
  /** The pass's 0-based index, as `fitModel`'s `onLoss` and the course's line number it. */
  iteration: number;
  /** On the whole training set, after the pass's last update. */
  loss: Loss;
  /** On the test set, when it has rows (its `regLoss` divides by the test set's rows). */
  test?: Loss;
}

/** A batch size's gather buffers: the rows' inputs (as a matrix) and labels. */
interface BatchBuffers {
  x: Matrix;
  y: Int32Array;
}

/**
 * The training loop of `nnlab classic` / `nnlab deep` (through `runToy`) and of the
 * playground page, one step at a time, so that both print the same numbers: the page
 * calls {@link step} or {@link runPass} a few times per frame, the command line in a loop.
 *
 * Full batch (`batch` 0, undefined or ≥ n): each pass is one
 * `net.step(train.x, train.y, epsilon)` on the data as given, no copy and no draws, so
 * the weights and reports are `fitModel`'s bit for bit.
 *
 * Mini-batch (0 < batch < n): at the start of each pass the trainer draws
 * `permutation(n)` from its one `RandomState(batchSeed)`; the pass's steps take
 * consecutive slices of it, `batch` rows each (the last one what is left, so
 * ⌈n / batch⌉ steps), gather those rows' x and y, and call `net.step` on them. The course's
 * rule holds per step: gradients summed over the batch's rows, plus λ·W (or λ·sign W)
 * once, so a smaller batch is a smaller step as well as a noisier one.
 */
export class ToyTrainer {
  private readonly epsilon: number;
  private readonly lossEvery: number;
  /** Rows per step; n for full batches. */
  private readonly batchRows: number;
  private readonly random: RandomState | undefined;
  private order: Int32Array = new Int32Array(0);
  /** The pass whose order {@link order} holds (−1: none drawn yet). */
  private orderPass = -1;
  private passCount = 0;
  private stepCount = 0;
  private readonly buffers = new Map<number, BatchBuffers>();

  constructor(
    readonly net: DeepNeuralNetwork,
    readonly train: Dataset,
    options: ToyTrainerOptions,
    readonly test?: Dataset,
  ) {
    const { epsilon, lossEvery } = options;
    const batch = options.batch ?? 0;
    if (!Number.isFinite(epsilon)) throw new RangeError(`epsilon must be a finite number, got ${epsilon}`);
    if (!Number.isInteger(lossEvery) || lossEvery < 1) {
      throw new RangeError(`lossEvery must be an integer ≥ 1, got ${lossEvery}`);
    }
    if (!Number.isInteger(batch) || batch < 0) throw new RangeError(`batch must be an integer ≥ 0, got ${batch}`);
    if (train.n < 1) throw new RangeError('the training set has no rows');
    for (const [name, data] of [['training', train] as const, ['test', test] as const]) {
      if (data && data.n > 0 && data.features !== net.inputs) {
        throw new RangeError(`the ${name} set has ${data.features} features, the network ${net.inputs} inputs`);
      }
    }
    this.epsilon = epsilon;
    this.lossEvery = lossEvery;
    this.batchRows = batch === 0 || batch >= train.n ? train.n : batch;
    this.random = this.fullBatch ? undefined : new RandomState(options.batchSeed ?? 0);
  }

  private get fullBatch(): boolean {
    return this.batchRows === this.train.n;
  }

  /** Passes (epochs) completed. */
  get passes(): number {
    return this.passCount;
  }

  /** Steps done in the current pass (0 between passes). */
  get stepInPass(): number {
    return this.stepCount;
  }

  /** Steps in every pass: 1 with full batches, else ⌈n / batch⌉. */
  get stepsPerPass(): number {
    return Math.ceil(this.train.n / this.batchRows);
  }

  /**
   * Row indices of the next step's batch (a new array), without consuming anything:
   * calling it again before {@link step} gives the same rows. Full batch: 0..n−1.
   * (The pass's order is drawn the first time it is needed, here or in `step`, once.)
   */
  nextBatch(): Int32Array {
    const n = this.train.n;
    if (this.fullBatch) return Int32Array.from({ length: n }, (_, i) => i);
    const start = this.stepCount * this.batchRows;
    return this.passOrder().slice(start, Math.min(n, start + this.batchRows));
  }

  /** The next step's rows of the training set, x and y (copies): what {@link step} will train on. */
  nextBatchData(): { x: Float64Array; y: Int32Array } {
    const { train } = this;
    if (this.fullBatch) return { x: Float64Array.from(train.x), y: Int32Array.from(train.y) };
    const start = this.stepCount * this.batchRows;
    const rows = Math.min(train.n, start + this.batchRows) - start;
    const batch = this.gather(this.passOrder(), start, rows);
    return { x: Float64Array.from(batch.x.data), y: Int32Array.from(batch.y) };
  }

  /**
   * One gradient step on {@link nextBatch}'s rows. When it completes the pass with index
   * i and `i % lossEvery === 0`, returns the loss report (`net.calculateLoss` on the
   * training set after the update, and on the test set when that has rows); else undefined.
   */
  step(): ToyLossReport | undefined {
    const { net, train } = this;
    if (this.fullBatch) {
      net.step(train.x, train.y, this.epsilon);
    } else {
      const order = this.passOrder();
      const start = this.stepCount * this.batchRows;
      const rows = Math.min(train.n, start + this.batchRows) - start;
      const { x, y } = this.gather(order, start, rows);
      net.step(x, y, this.epsilon);
    }
    this.stepCount++;
    if (this.stepCount < this.stepsPerPass) return undefined;
    this.stepCount = 0;
    const iteration = this.passCount++;
    if (iteration % this.lossEvery !== 0) return undefined;
    const report: ToyLossReport = { iteration, loss: net.calculateLoss(train.x, train.y) };
    const { test } = this;
    if (test && test.n > 0) report.test = net.calculateLoss(test.x, test.y);
    return report;
  }

  /** Steps to the end of the current pass (a whole pass between passes); returns its last step's report. */
  runPass(): ToyLossReport | undefined {
    let report: ToyLossReport | undefined;
    do report = this.step();
    while (this.stepCount !== 0);
    return report;
  }

  /** The current pass's permutation of the rows, drawn at its first use in the pass. */
  private passOrder(): Int32Array {
    if (this.orderPass !== this.passCount) {
      this.order = (this.random as RandomState).permutation(this.train.n);
      this.orderPass = this.passCount;
    }
    return this.order;
  }

  /** Copies rows order[start … start + rows) of the training set into the buffers of that batch size. */
  private gather(order: Int32Array, start: number, rows: number): BatchBuffers {
    const { x: source, y: labels, features: k } = this.train;
    let buffers = this.buffers.get(rows);
    if (!buffers) {
      buffers = { x: fromData(rows, k, new Float64Array(rows * k)), y: new Int32Array(rows) };
      this.buffers.set(rows, buffers);
    }
    const x = buffers.x.data;
    for (let r = 0; r < rows; r++) {
      const i = order[start + r] as number;
      x.set(source.subarray(i * k, (i + 1) * k), r * k);
      buffers.y[r] = labels[i] as number;
    }
    return buffers;
  }
}
