import { DEFAULT_FEATURES } from '../data/features.js';
import { TOY_DEFAULTS } from '../data/toy-datasets.js';
import { TOY_RUN_DEFAULTS } from '../train/toy-run.js';
import type { PlaygroundConfig } from './config.js';

/**
 * The `nnlab` command that trains what the page trains and prints the same loss lines:
 * `nnlab classic` for one hidden layer, `nnlab deep` for more, every setting that
 * differs from the command's default spelled out, and `--passes` the passes done (at
 * least 1). Undefined for the user's own points, which no command can generate (the
 * page offers them as CSV instead).
 */
export function equivalentCommand(config: PlaygroundConfig, passes: number): string | undefined {
  if (config.dataset === 'custom') return undefined;
  const deep = config.hidden.length > 1;
  const args: string[] = ['npx', 'nnlab', deep ? 'deep' : 'classic', '--dataset', config.dataset];
  const add = (name: string, value: string | number, fallback: string | number) => {
    if (String(value) !== String(fallback)) args.push(`--${name}`, String(value));
  };
  const defaults = TOY_DEFAULTS[config.dataset];
  add('samples', config.samples, defaults.samples);
  add('noise', config.noise, defaults.noise);
  const d = TOY_RUN_DEFAULTS;
  add('data-seed', config.dataSeed, d.dataSeed);
  add('test-ratio', config.testRatio, d.testRatio);
  add('features', config.features.join(','), DEFAULT_FEATURES.join(','));
  args.push('--activation', config.activation, '--hidden', config.hidden.join(','));
  add('penalty', config.penalty, d.penalty);
  add('reg', config.reg, d.reg);
  add('epsilon', config.epsilon, d.epsilon);
  add('batch', config.batch, d.batch);
  if (config.batch > 0) add('batch-seed', config.batchSeed, d.batchSeed);
  add('seed', config.seed, d.seed);
  add('loss-every', config.lossEvery, d.lossEvery);
  args.push('--passes', String(Math.max(1, passes)));
  return args.join(' ');
}
