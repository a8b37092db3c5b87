import type { ActivationName } from '../../activations/activations.js';
import type { InitKind } from '../../init/initializers.js';
import type { OptimizerKind } from '../../optim/optimizers.js';
import { MNIST_RUN_DEFAULTS } from '../../train/mnist-run.js';

/** A training run of the MNIST tab: `nnlab mnist`'s options (what decides its numbers). */
export interface MnistPageConfig {
  steps: number;
  batch: number;
  lr: number;
  optimizer: OptimizerKind;
  activation: ActivationName;
  init: InitKind;
  /** Dropout keep probability (`--keep-prob`). */
  keepProb: number;
  seed: number;
  evalEvery: number;
  printEvery: number;
  /** Validation and test images evaluated (`--eval-limit`); 0 = all. */
  evalLimit: number;
  /** Loss and layer statistics every this many steps (`--summary-every`). */
  summaryEvery: number;
}

/** `nnlab mnist`'s defaults (the course's run), which the equivalent command leaves out. */
export const MNIST_CLI_DEFAULTS: MnistPageConfig = { ...MNIST_RUN_DEFAULTS, evalLimit: 0 };

/** The tab's opening run: the course's network and optimizer, shorter — 1 000 steps, evaluated on 1 000 images every 500. */
export function defaultMnistConfig(): MnistPageConfig {
  return { ...MNIST_CLI_DEFAULTS, steps: 1000, evalEvery: 500, evalLimit: 1000, summaryEvery: 50 };
}

const FLAGS: Record<keyof MnistPageConfig, string> = {
  steps: 'steps',
  batch: 'batch',
  lr: 'lr',
  optimizer: 'optimizer',
  activation: 'activation',
  init: 'init',
  keepProb: 'keep-prob',
  seed: 'seed',
  evalEvery: 'eval-every',
  printEvery: 'print-every',
  evalLimit: 'eval-limit',
  summaryEvery: 'summary-every',
};

/**
 * The `nnlab mnist` command that prints the tab's step lines: every option that differs
 * from the command's default (`--summary-every` only matters with `--logdir`, so it is
 * left out; the thread count changes no number).
 */
export function mnistCommand(config: MnistPageConfig): string {
  const args = ['npx', 'nnlab', 'mnist'];
  for (const key of Object.keys(FLAGS) as (keyof MnistPageConfig)[]) {
    if (key === 'summaryEvery' || config[key] === MNIST_CLI_DEFAULTS[key]) continue;
    args.push(`--${FLAGS[key]}`, String(config[key]));
  }
  return args.join(' ');
}
