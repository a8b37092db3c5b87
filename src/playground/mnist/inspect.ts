import { MNIST_CLASSES } from '../../data/mnist/mnist.js';

/**
 * The confusion matrix of predictions: `counts[true * 10 + predicted]`, from class
 * probabilities `[n, 10]` (the most probable class is the prediction) and true labels.
 */
export function confusionMatrix(probs: Float32Array, labels: ArrayLike<number>): Int32Array {
  const counts = new Int32Array(MNIST_CLASSES * MNIST_CLASSES);
  for (let i = 0; i < labels.length; i++) {
    const k = (labels[i] as number) * MNIST_CLASSES + argmax(probs, i);
    counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

/** One test image the model got wrong, and how sure it was. */
export interface Mistake {
  index: number;
  label: number;
  predicted: number;
  /** The probability it gave its (wrong) prediction. */
  confidence: number;
}

/** The `count` wrong predictions made with the highest probability, most confident first (ties: lower index first). */
export function confidentMistakes(probs: Float32Array, labels: ArrayLike<number>, count: number): Mistake[] {
  const wrong: Mistake[] = [];
  for (let i = 0; i < labels.length; i++) {
    const predicted = argmax(probs, i);
    if (predicted !== labels[i]) {
      wrong.push({
        index: i,
        label: labels[i] as number,
        predicted,
        confidence: probs[i * MNIST_CLASSES + predicted] as number,
      });
    }
  }
  return wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index).slice(0, count);
}

/** The most probable class of row `i` of `[n, 10]` probabilities (the first, on a tie). */
export function argmax(probs: Float32Array, i: number): number {
  let best = 0;
  for (let k = 1; k < MNIST_CLASSES; k++) {
    if ((probs[i * MNIST_CLASSES + k] as number) > (probs[i * MNIST_CLASSES + best] as number)) best = k;
  }
  return best;
}
