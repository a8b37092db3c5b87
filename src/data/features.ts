import type { Dataset } from './dataset.js';

/**
 * The input features a toy network can be fed, computed from a point (x₁, x₂):
 * TensorFlow Playground's inputs. With x₁² and x₂² a single layer can draw a circle
 * (w₁x₁² + w₂x₂² = c), with x₁x₂ the quadrants of xor, with the sines a wave.
 */
export const FEATURE_NAMES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sin-x1', 'sin-x2'] as const;
/** One of {@link FEATURE_NAMES}. */
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** How each feature is written for a person: `x₁`, `x₁²`, `sin x₁`, … */
export const FEATURE_LABELS: Record<FeatureName, string> = {
  x1: 'x₁',
  x2: 'x₂',
  x1sq: 'x₁²',
  x2sq: 'x₂²',
  x1x2: 'x₁x₂',
  'sin-x1': 'sin x₁',
  'sin-x2': 'sin x₂',
};

/** The raw coordinates: the course's input, unchanged. */
export const DEFAULT_FEATURES: readonly FeatureName[] = ['x1', 'x2'];

/** Whether `name` is one of {@link FEATURE_NAMES}. */
export function isFeatureName(name: string): name is FeatureName {
  return (FEATURE_NAMES as readonly string[]).includes(name);
}

// One function per feature, of the point's two coordinates.
const FEATURE_FUNCTIONS: Record<FeatureName, (x1: number, x2: number) => number> = {
  x1: (x1) => x1,
  x2: (_, x2) => x2,
  x1sq: (x1) => x1 * x1,
  x2sq: (_, x2) => x2 * x2,
  x1x2: (x1, x2) => x1 * x2,
  'sin-x1': (x1) => Math.sin(x1),
  'sin-x2': (_, x2) => Math.sin(x2),
};

/** Throws a RangeError for an empty list, an unknown name or a name given twice. */
function checkFeatures(features: readonly FeatureName[]): void {
  if (features.length === 0) throw new RangeError('at least one input feature is needed');
  const seen = new Set<string>();
  for (const name of features) {
    if (!isFeatureName(name)) throw new RangeError(`unknown feature ${name}; known: ${FEATURE_NAMES.join(', ')}`);
    if (seen.has(name)) throw new RangeError(`feature ${name} is listed twice`);
    seen.add(name);
  }
}

/**
 * The features of each point: `x` holds `[n, 2]` points row-major, the result
 * `[n, features.length]` row-major, columns in the order given. A new array (also for
 * the default features, whose values are then the input's, bit for bit).
 */
export function expandFeatures(x: Float64Array, features: readonly FeatureName[]): Float64Array {
  checkFeatures(features);
  if (x.length % 2 !== 0) throw new RangeError(`expected [n, 2] points, got ${x.length} values`);
  const n = x.length / 2;
  const k = features.length;
  const fns = features.map((name) => FEATURE_FUNCTIONS[name]);
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const x1 = x[2 * i] as number;
    const x2 = x[2 * i + 1] as number;
    for (let j = 0; j < k; j++) out[i * k + j] = (fns[j] as (a: number, b: number) => number)(x1, x2);
  }
  return out;
}

/** A 2-feature data set with its points replaced by their features (labels shared, `features` updated). */
export function expandDataset(data: Dataset, features: readonly FeatureName[]): Dataset {
  if (data.features !== 2) throw new RangeError(`features are computed from 2 coordinates, got ${data.features}`);
  return {
    x: expandFeatures(data.x, features),
    y: data.y,
    n: data.n,
    features: features.length,
    classes: data.classes,
  };
}
