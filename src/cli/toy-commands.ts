import { type Command, Option } from 'commander';
import { ACTIVATION_NAMES, type ActivationName } from '../activations/activations.js';
import { classicWasmModule } from '../classic/wasm/node/loader.js';
import { TOY_DATASETS, TOY_DEFAULTS, type ToyDatasetName } from '../data/toy-datasets.js';
import { assertWritable } from '../node/atomic-write.js';
import { pictureFormat, renderPng, writePicture } from '../node/picture.js';
import { decisionBoundarySvg } from '../plot/decision-boundary.js';
import type { HParamValue } from '../summary/hparams.js';
import { runToy, type ToyRunConfig, toyRunTitle } from '../train/toy-run.js';
import { integerAtLeast, numberAtLeast, widthList } from './parsers.js';
import { addLogOptions, closeRunLog, type LogOptions, openRunLog } from './run-log.js';
import { asUsageError, UsageError } from './usage-error.js';

/** Everything `nnlab classic` and `nnlab deep` need, parsed and checked. */
interface ToyCommandConfig extends ToyRunConfig {
  plot: string | undefined;
  log: LogOptions;
  /** With a log: the decision boundary is logged at loss lines whose pass is a multiple of this. */
  boundaryEvery: number;
}

interface ToyOptions {
  dataset: ToyDatasetName;
  samples?: number;
  noise?: number;
  dataSeed: number;
  activation: ActivationName;
  hidden: number[];
  hiddenLayers?: number;
  reg: number;
  epsilon: number;
  passes: number;
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
    .option('--reg <lambda>', 'L2 regularisation strength', numberAtLeast(0), 0.01)
    .option('--epsilon <step>', 'gradient-descent step', numberAtLeast(0, true), 0.01)
    .option('--passes <n>', 'full-batch passes', integerAtLeast(1), 20000)
    .option('--seed <n>', 'seed of the weight initialisation', integerAtLeast(0), 0)
    .option('--samples <n>', 'points in the data set (default: moons 200, circles 100)', integerAtLeast(2))
    .option('--noise <sd>', 'data noise (default: moons 0.2, circles 0.07)', numberAtLeast(0))
    .option('--data-seed <n>', 'seed of the data generator', integerAtLeast(0), 0)
    .option('--loss-every <n>', 'print the loss every n passes', integerAtLeast(1), 1000)
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
  if (o.seed > 0xffffffff || o.dataSeed > 0xffffffff) throw new UsageError('seeds must be below 2^32');
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
    epsilon: o.epsilon,
    passes: o.passes,
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
  // The WebAssembly kernels where the runtime has SIMD: the same numbers as TypeScript, faster.
  const wasm = classicWasmModule();
  const { net, data, accuracy } = runToy(
    { ...config, ...(wasm ? { wasm } : {}) },
    {
      line: write,
      loss: (pass, loss, run) => {
        log?.writer.scalar('loss/data', loss.dataLoss, pass);
        log?.writer.scalar('loss/reg', loss.regLoss, pass);
        // The boundary as training goes (the board's image slider), drawn at loss lines: the
        // first one at or after each multiple of --boundary-every. Predicting does not touch training state.
        if (log && pass >= nextBoundary && pass < config.passes) {
          logBoundary(decisionBoundarySvg(run.net, run.data, { title: `${title} — pass ${pass}` }), pass);
          nextBoundary = (Math.floor(pass / boundaryEvery) + 1) * boundaryEvery;
        }
      },
    },
  );
  const svg = plot !== undefined || log ? decisionBoundarySvg(net, data, { title }) : '';
  if (plot !== undefined) {
    asUsageError(() => writePicture(plot, svg));
    write(`Decision boundary written to ${plot}`);
  }
  if (log) {
    log.writer.scalar('accuracy/train', accuracy, config.passes);
    logBoundary(svg, config.passes);
    closeRunLog(log, 'success');
    write(`Summaries written to ${log.path}`);
  }
}

/**
 * The hyperparameters a toy run reports (named as its options): the hidden widths as one
 * number when all layers share it, else `8x6x4` (as a sweep's grid writes a width list).
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
  };
}
