import { dcnWatchedLayers } from '../models/dcn.js';
import { writeLayerSummaries } from '../summary/layer-summaries.js';
import type { SummaryWriter } from '../summary/summary-writer.js';
import type { MnistRunEvents } from './mnist-run.js';

/**
 * The summaries of an MNIST run, as `nnlab mnist --logdir` writes them and the
 * playground's MNIST tab shows them: every `every` steps the loss and each watched
 * layer's weights, biases, inputs and activations (statistics and histograms), and every
 * accuracy as `accuracy/<split>`.
 */
export function mnistSummaries(
  writer: SummaryWriter,
  every: number,
): Required<Pick<MnistRunEvents, 'afterStep' | 'accuracy'>> {
  return {
    afterStep: (step, loss, trainer) => {
      if (step % every !== 0) return;
      writer.scalar('loss', loss, step);
      writeLayerSummaries(writer, trainer.model, dcnWatchedLayers(trainer.loss.probs), step);
    },
    accuracy: (split, step, value) => writer.scalar(`accuracy/${split}`, value, step),
  };
}
