import { type Command, InvalidArgumentError, Option } from 'commander';
import { ACTIVATION_NAMES, type ActivationName } from '../activations/activations.js';
import { type DeepNeuralNetwork, PENALTIES, type Penalty } from '../classic/deep-neural-network.js';
import { classicWasmModule } from '../classic/wasm/node/loader.js';
import { DEFAULT_FEATURES, expandFeatures, FEATURE_NAMES, type FeatureName, isFeatureName } from '../data/features.js';
import { TOY_DATASETS, TOY_DEFAULTS, type ToyDatasetName } from '../data/toy-datasets.js';
import { assertWritable } from '../node/atomic-write.js';
import { pictureFormat, renderPng, writePicture } from '../node/picture.js';
import { type Classifier, decisionBoundarySvg } from '../plot/decision-boundary.js';
import type { HParamValue } from '../summary/hparams.js';
import { MAX_TEST_RATIO, runToy, TOY_RUN_DEFAULTS, type ToyRunConfig, toyRunTitle } from '../train/toy-run.js';
import { integerAtLeast, numberAtLeast, widthList } from './parsers.js';
import { addLogOptions, closeRunLog, type LogOptions, openRunLog } from './run-log.js';
import { asUsageError, UsageError } from './usage-error.js';

/** The run's options that the command line always sets (the library defaults them). */
type ToyCommandDefaults = 'penalty' | 'batch' | 'batchSeed' | 'features' | 'testRatio';

/** Everything `nnlab classic` and `nnlab deep` need, parsed and checked. */
type ToyCommandConfig = ToyRunConfig &
  Required<Pick<ToyRunConfig, ToyCommandDefaults>> & {
    plot: string | undefined;
    log: LogOptions;
    /** With a log: the decision boundary is logged at loss lines whose pass is a multiple of this. */
    boundaryEvery: number;
  };

interface ToyOptions {
  dataset: ToyDatasetName;
  samples?: number;
  noise?: number;
  dataSeed: number;
  activation: ActivationName;
  hidden: number[];
  hiddenLayers?: number;
  reg: number;
  penalty: Penalty;
  epsilon: number;
  passes: number;
  batch: number;
  batchSeed: number;
  features: FeatureName[];
  testRatio: number;
  seed: number;
  lossEvery: number;
  boundaryEvery: number;
  plot?: string;
  logdir?: string;
  run?: string;
}

/** Adds `classic` (input → hidden → softmax) and `deep` (any depth) to the program. */
export function registerToyCommands(program: Command, write: (line: string) => void): void {
  const classic = program
    .command('classic')
    .description("train the course's 3-layer network (float64) on a toy data set, printing the loss every 1000 passes")
    .addHelpText('after', '\nExample:\n  nnlab classic --dataset moons --activation tanh --hidden 3 --plot moons.png');
  addToyOptions(classic, 'hidden units', '3');
  classic.action((options: ToyOptions) => runToyCommand(toConfig('classic', options), write));

  const deep = program
    .command('deep')
    .description('train a network with any number of hidden layers (float64) on a toy data set')
    .addHelpText(
      'after',
      '\nExample:\n  nnlab deep --dataset circles --hidden-layers 2 --hidden 10 --activation tanh --plot rings.png',
    );
  addToyOptions(deep, 'width of every hidden layer, or one width per layer (8,6,4 or 8x6x4)', '5');
  deep.option(
    '--hidden-layers <n>',
    'number of hidden layers (default: 3, or the number of widths given)',
    integerAtLeast(1),
  );
  deep.action((options: ToyOptions) => runToyCommand(toConfig('deep', options), write));
}

function addToyOptions(command: Command, hiddenHelp: string, hiddenDefault: string): void {
  command
    .addOption(
      new Option('--dataset <name>', 'toy data set').choices(TOY_DATASETS).default('moons' satisfies ToyDatasetName),
    )
    .addOption(new Option('--activation <name>', 'hidden activation').choices(ACTIVATION_NAMES).default('tanh'))
    .option('--hidden <n>', hiddenHelp, widthList, widthList(hiddenDefault))
    .option('--reg <lambda>', 'regularisation strength λ', numberAtLeast(0), TOY_RUN_DEFAULTS.reg)
    .addOption(
      new Option('--penalty <name>', 'weight penalty: l2 adds (λ/2)·Σw², l1 adds λ·Σ|w|')
        .choices(PENALTIES)
        .default(TOY_RUN_DEFAULTS.penalty satisfies Penalty),
    )
    .option('--epsilon <step>', 'gradient-descent step', numberAtLeast(0, true), TOY_RUN_DEFAULTS.epsilon)
    .option('--passes <n>', 'passes over the training set', integerAtLeast(1), TOY_RUN_DEFAULTS.passes)
    .option(
      '--batch <n>',
      'rows per step, in a new random order each pass (0: the whole set)',
      integerAtLeast(0),
      TOY_RUN_DEFAULTS.batch,
    )
    .option('--batch-seed <n>', 'seed of the mini-batch order', integerAtLeast(0), TOY_RUN_DEFAULTS.batchSeed)
    .addOption(
      new Option('--features <list>', `the network's inputs, separated by commas or + (${FEATURE_NAMES.join(', ')})`)
        .argParser(featureList)
        .default([...DEFAULT_FEATURES], DEFAULT_FEATURES.join(',')),
    )
    .option(
      '--test-ratio <r>',
      `share of test points in the whole, from 0 to ${MAX_TEST_RATIO} (the test set is drawn after the training set)`,
      ratio,
      TOY_RUN_DEFAULTS.testRatio,
    )
    .option('--seed <n>', 'seed of the weight initialisation', integerAtLeast(0), TOY_RUN_DEFAULTS.seed)
    .option('--samples <n>', `points in the training set (default: ${toyDefaults('samples')})`, integerAtLeast(2))
    .option('--noise <sd>', `data noise (default: ${toyDefaults('noise')})`, numberAtLeast(0))
    .option('--data-seed <n>', 'seed of the data generator', integerAtLeast(0), TOY_RUN_DEFAULTS.dataSeed)
    .option('--loss-every <n>', 'print the loss every n passes', integerAtLeast(1), TOY_RUN_DEFAULTS.lossEvery)
    .option(
      '--boundary-every <n>',
      'with --logdir: log the decision boundary at the first loss line of every n passes (and at the end)',
      integerAtLeast(1),
      5000,
    )
    .option('--plot <file>', 'write the decision boundary as a PNG or SVG picture');
  addLogOptions(command);
}

function toConfig(kind: 'classic' | 'deep', o: ToyOptions): ToyCommandConfig {
  let hidden = o.hidden;
  if (kind === 'classic' && hidden.length !== 1) throw new UsageError('classic has one hidden layer: give --hidden N');
  if (kind === 'deep') {
    const layers = o.hiddenLayers ?? (hidden.length > 1 ? hidden.length : 3);
    if (hidden.length === 1) hidden = Array.from({ length: layers }, () => hidden[0] as number);
    else if (hidden.length !== layers) {
      throw new UsageError(`--hidden lists ${hidden.length} widths but --hidden-layers is ${layers}`);
    }
  }
  if (o.seed > 0xffffffff || o.dataSeed > 0xffffffff || o.batchSeed > 0xffffffff) {
    throw new UsageError('seeds must be below 2^32');
  }
  const defaults = TOY_DEFAULTS[o.dataset];
  return {
    kind,
    dataset: o.dataset,
    samples: o.samples ?? defaults.samples,
    noise: o.noise ?? defaults.noise,
    dataSeed: o.dataSeed,
    activation: o.activation,
    hidden,
    reg: o.reg,
    penalty: o.penalty,
    epsilon: o.epsilon,
    passes: o.passes,
    batch: o.batch,
    batchSeed: o.batchSeed,
    features: o.features,
    testRatio: o.testRatio,
    seed: o.seed,
    lossEvery: o.lossEvery,
    boundaryEvery: o.boundaryEvery,
    plot: o.plot,
    log: { logdir: o.logdir, run: o.run },
  };
}

/** Trains as configured (the library's runToy), printing its lines, then writes the picture and the summaries. */
function runToyCommand(config: ToyCommandConfig, write: (line: string) => void): void {
  const { log: logOptions, boundaryEvery, ...settings } = config;
  const { plot } = config;
  if (plot !== undefined) {
    // Fail before training, not after 20 000 passes.
    asUsageError(() => {
      pictureFormat(plot);
      assertWritable(plot);
    });
  }
  const log = openRunLog(
    logOptions,
    `${config.kind}-${config.dataset}-${config.activation}-${config.hidden.join('x')}`,
    settings,
    toyHParams(config),
  );
  const title = toyRunTitle(config);
  const logBoundary = (svg: string, pass: number) => {
    const { png, width, height } = renderPng(svg);
    log?.writer.image('decision_boundary', png, width, height, pass);
  };
  let nextBoundary = 0;
  // Pictures plot the points in the plane: the grid's points go through the features before the net.
  const features = config.features;
  const classifier = (net: DeepNeuralNetwork): Classifier => ({
    predict: (x) => net.predict(expandFeatures(x, features)),
  });
  // The WebAssembly kernels where the runtime has SIMD: the same numbers as TypeScript, faster.
  const wasm = classicWasmModule();
  const { net, points, accuracy, testAccuracy } = runToy(
    { ...config, ...(wasm ? { wasm } : {}) },
    {
      line: write,
      loss: (pass, loss, run) => {
        log?.writer.scalar('loss/data', loss.dataLoss, pass);
        log?.writer.scalar('loss/reg', loss.regLoss, pass);
        if (run.testLoss) log?.writer.scalar('loss/test', run.testLoss.dataLoss, pass);
        // The boundary as training goes (the board's image slider), drawn at loss lines: the
        // first one at or after each multiple of --boundary-every. Predicting does not touch training state.
        if (log && pass >= nextBoundary && pass < config.passes) {
          logBoundary(decisionBoundarySvg(classifier(run.net), run.points, { title: `${title} — pass ${pass}` }), pass);
          nextBoundary = (Math.floor(pass / boundaryEvery) + 1) * boundaryEvery;
        }
      },
    },
  );
  const svg = plot !== undefined || log ? decisionBoundarySvg(classifier(net), points, { title }) : '';
  if (plot !== undefined) {
    asUsageError(() => writePicture(plot, svg));
    write(`Decision boundary written to ${plot}`);
  }
  if (log) {
    log.writer.scalar('accuracy/train', accuracy, config.passes);
    if (testAccuracy !== undefined) log.writer.scalar('accuracy/test', testAccuracy, config.passes);
    logBoundary(svg, config.passes);
    closeRunLog(log, 'success');
    write(`Summaries written to ${log.path}`);
  }
}

/**
 * The hyperparameters a toy run reports (named as its options): the hidden widths as one
 * number when all layers share it, else `8x6x4`, and the features as `x1+x2+x1sq` (as a
 * sweep's grid writes lists: its commas separate the grid's values).
 */
function toyHParams(c: ToyCommandConfig): Record<string, HParamValue> {
  const widths = c.hidden;
  const hidden = widths.every((w) => w === widths[0]) ? (widths[0] as number) : widths.join('x');
  return {
    dataset: c.dataset,
    activation: c.activation,
    hidden,
    ...(c.kind === 'deep' ? { 'hidden-layers': widths.length } : {}),
    reg: c.reg,
    epsilon: c.epsilon,
    passes: c.passes,
    seed: c.seed,
    samples: c.samples,
    noise: c.noise,
    'data-seed': c.dataSeed,
    penalty: c.penalty,
    batch: c.batch,
    'batch-seed': c.batchSeed,
    features: c.features.join('+'),
    'test-ratio': c.testRatio,
  };
}

/** Each data set's default, for the help: `moons 200, circles 100, …`. */
function toyDefaults(key: 'samples' | 'noise'): string {
  return TOY_DATASETS.map((name) => `${name} ${TOY_DEFAULTS[name][key]}`).join(', ');
}

/** Commander value parser: feature names separated by commas or `+` (`x1,x2,x1sq`, `x1+x2+x1sq`). */
function featureList(value: string): FeatureName[] {
  const names = value.split(/[,+]/).map((name) => name.trim());
  const unknown = names.find((name) => !isFeatureName(name));
  if (unknown !== undefined) {
    throw new InvalidArgumentError(`unknown feature '${unknown}'; known: ${FEATURE_NAMES.join(', ')}`);
  }
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new InvalidArgumentError(`feature '${twice}' is listed twice`);
  return names as FeatureName[];
}

/** Commander value parser: the test share, a number in [0, 0.9] (0.9: nine test points for each training point). */
function ratio(value: string): number {
  const r = Number(value);
  if (value.trim() === '' || !Number.isFinite(r) || r < 0 || r > MAX_TEST_RATIO) {
    throw new InvalidArgumentError(`expected a number from 0 to ${MAX_TEST_RATIO}`);
  }
  return r;
}
