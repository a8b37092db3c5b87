import type { ActivationName } from '../activations/activations.js';
import type { RandomState } from '../random/random-state.js';
import { activationBackward, applyActivation } from './activation.js';
import { type Matrix, matmulBias, matmulTransASumRows, matmulTransB, zeros } from './matrix.js';

/**
 * A fully connected layer `a = f(x·W + b)` that owns its forward and backward pass
 * (float64). Shapes: x `[n, inputs]`, W `[inputs, units]`, b `[units]`, a `[n, units]`.
 * Buffers for a batch size are allocated on first use and reused.
 */
export class Layer {
  /** Weights `[inputs, units]`. */
  readonly W: Matrix;
  /** Biases `[units]`. */
  readonly b: Float64Array;
  /** Gradient of the loss with respect to W, written by {@link backprop}. */
  readonly gradW: Matrix;
  /** Gradient of the loss with respect to b, written by {@link backprop}. */
  readonly gradB: Float64Array;

  private x: Matrix | undefined;
  private z: Matrix = zeros(0, 0);
  private a: Matrix = zeros(0, 0);
  private gradZ: Matrix = zeros(0, 0);
  private gradX: Matrix = zeros(0, 0);

  /**
   * @param inputs number of input features
   * @param units number of output units
   * @param activation elementwise function after the affine map
   * @param random when given, W is drawn as `randn(inputs, units) / sqrt(inputs)`
   *   (the course's initialisation); otherwise W starts at zero. b starts at zero.
   */
  constructor(
    readonly inputs: number,
    readonly units: number,
    readonly activation: ActivationName,
    random?: RandomState,
  ) {
    if (!Number.isInteger(inputs) || inputs < 1 || !Number.isInteger(units) || units < 1) {
      throw new RangeError(`layer sizes must be positive integers, got ${inputs} → ${units}`);
    }
    this.W = zeros(inputs, units);
    this.b = new Float64Array(units);
    this.gradW = zeros(inputs, units);
    this.gradB = new Float64Array(units);
    if (random) {
      const scale = Math.sqrt(inputs);
      const draws = random.randn(inputs * units);
      for (let i = 0; i < draws.length; i++) this.W.data[i] = (draws[i] as number) / scale;
    }
  }

  /** Pre-activations z = x·W + b of the last {@link feedforward} (`[n, units]`, owned by the layer). */
  get preActivation(): Matrix {
    return this.z;
  }

  /** a = f(x·W + b). The returned matrix is owned by the layer (valid until the next call). */
  feedforward(x: Matrix): Matrix {
    this.prepare(x);
    matmulBias(x, this.W, this.b, this.z);
    if (this.activation !== 'identity') applyActivation(this.activation, this.z.data, this.a.data);
    return this.a;
  }

  /**
   * Takes over a forward pass computed elsewhere (the WebAssembly trainer), leaving the
   * layer as {@link feedforward} on `x` would: `z` and `a` are copied. Returns a.
   * @internal
   */
  adoptForward(x: Matrix, z: Float64Array, a: Float64Array): Matrix {
    this.prepare(x);
    this.z.data.set(z);
    if (this.activation !== 'identity') this.a.data.set(a);
    return this.a;
  }

  /** Checks x, sizes the batch buffers for its rows and remembers it for {@link backprop}. */
  private prepare(x: Matrix): void {
    if (x.cols !== this.inputs) throw new RangeError(`layer expects ${this.inputs} inputs, got ${x.cols}`);
    if (this.z.rows !== x.rows) {
      this.z = zeros(x.rows, this.units);
      this.a = this.activation === 'identity' ? this.z : zeros(x.rows, this.units);
      this.gradZ = zeros(x.rows, this.units);
      this.gradX = zeros(x.rows, this.inputs);
    }
    this.x = x;
  }

  /**
   * Given dL/da for the last {@link feedforward}, writes gradW = xᵀ·δ and gradB = Σ δ
   * (sums over the batch, δ = dL/dz), and returns dL/dx = δ·Wᵀ unless `needInputGrad`
   * is false (the first layer), in which case it returns undefined.
   */
  backprop(gradA: Matrix, needInputGrad = true): Matrix | undefined {
    const x = this.x;
    if (!x || gradA.rows !== x.rows || gradA.cols !== this.units) {
      throw new RangeError('backprop needs a gradient shaped like the last feedforward output');
    }
    let delta = gradA;
    if (this.activation !== 'identity') {
      activationBackward(this.activation, this.z.data, this.a.data, gradA.data, this.gradZ.data);
      delta = this.gradZ;
    }
    matmulTransASumRows(x, delta, this.gradW, this.gradB);
    if (!needInputGrad) return undefined;
    matmulTransB(delta, this.W, this.gradX);
    return this.gradX;
  }
}
