import { describe, expect, it } from 'vitest';
import { classicWasmModule } from '../../src/classic/wasm/node/loader.js';
import { defaultConfig, type PlaygroundConfig } from '../../src/playground/config.js';
import { PlaygroundSession } from '../../src/playground/session.js';
import { runToy } from '../../src/train/toy-run.js';

/** The loss lines `nnlab classic`/`deep` print for a configuration (the library path the CLI runs). */
function cliLines(config: PlaygroundConfig, passes: number): string[] {
  const lines: string[] = [];
  runToy(
    {
      kind: config.hidden.length > 1 ? 'deep' : 'classic',
      dataset: config.dataset as Exclude<PlaygroundConfig['dataset'], 'custom'>,
      samples: config.samples,
      noise: config.noise,
      dataSeed: config.dataSeed,
      testRatio: config.testRatio,
      features: config.features,
      activation: config.activation,
      hidden: config.hidden,
      penalty: config.penalty,
      reg: config.reg,
      epsilon: config.epsilon,
      batch: config.batch,
      batchSeed: config.batchSeed,
      passes,
      seed: config.seed,
      lossEvery: config.lossEvery,
    },
    { line: (l) => lines.push(l) },
  );
  return lines.filter((l) => /^(Test )?[Ll]oss after/.test(l));
}

const CASES: Array<[string, Partial<PlaygroundConfig>]> = [
  ['the course: moons, tanh, 3, full batch', { lossEvery: 100, testRatio: 0 }],
  ['with a test set', { lossEvery: 100 }],
  [
    'circles, relu 5-4, L1, mini-batches of 16, x1x2 and sin inputs',
    {
      dataset: 'circles',
      samples: 100,
      noise: 0.07,
      activation: 'relu',
      hidden: [5, 4],
      penalty: 'l1',
      batch: 16,
      batchSeed: 3,
      features: ['x1', 'x2', 'x1x2', 'sin-x1'],
      lossEvery: 50,
    },
  ],
  [
    'spirals, sigmoid 6, seed 4',
    { dataset: 'spirals', activation: 'sigmoid', hidden: [6], seed: 4, dataSeed: 2, lossEvery: 100 },
  ],
];

describe('a playground session', () => {
  for (const [name, patch] of CASES) {
    it(`prints the CLI's loss lines, byte for byte: ${name}`, () => {
      const config = { ...defaultConfig(), ...patch, passes: 600 };
      const session = new PlaygroundSession(config);
      // The page trains a few passes per frame: uneven chunks must not matter.
      for (const chunk of [1, 7, 150, 1000]) session.advance(chunk);
      expect(session.passes).toBe(600);
      expect(session.finished).toBe(true);
      expect(session.lines).toEqual(cliLines(config, 600));
      expect(session.lines.length).toBeGreaterThan(5);
    });
  }

  it('gives the same bits on the WebAssembly kernels as in TypeScript', () => {
    const wasm = classicWasmModule();
    if (!wasm) return expect.fail('this Node has WebAssembly SIMD: the module should load');
    const config = { ...defaultConfig(), hidden: [4, 3], lossEvery: 50, passes: 300 };
    const a = new PlaygroundSession(config);
    const b = new PlaygroundSession(config, wasm);
    a.advance(300);
    b.advance(300);
    expect(b.lines).toEqual(a.lines);
    expect(Array.from(b.net.layers[0]?.W.data ?? [])).toEqual(Array.from(a.net.layers[0]?.W.data ?? []));
  });

  it('counts single steps into passes and records the pass a step completes', () => {
    const session = new PlaygroundSession({ ...defaultConfig(), batch: 64, lossEvery: 1 });
    expect(session.trainer.stepsPerPass).toBe(4); // 200 points in batches of 64
    for (let i = 0; i < 3; i++) session.step();
    expect(session.passes).toBe(0);
    expect(session.lines).toEqual([]);
    session.step();
    expect(session.passes).toBe(1);
    expect(session.lines[0]).toMatch(/^Loss after iteration 0: /);
    expect(session.curve.map((p) => p.iteration)).toEqual([0]);
  });

  it('keeps its loss curve bounded, thinning it evenly as the run grows', () => {
    const session = new PlaygroundSession({ ...defaultConfig(), samples: 20, testRatio: 0.5 });
    session.advance(4500);
    expect(session.curve.length).toBeLessThan(2000);
    expect(session.curve.length).toBeGreaterThan(1000);
    const gaps = new Set(session.curve.slice(1).map((p, i) => p.iteration - (session.curve[i]?.iteration ?? 0)));
    expect(gaps).toEqual(new Set([4]));
    expect(session.curve.every((p) => p.testDataLoss !== undefined && p.testDataLoss > 0)).toBe(true);
  });

  it("trains the user's own points, test points apart", () => {
    const train = { x: Float64Array.of(0, 0, 1, 1, 0, 1), y: Int32Array.of(0, 1, 0), n: 3, features: 2, classes: 2 };
    const test = { x: Float64Array.of(1, 0), y: Int32Array.of(1), n: 1, features: 2, classes: 2 };
    const session = new PlaygroundSession({
      ...defaultConfig(),
      dataset: 'custom',
      points: { train, test },
      lossEvery: 10,
    });
    session.advance(20);
    expect(session.trainer.train.n).toBe(3);
    expect(session.trainer.test?.n).toBe(1);
    expect(new PlaygroundSession({ ...defaultConfig(), testRatio: 0 }).loss().test).toBeUndefined();
    expect(session.lines.filter((l) => l.startsWith('Test loss'))).toHaveLength(2);
  });
});
