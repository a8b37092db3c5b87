import { describe, expect, it } from 'vitest';
import { DeepNeuralNetwork, type Layer, NeuralNetwork } from '../../src/classic/index.js';
import { classicWasmModule } from '../../src/classic/wasm/node/loader.js';
import { makeMoons, RandomState } from '../../src/index.js';

// Training with the WebAssembly kernels must be the TypeScript training, bit for bit.

const wasm = classicWasmModule();

/** Every value of a network that a step writes, as arrays (NaN and −0 kept). */
function state(net: DeepNeuralNetwork): number[][] {
  return net.layers.flatMap((l: Layer) => [
    [...l.W.data],
    [...l.b],
    [...l.gradW.data],
    [...l.gradB],
    [...l.preActivation.data],
  ]);
}

/** The two networks hold the same bits (Object.is per value, so NaN = NaN and −0 ≠ +0). */
function expectSameState(a: DeepNeuralNetwork, b: DeepNeuralNetwork): void {
  const [sa, sb] = [state(a), state(b)];
  expect(sa.length).toBe(sb.length);
  sa.forEach((values, i) => {
    const other = sb[i] as number[];
    const differing = values.flatMap((v, j) =>
      Object.is(v, other[j]) ? [] : [`array ${i}[${j}]: ${v} vs ${other[j]}`],
    );
    expect(differing).toEqual([]);
  });
}

describe('a WebAssembly step leaves the network exactly as a TypeScript step', () => {
  const shapes: Array<{ inputs: number; hidden: number[]; outputs: number; rows: number }> = [
    { inputs: 2, hidden: [3], outputs: 2, rows: 200 },
    { inputs: 1, hidden: [1], outputs: 2, rows: 7 },
    { inputs: 3, hidden: [5, 4], outputs: 3, rows: 33 },
    { inputs: 2, hidden: [2, 7, 1], outputs: 5, rows: 9 },
    { inputs: 4, hidden: [6], outputs: 1, rows: 12 },
  ];
  for (const activation of ['tanh', 'sigmoid', 'relu'] as const) {
    for (const shape of shapes) {
      it(`${activation}, ${shape.inputs}-${shape.hidden.join('-')}-${shape.outputs}, ${shape.rows} rows`, () => {
        const config = { ...shape, activation, seed: 3 };
        const ts = new DeepNeuralNetwork(config);
        const was = new DeepNeuralNetwork({ ...config, wasm });
        const random = new RandomState(11);
        const x = random.normal(0, 2, shape.rows * shape.inputs);
        const y = random.randint(0, shape.outputs, shape.rows);
        for (let pass = 0; pass < 25; pass++) {
          ts.step(x, y, 0.05);
          was.step(x, y, 0.05);
          expectSameState(ts, was);
        }
      });
    }
  }

  it('with infinite and NaN weights (the TwoSum fallbacks of the two-term sums)', () => {
    for (const poison of [Infinity, -Infinity, NaN, 1e308]) {
      const config = { inputs: 2, hidden: [3, 3], outputs: 2, activation: 'tanh' as const, seed: 1 };
      const ts = new DeepNeuralNetwork(config);
      const was = new DeepNeuralNetwork({ ...config, wasm });
      for (const net of [ts, was]) {
        (net.layers[0] as Layer).W.data[1] = poison;
        (net.layers[2] as Layer).W.data[3] = poison;
      }
      const random = new RandomState(5);
      const x = random.normal(0, 1, 20);
      const y = random.randint(0, 2, 10);
      ts.step(x, y, 0.01);
      was.step(x, y, 0.01);
      expectSameState(ts, was);
    }
  });

  it('with logits above 700 (the rows the softmax shifts)', () => {
    const config = { inputs: 2, hidden: [3], outputs: 3, activation: 'relu' as const, seed: 2 };
    const ts = new DeepNeuralNetwork(config);
    const was = new DeepNeuralNetwork({ ...config, wasm });
    const x = Float64Array.from([400, 300, -2, 1, 0.5, 0.25, 900, -900]);
    const y = Int32Array.from([0, 1, 2, 1]);
    for (let pass = 0; pass < 3; pass++) {
      ts.step(x, y, 0.001);
      was.step(x, y, 0.001);
      expectSameState(ts, was);
    }
  });

  it('with batch sizes that change between steps', () => {
    const config = { inputs: 2, hidden: [4], outputs: 2, activation: 'tanh' as const };
    const ts = new DeepNeuralNetwork(config);
    const was = new DeepNeuralNetwork({ ...config, wasm });
    const random = new RandomState(8);
    for (const rows of [10, 3, 300, 10]) {
      const x = random.normal(0, 1, rows * 2);
      const y = random.randint(0, 2, rows);
      ts.step(x, y, 0.01);
      was.step(x, y, 0.01);
      expectSameState(ts, was);
    }
  });

  it('rejects bad labels with the same errors, leaving the weights alone', () => {
    const config = { inputs: 2, hidden: [3], outputs: 2, activation: 'tanh' as const };
    const ts = new DeepNeuralNetwork(config);
    const was = new DeepNeuralNetwork({ ...config, wasm });
    const x = Float64Array.from([1, 2, 3, 4]);
    for (const y of [Int32Array.from([0, 2]), Int32Array.from([-1, 0]), Int32Array.from([0])]) {
      const message = (() => {
        try {
          ts.step(x, y, 0.1);
        } catch (e) {
          return (e as Error).message;
        }
        return 'no error';
      })();
      expect(() => was.step(x, y, 0.1)).toThrow(message);
      expect([...(was.layers[0] as Layer).W.data]).toEqual([...(ts.layers[0] as Layer).W.data]);
    }
  });

  it('NeuralNetwork takes the module too', () => {
    const data = makeMoons(200, { noise: 0.2, random: new RandomState(0) });
    const ts = new NeuralNetwork({ nnInputDim: 2, nnHiddenDim: 3, nnOutputDim: 2 });
    const was = new NeuralNetwork({ nnInputDim: 2, nnHiddenDim: 3, nnOutputDim: 2, wasm });
    ts.fitModel(data.x, data.y, { numPasses: 500 });
    was.fitModel(data.x, data.y, { numPasses: 500 });
    expectSameState(ts.net, was.net);
  });
});

describe('classicWasmModule', () => {
  it('gives the compiled kernels where SIMD is available, and nothing (TypeScript training) where it is not', () => {
    expect(classicWasmModule({ simd: () => true })).toBeInstanceOf(WebAssembly.Module);
    expect(classicWasmModule({ simd: () => false })).toBeUndefined();
  });
});
