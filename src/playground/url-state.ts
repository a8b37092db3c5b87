import { isActivationName } from '../activations/activations.js';
import type { Penalty } from '../classic/deep-neural-network.js';
import type { Dataset } from '../data/dataset.js';
import { FEATURE_NAMES, type FeatureName } from '../data/features.js';
import { numberText, pointsDataset } from '../data/toy-csv.js';
import {
  type CustomPoints,
  defaultConfig,
  LIMITS,
  PLAYGROUND_DATASETS,
  PLAYGROUND_PENALTIES,
  type PlaygroundConfig,
  type PlaygroundDataSource,
} from './config.js';

/**
 * A configuration as URL parameters (the page keeps them in its `#hash`), named as
 * `nnlab classic`'s options: `dataset=moons&samples=200&…&hidden=8,6&…`. Every field is
 * written, defaults too, so a link replays the same numbers even if a later version
 * changes a default. Own points travel as `points=x1,x2,label[,t];…` (t: a test point),
 * numbers in their shortest exact form.
 */
export function configToParams(config: PlaygroundConfig): URLSearchParams {
  const p = new URLSearchParams();
  p.set('dataset', config.dataset);
  if (config.dataset !== 'custom') {
    p.set('samples', String(config.samples));
    p.set('noise', String(config.noise));
    p.set('data-seed', String(config.dataSeed));
    p.set('test-ratio', String(config.testRatio));
  }
  p.set('features', config.features.join(','));
  p.set('hidden', config.hidden.join(','));
  p.set('activation', config.activation);
  p.set('penalty', config.penalty);
  p.set('reg', String(config.reg));
  p.set('epsilon', String(config.epsilon));
  p.set('batch', String(config.batch));
  p.set('batch-seed', String(config.batchSeed));
  p.set('seed', String(config.seed));
  p.set('loss-every', String(config.lossEvery));
  p.set('passes', String(config.passes));
  if (config.dataset === 'custom' && config.points) p.set('points', encodePoints(config.points));
  return p;
}

/** What {@link configFromParams} read: the configuration, and one line per value it had to ignore. */
export interface DecodedConfig {
  config: PlaygroundConfig;
  problems: string[];
}

/**
 * Reads a configuration from URL parameters. Missing parameters take the defaults;
 * a bad value is ignored (its default kept) and reported, so a mangled link still
 * opens a working page that says what it could not use.
 */
export function configFromParams(params: URLSearchParams): DecodedConfig {
  const config = defaultConfig();
  const problems: string[] = [];
  const read = <T>(name: string, parse: (raw: string) => T | undefined, set: (value: T) => void, rule: string) => {
    const raw = params.get(name);
    if (raw === null) return;
    const value = parse(raw);
    if (value === undefined) problems.push(`${name}=${raw} ignored: ${rule}`);
    else set(value);
  };
  read(
    'dataset',
    (r) => (PLAYGROUND_DATASETS.includes(r as PlaygroundDataSource) ? (r as PlaygroundDataSource) : undefined),
    (v) => {
      config.dataset = v;
    },
    `expected one of ${PLAYGROUND_DATASETS.join(', ')}`,
  );
  read(
    'samples',
    integer(2, LIMITS.samples),
    (v) => (config.samples = v),
    `expected an integer in 2..${LIMITS.samples}`,
  );
  read('noise', number(0, LIMITS.maxNoise), (v) => (config.noise = v), `expected a number in 0..${LIMITS.maxNoise}`);
  read('data-seed', integer(0, 0xffffffff), (v) => (config.dataSeed = v), 'expected an integer in 0..2^32−1');
  read(
    'test-ratio',
    number(0, LIMITS.maxTestRatio),
    (v) => (config.testRatio = v),
    `expected a number in 0..${LIMITS.maxTestRatio}`,
  );
  read('features', featureList, (v) => (config.features = v), `expected distinct names of ${FEATURE_NAMES.join(', ')}`);
  read(
    'hidden',
    widthList,
    (v) => (config.hidden = v),
    `expected 1 to ${LIMITS.layers} widths in 1..${LIMITS.width}, comma-separated`,
  );
  read(
    'activation',
    (r) => (isActivationName(r) ? r : undefined),
    (v) => (config.activation = v),
    'expected an activation name',
  );
  read(
    'penalty',
    (r) => (PLAYGROUND_PENALTIES.includes(r as Penalty) ? (r as Penalty) : undefined),
    (v) => (config.penalty = v),
    'expected l2 or l1',
  );
  read('reg', number(0, 100), (v) => (config.reg = v), 'expected a number in 0..100');
  read('epsilon', positive(10), (v) => (config.epsilon = v), 'expected a number in (0, 10]');
  read('batch', integer(0, LIMITS.maxPoints), (v) => (config.batch = v), 'expected an integer ≥ 0 (0: full batch)');
  read('batch-seed', integer(0, 0xffffffff), (v) => (config.batchSeed = v), 'expected an integer in 0..2^32−1');
  read('seed', integer(0, 0xffffffff), (v) => (config.seed = v), 'expected an integer in 0..2^32−1');
  read('loss-every', integer(1, 1_000_000), (v) => (config.lossEvery = v), 'expected an integer ≥ 1');
  read('passes', integer(0, 10_000_000), (v) => (config.passes = v), 'expected an integer ≥ 0 (0: until paused)');
  if (config.dataset === 'custom') {
    const raw = params.get('points');
    const points = raw === null ? undefined : decodePoints(raw);
    if (points) config.points = points;
    else {
      problems.push(
        raw === null ? 'dataset=custom without points: using moons' : 'points ignored: not a list of x1,x2,label',
      );
      config.dataset = 'moons';
    }
  }
  return { config, problems };
}

function integer(min: number, max: number): (raw: string) => number | undefined {
  return (raw) => {
    const n = Number(raw);
    return /^\d+$/.test(raw) && n >= min && n <= max ? n : undefined;
  };
}

function number(min: number, max: number): (raw: string) => number | undefined {
  return (raw) => {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? n : undefined;
  };
}

function positive(max: number): (raw: string) => number | undefined {
  const parse = number(0, max);
  return (raw) => {
    const n = parse(raw);
    return n !== undefined && n > 0 ? n : undefined;
  };
}

function featureList(raw: string): FeatureName[] | undefined {
  const names = raw.split(',');
  const known = names.every((n) => (FEATURE_NAMES as readonly string[]).includes(n));
  return known && names.length > 0 && new Set(names).size === names.length ? (names as FeatureName[]) : undefined;
}

function widthList(raw: string): number[] | undefined {
  const parse = integer(1, LIMITS.width);
  const widths = raw.split(',').map(parse);
  if (widths.length < 1 || widths.length > LIMITS.layers || widths.some((w) => w === undefined)) return undefined;
  return widths as number[];
}

/** `x1,x2,label[,t];…`: training rows, then test rows marked `t`. */
export function encodePoints(points: CustomPoints): string {
  const rows: string[] = [];
  const add = (d: Dataset, mark: string) => {
    for (let i = 0; i < d.n; i++)
      rows.push(`${numberText(d.x[2 * i] as number)},${numberText(d.x[2 * i + 1] as number)},${d.y[i]}${mark}`);
  };
  add(points.train, '');
  add(points.test, ',t');
  return rows.join(';');
}

/** The inverse of {@link encodePoints}; undefined for anything malformed or without a training point. */
export function decodePoints(raw: string): CustomPoints | undefined {
  const train: number[][] = [];
  const test: number[][] = [];
  const rows = raw === '' ? [] : raw.split(';');
  if (rows.length > LIMITS.maxPoints) return undefined;
  for (const row of rows) {
    const fields = row.split(',');
    if (fields.length !== 3 && !(fields.length === 4 && fields[3] === 't')) return undefined;
    const [x1, x2] = [Number(fields[0]), Number(fields[1])];
    if (fields[0] === '' || fields[1] === '' || !Number.isFinite(x1) || !Number.isFinite(x2)) return undefined;
    if (fields[2] !== '0' && fields[2] !== '1') return undefined;
    (fields.length === 4 ? test : train).push([x1, x2, Number(fields[2])]);
  }
  if (train.length === 0) return undefined;
  return { train: pointsDataset(train), test: pointsDataset(test) };
}
