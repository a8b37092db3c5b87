import type { Backend } from '../backend/backend.js';
import { BatchBuffers } from '../layers/layer.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Softmax cross-entropy, mean over the batch (TensorFlow's
 * `reduce_mean(softmax_cross_entropy_with_logits)`), with its gradient
 * dL/dlogits = (softmax − onehot) / n.
 */
export class SoftmaxCrossEntropy {
  private readonly buffers: BatchBuffers<{ probs: Tensor; grad: Tensor }>;
  private last: { probs: Tensor; grad: Tensor } | undefined;

  constructor(
    private readonly backend: Backend,
    readonly classes: number,
  ) {
    this.buffers = new BatchBuffers(backend, (n) => ({
      probs: backend.alloc([n, classes]),
      grad: backend.alloc([n, classes]),
    }));
  }

  /** Frees the probability and gradient buffers. */
  dispose(): void {
    this.buffers.dispose();
    this.last = undefined;
  }

  /** The loss for logits [n, classes] and integer labels [n]; keeps probs and the gradient. */
  forward(logits: Tensor, labels: Int32Array): number {
    const buffers = this.buffers.get(logits.shape[0] as number);
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
