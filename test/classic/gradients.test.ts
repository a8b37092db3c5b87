import { describe, expect, it } from 'vitest';
import {
  actFun,
  DeepNeuralNetwork,
  diffActFun,
  type Layer,
  NeuralNetwork,
  PENALTIES,
} from '../../src/classic/index.js';
import { ACTIVATION_NAMES, RandomState } from '../../src/index.js';
import { maxRelativeError, numericGradient } from '../helpers/gradient-check.js';

// Central differences with h = 1e-6 on a float64 loss of size ~10 are accurate to
// ~1e-8 relative; 1e-6 leaves room while still catching any wrong term.
const TOLERANCE = 1e-6;

function problem(seed: number, n: number, features: number, classes: number) {
  const rs = new RandomState(seed);
  const x = rs.normal(0, 1.5, n * features);
  const y = rs.randint(0, classes, n);
  return { x, y };
}

describe('DeepNeuralNetwork backprop equals finite differences of the summed cross-entropy', () => {
  const shapes = [[4], [5, 3], [3, 4, 2]];
  for (const activation of ACTIVATION_NAMES) {
    for (const hidden of shapes) {
      it(`${activation}, hidden ${hidden.join('-')}`, () => {
        const net = new DeepNeuralNetwork({ inputs: 3, hidden, outputs: 3, activation, regLambda: 0, seed: 5 });
        for (const layer of net.layers) for (let j = 0; j < layer.b.length; j++) layer.b[j] = 0.1 * (j - 1);
        // Finite differences are wrong across a kink: pick data whose pre-activations stay clear of 0.
        let seed = hidden.length * 10;
        let data = problem(seed, 9, 3, 3);
        while (minAbsPreActivation(net, data.x) < 1e-3) data = problem(++seed, 9, 3, 3);
        const { x, y } = data;
        const summedLoss = () => net.calculateLoss(x, y).dataLoss * y.length;
        net.feedforward(x);
        net.backprop(y);
        for (const [l, layer] of net.layers.entries()) {
          const gradW = layer.gradW.data.slice();
          const gradB = layer.gradB.slice();
          const numW = numericGradient(layer.W.data, summedLoss);
          const numB = numericGradient(layer.b, summedLoss);
          expect(maxRelativeError(gradW, numW), `layer ${l} W`).toBeLessThan(TOLERANCE);
          expect(maxRelativeError(gradB, numB), `layer ${l} b`).toBeLessThan(TOLERANCE);
        }
      });
    }
  }

  it('the check itself fails on a wrong gradient (sanity of the harness)', () => {
    const { x, y } = problem(3, 6, 2, 2);
    const net = new DeepNeuralNetwork({ inputs: 2, hidden: [3], outputs: 2, activation: 'tanh' });
    net.feedforward(x);
    net.backprop(y);
    const first = net.layers[0] as Layer;
    const wrong = first.gradW.data.map((g) => g * 1.001);
    const numeric = numericGradient(first.W.data, () => net.calculateLoss(x, y).dataLoss * 6);
    expect(maxRelativeError(wrong, numeric)).toBeGreaterThan(TOLERANCE);
  });
});

describe('the weight penalties: step adds the gradient of N·regLoss to gradW', () => {
  // J = N·(dataLoss + regLoss) is the summed loss whose gradient step follows: with
  // epsilon 0 the update leaves W as it was (W + −0·g = W), so gradW after step must
  // equal J's finite differences. λ = 0.3 makes the penalty a large share of each entry.
  for (const penalty of PENALTIES) {
    for (const activation of ['tanh', 'relu'] as const) {
      it(`${penalty}, ${activation}, hidden 4-3`, () => {
        const net = new DeepNeuralNetwork({
          inputs: 3,
          hidden: [4, 3],
          outputs: 3,
          activation,
          regLambda: 0.3,
          penalty,
        });
        expect(net.penalty).toBe(penalty);
        for (const layer of net.layers) for (let j = 0; j < layer.b.length; j++) layer.b[j] = 0.1 * (j - 1);
        // |w| is not differentiable at 0: keep every weight further than h from it (for both penalties, alike).
        for (const layer of net.layers) {
          const W = layer.W.data;
          for (let i = 0; i < W.length; i++) if (Math.abs(W[i] as number) < 1e-3) W[i] = 0.05;
        }
        let seed = 40;
        let data = problem(seed, 9, 3, 3);
        while (minAbsPreActivation(net, data.x) < 1e-3) data = problem(++seed, 9, 3, 3);
        const { x, y } = data;
        const J = () => {
          const loss = net.calculateLoss(x, y);
          return (loss.dataLoss + loss.regLoss) * y.length;
        };
        const before = net.layers.map((layer) => layer.W.data.slice());
        net.step(x, y, 0);
        for (const [l, layer] of net.layers.entries()) {
          expect(Array.from(layer.W.data), `layer ${l} W unchanged`).toEqual(Array.from(before[l] ?? []));
          const gradW = layer.gradW.data.slice();
          const gradB = layer.gradB.slice();
          expect(maxRelativeError(gradW, numericGradient(layer.W.data, J)), `layer ${l} W`).toBeLessThan(TOLERANCE);
          expect(maxRelativeError(gradB, numericGradient(layer.b, J)), `layer ${l} b`).toBeLessThan(TOLERANCE);
        }
      });
    }
  }

  it('l1 regLoss is λ·Σ|w|/N, l2 is (λ/2)·Σw²/N, and the l2 default is the course net', () => {
    const { x, y } = problem(7, 5, 2, 2);
    const config = { inputs: 2, hidden: [3], outputs: 2, activation: 'tanh', regLambda: 0.2 } as const;
    const l1 = new DeepNeuralNetwork({ ...config, penalty: 'l1' });
    const l2 = new DeepNeuralNetwork(config);
    expect(l2.penalty).toBe('l2');
    let abs = 0;
    let squares = 0;
    for (const layer of l1.layers) for (const w of layer.W.data) abs += Math.abs(w);
    for (const layer of l2.layers) for (const w of layer.W.data) squares += w * w;
    expect(l1.calculateLoss(x, y).regLoss).toBeCloseTo((0.2 * abs) / 5, 14);
    expect(l2.calculateLoss(x, y).regLoss).toBeCloseTo((0.1 * squares) / 5, 14);
    expect(l1.calculateLoss(x, y).dataLoss).toBe(l2.calculateLoss(x, y).dataLoss);
    expect(() => new DeepNeuralNetwork({ ...config, penalty: 'l3' as 'l1' })).toThrow(/penalty l3/);
  });

  it('l1 leaves the gradient of a zero weight alone (sign(0) = 0)', () => {
    const { x, y } = problem(8, 6, 2, 2);
    const net = new DeepNeuralNetwork({ inputs: 2, hidden: [3], outputs: 2, activation: 'tanh', penalty: 'l1' });
    const first = net.layers[0] as Layer;
    first.W.data[1] = 0;
    net.feedforward(x);
    net.backprop(y);
    const dataOnly = first.gradW.data.slice();
    net.step(x, y, 0);
    expect(first.gradW.data[1]).toBe(dataOnly[1]);
    expect(first.gradW.data[0]).toBe((dataOnly[0] as number) + 0.01 * Math.sign(first.W.data[0] as number));
  });
});

function minAbsPreActivation(net: DeepNeuralNetwork, x: Float64Array): number {
  net.feedforward(x);
  let min = Infinity;
  for (const layer of net.layers.slice(0, -1))
    for (const z of layer.preActivation.data) min = Math.min(min, Math.abs(z));
  return min;
}

describe('activations', () => {
  const z = Float64Array.from([-2.5, -0.7, -1e-3, 0.2, 1.3, 3]);
  it('actFun gives tanh, the logistic sigmoid and max(0, z)', () => {
    expect(Array.from(actFun(z, 'tanh'))).toEqual(Array.from(z, Math.tanh));
    expect(Array.from(actFun(z, 'sigmoid'))).toEqual(Array.from(z, (v) => 1 / (1 + Math.exp(-v))));
    expect(Array.from(actFun(z, 'relu'))).toEqual(Array.from(z, (v) => Math.max(0, v)));
  });
  for (const type of ACTIVATION_NAMES) {
    it(`diffActFun(${type}) equals the finite-difference slope away from kinks`, () => {
      const slope = diffActFun(z, type);
      const h = 1e-6;
      z.forEach((v, i) => {
        const num =
          ((actFun(Float64Array.of(v + h), type)[0] as number) - (actFun(Float64Array.of(v - h), type)[0] as number)) /
          (2 * h);
        expect(slope[i]).toBeCloseTo(num, 7);
      });
    });
  }
});

describe('NeuralNetwork (3-layer facade)', () => {
  it('backprop returns the same sums as the one-hidden-layer DeepNeuralNetwork, plus shapes', () => {
    const { x, y } = problem(9, 12, 2, 2);
    const nn = new NeuralNetwork({ nnInputDim: 2, nnHiddenDim: 4, nnOutputDim: 2, actFunType: 'sigmoid' });
    const deep = new DeepNeuralNetwork({ inputs: 2, hidden: [4], outputs: 2, activation: 'sigmoid' });
    const g = nn.backprop(x, y);
    deep.feedforward(x);
    deep.backprop(y);
    expect([g.dW1.rows, g.dW1.cols, g.dW2.rows, g.dW2.cols, g.db1.length, g.db2.length]).toEqual([2, 4, 4, 2, 4, 2]);
    expect(Array.from(g.dW1.data)).toEqual(Array.from(deep.layers[0]?.gradW.data ?? []));
    expect(Array.from(g.db2)).toEqual(Array.from(deep.layers[1]?.gradB ?? []));
    // db2 of a softmax output sums p − onehot over rows: its entries sum to zero.
    expect((g.db2[0] as number) + (g.db2[1] as number)).toBeCloseTo(0, 12);
  });

  it('feedforward rows are probability distributions and predict takes the argmax', () => {
    const { x } = problem(4, 20, 2, 2);
    const nn = new NeuralNetwork({ nnInputDim: 2, nnHiddenDim: 3, nnOutputDim: 2 });
    const probs = nn.feedforward(x);
    const predicted = nn.predict(x);
    for (let i = 0; i < 20; i++) {
      const p0 = probs.data[2 * i] as number;
      const p1 = probs.data[2 * i + 1] as number;
      expect(p0 + p1).toBeCloseTo(1, 14);
      expect(predicted[i]).toBe(p1 > p0 ? 1 : 0);
    }
  });

  it('rejects labels outside the classes and mismatched counts', () => {
    const nn = new NeuralNetwork({ nnInputDim: 2, nnHiddenDim: 3, nnOutputDim: 2 });
    expect(() => nn.calculateLoss(Float64Array.of(0, 0), Int32Array.of(2))).toThrow(/label 2/);
    expect(() => nn.calculateLoss(Float64Array.of(0, 0), Int32Array.of(0, 1))).toThrow(/labels/);
  });
});
