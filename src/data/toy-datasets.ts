import { RandomState } from '../random/random-state.js';
import type { Dataset } from './dataset.js';
import { makeBlobs, makeCircles, makeMoons, makeSpirals, makeXor } from './toy.js';

/** Names of the toy data sets the commands know. */
export const TOY_DATASETS = ['moons', 'circles', 'xor', 'blobs', 'spirals'] as const;
/** One of {@link TOY_DATASETS}. */
export type ToyDatasetName = (typeof TOY_DATASETS)[number];

/**
 * The course's settings (moons 200 points noise 0.2; circles 100 points noise 0.07) and
 * the playground's: 200 points each, noise 0.1 for xor, 0.5 for blobs (their spread;
 * the centres are 2√2 apart), 0.05 for spirals (along any ray the two arms alternate
 * every 2/7 ≈ 0.29 in radius: r grows by 1/(3.5π) per radian, the arms are π apart).
 */
export const TOY_DEFAULTS: Record<ToyDatasetName, { samples: number; noise: number }> = {
  moons: { samples: 200, noise: 0.2 },
  circles: { samples: 100, noise: 0.07 },
  xor: { samples: 200, noise: 0.1 },
  blobs: { samples: 200, noise: 0.5 },
  spirals: { samples: 200, noise: 0.05 },
};

/** Generates a toy data set after `np.random.seed(seed)`. */
export function makeToyDataset(name: ToyDatasetName, samples: number, noise: number, seed: number): Dataset {
  return generate(name, samples, noise, new RandomState(seed));
}

/**
 * A training set and a test set from one `RandomState(seed)`: `train` is exactly
 * `makeToyDataset(name, samples, noise, seed)`, then `test` is the same generator called
 * again with `testSamples` on the same stream, so it is new points from the same
 * distribution. `testSamples` 0 gives an empty test set (n 0) and draws nothing.
 */
export function makeToySplit(
  name: ToyDatasetName,
  samples: number,
  noise: number,
  seed: number,
  testSamples: number,
): { train: Dataset; test: Dataset } {
  // Checked first, so that a bad count fails before any work is done.
  if (!Number.isInteger(testSamples) || testSamples < 0) {
    throw new RangeError(`number of test samples must be an integer ≥ 0, got ${testSamples}`);
  }
  const random = new RandomState(seed);
  const train = generate(name, samples, noise, random);
  const test: Dataset =
    testSamples === 0
      ? { x: new Float64Array(0), y: new Int32Array(0), n: 0, features: 2, classes: 2 }
      : generate(name, testSamples, noise, random);
  return { train, test };
}

function generate(name: ToyDatasetName, samples: number, noise: number, random: RandomState): Dataset {
  switch (name) {
    case 'moons':
      return makeMoons(samples, { noise, random });
    case 'circles':
      return makeCircles(samples, { noise, random, factor: 0.8 });
    case 'xor':
      return makeXor(samples, { noise, random });
    case 'blobs':
      return makeBlobs(samples, { noise, random });
    case 'spirals':
      return makeSpirals(samples, { noise, random });
    default: {
      const unknown: never = name;
      throw new Error(`unknown data set ${String(unknown)}`);
    }
  }
}
