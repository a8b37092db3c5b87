import { MT19937 } from './mt19937.js';

/** A {@link RandomState}'s position in its stream (plain JSON-able data). */
export interface RandomStateSnapshot {
  /** The 624 MT19937 words. */
  readonly key: readonly number[];
  /** Index of the next word (624: a twist is due). */
  readonly pos: number;
  /** Whether a second Gaussian is cached, and its value. */
  readonly hasGauss: boolean;
  readonly gauss: number;
}

/**
 * A seeded random generator that reproduces numpy's legacy `np.random.RandomState`
 * draw for draw: `random_sample`, `randn`/`normal` (polar Box–Muller with its cached
 * second value), `randint`, `shuffle`/`permutation`. Code written against numpy with
 * `np.random.seed(s)` gets the same numbers here with `new RandomState(s)`.
 */
export class RandomState {
  private readonly mt: MT19937;
  private hasGauss = false;
  private gauss = 0;

  /** @param seed integer in [0, 2^32), as `np.random.seed(seed)`. */
  constructor(seed = 0) {
    this.mt = new MT19937(seed);
  }

  /**
   * Where the stream stands, as numpy's `get_state()`: the MT19937 words and position
   * and the cached second Gaussian; {@link setState} continues from it draw for draw.
   */
  getState(): RandomStateSnapshot {
    const { key, pos } = this.mt.getState();
    return { key: Array.from(key), pos, hasGauss: this.hasGauss, gauss: this.gauss };
  }

  /** Continues from a {@link getState} snapshot (numpy's `set_state`). */
  setState(state: RandomStateSnapshot): void {
    this.mt.setState(state);
    this.hasGauss = state.hasGauss;
    this.gauss = state.gauss;
  }

  /** Re-seeds, dropping any cached Gaussian (as numpy does). */
  seed(seed: number): void {
    this.mt.seed(seed);
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** The next raw 32-bit word of the MT19937 stream. */
  uint32(): number {
    return this.mt.nextUint32();
  }

  /** One uniform double in [0, 1) (numpy `random_sample()`). */
  random(): number {
    return this.mt.nextDouble();
  }

  /** `size` uniform doubles in [0, 1) (numpy `random_sample(size)`). */
  randomSample(size: number): Float64Array {
    const out = new Float64Array(checkSize(size));
    for (let i = 0; i < out.length; i++) out[i] = this.mt.nextDouble();
    return out;
  }

  /** One standard normal draw (numpy legacy `gauss`: polar Box–Muller, second value cached). */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gauss;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.mt.nextDouble() - 1;
      x2 = 2 * this.mt.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `size` standard normal draws (numpy `randn(size)`). */
  randn(size: number): Float64Array {
    return this.normal(0, 1, size);
  }

  /** `size` draws from N(loc, scale²), as numpy `normal(loc, scale, size)`: `loc + scale·gauss`. */
  normal(loc: number, scale: number, size: number): Float64Array {
    if (!(scale >= 0)) throw new RangeError(`scale must be non-negative, got ${scale}`);
    const out = new Float64Array(checkSize(size));
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.standardNormal();
    return out;
  }

  /**
   * `size` draws from N(mean, std²) truncated at two standard deviations, redrawing
   * values that fall outside (TensorFlow's `truncated_normal` semantics).
   */
  truncatedNormal(mean: number, std: number, size: number): Float64Array {
    const out = new Float64Array(checkSize(size));
    for (let i = 0; i < out.length; i++) {
      let z: number;
      do z = this.standardNormal();
      while (z < -2 || z > 2);
      out[i] = mean + std * z;
    }
    return out;
  }

  /** `size` integers uniform in [low, high) (numpy legacy `randint(low, high, size)`). */
  randint(low: number, high: number, size: number): Int32Array {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new RangeError(`randint needs integers low < high, got [${low}, ${high})`);
    }
    if (high - low > 0x100000000) throw new RangeError('randint range must fit in 32 bits');
    const out = new Int32Array(checkSize(size));
    for (let i = 0; i < out.length; i++) out[i] = low + this.interval(high - low - 1);
    return out;
  }

  /** A random permutation of 0..n-1 (numpy `permutation(n)`). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(checkSize(n));
    for (let i = 0; i < out.length; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /** Shuffles an array in place, as numpy's legacy `shuffle` on a 1-d array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(x: T): void {
    // Fisher–Yates from the end, each index drawn by masked rejection sampling.
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const tmp = x[i];
      x[i] = x[j];
      x[j] = tmp;
    }
  }

  /** A uniform integer in [0, max] by masked rejection (numpy `random_interval`). */
  private interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.mt.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }
}

function checkSize(size: number): number {
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(`size must be a non-negative integer, got ${size}`);
  }
  return size;
}
