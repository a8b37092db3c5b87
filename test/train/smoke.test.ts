import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from '../../src/activations/activations.js';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { INIT_KINDS, initialWeights } from '../../src/init/initializers.js';
import { Sequential } from '../../src/layers/sequential.js';
import { OPTIMIZER_KINDS } from '../../src/optim/optimizers.js';
import { RandomState } from '../../src/random/random-state.js';
import { Trainer } from '../../src/train/trainer.js';
import { randomTensor } from '../helpers/tensors.js';

describe('every activation × initialiser × optimizer trains', () => {
  const backend = new JsBackend('float32');
  const images = randomTensor(backend, [8, 8, 8, 1], 1);
  const labels = Int32Array.from({ length: 8 }, (_, i) => i % 3);
  for (const activation of ACTIVATION_NAMES) {
    for (const init of INIT_KINDS) {
      for (const optimizer of OPTIMIZER_KINDS) {
        it(`${activation} / ${init} / ${optimizer}`, () => {
          const model = Sequential.build(
            backend,
            [8, 8, 1],
            [
              { kind: 'conv2d', name: 'conv1', filters: 4, kernelSize: 3, padding: 'same', init },
              { kind: 'activation', name: 'a1', activation },
              { kind: 'max-pool2d', name: 'pool' },
              { kind: 'flatten', name: 'flat' },
              { kind: 'dense', name: 'fc1', units: 16, init },
              { kind: 'activation', name: 'a2', activation },
              { kind: 'dropout', name: 'drop', keepProb: 0.5 },
              { kind: 'dense', name: 'fc2', units: 3, init },
            ],
          );
          const lr = optimizer === 'sgd' || optimizer === 'momentum' ? 0.05 : 0.01;
          const trainer = new Trainer(model, { kind: optimizer, lr });
          const before = Array.from(model.params()[0]?.value.data ?? []);
          const evalLoss = () => trainer.loss.forward(model.forward(images, 'eval'), labels);
          const first = evalLoss();
          for (let i = 0; i < 30; i++) expect(Number.isFinite(trainer.step({ images, labels }))).toBe(true);
          expect(Array.from(model.params()[0]?.value.data ?? [])).not.toEqual(before);
          // Thirty steps on one batch of eight examples: the loss without dropout must come down.
          expect(evalLoss()).toBeLessThan(first);
        });
      }
    }
  }
});

describe('initialisers', () => {
  const rs = () => new RandomState(0);
  it('default: truncated normal σ 0.1 within ±0.2', () => {
    const w = initialWeights('default', 100, 100, 20000, rs());
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(0.2);
    const sd = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(sd).toBeCloseTo(0.1 * Math.sqrt(0.7737), 2);
  });
  it('xavier: uniform on ±√(6 / (fanIn + fanOut))', () => {
    const limit = Math.sqrt(6 / 300);
    const w = initialWeights('xavier', 100, 200, 20000, rs());
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.99 * limit);
  });
  it('he: truncated normal with σ = √(2.6 / fanIn), so its variance ≈ 2 / fanIn', () => {
    const w = initialWeights('he', 50, 10, 40000, rs());
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(variance * 50).toBeCloseTo(2.6 * 0.7737, 1);
  });
});
