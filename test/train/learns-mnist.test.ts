import { describe, expect, it } from 'vitest';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { BatchSampler } from '../../src/data/mnist/batches.js';
import { Sequential } from '../../src/layers/sequential.js';
import { loadMnist } from '../../src/node/mnist-files.js';
import { RandomState } from '../../src/random/random-state.js';
import { evaluateAccuracy } from '../../src/train/evaluate.js';
import { Trainer } from '../../src/train/trainer.js';

describe('a small convnet learns real MNIST digits', () => {
  it('reaches ≥ 0.85 test accuracy on 1000 test images after 250 steps of 32', () => {
    const backend = new JsBackend('float32');
    const data = loadMnist();
    const model = Sequential.build(
      backend,
      [28, 28, 1],
      [
        { kind: 'conv2d', name: 'conv1', filters: 8, kernelSize: 3, padding: 'same' },
        { kind: 'activation', name: 'act', activation: 'relu' },
        { kind: 'max-pool2d', name: 'pool' },
        { kind: 'flatten', name: 'flat' },
        { kind: 'dense', name: 'fc', units: 10, init: 'xavier' },
      ],
    );
    const trainer = new Trainer(model, { kind: 'adam', lr: 2e-3 });
    const before = evaluateAccuracy(trainer, data.test, 1000);
    const sampler = new BatchSampler(backend, data.train, new RandomState(0));
    for (let step = 0; step < 250; step++) trainer.step(sampler.next(32));
    const after = evaluateAccuracy(trainer, data.test, 1000);
    expect(before).toBeLessThan(0.3);
    expect(after).toBeGreaterThanOrEqual(0.85);
  });
});
