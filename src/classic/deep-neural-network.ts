import type { ActivationName } from '../activations/activations.js';
import { RandomState } from '../random/random-state.js';
import { Layer } from './layer.js';
import { fromData, type Matrix, zeros } from './matrix.js';
import { softmaxRows } from './softmax.js';
import { WasmTrainer } from './wasm/trainer.js';

/**
 * The weight penalties a {@link DeepNeuralNetwork} knows: `l2` adds (λ/2)·Σw² to the
 * summed loss (gradient λ·w, the course's: each step shrinks a weight in proportion),
 * `l1` adds λ·Σ|w| (gradient λ·sign(w): each step pulls every weight toward 0 by the same
 * ε·λ, so weights the data does not need end near 0, jittering around it by about ε·λ
 * since this is plain subgradient descent, without a proximal step that would clip them to 0).
 */
export const PENALTIES = ['l2', 'l1'] as const;
/** One of {@link PENALTIES}. */
export type Penalty = (typeof PENALTIES)[number];

/** Shape and hyper-parameters of a {@link DeepNeuralNetwork}. */
export interface DeepNetworkConfig {
  /** Input features (2 for the toy data sets). */
  inputs: number;
  /** Width of each hidden layer, first to last; at least one. */
  hidden: readonly number[];
  /** Number of classes (softmax outputs). */
  outputs: number;
  /** Activation of every hidden layer. */
  activation: ActivationName;
  /** Regularisation strength λ (default 0.01). */
  regLambda?: number;
  /** Which weight penalty λ scales (default `'l2'`, the course's). */
  penalty?: Penalty;
  /** Seed for the weight initialisation (default 0). */
  seed?: number;
  /**
   * The compiled build/nnlab-classic.wasm (`classicWasmModule()` of nnlab/node, or
   * compiled by the page): training steps then run its kernels, with bit-identical
   * results. Without it they run in TypeScript.
   */
  wasm?: WebAssembly.Module;
}

/** The two parts of the training loss. */
export interface Loss {
  /** −Σ log p(y_i) / N: mean cross-entropy of the softmax output. */
  dataLoss: number;
  /** The penalty over every layer's weights, per row: (λ/2)·Σw² / N (l2) or λ·Σ|w| / N (l1). */
  regLoss: number;
}

/** Options of {@link DeepNeuralNetwork.fitModel}. */
export interface FitOptions {
  /** Gradient-descent step (default 0.01). */
  epsilon?: number;
  /** Number of full-batch passes (default 20000). */
  numPasses?: number;
  /** Report the loss every this many passes, after that pass's update (default 1000). */
  lossEvery?: number;
  /** Called with the loss every `lossEvery` passes (iteration 0 included). */
  onLoss?: (iteration: number, loss: Loss) => void;
}

/**
 * A fully connected classifier of any depth, trained the course's way (float64):
 * hidden layers with one activation, a softmax output, summed (not averaged)
 * gradients plus `λ·W` on the weights (or `λ·sign(W)` with the l1 penalty), gradient
 * descent on the whole data set (`fitModel`) or on any rows given to `step`.
 * Initialisation: `np.random.seed(seed)`, then each layer in turn
 * `W = randn(in, out) / sqrt(in)`, `b = 0`.
 */
export class DeepNeuralNetwork {
  /** The layers, hidden ones first, the logits layer last. */
  readonly layers: readonly Layer[];
  /** Regularisation strength λ. */
  readonly regLambda: number;
  /** The weight penalty λ scales. */
  readonly penalty: Penalty;
  /** Activation of the hidden layers. */
  readonly activation: ActivationName;

  private probs: Matrix = zeros(0, 0);
  private readonly trainer: WasmTrainer | undefined;

  constructor(config: DeepNetworkConfig) {
    const { inputs, hidden, outputs, activation } = config;
    if (hidden.length === 0) throw new RangeError('a network needs at least one hidden layer');
    const random = new RandomState(config.seed ?? 0);
    const sizes = [inputs, ...hidden, outputs];
    const layers: Layer[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      const last = i + 2 === sizes.length;
      layers.push(new Layer(sizes[i] as number, sizes[i + 1] as number, last ? 'identity' : activation, random));
    }
    this.layers = layers;
    this.activation = activation;
    this.trainer = config.wasm ? new WasmTrainer(config.wasm, layers) : undefined;
    this.regLambda = config.regLambda ?? 0.01;
    if (!(this.regLambda >= 0)) throw new RangeError(`regLambda must be non-negative, got ${this.regLambda}`);
    this.penalty = config.penalty ?? 'l2';
    if (!PENALTIES.includes(this.penalty)) throw new RangeError(`unknown penalty ${String(this.penalty)}`);
  }

  /** Number of input features. */
  get inputs(): number {
    return (this.layers[0] as Layer).inputs;
  }

  /** Number of classes. */
  get outputs(): number {
    return this.outputLayer.units;
  }

  private get outputLayer(): Layer {
    return this.layers[this.layers.length - 1] as Layer;
  }

  /**
   * Forward pass: class probabilities `[n, outputs]` for inputs `x` (`[n, inputs]`,
   * row-major). The result is owned by the network (valid until the next call).
   */
  feedforward(x: Float64Array | Matrix): Matrix {
    let a = this.asMatrix(x);
    for (const layer of this.layers) a = layer.feedforward(a);
    if (this.probs.rows !== a.rows) this.probs = zeros(a.rows, a.cols);
    softmaxRows(a, this.probs);
    return this.probs;
  }

  /** Loss on (x, y) from a fresh forward pass. */
  calculateLoss(x: Float64Array | Matrix, y: Int32Array): Loss {
    const probs = this.feedforward(x);
    checkLabels(y, probs);
    let logSum = 0;
    for (let i = 0; i < probs.rows; i++) logSum -= Math.log(probs.data[i * probs.cols + (y[i] as number)] as number);
    const n = probs.rows;
    if (this.penalty === 'l1') {
      let abs = 0;
      for (const layer of this.layers) for (const w of layer.W.data) abs += Math.abs(w);
      return { dataLoss: logSum / n, regLoss: (this.regLambda * abs) / n };
    }
    let squares = 0;
    for (const layer of this.layers) for (const w of layer.W.data) squares += w * w;
    return { dataLoss: logSum / n, regLoss: ((this.regLambda / 2) * squares) / n };
  }

  /**
   * Backward pass after {@link feedforward} on the same inputs: fills every layer's
   * `gradW`/`gradB` with the gradient of the *summed* cross-entropy (no regularisation).
   */
  backprop(y: Int32Array): void {
    const probs = this.probs;
    checkLabels(y, probs);
    // dL/dlogits = p − onehot(y), in place: the probabilities are not needed after this.
    for (let i = 0; i < probs.rows; i++) {
      const k = i * probs.cols + (y[i] as number);
      probs.data[k] = (probs.data[k] as number) - 1;
    }
    let grad: Matrix | undefined = probs;
    for (let l = this.layers.length - 1; l >= 0 && grad; l--) {
      grad = (this.layers[l] as Layer).backprop(grad, l > 0);
    }
  }

  /**
   * One gradient-descent step on the rows (x, y) (the whole data set, or a batch of it):
   * forward, backward, the penalty's gradient (`+ λ·W` for l2, `+ λ·sign(W)` for l1,
   * with sign(0) = 0: a weight at exactly 0 is moved by the data's gradient alone), update.
   */
  step(x: Float64Array | Matrix, y: Int32Array, epsilon: number): void {
    if (this.trainer) {
      this.trainer.gradients(this.asMatrix(x), y);
    } else {
      this.feedforward(x);
      this.backprop(y);
    }
    const lambda = this.regLambda;
    const l1 = this.penalty === 'l1';
    for (const layer of this.layers) {
      const W = layer.W.data;
      const gW = layer.gradW.data;
      // Two loops rather than a branch per weight; the l2 one is the course's expression, bit for bit.
      if (l1) {
        for (let i = 0; i < W.length; i++) {
          const g = (gW[i] as number) + lambda * Math.sign(W[i] as number);
          gW[i] = g;
          W[i] = (W[i] as number) + -epsilon * g;
        }
      } else {
        for (let i = 0; i < W.length; i++) {
          const g = (gW[i] as number) + lambda * (W[i] as number);
          gW[i] = g;
          W[i] = (W[i] as number) + -epsilon * g;
        }
      }
      const b = layer.b;
      const gb = layer.gradB;
      for (let i = 0; i < b.length; i++) b[i] = (b[i] as number) + -epsilon * (gb[i] as number);
    }
  }

  /** Trains on (x, y) by full-batch gradient descent. */
  fitModel(x: Float64Array | Matrix, y: Int32Array, options: FitOptions = {}): void {
    const epsilon = options.epsilon ?? 0.01;
    const numPasses = options.numPasses ?? 20000;
    const lossEvery = options.lossEvery ?? 1000;
    for (let i = 0; i < numPasses; i++) {
      this.step(x, y, epsilon);
      if (options.onLoss && i % lossEvery === 0) options.onLoss(i, this.calculateLoss(x, y));
    }
  }

  /** Most probable class of each row of `x`. */
  predict(x: Float64Array | Matrix): Int32Array {
    const probs = this.feedforward(x);
    const out = new Int32Array(probs.rows);
    for (let i = 0; i < probs.rows; i++) {
      let best = 0;
      for (let j = 1; j < probs.cols; j++) {
        if ((probs.data[i * probs.cols + j] as number) > (probs.data[i * probs.cols + best] as number)) best = j;
      }
      out[i] = best;
    }
    return out;
  }

  /** Rows of `inputs` values, as a matrix. */
  private asMatrix(x: Float64Array | Matrix): Matrix {
    return x instanceof Float64Array ? fromData(x.length / this.inputs, this.inputs, x) : x;
  }

  /** Fraction of rows of `x` whose predicted class equals `y`. */
  accuracy(x: Float64Array | Matrix, y: Int32Array): number {
    const predicted = this.predict(x);
    let hits = 0;
    for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) hits++;
    return hits / y.length;
  }
}

function checkLabels(y: Int32Array, probs: Matrix): void {
  if (y.length !== probs.rows) throw new RangeError(`expected ${probs.rows} labels, got ${y.length}`);
  // An indexed loop: for…of over a typed array costs more than the check itself here.
  for (let i = 0; i < y.length; i++) {
    const label = y[i] as number;
    if (label < 0 || label >= probs.cols) throw new RangeError(`label ${label} is outside 0..${probs.cols - 1}`);
  }
}
