import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createWasmBackend } from '../../src/backend/wasm/node/loader.js';
import { decodeSafetensors } from '../../src/checkpoint/safetensors.js';
import { BatchSampler } from '../../src/data/mnist/batches.js';
import { MNIST_PIXELS, type MnistSplit } from '../../src/data/mnist/mnist.js';
import { Sequential } from '../../src/layers/sequential.js';
import type { OptimizerConfig } from '../../src/optim/optimizers.js';
import { RandomState } from '../../src/random/random-state.js';
import { Trainer } from '../../src/train/trainer.js';
import { encodeTrainingState, restoreTrainingState } from '../../src/train/training-state.js';

// A training state saved after k steps and restored into fresh objects (other seeds,
// another thread count) continues the run bit for bit: losses, weights, slots.

const rs = new RandomState(11);
const split: MnistSplit = {
  images: Uint8Array.from(rs.randint(0, 256, 300 * MNIST_PIXELS)),
  labels: Uint8Array.from(rs.randint(0, 10, 300)),
  count: 300,
};

function parts(backend: Backend, seed: number, optimizer: OptimizerConfig = { kind: 'adam', lr: 1e-3 }, units = 24) {
  const model = Sequential.build(
    backend,
    [28, 28, 1],
    [
      { kind: 'conv2d', name: 'conv1', filters: 3, kernelSize: 3, padding: 'same' },
      { kind: 'activation', name: 'act1', activation: 'elu' },
      { kind: 'max-pool2d', name: 'pool' },
      { kind: 'flatten', name: 'flat' },
      { kind: 'dense', name: 'fc1', units },
      { kind: 'activation', name: 'act2', activation: 'gelu' },
      { kind: 'dropout', name: 'drop', keepProb: 0.5 },
      { kind: 'dense', name: 'fc2', units: 10 },
    ],
    { seed },
  );
  const trainer = new Trainer(model, optimizer);
  return { trainer, sampler: new BatchSampler(backend, split, new RandomState(seed + 1)) };
}

const BATCH = 32; // 300 / 32: the run crosses epochs (reshuffles) before and after the save
const settings = { batch: BATCH, activation: 'elu' };
const run = (p: ReturnType<typeof parts>, steps: number) =>
  Array.from({ length: steps }, () => p.trainer.step(p.sampler.next(BATCH)));
const bytesOf = (p: ReturnType<typeof parts>) =>
  p.trainer.model.params().map((q) => Array.from(new Uint8Array(q.value.data.slice().buffer)));

describe('training state', () => {
  const backends: Backend[] = [];
  afterAll(() => {
    for (const b of backends) b.close();
  });
  const open = async (threads: number) => {
    const b = await createWasmBackend({ threads });
    backends.push(b);
    return b;
  };

  for (const optimizer of [
    { kind: 'adam', lr: 1e-3 },
    { kind: 'rmsprop', lr: 1e-3, momentum: 0.5 },
  ] as const) {
    it(`${optimizer.kind}: saved after 6 of 20 steps, restored on 2 threads, continues bit for bit`, async () => {
      const one = await open(1);
      const whole = parts(one, 3, optimizer);
      const losses = run(whole, 20);

      const first = parts(one, 3, optimizer);
      const early = run(first, 6);
      expect(early).toEqual(losses.slice(0, 6));
      const saved = encodeTrainingState(first, 6, settings, { note: 'kept' });

      const resumed = parts(await open(2), 99, optimizer);
      const state = restoreTrainingState(saved, 'state.safetensors', resumed, settings);
      expect(state.step).toBe(6);
      expect(state.metadata.note).toBe('kept');
      expect(run(resumed, 14)).toEqual(losses.slice(6));
      expect(bytesOf(resumed)).toEqual(bytesOf(whole));
      expect(resumed.trainer.optimizer.steps).toBe(20);
    });
  }

  it('holds the weights under their names, for Python safetensors, and the slots beside them', async () => {
    const p = parts(await open(1), 1);
    run(p, 2);
    const { tensors, metadata } = decodeSafetensors(encodeTrainingState(p, 2, settings), 'f');
    expect([...tensors.keys()].filter((k) => !k.startsWith('optimizer/'))).toEqual(
      p.trainer.model.params().map((q) => q.name),
    );
    expect(tensors.has('optimizer/fc1/weights/m') && tensors.has('optimizer/fc1/weights/v')).toBe(true);
    expect(metadata.step).toBe('2');
  });

  describe('refuses a state that does not fit, with one line naming the file and the difference', () => {
    const state = async () => {
      const p = parts(await open(1), 1);
      run(p, 1);
      return encodeTrainingState(p, 1, settings);
    };
    it('another architecture', async () => {
      const [bytes, other] = [await state(), parts(await open(1), 1, undefined, 16)];
      expect(() => restoreTrainingState(bytes, 'a.safetensors', other)).toThrow(
        'a.safetensors: fc1/weights is 588×24, the model needs 588×16',
      );
    });
    it('another optimizer', async () => {
      const [bytes, other] = [await state(), parts(await open(1), 1, { kind: 'sgd', lr: 0.1 })];
      expect(() => restoreTrainingState(bytes, 'a.safetensors', other)).toThrow(
        'a.safetensors: saved with the adam optimizer, this run uses sgd',
      );
    });
    it('another setting that must match', async () => {
      const [bytes, other] = [await state(), parts(await open(1), 1)];
      expect(() => restoreTrainingState(bytes, 'a.safetensors', other, { batch: 50 })).toThrow(
        'a.safetensors: saved with batch 32, this run has 50',
      );
    });
    it('a setting the file predates: taken at its older default, then compared', async () => {
      const bytes = await state();
      // The file has no keepProb; files from before that setting trained with 0.5.
      const older = { keepProb: 0.5 };
      const [a, b, c] = [parts(await open(1), 1), parts(await open(1), 1), parts(await open(1), 1)];
      expect(restoreTrainingState(bytes, 'a.safetensors', a, { keepProb: 0.5 }, older).step).toBe(1);
      expect(() => restoreTrainingState(bytes, 'a.safetensors', b, { keepProb: 0.7 }, older)).toThrow(
        'a.safetensors: saved with keepProb 0.5, this run has 0.7',
      );
      expect(() => restoreTrainingState(bytes, 'a.safetensors', c, { keepProb: 0.5 })).toThrow(
        'a.safetensors: saved with keepProb undefined, this run has 0.5',
      );
    });
    it('a truncated file', async () => {
      const other = parts(await open(1), 1);
      const bytes = await state();
      expect(() => restoreTrainingState(bytes.subarray(0, bytes.length - 100), 'a.safetensors', other)).toThrow(
        /^a\.safetensors: not a valid safetensors file: tensor .* has a bad byte range$/,
      );
    });
  });
});
