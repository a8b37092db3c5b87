import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWasmBackend } from '../../backend/wasm/node/loader.js';
import { BatchSampler } from '../../data/mnist/batches.js';
import { MNIST_PIXELS } from '../../data/mnist/mnist.js';
import { dcnWatchedLayers } from '../../models/dcn.js';
import { RandomState } from '../../random/random-state.js';
import { writeLayerSummaries } from '../../summary/layer-summaries.js';
import { SummaryWriter } from '../../summary/summary-writer.js';
import { encodeTrainingState } from '../../train/training-state.js';
import { writeFileAtomic } from '../atomic-write.js';
import { benchTrainer } from './dcn.js';
import type { BenchRow } from './table.js';

/**
 * What `nnlab mnist --logdir` summaries and `--checkpoint-every` checkpoints cost: the
 * time of one summary (loss plus the 16 per-layer statistics and histograms of the
 * DCN) against `every` training steps, and of one checkpoint (the whole training state
 * encoded and written durably: fsync, rename) against `checkpointEvery` steps.
 */
export async function benchSummaries(
  threads: number,
  every: number,
  checkpointEvery: number,
  repeats: number,
): Promise<BenchRow[]> {
  const backend = await createWasmBackend({ threads });
  const { model, trainer, step } = benchTrainer(backend);
  const split = { images: new Uint8Array(55_000 * MNIST_PIXELS), labels: new Uint8Array(55_000), count: 55_000 };
  const sampler = new BatchSampler(backend, split, new RandomState(3));
  sampler.next(50);
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-bench-'));
  let checkpointMs = Number.POSITIVE_INFINITY;
  let checkpointBytes = 0;
  let stepMs = Number.POSITIVE_INFINITY;
  let summaryMs = Number.POSITIVE_INFINITY;
  let bytes = 0;
  for (let r = 0; r < repeats; r++) {
    let t = performance.now();
    const loss = step();
    stepMs = Math.min(stepMs, performance.now() - t);
    bytes = 0;
    const writer = new SummaryWriter((record) => {
      bytes += record.length;
    });
    t = performance.now();
    writer.scalar('loss', loss, r);
    writeLayerSummaries(writer, model, dcnWatchedLayers(trainer.loss.probs), r);
    summaryMs = Math.min(summaryMs, performance.now() - t);
    t = performance.now();
    const state = encodeTrainingState({ trainer, sampler }, r, { bench: true });
    writeFileAtomic(join(dir, 'step.safetensors'), state, true);
    checkpointMs = Math.min(checkpointMs, performance.now() - t);
    checkpointBytes = state.length;
  }
  rmSync(dir, { recursive: true, force: true });
  backend.close();
  return [
    {
      threads,
      'step ms': stepMs,
      'summary ms': summaryMs,
      'summary KiB': bytes / 1024,
      [`overhead at every ${every}`]: `${((100 * summaryMs) / (every * stepMs)).toFixed(2)} %`,
      'checkpoint ms': checkpointMs,
      'checkpoint MiB': checkpointBytes / 2 ** 20,
      [`checkpoint at every ${checkpointEvery}`]: `${((100 * checkpointMs) / (checkpointEvery * stepMs)).toFixed(2)} %`,
    },
  ];
}
