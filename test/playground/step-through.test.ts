import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from '../../src/activations/activations.js';
import { DeepNeuralNetwork, type Penalty } from '../../src/classic/deep-neural-network.js';
import { makeMoons } from '../../src/data/toy.js';
import { finiteDifferences, objective, relativeDifference, stepThrough } from '../../src/playground/step-through.js';
import { RandomState } from '../../src/random/random-state.js';

const data = makeMoons(40, { noise: 0.2, random: new RandomState(1) });

function net(
  activation: (typeof ACTIVATION_NAMES)[number],
  penalty: Penalty = 'l2',
  hidden = [4, 3],
): DeepNeuralNetwork {
  const n = new DeepNeuralNetwork({ inputs: 2, hidden, outputs: 2, activation, regLambda: 0.05, penalty, seed: 2 });
  // A few steps first: away from the initial weights, and (for L1) from w = 0.
  for (let i = 0; i < 5; i++) n.step(data.x, data.y, 0.01);
  return n;
}

const worst = (a: Float64Array, b: Float64Array) =>
  Math.max(...Array.from(a, (v, i) => relativeDifference(v, b[i] as number)));

describe('the backprop step-through', () => {
  for (const activation of ACTIVATION_NAMES) {
    it(`${activation}: its gradients are the training step's (net.backprop + λW)`, () => {
      const n = net(activation);
      const s = stepThrough(n, data.x, data.y);
      n.feedforward(data.x);
      n.backprop(data.y);
      n.layers.forEach((layer, l) => {
        const expected = layer.gradW.data.map((g, k) => g + 0.05 * (layer.W.data[k] as number));
        expect(worst(s.layers[l]?.gradW as Float64Array, expected)).toBeLessThan(1e-10);
        expect(worst(s.layers[l]?.gradB as Float64Array, layer.gradB)).toBeLessThan(1e-10);
      });
    });
  }

  for (const [activation, penalty] of [
    ['tanh', 'l2'],
    ['sigmoid', 'l2'],
    ['gelu', 'l1'],
    ['elu', 'l2'],
  ] as const) {
    it(`${activation}, ${penalty}: finite differences of the network's own loss match the analytic gradients to 1e-6`, () => {
      const n = net(activation, penalty);
      const s = stepThrough(n, data.x, data.y);
      const before = n.layers.map((l) => Array.from(l.W.data));
      for (let l = 0; l < n.layers.length; l++) {
        const fd = finiteDifferences(n, data.x, data.y, l);
        expect(worst(s.layers[l]?.gradW as Float64Array, fd.gradW)).toBeLessThan(1e-6);
        expect(worst(s.layers[l]?.gradB as Float64Array, fd.gradB)).toBeLessThan(1e-6);
      }
      // Every weight is put back exactly.
      expect(n.layers.map((l) => Array.from(l.W.data))).toEqual(before);
    });
  }

  it('the finite differences catch a wrong gradient (sanity of the check)', () => {
    const n = net('tanh');
    const s = stepThrough(n, data.x, data.y);
    const fd = finiteDifferences(n, data.x, data.y, 0);
    const wrong = Float64Array.from(s.layers[0]?.gradW as Float64Array);
    wrong[3] = (wrong[3] as number) * (1 + 1e-4);
    expect(worst(wrong, fd.gradW)).toBeGreaterThan(1e-5);
  });

  it('shows the forward values of each row and the objective the step descends', () => {
    const n = net('relu', 'l2', [3]);
    const s = stepThrough(n, data.x, data.y);
    expect(s.layers.map((l) => [l.z.length, l.delta.length])).toEqual([
      [120, 120],
      [80, 80],
    ]);
    // Row 5's probabilities and the δ at the softmax: p − onehot(y).
    const y5 = data.y[5] as number;
    expect((s.layers[1]?.delta[5 * 2 + y5] as number) + 1).toBeCloseTo(s.probs[5 * 2 + y5] as number, 14);
    const loss = n.calculateLoss(data.x, data.y);
    expect(s.objective).toBeCloseTo(40 * (loss.dataLoss + loss.regLoss), 12);
    expect(objective(n, data.x, data.y)).toBe(s.objective);
  });

  it('relativeDifference treats two tiny values as equal and is symmetric', () => {
    expect(relativeDifference(1e-12, -1e-12)).toBe(0);
    expect(relativeDifference(1, 1.1)).toBeCloseTo(0.1 / 1.1, 15);
    expect(relativeDifference(1.1, 1)).toBe(relativeDifference(1, 1.1));
  });
});
