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
  const draw = prepare(n, options);
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
  return finish(xs, ys, (i) => (i < nOut ? 0 : 1), draw);
}

/**
 * A large circle containing a smaller one, equal to scikit-learn's
 * `make_circles(n, noise=noise, factor=factor)` drawn from numpy's global legacy generator.
 */
export function makeCircles(n: number, options: CirclesOptions = {}): Dataset {
  const draw = prepare(n, options);
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
  return finish(xs, ys, (i) => (i < nOut ? 0 : 1), draw);
}

/**
 * Points uniform in the square [−1, 1)², labelled by quadrant: label 1 where x1·x2 > 0
 * (first and third quadrants), else 0 (a point on an axis, x1·x2 = 0, is 0).
 * The base points are drawn first, `randomSample(2n)` row-major mapped by u ↦ 2u − 1,
 * then the rows are shuffled and the noise added, as for {@link makeMoons}.
 */
export function makeXor(n: number, options: ToyOptions = {}): Dataset {
  const draw = prepare(n, options);
  const u = draw.random.randomSample(2 * n);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // 2u − 1 is exact in binary64 for u in [0, 1), and the product of two nonzero
    // such values (≥ 2⁻⁵² each) cannot underflow to 0, so the sign test is exact.
    xs[i] = 2 * (u[2 * i] as number) - 1;
    ys[i] = 2 * (u[2 * i + 1] as number) - 1;
  }
  return finish(xs, ys, (i) => ((xs[i] as number) * (ys[i] as number) > 0 ? 1 : 0), draw);
}

/**
 * Two Gaussian blobs: the first ⌊n/2⌋ points at the centre (−1, −1) with label 0, the
 * rest at (1, 1) with label 1; shuffled, then noise added, so `noise` is each blob's
 * standard deviation per coordinate (with noise 0 every point is its centre).
 */
export function makeBlobs(n: number, options: ToyOptions = {}): Dataset {
  const draw = prepare(n, options);
  const nOut = Math.floor(n / 2);
  const xs = new Float64Array(n).fill(1, nOut).fill(-1, 0, nOut);
  const ys = Float64Array.from(xs);
  return finish(xs, ys, (i) => (i < nOut ? 0 : 1), draw);
}

/**
 * Two interleaved spirals: class k ∈ {0, 1} has m points (⌊n/2⌋ for class 0, the rest
 * for class 1) at s = linspace(0, 1, m), radius r = s, angle θ = 1.75·2π·s + k·π,
 * point (r·sin θ, r·cos θ): each arm turns 1¾ times outwards from the origin, the
 * second one rotated by π. Shuffled, then noise added, as for {@link makeMoons}.
 */
export function makeSpirals(n: number, options: ToyOptions = {}): Dataset {
  const draw = prepare(n, options);
  const nOut = Math.floor(n / 2);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (const [k, offset, m] of [
    [0, 0, nOut],
    [1, nOut, n - nOut],
  ] as const) {
    const s = linspace(0, 1, m);
    for (let i = 0; i < m; i++) {
      const r = s[i] as number;
      const theta = 1.75 * 2 * Math.PI * r + k * Math.PI;
      xs[offset + i] = r * Math.sin(theta);
      ys[offset + i] = r * Math.cos(theta);
    }
  }
  return finish(xs, ys, (i) => (i < nOut ? 0 : 1), draw);
}

/** The resolved options of one generator call: where to draw from and how. */
interface Draw {
  readonly random: RandomState;
  readonly noise: number;
  readonly shuffle: boolean;
}

/** Checks the count and the noise before anything is drawn, and resolves the defaults. */
function prepare(n: number, options: ToyOptions): Draw {
  checkCount(n);
  const noise = options.noise ?? 0;
  if (!(noise >= 0)) throw new RangeError(`noise must be non-negative, got ${noise}`);
  return { random: options.random ?? new RandomState(0), noise, shuffle: options.shuffle ?? true };
}

/**
 * Labels base row i with `label(i)`, shuffles the rows (one Fisher–Yates over the row
 * indices), then adds N(0, noise²) row-major: scikit-learn's order of draws.
 */
function finish(xs: Float64Array, ys: Float64Array, label: (i: number) => number, draw: Draw): Dataset {
  const n = xs.length;
  const { random, noise } = draw;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (draw.shuffle) random.shuffle(order);
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = order[i] as number;
    x[2 * i] = xs[src] as number;
    x[2 * i + 1] = ys[src] as number;
    y[i] = label(src);
  }
  if (noise > 0) {
    const eps = random.normal(0, noise, 2 * n);
    for (let i = 0; i < 2 * n; i++) x[i] = (x[i] as number) + (eps[i] as number);
  }
  return { x, y, n, features: 2, classes: 2 };
}

// One point is a valid set (a test split of one); both classes are present from n = 2.
function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`number of samples must be an integer ≥ 1, got ${n}`);
}
