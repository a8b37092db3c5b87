import type { Backend } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Softmax cross-entropy, mean over the batch (TensorFlow's
 * `reduce_mean(softmax_cross_entropy_with_logits)`), with its gradient
 * dL/dlogits = (softmax − onehot) / n.
 */
export class SoftmaxCrossEntropy {
  private readonly buffers = new Map<number, { probs: Tensor; grad: Tensor }>();
  private last: { probs: Tensor; grad: Tensor } | undefined;

  constructor(
    private readonly backend: Backend,
    readonly classes: number,
  ) {}

  /** The loss for logits [n, classes] and integer labels [n]; keeps probs and the gradient. */
  forward(logits: Tensor, labels: Int32Array): number {
    const n = logits.shape[0] as number;
    let buffers = this.buffers.get(n);
    if (!buffers) {
      buffers = { probs: this.backend.alloc([n, this.classes]), grad: this.backend.alloc([n, this.classes]) };
      this.buffers.set(n, buffers);
    }
    this.last = buffers;
    return this.backend.softmaxCrossEntropy(logits, labels, buffers.probs, buffers.grad);
  }

  /** dL/dlogits of the last forward. */
  get grad(): Tensor {
    if (!this.last) throw new Error('loss gradient asked before forward');
    return this.last.grad;
  }

  /** softmax(logits) of the last forward. */
  get probs(): Tensor {
    if (!this.last) throw new Error('probabilities asked before forward');
    return this.last.probs;
  }
}
