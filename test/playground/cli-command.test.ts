import { describe, expect, it } from 'vitest';
import { pointsDataset } from '../../src/data/toy-csv.js';
import { equivalentCommand } from '../../src/playground/cli-command.js';
import { defaultConfig, type PlaygroundConfig } from '../../src/playground/config.js';
import { PlaygroundSession } from '../../src/playground/session.js';
import { nnlab } from '../helpers/cli.js';

const CASES: Array<Partial<PlaygroundConfig>> = [
  { testRatio: 0, lossEvery: 100 },
  {
    dataset: 'xor',
    noise: 0.2,
    samples: 120,
    testRatio: 0.25,
    dataSeed: 5,
    features: ['x1', 'x2', 'x1x2'],
    hidden: [4, 2],
    activation: 'elu',
    penalty: 'l1',
    reg: 0.001,
    epsilon: 0.02,
    batch: 10,
    batchSeed: 7,
    seed: 3,
    lossEvery: 40,
  },
];

describe("the page's equivalent command", () => {
  for (const patch of CASES) {
    const config = { ...defaultConfig(), ...patch };
    const command = equivalentCommand(config, 400) as string;
    it(`prints the page's loss lines: ${command}`, () => {
      const session = new PlaygroundSession(config);
      session.advance(400);
      const [npx, bin, ...args] = command.split(' ');
      expect([npx, bin]).toEqual(['npx', 'nnlab']);
      const run = nnlab(args);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n').filter((l) => /^(Test )?[Ll]oss after/.test(l));
      expect(lines).toEqual(session.lines);
      expect(lines.length).toBeGreaterThanOrEqual(4);
    });
  }

  it('names classic for one hidden layer, deep for more, and only options off their defaults', () => {
    expect(equivalentCommand(defaultConfig(), 0)).toBe(
      'npx nnlab classic --dataset moons --test-ratio 0.2 --activation tanh --hidden 3 --passes 1',
    );
    expect(
      equivalentCommand({ ...defaultConfig(), hidden: [8, 6, 4], dataset: 'circles', noise: 0.07, samples: 100 }, 50),
    ).toBe('npx nnlab deep --dataset circles --test-ratio 0.2 --activation tanh --hidden 8,6,4 --passes 50');
  });

  it('has none for own points (no command generates them)', () => {
    const points = {
      train: pointsDataset([
        [0, 0, 0],
        [1, 1, 1],
      ]),
      test: pointsDataset([]),
    };
    expect(equivalentCommand({ ...defaultConfig(), dataset: 'custom', points }, 10)).toBeUndefined();
  });
});
