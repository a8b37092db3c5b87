import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from '../../src/activations/activations.js';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import type { Layer } from '../../src/layers/layer.js';
import { Sequential } from '../../src/layers/sequential.js';
import { buildLayer, type LayerSpec } from '../../src/layers/spec.js';
import { SoftmaxCrossEntropy } from '../../src/losses/softmax-cross-entropy.js';
import { RandomState } from '../../src/random/random-state.js';
import type { Shape, Tensor } from '../../src/tensor/tensor.js';
import { maxRelativeError, numericGradient } from '../helpers/gradient-check.js';
import { randomTensor } from '../helpers/tensors.js';

// Float64 central differences (h = 1e-6) on smooth functions are good to ~1e-9;
// 1e-6 relative error still catches any missing or wrong term.
const TOLERANCE = 1e-6;
const backend = new JsBackend('float64');

/** Checks dx and every parameter gradient of `layer` for f(x) = Σ r ⊙ layer(x). */
function checkLayer(layer: Layer, x: Tensor, seed: number): void {
  const y = layer.forward(x, 'train');
  const r = randomTensor(backend, y.shape, seed + 1);
  const f = () => {
    const out = layer.forward(x, 'train').data;
    let s = 0;
    for (let i = 0; i < out.length; i++) s += (out[i] as number) * (r.data[i] as number);
    return s;
  };
  for (const p of layer.params()) backend.fill(p.grad, 0);
  layer.forward(x, 'train');
  const dx = layer.backward(r, true);
  if (!dx) throw new Error('no input gradient');
  const analytic = Float64Array.from(dx.data);
  expect(maxRelativeError(analytic, numericGradient(x.data as Float64Array, f)), `${layer.name} dx`).toBeLessThan(
    TOLERANCE,
  );
  for (const p of layer.params()) {
    const grad = Float64Array.from(p.grad.data);
    expect(maxRelativeError(grad, numericGradient(p.value.data as Float64Array, f)), p.name).toBeLessThan(TOLERANCE);
  }
}

// Tensors of float64 JS backends are plain Float64Arrays, so layers built on this one
// (Winograd for every 5×5 SAME convolution) mix with `backend`'s tensors.
const winograd = new JsBackend('float64', { conv: 'winograd' });

function build(spec: LayerSpec, inputShape: Shape, seed = 3, on: JsBackend = backend): Layer {
  return buildLayer({ backend: on, random: new RandomState(seed) }, spec, spec.name ?? spec.kind, inputShape);
}

/** Inputs whose entries stay at least `gap` away from 0 (kinks of ReLU-like functions) and from each other (pooling ties). */
function spreadInput(shape: Shape, seed: number): Tensor {
  const x = backend.alloc([2, ...shape]);
  const rs = new RandomState(seed);
  const perm = rs.permutation(x.data.length);
  backend.write(
    x,
    Array.from(perm, (p) => (p - x.data.length / 2 + 0.5) * 0.37),
  );
  return x;
}

describe('every layer passes a float64 finite-difference gradient check', () => {
  it('dense', () => checkLayer(build({ kind: 'dense', units: 4 }, [5]), randomTensor(backend, [3, 5], 1), 1));
  for (const padding of ['same', 'valid'] as const) {
    for (const k of [1, 3, 5]) {
      it(`conv2d ${k}×${k} ${padding}`, () => {
        const layer = build({ kind: 'conv2d', filters: 3, kernelSize: k, padding }, [6, 5, 2]);
        checkLayer(layer, randomTensor(backend, [2, 6, 5, 2], k), k);
      });
    }
  }
  it('conv2d 5×5 same by Winograd F(4×4, 5×5) (tiles stick out of the 6×5 image)', () => {
    const layer = build({ kind: 'conv2d', filters: 3, kernelSize: 5, padding: 'same' }, [6, 5, 2], 3, winograd);
    checkLayer(layer, randomTensor(backend, [2, 6, 5, 2], 11), 11);
  });
  it('max-pool 2×2 (even and odd sizes)', () => {
    checkLayer(build({ kind: 'max-pool2d' }, [4, 4, 2]), spreadInput([4, 4, 2], 5), 5);
    checkLayer(build({ kind: 'max-pool2d' }, [5, 3, 1]), spreadInput([5, 3, 1], 6), 6);
  });
  it('flatten', () => checkLayer(build({ kind: 'flatten' }, [3, 2, 2]), randomTensor(backend, [2, 3, 2, 2], 7), 7));
  for (const activation of ACTIVATION_NAMES) {
    it(`activation ${activation}`, () =>
      checkLayer(build({ kind: 'activation', activation }, [7]), spreadInput([7], 8), 8));
  }

  it('softmax cross-entropy: dL/dlogits', () => {
    const loss = new SoftmaxCrossEntropy(backend, 4);
    const logits = randomTensor(backend, [5, 4], 9, 2);
    const labels = Int32Array.of(0, 3, 1, 1, 2);
    loss.forward(logits, labels);
    const analytic = Float64Array.from(loss.grad.data);
    const numeric = numericGradient(logits.data as Float64Array, () => loss.forward(logits, labels));
    expect(maxRelativeError(analytic, numeric)).toBeLessThan(TOLERANCE);
  });

  it('a whole model (conv → relu → pool → flatten → dense → loss): every parameter', () => {
    const model = Sequential.build(
      backend,
      [6, 6, 1],
      [
        { kind: 'conv2d', name: 'conv', filters: 2, kernelSize: 3, padding: 'same', init: 'xavier' },
        { kind: 'activation', name: 'act', activation: 'tanh' },
        { kind: 'max-pool2d', name: 'pool' },
        { kind: 'flatten', name: 'flat' },
        { kind: 'dense', name: 'fc', units: 3, init: 'he' },
      ],
    );
    const loss = new SoftmaxCrossEntropy(backend, 3);
    const x = spreadInput([6, 6, 1], 10);
    const labels = Int32Array.of(2, 0);
    const f = () => loss.forward(model.forward(x, 'train'), labels);
    model.zeroGrads();
    f();
    model.backward(loss.grad);
    for (const p of model.params()) {
      const analytic = Float64Array.from(p.grad.data);
      expect(maxRelativeError(analytic, numericGradient(p.value.data as Float64Array, f)), p.name).toBeLessThan(
        TOLERANCE,
      );
    }
    // The trainer's pass (overwrite) writes every gradient, whatever they held before:
    // the same numbers as zeroing them and adding into them.
    const added = model.params().map((p) => Array.from(p.grad.data));
    for (const p of model.params()) backend.fill(p.grad, Number.NaN);
    f();
    model.backward(loss.grad, true);
    model.params().forEach((p, i) => {
      expect(Array.from(p.grad.data), `${p.name}, overwritten`).toEqual(added[i]);
    });
  });
});

describe('dropout', () => {
  it('keeps about keepProb of the units scaled by 1/keepProb, passes gradients through the same mask, and is the identity in eval', () => {
    const layer = build({ kind: 'dropout', keepProb: 0.25 }, [1000]);
    const x = backend.alloc([4, 1000]);
    backend.fill(x, 2);
    const y = layer.forward(x, 'train');
    const kept = Array.from(y.data).filter((v) => v !== 0);
    expect(kept.every((v) => v === 8)).toBe(true);
    expect(kept.length / 4000).toBeGreaterThan(0.22);
    expect(kept.length / 4000).toBeLessThan(0.28);
    const dy = backend.alloc([4, 1000]);
    backend.fill(dy, 1);
    const dx = layer.backward(dy, true) as Tensor;
    for (let i = 0; i < 4000; i++) expect(dx.data[i]).toBe(y.data[i] === 0 ? 0 : 4);
    expect(layer.forward(x, 'eval')).toBe(x);
  });
});
