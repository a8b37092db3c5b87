import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from '../../src/activations/activations.js';
import { FEATURE_NAMES } from '../../src/data/features.js';
import { pointsDataset } from '../../src/data/toy-csv.js';
import { TOY_DATASETS } from '../../src/data/toy-datasets.js';
import { defaultConfig, LIMITS, type PlaygroundConfig } from '../../src/playground/config.js';
import { configFromParams, configToParams, decodePoints, encodePoints } from '../../src/playground/url-state.js';

const roundTrip = (c: PlaygroundConfig) => configFromParams(new URLSearchParams(configToParams(c).toString()));

const configs = fc.record({
  dataset: fc.constantFrom(...TOY_DATASETS),
  samples: fc.integer({ min: 2, max: LIMITS.samples }),
  noise: fc.double({ min: 0, max: LIMITS.maxNoise, noNaN: true }),
  dataSeed: fc.integer({ min: 0, max: 0xffffffff }),
  testRatio: fc.double({ min: 0, max: LIMITS.maxTestRatio, noNaN: true }),
  features: fc.uniqueArray(fc.constantFrom(...FEATURE_NAMES), { minLength: 1 }),
  hidden: fc.array(fc.integer({ min: 1, max: LIMITS.width }), { minLength: 1, maxLength: LIMITS.layers }),
  activation: fc.constantFrom(...ACTIVATION_NAMES),
  penalty: fc.constantFrom('l2' as const, 'l1' as const),
  reg: fc.double({ min: 0, max: 100, noNaN: true }),
  epsilon: fc.double({ min: 1e-9, max: 10, noNaN: true }),
  batch: fc.integer({ min: 0, max: 500 }),
  batchSeed: fc.integer({ min: 0, max: 0xffffffff }),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  lossEvery: fc.integer({ min: 1, max: 100_000 }),
  passes: fc.integer({ min: 0, max: 1_000_000 }),
});

describe('the configuration in the URL', () => {
  it('round-trips every configuration exactly, numbers to the bit', () => {
    fc.assert(
      fc.property(configs, (config) => {
        const { config: back, problems } = roundTrip(config);
        expect(problems).toEqual([]);
        expect(back).toEqual(config);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips the user's points, test points included", () => {
    const train = pointsDataset([
      [0.1, -0.2, 0],
      [1 / 3, Math.PI, 1],
      [-0, 5e-324, 1],
    ]);
    const test = pointsDataset([[2, 2, 0]]);
    const config: PlaygroundConfig = { ...defaultConfig(), dataset: 'custom', points: { train, test } };
    const { config: back, problems } = roundTrip(config);
    expect(problems).toEqual([]);
    expect(Array.from(back.points?.train.x ?? [])).toEqual(Array.from(train.x));
    expect(Array.from(back.points?.train.y ?? [])).toEqual([0, 1, 1]);
    expect(Array.from(back.points?.test.x ?? [])).toEqual([2, 2]);
    expect(encodePoints({ train, test })).toBe('0.1,-0.2,0;0.3333333333333333,3.141592653589793,1;-0,5e-324,1;2,2,0,t');
  });

  it('keeps the default for a bad value and says which value it ignored', () => {
    const { config, problems } = configFromParams(
      new URLSearchParams('activation=softplus&hidden=3,0&noise=abc&seed=-1&dataset=moons&epsilon=0'),
    );
    const d = defaultConfig();
    expect([config.activation, config.hidden, config.noise, config.seed, config.epsilon]).toEqual([
      d.activation,
      d.hidden,
      d.noise,
      d.seed,
      d.epsilon,
    ]);
    expect(problems).toEqual([
      'noise=abc ignored: expected a number in 0..2',
      'hidden=3,0 ignored: expected 1 to 6 widths in 1..32, comma-separated',
      'activation=softplus ignored: expected an activation name',
      'epsilon=0 ignored: expected a number in (0, 10]',
      'seed=-1 ignored: expected an integer in 0..2^32−1',
    ]);
  });

  it('falls back to moons for own data without readable points', () => {
    expect(configFromParams(new URLSearchParams('dataset=custom')).problems).toEqual([
      'dataset=custom without points: using moons',
    ]);
    const bad = configFromParams(new URLSearchParams('dataset=custom&points=1,2,3'));
    expect(bad.config.dataset).toBe('moons');
    expect(bad.problems).toEqual(['points ignored: not a list of x1,x2,label']);
    for (const raw of ['', '1,2', '1,,0', 'a,2,0', '1,2,0,x', '1,2,1,t']) expect(decodePoints(raw)).toBeUndefined();
  });
});
