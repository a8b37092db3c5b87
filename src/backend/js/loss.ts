import type { Storage } from '../../tensor/tensor.js';

/**
 * Mean softmax cross-entropy over n rows of k logits. Writes probs and
 * dlogits = (probs − onehot)/n; returns −Σ log p(label) / n. Shifted by each row's
 * maximum, and log p computed as (z − max) − log Σ e^(z − max), so no overflow or log 0.
 */
export function softmaxCrossEntropy(
  logits: Storage,
  labels: Int32Array,
  n: number,
  k: number,
  probs: Storage,
  dlogits: Storage,
): number {
  let loss = 0;
  for (let r = 0; r < n; r++) {
    const o = r * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[o + j] as number);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp((logits[o + j] as number) - max);
    const label = labels[r] as number;
    if (!(label >= 0 && label < k)) throw new RangeError(`label ${label} is outside 0..${k - 1}`);
    loss -= (logits[o + label] as number) - max - Math.log(sum);
    for (let j = 0; j < k; j++) {
      const p = Math.exp((logits[o + j] as number) - max) / sum;
      probs[o + j] = p;
      dlogits[o + j] = (p - (j === label ? 1 : 0)) / n;
    }
  }
  return loss / n;
}

/** out[r] = index of the largest of x[r, :] (first one on ties). */
export function argmaxRows(x: Storage, n: number, k: number, out: Int32Array): void {
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if ((x[r * k + j] as number) > (x[r * k + best] as number)) best = j;
    out[r] = best;
  }
}
