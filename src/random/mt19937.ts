/**
 * The Mersenne Twister MT19937, bit-compatible with the generator behind numpy's
 * legacy `np.random.RandomState` (and with the reference C code by Matsumoto and
 * Nishimura). Pure integer arithmetic on a `Uint32Array`, so it is the same on every
 * JavaScript engine.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** Raw MT19937 state: 624 words and a position. */
export class MT19937 {
  private readonly key = new Uint32Array(N);
  private pos = N;

  /** Seeds like `init_genrand(seed)` (numpy's `RandomState(seed)` for an integer seed). */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** Re-seeds like `init_genrand(seed)`; `seed` must be an integer in [0, 2^32). */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    const key = this.key;
    key[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = key[i - 1] as number;
      // 1812433253 * (prev ^ (prev >>> 30)) + i, modulo 2^32
      key[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.pos = N;
  }

  /** The 624 words and the position (numpy's `get_state()[1:3]`). */
  getState(): { key: Uint32Array; pos: number } {
    return { key: this.key.slice(), pos: this.pos };
  }

  /** Continues the stream from a state of {@link getState}. */
  setState(state: { readonly key: ArrayLike<number>; readonly pos: number }): void {
    if (state.key.length !== N || !(Number.isInteger(state.pos) && state.pos >= 0 && state.pos <= N)) {
      throw new RangeError(`an MT19937 state is ${N} words and a position in 0…${N}`);
    }
    this.key.set(state.key);
    this.pos = state.pos;
  }

  /** Next 32-bit unsigned integer of the stream. */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.key[this.pos++] as number;
    // Tempering.
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits, as `genrand_res53` / numpy's `random_sample`. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  private twist(): void {
    const key = this.key;
    let i = 0;
    for (; i < N - M; i++) {
      const y = ((key[i] as number) & UPPER_MASK) | ((key[i + 1] as number) & LOWER_MASK);
      key[i] = (key[i + M] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      const y = ((key[i] as number) & UPPER_MASK) | ((key[i + 1] as number) & LOWER_MASK);
      key[i] = (key[i + M - N] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = ((key[N - 1] as number) & UPPER_MASK) | ((key[0] as number) & LOWER_MASK);
    key[N - 1] = (key[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }
}
