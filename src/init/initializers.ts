import type { RandomState } from '../random/random-state.js';

/** How weights start. Biases start at 0.1 with every initialiser (the course's constant). */
export type InitKind = 'default' | 'xavier' | 'he';

/** Every {@link InitKind}. */
export const INIT_KINDS: readonly InitKind[] = ['default', 'xavier', 'he'];

/** The course's bias constant. */
export const BIAS_INIT = 0.1;

/**
 * `size` initial weights for a layer with the given fans (for a convolution,
 * fanIn = kh·kw·cin and fanOut = kh·kw·cout), drawn from `random`:
 * - `default`: truncated normal, σ = 0.1, redrawn beyond 2σ (the course's `weight_variable`);
 * - `xavier`: Glorot uniform on ±√(6 / (fanIn + fanOut)) (TF's `xavier_initializer()`);
 * - `he`: truncated normal with σ = √(1.3 · 2 / fanIn), as TF 1.x's
 *   `variance_scaling_initializer()` (the 1.3 makes up for the truncation).
 */
export function initialWeights(
  kind: InitKind,
  fanIn: number,
  fanOut: number,
  size: number,
  random: RandomState,
): Float64Array {
  switch (kind) {
    case 'default':
      return random.truncatedNormal(0, 0.1, size);
    case 'xavier': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const out = random.randomSample(size);
      for (let i = 0; i < size; i++) out[i] = (2 * (out[i] as number) - 1) * limit;
      return out;
    }
    case 'he':
      return random.truncatedNormal(0, Math.sqrt((1.3 * 2) / fanIn), size);
    default: {
      const unknown: never = kind;
      throw new Error(`unknown initialiser ${String(unknown)}`);
    }
  }
}
