import type { ActivationName } from '../activations/activations.js';
import type { Loss } from '../classic/deep-neural-network.js';
import { DeepNeuralNetwork } from '../classic/deep-neural-network.js';
import { formatLossLine } from '../classic/loss-line.js';
import type { Dataset } from '../data/dataset.js';
import { makeToyDataset, type ToyDatasetName } from '../data/toy-datasets.js';

/** Everything `nnlab classic` and `nnlab deep` train with. */
export interface ToyRunConfig {
  /** `classic`: one hidden layer (the course's `NeuralNetwork`); `deep`: any number. */
  kind: 'classic' | 'deep';
  dataset: ToyDatasetName;
  /** Points in the data set. */
  samples: number;
  /** Standard deviation of the data's Gaussian noise. */
  noise: number;
  /** Seed of the data generator (`np.random.seed`). */
  dataSeed: number;
  /** Activation of every hidden layer. */
  activation: ActivationName;
  /** Width of each hidden layer, first to last. */
  hidden: readonly number[];
  /** L2 strength λ. */
  reg: number;
  /** Gradient-descent step. */
  epsilon: number;
  /** Full-batch passes. */
  passes: number;
  /** Seed of the weight initialisation. */
  seed: number;
  /** Report the loss every this many passes. */
  lossEvery: number;
  /** build/nnlab-classic.wasm compiled (`classicWasmModule()` of nnlab/node): the same numbers, faster. */
  wasm?: WebAssembly.Module;
}

/** What a toy run reports as it goes. */
export interface ToyRunEvents {
  /** A line of the course's output: the header, `Loss after iteration …`, `Training accuracy: …`. */
  line(text: string): void;
  /** Called at every loss line with the network as it is then and its data (summaries and pictures hook in here). */
  loss?(pass: number, loss: Loss, run: { net: DeepNeuralNetwork; data: Dataset }): void;
}

/** What a finished toy run returns. */
export interface ToyRunResult {
  /** The trained network. */
  net: DeepNeuralNetwork;
  /** The data it was trained on. */
  data: Dataset;
  /** Accuracy on the training data after the last pass. */
  accuracy: number;
}

/**
 * The course's toy-data training: the data set, a network of `hidden` layers seeded
 * like `np.random.seed(seed)`, full-batch gradient descent for `passes` passes, the
 * course's loss line every `lossEvery` passes, then the training accuracy. Prints
 * exactly what `nnlab classic` / `nnlab deep` print before their file messages.
 */
export function runToy(config: ToyRunConfig, events: ToyRunEvents): ToyRunResult {
  const data = makeToyDataset(config.dataset, config.samples, config.noise, config.dataSeed);
  const net = new DeepNeuralNetwork({
    ...(config.wasm ? { wasm: config.wasm } : {}),
    inputs: data.features,
    hidden: config.hidden,
    outputs: data.classes,
    activation: config.activation,
    regLambda: config.reg,
    seed: config.seed,
  });
  const shape = [data.features, ...config.hidden, data.classes].join('-');
  events.line(
    `Training ${shape} ${config.activation} network on ${config.dataset} (${data.n} points), ${config.passes} passes`,
  );
  net.fitModel(data.x, data.y, {
    epsilon: config.epsilon,
    numPasses: config.passes,
    lossEvery: config.lossEvery,
    onLoss: (pass, loss) => {
      events.line(formatLossLine(pass, loss));
      events.loss?.(pass, loss, { net, data });
    },
  });
  const accuracy = net.accuracy(data.x, data.y);
  events.line(`Training accuracy: ${accuracy.toFixed(4)}`);
  return { net, data, accuracy };
}

/** The title of a toy run's pictures: `NeuralNetwork: tanh, 3 hidden units — moons`. */
export function toyRunTitle(config: Pick<ToyRunConfig, 'kind' | 'activation' | 'hidden' | 'dataset'>): string {
  const widths = config.hidden.length === 1 ? `${config.hidden[0]} hidden units` : `hidden ${config.hidden.join('-')}`;
  return `${config.kind === 'classic' ? 'NeuralNetwork' : 'DeepNeuralNetwork'}: ${config.activation}, ${widths} — ${config.dataset}`;
}
