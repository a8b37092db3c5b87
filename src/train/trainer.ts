import type { Batch } from '../data/mnist/batches.js';
import type { Sequential } from '../layers/sequential.js';
import { SoftmaxCrossEntropy } from '../losses/softmax-cross-entropy.js';
import { createOptimizer, type Optimizer, type OptimizerConfig } from '../optim/optimizers.js';

/**
 * Trains a classifier whose last layer gives logits: one `step` is forward (with
 * dropout), softmax cross-entropy, backward, optimizer update.
 */
export class Trainer {
  readonly loss: SoftmaxCrossEntropy;
  readonly optimizer: Optimizer;
  private predictions = new Int32Array(0);

  constructor(
    readonly model: Sequential,
    optimizer: OptimizerConfig,
  ) {
    const classes = model.outputShape[0];
    if (model.outputShape.length !== 1 || classes === undefined)
      throw new RangeError('the model must output [batch, classes] logits');
    this.loss = new SoftmaxCrossEntropy(model.backend, classes);
    this.optimizer = createOptimizer(model.backend, optimizer);
  }

  /** One training step on a batch; returns the batch's mean loss before the update. */
  step(batch: Batch): number {
    const { model } = this;
    const loss = this.loss.forward(model.forward(batch.images, 'train'), batch.labels);
    // The backward pass writes every gradient: zeroing them first would be a pass over
    // memory (fc1's weight gradient alone is 12.8 MB) for nothing.
    model.backward(this.loss.grad, true);
    this.optimizer.step(model.params());
    return loss;
  }

  /** Frees the loss's and the optimizer's tensors (not the model's: see `Sequential.dispose`). */
  dispose(): void {
    this.loss.dispose();
    this.optimizer.dispose();
  }

  /** Number of examples of the batch the model classifies right (evaluation mode: no dropout). */
  correct(batch: Batch): number {
    const logits = this.model.forward(batch.images, 'eval');
    const n = batch.labels.length;
    if (this.predictions.length < n) this.predictions = new Int32Array(n);
    const predicted = this.predictions.subarray(0, n);
    this.model.backend.argmaxRows(logits, predicted);
    let hits = 0;
    for (let i = 0; i < n; i++) if (predicted[i] === batch.labels[i]) hits++;
    return hits;
  }
}
