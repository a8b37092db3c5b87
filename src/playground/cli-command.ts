import { DEFAULT_FEATURES } from '../data/features.js';
import { TOY_DEFAULTS } from '../data/toy-datasets.js';
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
  add('data-seed', config.dataSeed, 0);
  add('test-ratio', config.testRatio, 0);
  add('features', config.features.join(','), DEFAULT_FEATURES.join(','));
  args.push('--activation', config.activation, '--hidden', config.hidden.join(','));
  add('penalty', config.penalty, 'l2');
  add('reg', config.reg, 0.01);
  add('epsilon', config.epsilon, 0.01);
  add('batch', config.batch, 0);
  if (config.batch > 0) add('batch-seed', config.batchSeed, 0);
  add('seed', config.seed, 0);
  add('loss-every', config.lossEvery, 1000);
  args.push('--passes', String(Math.max(1, passes)));
  return args.join(' ');
}
