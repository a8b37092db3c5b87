import type { ActivationName } from '../activations/activations.js';
import { DeepNeuralNetwork, type Loss, type Penalty } from '../classic/deep-neural-network.js';
import { formatLossLine, formatTestLossLine } from '../classic/loss-line.js';
import type { Dataset } from '../data/dataset.js';
import { DEFAULT_FEATURES, expandDataset, type FeatureName } from '../data/features.js';
import { makeToySplit, type ToyDatasetName } from '../data/toy-datasets.js';
import { type ToyLossReport, ToyTrainer } from './toy-trainer.js';

/**
 * The defaults of `nnlab classic` and `nnlab deep` (the course's settings), declared once
 * for the command line, the playground's opening configuration and its equivalent command.
 */
export const TOY_RUN_DEFAULTS = {
  reg: 0.01,
  penalty: 'l2',
  epsilon: 0.01,
  passes: 20000,
  seed: 0,
  dataSeed: 0,
  lossEvery: 1000,
  batch: 0,
  batchSeed: 0,
  testRatio: 0,
} as const satisfies Partial<Record<keyof ToyRunConfig, number | string>>;

/** The largest test share: nine test points for each training point. */
export const MAX_TEST_RATIO = 0.9;

/** Everything `nnlab classic` and `nnlab deep` train with. */
export interface ToyRunConfig {
  /** `classic`: one hidden layer (the course's `NeuralNetwork`); `deep`: as many as given. */
  kind: 'classic' | 'deep';
  dataset: ToyDatasetName;
  /** Points in the training set. */
  samples: number;
  /** Standard deviation of the data's Gaussian noise. */
  noise: number;
  /** Seed of the data generator (`np.random.seed`). */
  dataSeed: number;
  /** Activation of every hidden layer. */
  activation: ActivationName;
  /** Width of each hidden layer, first to last. */
  hidden: readonly number[];
  /** Regularisation strength λ. */
  reg: number;
  /** The weight penalty λ scales (default `'l2'`, the course's). */
  penalty?: Penalty;
  /** Gradient-descent step. */
  epsilon: number;
  /** Passes over the training set. */
  passes: number;
  /** Rows per gradient step (default 0: the whole training set, the course's full batch). */
  batch?: number;
  /** Seed of the mini-batch order (default 0). */
  batchSeed?: number;
  /** The network's inputs, computed from each point (default x1, x2: the point itself). */
  features?: readonly FeatureName[];
  /**
   * Share r of test points in the whole, 0 ≤ r < 1 (default 0: none): `round(samples·r/(1 − r))`
   * more points from the same generator, drawn right after the training set's.
   */
  testRatio?: number;
  /** Seed of the weight initialisation. */
  seed: number;
  /** Report the loss every this many passes. */
  lossEvery: number;
  /** build/nnlab-classic.wasm compiled (`classicWasmModule()` of nnlab/node): the same numbers, faster. */
  wasm?: WebAssembly.Module;
}

/** What the `loss` event of a toy run sees besides the loss. */
export interface ToyLossContext {
  /** The network as it is at this loss line. */
  net: DeepNeuralNetwork;
  /** The training set (its features, as the network sees it). */
  data: Dataset;
  /** The training set's points in the plane, before the features (what pictures plot). */
  points: Dataset;
  /** The test set (n 0 without `testRatio`). */
  test: Dataset;
  /** The loss on the test set, when it has rows. */
  testLoss?: Loss;
}

/** What a toy run reports as it goes. */
export interface ToyRunEvents {
  /** A line of the course's output: the header, `Loss after iteration …`, `Test loss …`, the accuracies. */
  line(text: string): void;
  /** Called at every loss line with the network as it is then and its data (summaries and pictures hook in here). */
  loss?(pass: number, loss: Loss, run: ToyLossContext): void;
}

/** What a finished toy run returns. */
export interface ToyRunResult {
  /** The trained network. */
  net: DeepNeuralNetwork;
  /** The data it was trained on (its features). */
  data: Dataset;
  /** The training set's points in the plane, before the features (what pictures plot). */
  points: Dataset;
  /** The test set (n 0 without `testRatio`). */
  test: Dataset;
  /** Accuracy on the training data after the last pass. */
  accuracy: number;
  /** Accuracy on the test set, when it has rows. */
  testAccuracy?: number;
}

/** A toy run set up and not yet trained: what `runToy` and the playground page both start from. */
export interface ToyRun {
  /** The network, initialised. */
  net: DeepNeuralNetwork;
  /** The training set, through the features. */
  data: Dataset;
  /** The training set's points in the plane, before the features (what pictures plot). */
  points: Dataset;
  /** The test set, through the features (n 0 without `testRatio`). */
  test: Dataset;
  /** Steps the network over `data`: one `runPass` per pass. */
  trainer: ToyTrainer;
  /** The run's first line: `Training 2-3-2 tanh network on moons (200 points), 20000 passes`. */
  header: string;
}

/** The test set's size for a training set of `samples` and a test share `testRatio`: round(samples·r/(1 − r)). */
export function toyTestSamples(samples: number, testRatio = 0): number {
  if (!(testRatio >= 0 && testRatio < 1)) throw new RangeError(`testRatio must be in [0, 1), got ${testRatio}`);
  return Math.round((samples * testRatio) / (1 - testRatio));
}

/** What a toy run trains with besides its data: the network, the penalty, the step rule. */
export type ToyTrainingSettings = Pick<
  ToyRunConfig,
  | 'activation'
  | 'hidden'
  | 'reg'
  | 'penalty'
  | 'epsilon'
  | 'batch'
  | 'batchSeed'
  | 'features'
  | 'seed'
  | 'lossEvery'
  | 'wasm'
>;

/**
 * The data (training and test sets, through the features), the network seeded like
 * `np.random.seed(seed)` and its {@link ToyTrainer}, as `runToy` makes them.
 */
export function createToyRun(config: ToyRunConfig): ToyRun {
  const testSamples = toyTestSamples(config.samples, config.testRatio);
  const split = makeToySplit(config.dataset, config.samples, config.noise, config.dataSeed, testSamples);
  const run = trainToyPoints(split, config);
  const shape = [run.data.features, ...config.hidden, run.data.classes].join('-');
  const header = `Training ${shape} ${config.activation} network on ${config.dataset} (${run.data.n} points), ${config.passes} passes`;
  return { ...run, header };
}

/**
 * A toy run on given points (a generator's, or the playground user's own): the features
 * applied to both sets, the network and its trainer — the one set-up `runToy` and the
 * playground share, so that their numbers are the same.
 */
export function trainToyPoints(
  split: { train: Dataset; test: Dataset },
  settings: ToyTrainingSettings,
): Omit<ToyRun, 'header'> {
  const features = settings.features ?? DEFAULT_FEATURES;
  const data = expandDataset(split.train, features);
  const test = expandDataset(split.test, features);
  const net = new DeepNeuralNetwork({
    ...(settings.wasm ? { wasm: settings.wasm } : {}),
    inputs: data.features,
    hidden: settings.hidden,
    outputs: 2,
    activation: settings.activation,
    regLambda: settings.reg,
    penalty: settings.penalty ?? 'l2',
    seed: settings.seed,
  });
  const trainer = new ToyTrainer(
    net,
    data,
    {
      epsilon: settings.epsilon,
      batch: settings.batch ?? 0,
      batchSeed: settings.batchSeed ?? 0,
      lossEvery: settings.lossEvery,
    },
    test,
  );
  return { net, data, points: split.train, test, trainer };
}

/** A loss report's lines: the course's `Loss after iteration …`, then `Test loss after iteration …` when there is one. */
export function toyLossLines(report: ToyLossReport): string[] {
  const lines = [formatLossLine(report.iteration, report.loss)];
  if (report.test) lines.push(formatTestLossLine(report.iteration, report.test));
  return lines;
}

/** The run's last lines, `Training accuracy: …` and (with a test set) `Test accuracy: …`, and the two numbers. */
export function toyAccuracyLines(run: Pick<ToyRun, 'net' | 'data' | 'test'>): {
  lines: string[];
  accuracy: number;
  testAccuracy?: number;
} {
  const { net, data, test } = run;
  const accuracy = net.accuracy(data.x, data.y);
  const lines = [`Training accuracy: ${accuracy.toFixed(4)}`];
  if (test.n === 0) return { lines, accuracy };
  const testAccuracy = net.accuracy(test.x, test.y);
  lines.push(`Test accuracy: ${testAccuracy.toFixed(4)}`);
  return { lines, accuracy, testAccuracy };
}

/**
 * The course's toy-data training: the data set, a network of `hidden` layers seeded
 * like `np.random.seed(seed)`, `passes` passes of gradient descent (full batch unless
 * `batch` says otherwise) by a {@link ToyTrainer}, the course's loss line every
 * `lossEvery` passes (and the test loss under it), then the accuracies. Prints exactly
 * what `nnlab classic` / `nnlab deep` print before their file messages.
 */
export function runToy(config: ToyRunConfig, events: ToyRunEvents): ToyRunResult {
  const run = createToyRun(config);
  const { net, data, points, test, trainer } = run;
  events.line(run.header);
  for (let pass = 0; pass < config.passes; pass++) {
    const report = trainer.runPass();
    if (!report) continue;
    for (const line of toyLossLines(report)) events.line(line);
    events.loss?.(report.iteration, report.loss, {
      net,
      data,
      points,
      test,
      ...(report.test ? { testLoss: report.test } : {}),
    });
  }
  const { lines, accuracy, testAccuracy } = toyAccuracyLines(run);
  for (const line of lines) events.line(line);
  return { net, data, points, test, accuracy, ...(testAccuracy === undefined ? {} : { testAccuracy }) };
}

/** The title of a toy run's pictures: `NeuralNetwork: tanh, 3 hidden units — moons`. */
export function toyRunTitle(config: Pick<ToyRunConfig, 'kind' | 'activation' | 'hidden' | 'dataset'>): string {
  const widths = config.hidden.length === 1 ? `${config.hidden[0]} hidden units` : `hidden ${config.hidden.join('-')}`;
  return `${config.kind === 'classic' ? 'NeuralNetwork' : 'DeepNeuralNetwork'}: ${config.activation}, ${widths} — ${config.dataset}`;
}
