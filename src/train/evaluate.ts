import type { Backend } from '../backend/backend.js';
import { type Batch, fillBatch } from '../data/mnist/batches.js';
import { MNIST_PIXELS, MNIST_SIDE, type MnistSplit } from '../data/mnist/mnist.js';
import type { Trainer } from './trainer.js';

/** Evaluation batch size: big enough to amortise calls, small enough for the im2col scratch (~30 MB). */
export const EVAL_BATCH = 100;

/**
 * Accuracy of the model on a whole split (or its first `limit` examples), in
 * evaluation mode, in batches of {@link EVAL_BATCH}.
 */
export function evaluateAccuracy(trainer: Trainer, split: MnistSplit, limit = split.count): number {
  const backend: Backend = trainer.model.backend;
  const total = Math.min(limit, split.count);
  if (total === 0) return Number.NaN;
  const scratch = new Float32Array(EVAL_BATCH * MNIST_PIXELS);
  // The batch tensors live for this call only: freed, their memory serves the next call.
  const batches = new Map<number, Batch>();
  let hits = 0;
  try {
    for (let start = 0; start < total; start += EVAL_BATCH) {
      const n = Math.min(EVAL_BATCH, total - start);
      let batch = batches.get(n);
      if (!batch) {
        batch = { images: backend.alloc([n, MNIST_SIDE, MNIST_SIDE, 1]), labels: new Int32Array(n) };
        batches.set(n, batch);
      }
      const picks = Int32Array.from({ length: n }, (_, i) => start + i);
      fillBatch(backend, split, picks, batch, scratch);
      hits += trainer.correct(batch);
    }
  } finally {
    for (const batch of batches.values()) backend.free(batch.images);
  }
  return hits / total;
}
