import { RandomState } from '../random/random-state.js';
import type { Dataset } from './dataset.js';
import { linspace } from './linspace.js';

/** Options shared by the toy generators. */
export interface ToyOptions {
  /** Standard deviation of Gaussian noise added to every coordinate (default 0: none). */
  noise?: number;
  /** Generator to draw from; default a fresh `RandomState(0)`, i.e. numpy after `np.random.seed(0)`. */
  random?: RandomState;
  /** Shuffle the rows (default true, as scikit-learn). */
  shuffle?: boolean;
}

/** Options of {@link makeCircles}. */
export interface CirclesOptions extends ToyOptions {
  /** Scale of the inner circle relative to the outer one, in (0, 1) (default 0.8). */
  factor?: number;
}

/**
 * Two interleaving half circles, equal to scikit-learn's `make_moons(n, noise=noise)`
 * drawn from numpy's global legacy generator (pass the same `RandomState`).
 */
export function makeMoons(n: number, options: ToyOptions = {}): Dataset {
  checkCount(n);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < nOut; i++) {
    xs[i] = Math.cos(tOut[i] as number);
    ys[i] = Math.sin(tOut[i] as number);
  }
  for (let i = 0; i < nIn; i++) {
    xs[nOut + i] = 1 - Math.cos(tIn[i] as number);
    ys[nOut + i] = 1 - Math.sin(tIn[i] as number) - 0.5;
  }
  return finish(xs, ys, nOut, options);
}

/**
 * A large circle containing a smaller one, equal to scikit-learn's
 * `make_circles(n, noise=noise, factor=factor)` drawn from numpy's global legacy generator.
 */
export function makeCircles(n: number, options: CirclesOptions = {}): Dataset {
  checkCount(n);
  const factor = options.factor ?? 0.8;
  if (!(factor > 0 && factor < 1)) throw new RangeError(`factor must be in (0, 1), got ${factor}`);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < nOut; i++) {
    xs[i] = Math.cos(tOut[i] as number);
    ys[i] = Math.sin(tOut[i] as number);
  }
  for (let i = 0; i < nIn; i++) {
    xs[nOut + i] = Math.cos(tIn[i] as number) * factor;
    ys[nOut + i] = Math.sin(tIn[i] as number) * factor;
  }
  return finish(xs, ys, nOut, options);
}

/** Labels (0 for the first `nOut` rows, 1 after), shuffles rows, then adds noise row-major. */
function finish(xs: Float64Array, ys: Float64Array, nOut: number, options: ToyOptions): Dataset {
  const n = xs.length;
  const random = options.random ?? new RandomState(0);
  const noise = options.noise ?? 0;
  if (!(noise >= 0)) throw new RangeError(`noise must be non-negative, got ${noise}`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (options.shuffle ?? true) random.shuffle(order);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = order[i] as number;
    x[2 * i] = xs[src] as number;
    x[2 * i + 1] = ys[src] as number;
    y[i] = src < nOut ? 0 : 1;
  }
  if (noise > 0) {
    const eps = random.normal(0, noise, 2 * n);
    for (let i = 0; i < 2 * n; i++) x[i] = (x[i] as number) + (eps[i] as number);
  }
  return { x, y, n, features: 2, classes: 2 };
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`number of samples must be an integer ≥ 2, got ${n}`);
}
