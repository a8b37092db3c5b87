import { afterAll, describe, expect, it } from 'vitest';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { createWasmBackend } from '../../src/backend/wasm/node/loader.js';
import type { WasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { BatchSampler } from '../../src/data/mnist/batches.js';
import { MNIST_PIXELS, type MnistSplit } from '../../src/data/mnist/mnist.js';
import { Sequential } from '../../src/layers/sequential.js';
import { buildDcn } from '../../src/models/dcn.js';
import { RandomState } from '../../src/random/random-state.js';
import { evaluateAccuracy } from '../../src/train/evaluate.js';
import { Trainer } from '../../src/train/trainer.js';

// Tensor lifetime: nothing in the library allocates per call, and what is freed is
// reused, so long loops of training and evaluation keep the WebAssembly memory flat.

/** A split of `count` random 28×28 images (130: a full evaluation batch and a part one). */
function randomSplit(count: number, seed: number): MnistSplit {
  const rs = new RandomState(seed);
  return {
    images: Uint8Array.from(rs.randint(0, 256, count * MNIST_PIXELS)),
    labels: Uint8Array.from(rs.randint(0, 10, count)),
    count,
  };
}

/** A small net for 28×28×1 inputs, cheap enough to run thousands of times (the DCN's convolutions: below). */
function smallNet(backend: WasmBackend | JsBackend): Sequential {
  return Sequential.build(
    backend,
    [28, 28, 1],
    [
      { kind: 'flatten', name: 'flat' },
      { kind: 'dense', name: 'fc1', units: 16 },
      { kind: 'activation', name: 'act', activation: 'gelu' },
      { kind: 'dropout', name: 'drop', keepProb: 0.5 },
      { kind: 'dense', name: 'fc2', units: 10 },
    ],
    { seed: 1 },
  );
}

describe('tensor lifetime on the WebAssembly backend', () => {
  const backends: WasmBackend[] = [];
  const open = async (threads: number) => {
    const b = await createWasmBackend({ threads });
    backends.push(b);
    return b;
  };
  afterAll(() => {
    for (const b of backends) b.close();
  });

  it('thousands of evaluateAccuracy and Trainer.step calls leave the memory flat after warm-up', async () => {
    const backend = await open(1);
    const model = smallNet(backend);
    const trainer = new Trainer(model, { kind: 'adam', lr: 1e-3 });
    const split = randomSplit(130, 3);
    const sampler = new BatchSampler(backend, split, new RandomState(4));
    const round = () => {
      trainer.step(sampler.next(25));
      return evaluateAccuracy(trainer, split);
    };
    for (let i = 0; i < 20; i++) round();
    const warm = backend.memoryBytes;
    const warmTop = backend.allocatedBytes;
    for (let i = 0; i < 1500; i++) round();
    expect(backend.memoryBytes).toBe(warm);
    expect(backend.allocatedBytes).toBe(warmTop);
  });

  it('the measure can fail: allocations without free grow the memory', async () => {
    const backend = await open(1);
    const [memory, top] = [backend.memoryBytes, backend.allocatedBytes];
    for (let i = 0; i < 100; i++) backend.alloc([100, 28, 28, 1]);
    expect(backend.allocatedBytes).toBeGreaterThanOrEqual(top + 100 * 313_600);
    expect(backend.memoryBytes).toBeGreaterThan(memory);
  });

  it('freed storage is reused by the next allocation of the same size', async () => {
    const backend = await open(1);
    const a = backend.alloc([1000]);
    const top = backend.allocatedBytes;
    backend.free(a);
    const b = backend.alloc([1000]);
    expect(backend.allocatedBytes).toBe(top);
    expect(b.data.byteOffset).toBe(a.data.byteOffset);
    // Zero-filled, as every allocation.
    expect(b.data.every((v) => v === 0)).toBe(true);
  });

  it('a freed tensor cannot be used or freed again', async () => {
    const backend = await open(1);
    const x = backend.alloc([8]);
    const y = backend.alloc([8]);
    backend.free(x);
    expect(() => backend.activationForward('relu', x, y, 0)).toThrow('was not allocated by the WebAssembly backend');
    expect(() => backend.free(x)).toThrow('was not allocated by the WebAssembly backend');
    const indices = backend.allocIndices(4);
    backend.free(indices);
    expect(() => backend.free(indices)).toThrow();
  });

  it('dispose gives back every tensor of a model, a trainer and a sampler', async () => {
    const backend = await open(1);
    const split = randomSplit(120, 5);
    const cycle = () => {
      const model = buildDcn(backend, { seed: 2, activation: 'elu' });
      const trainer = new Trainer(model, { kind: 'rmsprop', lr: 1e-4 });
      const sampler = new BatchSampler(backend, split, new RandomState(6));
      trainer.step(sampler.next(10));
      evaluateAccuracy(trainer, split, 110);
      sampler.dispose();
      trainer.dispose();
      model.dispose();
    };
    cycle();
    const top = backend.allocatedBytes;
    for (let i = 0; i < 3; i++) cycle();
    expect(backend.allocatedBytes).toBe(top);
  });
});

describe('the JavaScript backend', () => {
  it('has free and close (garbage-collected: nothing to give back)', () => {
    const backend = new JsBackend('float32');
    const model = smallNet(backend);
    const trainer = new Trainer(model, { kind: 'sgd', lr: 0.1 });
    const split = randomSplit(10, 1);
    expect(evaluateAccuracy(trainer, split)).toBeGreaterThanOrEqual(0);
    trainer.dispose();
    model.dispose();
    backend.close();
  });
});
