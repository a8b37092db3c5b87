import { applyActivation } from '../classic/activation.js';
import type { DeepNeuralNetwork } from '../classic/deep-neural-network.js';

/** Every layer's values for a batch of rows: what the playground draws and the step-through shows. */
export interface LayerValues {
  /** Pre-activations z = a_prev·W + b, `[n, units]` row-major. */
  z: Float64Array;
  /** Activations a = f(z) (the logits layer: a = z), `[n, units]`. */
  a: Float64Array;
  units: number;
}

/** A forward pass kept layer by layer, with the softmax probabilities. */
export interface Forward {
  rows: number;
  layers: LayerValues[];
  /** Class probabilities `[n, classes]`. */
  probs: Float64Array;
}

/**
 * The network's forward pass on `x` (`[rows, inputs]`), every layer's z and a kept,
 * in plain float64 loops over the network's current weights. It is not the training
 * pass (that one uses compensated sums to print numpy's digits); it changes nothing
 * in the network, and its values agree with the training pass's to rounding.
 */
export function forwardLayers(net: DeepNeuralNetwork, x: Float64Array, rows: number): Forward {
  let input = x;
  let inputs = net.inputs;
  if (input.length !== rows * inputs) throw new RangeError(`expected ${rows}×${inputs} inputs, got ${input.length}`);
  const layers: LayerValues[] = [];
  for (const layer of net.layers) {
    const units = layer.units;
    const W = layer.W.data;
    const b = layer.b;
    const z = new Float64Array(rows * units);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < units; j++) {
        let s = 0;
        for (let k = 0; k < inputs; k++) s += (input[i * inputs + k] as number) * (W[k * units + j] as number);
        z[i * units + j] = s + (b[j] as number);
      }
    }
    let a = z;
    if (layer.activation !== 'identity') {
      a = new Float64Array(z.length);
      applyActivation(layer.activation, z, a);
    }
    layers.push({ z, a, units });
    input = a;
    inputs = units;
  }
  const probs = new Float64Array(input.length);
  for (let i = 0; i < rows; i++) {
    // Shifted by the row's largest logit: these values are for looking at, not for numpy's digits.
    let max = -Infinity;
    for (let j = 0; j < inputs; j++) max = Math.max(max, input[i * inputs + j] as number);
    let sum = 0;
    for (let j = 0; j < inputs; j++) {
      const e = Math.exp((input[i * inputs + j] as number) - max);
      probs[i * inputs + j] = e;
      sum += e;
    }
    for (let j = 0; j < inputs; j++) probs[i * inputs + j] = (probs[i * inputs + j] as number) / sum;
  }
  return { rows, layers, probs };
}
