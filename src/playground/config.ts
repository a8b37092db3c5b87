import { ACTIVATION_NAMES, type ActivationName } from '../activations/activations.js';
import { PENALTIES, type Penalty } from '../classic/deep-neural-network.js';
import type { Dataset } from '../data/dataset.js';
import { DEFAULT_FEATURES, type FeatureName } from '../data/features.js';
import { MAX_TOY_POINTS } from '../data/toy-csv.js';
import { TOY_DATASETS, TOY_DEFAULTS, type ToyDatasetName } from '../data/toy-datasets.js';
import { MAX_TEST_RATIO, TOY_RUN_DEFAULTS } from '../train/toy-run.js';

/** Where a playground's points come from: a generator of `nnlab classic`, or the user's own. */
export type PlaygroundDataSource = ToyDatasetName | 'custom';

/** The user's own points (clicked, dragged, pasted or uploaded): training and test rows. */
export interface CustomPoints {
  train: Dataset;
  test: Dataset;
}

/**
 * Everything that decides a playground run's numbers — the page's whole state, and what
 * its URL carries. Names follow `nnlab classic`'s options (`dataSeed` is `--data-seed`).
 */
export interface PlaygroundConfig {
  dataset: PlaygroundDataSource;
  /** Training points of a generated data set (`--samples`). */
  samples: number;
  /** Standard deviation of the generator's noise (`--noise`). */
  noise: number;
  dataSeed: number;
  /** Test share r: round(samples·r/(1 − r)) test points drawn after the training points (`--test-ratio`). */
  testRatio: number;
  features: FeatureName[];
  /** Width of each hidden layer (1 to {@link LIMITS}.layers layers). */
  hidden: number[];
  activation: ActivationName;
  penalty: Penalty;
  /** Regularisation strength λ (`--reg`). */
  reg: number;
  /** Gradient-descent step (`--epsilon`). */
  epsilon: number;
  /** Rows per step; 0 = full batch, the course's rule (`--batch`). */
  batch: number;
  batchSeed: number;
  /** Seed of the weight initialisation (`--seed`). */
  seed: number;
  /** A loss line every this many passes (`--loss-every`). */
  lossEvery: number;
  /** Play stops after this many passes; 0 = until paused. */
  passes: number;
  /** The points when `dataset` is `custom`. */
  points?: CustomPoints;
}

/** The bounds the page's controls and URL decoding enforce. */
export const LIMITS = {
  layers: 6,
  width: 32,
  /** Training points of a generated set: with the largest test share, the points stay within `maxPoints`. */
  samples: 1000,
  maxTestRatio: MAX_TEST_RATIO,
  maxNoise: 2,
  /** Points in all (own points, links, CSV files): the CSV reader's limit. */
  maxPoints: MAX_TOY_POINTS,
} as const;

/** Activations the playground offers: all of nnlab's (`identity` is shown as "linear"). */
export const PLAYGROUND_ACTIVATIONS: readonly ActivationName[] = ACTIVATION_NAMES;

/** Data sources in the order the page lists them. */
export const PLAYGROUND_DATASETS: readonly PlaygroundDataSource[] = [...TOY_DATASETS, 'custom'];

/** Penalties offered (L2 is the course's). */
export const PLAYGROUND_PENALTIES: readonly Penalty[] = PENALTIES;

/**
 * The page's opening configuration: the course's — moons (200 points, noise 0.2),
 * tanh, 3 hidden units, λ 0.01, ε 0.01, full batch, seed 0 — with a test set of a fifth
 * of the points (which leaves the training numbers untouched).
 */
export function defaultConfig(): PlaygroundConfig {
  return {
    dataset: 'moons',
    samples: TOY_DEFAULTS.moons.samples,
    noise: TOY_DEFAULTS.moons.noise,
    dataSeed: TOY_RUN_DEFAULTS.dataSeed,
    testRatio: 0.2,
    features: [...DEFAULT_FEATURES],
    hidden: [3],
    activation: 'tanh',
    penalty: TOY_RUN_DEFAULTS.penalty,
    reg: TOY_RUN_DEFAULTS.reg,
    epsilon: TOY_RUN_DEFAULTS.epsilon,
    batch: TOY_RUN_DEFAULTS.batch,
    batchSeed: TOY_RUN_DEFAULTS.batchSeed,
    seed: TOY_RUN_DEFAULTS.seed,
    lossEvery: TOY_RUN_DEFAULTS.lossEvery,
    passes: 0,
  };
}
