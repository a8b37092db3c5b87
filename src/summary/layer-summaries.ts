import type { TensorStats } from '../backend/backend.js';
import type { Sequential } from '../layers/sequential.js';
import type { Tensor } from '../tensor/tensor.js';
import type { SummaryWriter } from './summary-writer.js';

/** A layer to watch: its weights' layer and the tensor taken as its activation. */
export interface WatchedLayer {
  /** Layer with weights (`conv1`, `fc1`…): its weights, biases and input are logged. */
  name: string;
  /** The layer whose output is this layer's activation (`conv1_act`), or a tensor given directly (softmax probabilities). */
  activation: string | Tensor;
}

/**
 * Logs, for each watched layer, a histogram of its weights, biases, input and
 * activation, and their statistics as scalars: `<layer>/<what>/mean`, `std` (the real
 * standard deviation), `min`, `max` and `zero_fraction` (share of exact zeros —
 * dead ReLU units). Statistics come from the backend.
 */
export function writeLayerSummaries(
  writer: SummaryWriter,
  model: Sequential,
  layers: readonly WatchedLayer[],
  step: number,
): void {
  for (const watched of layers) {
    const layer = model.layer(watched.name);
    if (!layer) throw new RangeError(`the model has no layer ${watched.name}`);
    const tensors: Array<[string, Tensor | undefined]> = layer.params().map((p) => [p.role, p.value]);
    tensors.push(['input', model.lastTensors(watched.name)?.input]);
    tensors.push([
      'activation',
      typeof watched.activation === 'string' ? model.lastTensors(watched.activation)?.output : watched.activation,
    ]);
    for (const [what, tensor] of tensors) {
      if (!tensor) continue;
      const tag = `${watched.name}/${what}`;
      writeStats(writer, tag, model.backend.stats(tensor), step);
      writer.histogram(tag, tensor.data, step);
    }
  }
}

/** The five statistics of a tensor as scalars under `<tag>/…`. */
export function writeStats(writer: SummaryWriter, tag: string, s: TensorStats, step: number): void {
  writer.scalar(`${tag}/mean`, s.mean, step);
  writer.scalar(`${tag}/std`, s.std, step);
  writer.scalar(`${tag}/min`, s.min, step);
  writer.scalar(`${tag}/max`, s.max, step);
  writer.scalar(`${tag}/zero_fraction`, s.count > 0 ? s.zeros / s.count : 0, step);
}
