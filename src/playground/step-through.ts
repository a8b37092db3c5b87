import { activationBackward } from '../classic/activation.js';
import type { DeepNeuralNetwork } from '../classic/deep-neural-network.js';
import { type Forward, forwardLayers } from './forward.js';

/** One layer of a {@link StepThrough}: forward values, backward values and the weight gradient. */
export interface StepThroughLayer {
  inputs: number;
  units: number;
  /** z and a of every row, `[rows, units]`. */
  z: Float64Array;
  a: Float64Array;
  /** δ = ∂J/∂z of every row, `[rows, units]`. */
  delta: Float64Array;
  /** ∂J/∂W = a_prevᵀ·δ plus the penalty's term, `[inputs, units]`. */
  gradW: Float64Array;
  /** ∂J/∂b = Σ_rows δ, `[units]`. */
  gradB: Float64Array;
}

/** One training step taken apart: the batch, its forward and backward pass, the objective. */
export interface StepThrough {
  /** The batch's inputs (features applied), `[rows, inputs]`, and labels. */
  x: Float64Array;
  y: Int32Array;
  rows: number;
  layers: StepThroughLayer[];
  /** Class probabilities, `[rows, classes]`. */
  probs: Float64Array;
  /** J = N·(dataLoss + regLoss): the summed cross-entropy plus the penalty, what the step descends. */
  objective: number;
}

/**
 * The course's backpropagation for one batch, written out as the homework does, layer by
 * layer: forward z = a_prev·W + b and a = f(z); at the softmax δ_L = p − onehot(y) (of the
 * *summed* cross-entropy); going down, gradW = a_prevᵀ·δ (+ λ·W for L2, λ·sign W for L1),
 * gradB = Σ δ and δ_prev = (δ·Wᵀ) ⊙ f′(z_prev). A gradient step is then W ← W − ε·gradW —
 * what `DeepNeuralNetwork.step` does on the same batch (its sums are compensated, so the
 * two agree to rounding, not to the bit).
 */
export function stepThrough(net: DeepNeuralNetwork, x: Float64Array, y: Int32Array): StepThrough {
  const rows = y.length;
  const forward: Forward = forwardLayers(net, x, rows);
  const classes = net.outputs;
  let delta = Float64Array.from(forward.probs);
  for (let i = 0; i < rows; i++) {
    const k = i * classes + (y[i] as number);
    delta[k] = (delta[k] as number) - 1;
  }
  const layers: StepThroughLayer[] = [];
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const layer = net.layers[l] as (typeof net.layers)[number];
    const { inputs, units } = layer;
    const values = forward.layers[l] as Forward['layers'][number];
    const prev = l > 0 ? (forward.layers[l - 1] as Forward['layers'][number]).a : x;
    const gradW = new Float64Array(inputs * units);
    const gradB = new Float64Array(units);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < units; j++) {
        const d = delta[i * units + j] as number;
        gradB[j] = (gradB[j] as number) + d;
        for (let k = 0; k < inputs; k++) {
          gradW[k * units + j] = (gradW[k * units + j] as number) + (prev[i * inputs + k] as number) * d;
        }
      }
    }
    const W = layer.W.data;
    for (let k = 0; k < W.length; k++) gradW[k] = (gradW[k] as number) + penaltyGradient(net, W[k] as number);
    layers.unshift({ inputs, units, z: values.z, a: values.a, delta, gradW, gradB });
    if (l === 0) break;
    // δ_prev = (δ·Wᵀ) ⊙ f′(z_prev)
    const below = net.layers[l - 1] as (typeof net.layers)[number];
    const back = new Float64Array(rows * inputs);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < inputs; k++) {
        let s = 0;
        for (let j = 0; j < units; j++) s += (delta[i * units + j] as number) * (W[k * units + j] as number);
        back[i * inputs + k] = s;
      }
    }
    const zPrev = (forward.layers[l - 1] as Forward['layers'][number]).z;
    delta = new Float64Array(back.length);
    activationBackward(below.activation, zPrev, prev, back, delta);
  }
  return { x, y, rows, layers, probs: forward.probs, objective: objective(net, x, y) };
}

/** ∂/∂w of one weight's penalty: λ·w (L2) or λ·sign w (L1). */
function penaltyGradient(net: DeepNeuralNetwork, w: number): number {
  return net.penalty === 'l1' ? net.regLambda * Math.sign(w) : net.regLambda * w;
}

/** J = N·(dataLoss + regLoss) by the network's own loss (the engine's, not this file's forward pass). */
export function objective(net: DeepNeuralNetwork, x: Float64Array, y: Int32Array): number {
  const loss = net.calculateLoss(x, y);
  return y.length * (loss.dataLoss + loss.regLoss);
}

/** Finite-difference estimates of one layer's gradients. */
export interface FiniteDifferences {
  gradW: Float64Array;
  gradB: Float64Array;
}

/**
 * Estimates ∂J/∂W and ∂J/∂b of layer `index` by central differences of the network's
 * own loss, D(h) = (J(θ + h) − J(θ − h)) / 2h, refined by Richardson's step
 * (4·D(h/2) − D(h)) / 3, whose error is O(h⁴): with h = 1e-4·max(1, |θ|) the estimate is
 * good to about 1e-10·J, far below the 1e-6 a wrong derivative would show. Every weight
 * is restored exactly afterwards.
 */
export function finiteDifferences(
  net: DeepNeuralNetwork,
  x: Float64Array,
  y: Int32Array,
  index: number,
): FiniteDifferences {
  const layer = net.layers[index];
  if (!layer) throw new RangeError(`no layer ${index}`);
  const estimate = (values: Float64Array) => {
    const out = new Float64Array(values.length);
    for (let k = 0; k < values.length; k++) {
      const saved = values[k] as number;
      const h = 1e-4 * Math.max(1, Math.abs(saved));
      const central = (step: number) => {
        values[k] = saved + step;
        const up = objective(net, x, y);
        values[k] = saved - step;
        const down = objective(net, x, y);
        return (up - down) / (2 * step);
      };
      const coarse = central(h);
      const fine = central(h / 2);
      values[k] = saved;
      out[k] = (4 * fine - coarse) / 3;
    }
    return out;
  };
  return { gradW: estimate(layer.W.data), gradB: estimate(layer.b) };
}

/**
 * |a − b| / max(|a|, |b|), and 0 when both are below `floor` in size (two zeros, or two
 * values lost in the estimate's rounding, agree).
 */
export function relativeDifference(a: number, b: number, floor = 1e-9): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale < floor ? 0 : Math.abs(a - b) / scale;
}
