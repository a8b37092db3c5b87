import { RandomState } from '../random/random-state.js';
import type { Dataset } from './dataset.js';
import { makeCircles, makeMoons } from './toy.js';

/** Names of the toy data sets the commands know. */
export const TOY_DATASETS = ['moons', 'circles'] as const;
/** One of {@link TOY_DATASETS}. */
export type ToyDatasetName = (typeof TOY_DATASETS)[number];

/** The course's settings: moons 200 points noise 0.2; circles 100 points noise 0.07. */
export const TOY_DEFAULTS: Record<ToyDatasetName, { samples: number; noise: number }> = {
  moons: { samples: 200, noise: 0.2 },
  circles: { samples: 100, noise: 0.07 },
};

/** Generates a toy data set after `np.random.seed(seed)`. */
export function makeToyDataset(name: ToyDatasetName, samples: number, noise: number, seed: number): Dataset {
  const random = new RandomState(seed);
  switch (name) {
    case 'moons':
      return makeMoons(samples, { noise, random });
    case 'circles':
      return makeCircles(samples, { noise, random, factor: 0.8 });
    default: {
      const unknown: never = name;
      throw new Error(`unknown data set ${String(unknown)}`);
    }
  }
}
