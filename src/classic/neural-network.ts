import type { ActivationName } from '../activations/activations.js';
import { actFun, diffActFun } from './activation.js';
import { DeepNeuralNetwork, type FitOptions, type Loss } from './deep-neural-network.js';
import type { Layer } from './layer.js';
import { fromData, type Matrix } from './matrix.js';

/** Shape and hyper-parameters of the course's 3-layer {@link NeuralNetwork}. */
export interface NeuralNetworkConfig {
  /** Input dimension (2 for the toy data). */
  nnInputDim: number;
  /** Hidden units. */
  nnHiddenDim: number;
  /** Output classes. */
  nnOutputDim: number;
  /** Hidden activation (default tanh). */
  actFunType?: ActivationName;
  /** L2 strength λ (default 0.01). */
  regLambda?: number;
  /** Seed of the initialisation (default 0). */
  seed?: number;
  /** The compiled build/nnlab-classic.wasm, for faster (bit-identical) training (as `DeepNetworkConfig.wasm`). */
  wasm?: WebAssembly.Module;
}

/** Gradients of the 3-layer network, as the course's `backprop` returns them. */
export interface Gradients {
  dW1: Matrix;
  dW2: Matrix;
  db1: Float64Array;
  db2: Float64Array;
}

/**
 * The course's input → hidden → softmax network (float64), with its API:
 * `actFun`, `diffActFun`, `feedforward`, `calculateLoss`, `backprop`, `fitModel`,
 * `predict`. It is a {@link DeepNeuralNetwork} with one hidden layer, exposed under
 * the course's names (W1, b1, W2, b2).
 */
export class NeuralNetwork {
  /** The underlying one-hidden-layer network. */
  readonly net: DeepNeuralNetwork;

  constructor(config: NeuralNetworkConfig) {
    this.net = new DeepNeuralNetwork({
      inputs: config.nnInputDim,
      hidden: [config.nnHiddenDim],
      outputs: config.nnOutputDim,
      activation: config.actFunType ?? 'tanh',
      regLambda: config.regLambda ?? 0.01,
      seed: config.seed ?? 0,
      ...(config.wasm ? { wasm: config.wasm } : {}),
    });
  }

  private layer(i: 0 | 1): Layer {
    return this.net.layers[i] as Layer;
  }

  /** Input → hidden weights `[in, hidden]`. */
  get W1(): Matrix {
    return this.layer(0).W;
  }
  /** Hidden biases `[hidden]`. */
  get b1(): Float64Array {
    return this.layer(0).b;
  }
  /** Hidden → output weights `[hidden, out]`. */
  get W2(): Matrix {
    return this.layer(1).W;
  }
  /** Output biases `[out]`. */
  get b2(): Float64Array {
    return this.layer(1).b;
  }

  /** The hidden activation applied elementwise (a new array). */
  actFun(z: Float64Array, type: ActivationName = this.net.activation): Float64Array {
    return actFun(z, type);
  }

  /** Its derivative elementwise (a new array). */
  diffActFun(z: Float64Array, type: ActivationName = this.net.activation): Float64Array {
    return diffActFun(z, type);
  }

  /** Class probabilities `[n, out]` for `x` (`[n, in]` row-major). */
  feedforward(x: Float64Array): Matrix {
    return this.net.feedforward(fromData(x.length / this.net.inputs, this.net.inputs, x));
  }

  /** `{dataLoss, regLoss}` from a fresh forward pass. */
  calculateLoss(x: Float64Array, y: Int32Array): Loss {
    return this.net.calculateLoss(x, y);
  }

  /**
   * Gradients of the summed cross-entropy on (x, y) (a fresh forward pass; no
   * regularisation term — `fitModel` adds `λ·W`). Returns copies.
   */
  backprop(x: Float64Array, y: Int32Array): Gradients {
    this.net.feedforward(x);
    this.net.backprop(y);
    const copy = (m: Matrix): Matrix => fromData(m.rows, m.cols, m.data.slice());
    return {
      dW1: copy(this.layer(0).gradW),
      dW2: copy(this.layer(1).gradW),
      db1: this.layer(0).gradB.slice(),
      db2: this.layer(1).gradB.slice(),
    };
  }

  /** Full-batch gradient descent, reporting the loss every 1000 passes by default. */
  fitModel(x: Float64Array, y: Int32Array, options: FitOptions = {}): void {
    this.net.fitModel(x, y, options);
  }

  /** Most probable class of each row. */
  predict(x: Float64Array): Int32Array {
    return this.net.predict(x);
  }
}
