import { describe, expect, it } from 'vitest';
import { DeepNeuralNetwork, fromData, type Loss } from '../../src/classic/index.js';
import { classicWasmModule } from '../../src/classic/wasm/node/loader.js';
import type { Dataset } from '../../src/data/dataset.js';
import { makeToySplit } from '../../src/data/toy-datasets.js';
import { RandomState } from '../../src/random/random-state.js';
import { runToy, type ToyRunConfig, toyTestSamples } from '../../src/train/toy-run.js';
import { type ToyLossReport, ToyTrainer } from '../../src/train/toy-trainer.js';
import { fixtureJson } from '../helpers/fixtures.js';

const moons = makeToySplit('moons', 200, 0.2, 0, 50);
const circles = makeToySplit('circles', 100, 0.07, 0, 0).train;

type NetConfig = Pick<ConstructorParameters<typeof DeepNeuralNetwork>[0], 'hidden' | 'activation'>;
const makeNet = (data: Dataset, c: NetConfig, wasm?: WebAssembly.Module) =>
  new DeepNeuralNetwork({ inputs: data.features, outputs: data.classes, ...c, ...(wasm ? { wasm } : {}) });

/** Every weight and bias of the net, in order (to compare two nets bit for bit). */
const params = (net: DeepNeuralNetwork) => net.layers.flatMap((l) => [...l.W.data, ...l.b]);

/** The reports of `passes` passes, one `runPass` each (passes that report nothing left out). */
function reports(trainer: ToyTrainer, passes: number): ToyLossReport[] {
  const out: ToyLossReport[] = [];
  for (let p = 0; p < passes; p++) {
    const report = trainer.runPass();
    if (report) out.push(report);
  }
  return out;
}

describe('ToyTrainer, full batch', () => {
  const cases: Array<[string, Dataset, NetConfig]> = [
    ['moons, tanh 3', moons.train, { hidden: [3], activation: 'tanh' }],
    ['circles, relu 5-5', circles, { hidden: [5, 5], activation: 'relu' }],
  ];
  for (const [name, data, config] of cases) {
    it(`reports fitModel's onLoss values bit for bit (${name})`, () => {
      const expected: Array<[number, Loss]> = [];
      const reference = makeNet(data, config);
      reference.fitModel(data.x, data.y, {
        epsilon: 0.01,
        numPasses: 2500,
        lossEvery: 250,
        onLoss: (i, loss) => expected.push([i, loss]),
      });
      const net = makeNet(data, config);
      const trainer = new ToyTrainer(net, data, { epsilon: 0.01, lossEvery: 250 });
      const got = reports(trainer, 2500);
      expect(got.map((r) => [r.iteration, r.loss])).toEqual(expected);
      expect(got.every((r) => r.test === undefined)).toBe(true);
      expect(params(net)).toEqual(params(reference));
      expect(trainer.passes).toBe(2500);
    });
  }

  it('batch ≥ n is the full batch, and a test set is evaluated without touching training', () => {
    const config: NetConfig = { hidden: [4], activation: 'gelu' };
    const full = new ToyTrainer(makeNet(moons.train, config), moons.train, { epsilon: 0.01, lossEvery: 100 });
    const same = new ToyTrainer(
      makeNet(moons.train, config),
      moons.train,
      { epsilon: 0.01, lossEvery: 100, batch: 200, batchSeed: 5 },
      moons.test,
    );
    const larger = new ToyTrainer(makeNet(moons.train, config), moons.train, {
      epsilon: 0.01,
      lossEvery: 100,
      batch: 1000,
    });
    expect(same.stepsPerPass).toBe(1);
    // 501 passes: the last one (iteration 500) is reported.
    const a = reports(full, 501);
    const b = reports(same, 501);
    expect(b.map((r) => r.loss)).toEqual(a.map((r) => r.loss));
    expect(reports(larger, 501).map((r) => r.loss)).toEqual(a.map((r) => r.loss));
    expect(params(same.net)).toEqual(params(full.net));
    // The test loss is calculateLoss on the test set after the pass's update: recompute it for the last one.
    expect(b.at(-1)?.test).toEqual(same.net.calculateLoss(moons.test.x, moons.test.y));
    expect(b[0]?.test?.dataLoss).not.toBe(b[0]?.loss.dataLoss);
    expect(Array.from(same.nextBatch())).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });
});

describe('ToyTrainer, mini-batches', () => {
  const config: NetConfig = { hidden: [5], activation: 'tanh' };

  it('a pass equals net.step on consecutive slices of RandomState(seed).permutation(n), pass after pass', () => {
    const data = moons.train;
    const net = makeNet(data, config);
    const trainer = new ToyTrainer(net, data, { epsilon: 0.03, lossEvery: 1, batch: 32, batchSeed: 9 });
    const reference = makeNet(data, config);
    const random = new RandomState(9);
    for (let pass = 0; pass < 3; pass++) {
      const order = random.permutation(200);
      for (let start = 0; start < 200; start += 32) {
        const rows = Array.from(order.subarray(start, Math.min(200, start + 32)));
        const x = new Float64Array(rows.length * 2);
        for (const [r, i] of rows.entries()) x.set(data.x.subarray(2 * i, 2 * i + 2), 2 * r);
        reference.step(
          fromData(rows.length, 2, x),
          Int32Array.from(rows, (i) => data.y[i] as number),
          0.03,
        );
      }
      const report = trainer.runPass();
      expect(params(net), `pass ${pass}`).toEqual(params(reference));
      expect(report).toEqual({ iteration: pass, loss: reference.calculateLoss(data.x, data.y) });
    }
  });

  it("draws numpy's order: 7 rows in batches of 3, seed 0 (the TensorFlow fixture's permutations)", () => {
    // batch_order_n7_b3_seed0.json is TensorFlow's next_batch, which carries an epoch's
    // rest into the next batch: its first 7 indices are numpy's first permutation(7), the
    // 7 after them (its third batch is the rest [4], then 2 and 6) follow from the second.
    const order = fixtureJson<number[][]>('batch_order_n7_b3_seed0.json').flat();
    const first = order.slice(0, 7);
    // TensorFlow applies each new permutation to the order it already has: order₂ = order₁[perm₂].
    const second = order.slice(7, 14).map((row) => first.indexOf(row));
    const x = new Float64Array(14).map((_, i) => i / 7);
    const data: Dataset = { x, y: Int32Array.of(0, 1, 0, 1, 0, 1, 0), n: 7, features: 2, classes: 2 };
    const trainer = new ToyTrainer(makeNet(data, config), data, { epsilon: 0.01, lossEvery: 1, batch: 3 });
    const drawn: number[][] = [];
    for (let s = 0; s < 6; s++) {
      drawn.push(Array.from(trainer.nextBatch()));
      trainer.step();
    }
    const slices = (perm: number[]) => [perm.slice(0, 3), perm.slice(3, 6), perm.slice(6)];
    expect(drawn).toEqual([...slices(first), ...slices(second)]);
    expect(first).toEqual([6, 2, 1, 3, 0, 5, 4]);
  });

  it("nextBatchData is the next step's rows, and the step trains on exactly them", () => {
    const data = moons.train;
    const trainer = new ToyTrainer(makeNet(data, { hidden: [3], activation: 'tanh' }), data, {
      epsilon: 0.01,
      batch: 30,
      lossEvery: 1,
    });
    trainer.step();
    const rows = trainer.nextBatch();
    const { x, y } = trainer.nextBatchData();
    expect(Array.from(y)).toEqual(Array.from(rows, (r) => data.y[r]));
    expect(Array.from(x)).toEqual(Array.from(rows).flatMap((r) => [data.x[2 * r], data.x[2 * r + 1]]));
    const twin = makeNet(data, { hidden: [3], activation: 'tanh' });
    twin.layers.forEach((l, i) => {
      l.W.data.set(trainer.net.layers[i]?.W.data ?? []);
      l.b.set(trainer.net.layers[i]?.b ?? []);
    });
    twin.step(x, y, 0.01);
    trainer.step();
    expect(params(trainer.net)).toEqual(params(twin));
    const full = new ToyTrainer(makeNet(data, { hidden: [3], activation: 'tanh' }), data, {
      epsilon: 0.01,
      lossEvery: 1,
    });
    expect(Array.from(full.nextBatchData().x)).toEqual(Array.from(data.x));
  });

  it('nextBatch does not consume; passes, stepInPass and reports count as documented', () => {
    const data = circles;
    const trainer = new ToyTrainer(makeNet(data, config), data, {
      epsilon: 0.01,
      lossEvery: 2,
      batch: 30,
      batchSeed: 1,
    });
    expect(trainer.stepsPerPass).toBe(4); // 30, 30, 30, 10
    const sizes: number[] = [];
    const seen = new Set<number>();
    const outcomes: Array<ToyLossReport | undefined> = [];
    for (let s = 0; s < 4; s++) {
      expect(trainer.stepInPass).toBe(s);
      const batch = trainer.nextBatch();
      expect(Array.from(trainer.nextBatch())).toEqual(Array.from(batch));
      sizes.push(batch.length);
      for (const i of batch) seen.add(i);
      outcomes.push(trainer.step());
      expect(trainer.passes).toBe(s < 3 ? 0 : 1);
    }
    expect(sizes).toEqual([30, 30, 30, 10]);
    expect(seen.size).toBe(100); // each row once per pass
    expect(outcomes.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(outcomes[3]?.iteration).toBe(0);
    expect(trainer.stepInPass).toBe(0);
    // Pass 1 is not reported (1 % 2 ≠ 0); runPass from the middle of pass 2 ends it and reports it.
    expect(trainer.runPass()).toBeUndefined();
    trainer.step();
    expect(trainer.stepInPass).toBe(1);
    expect(trainer.runPass()?.iteration).toBe(2);
    expect([trainer.passes, trainer.stepInPass]).toEqual([3, 0]);
  });

  it('differs from the full batch, is deterministic, and the WebAssembly kernels give the same bits', () => {
    const data = moons.train;
    const options = { epsilon: 0.01, lossEvery: 50, batch: 48, batchSeed: 3 };
    const run = (wasm?: WebAssembly.Module) =>
      reports(new ToyTrainer(makeNet(data, config, wasm), data, options, moons.test), 200);
    const a = run();
    expect(run()).toEqual(a);
    const module = classicWasmModule();
    expect(module).toBeDefined();
    expect(run(module)).toEqual(a);
    const full = reports(new ToyTrainer(makeNet(data, config), data, { epsilon: 0.01, lossEvery: 50 }), 200);
    expect(a.map((r) => r.loss.dataLoss)).not.toEqual(full.map((r) => r.loss.dataLoss));
    expect(a).toHaveLength(4);
  });

  it('rejects bad options and data that does not fit the net', () => {
    const data = circles;
    const net = makeNet(data, config);
    expect(() => new ToyTrainer(net, data, { epsilon: 0.01, lossEvery: 0 })).toThrow(/lossEvery/);
    expect(() => new ToyTrainer(net, data, { epsilon: 0.01, lossEvery: 1, batch: -1 })).toThrow(/batch/);
    expect(() => new ToyTrainer(net, data, { epsilon: 0.01, lossEvery: 1, batch: 2.5 })).toThrow(/batch/);
    const wide = { ...data, x: new Float64Array(300), features: 3 };
    expect(() => new ToyTrainer(net, wide, { epsilon: 0.01, lossEvery: 1 })).toThrow(/3 features/);
  });
});

describe('runToy over the ToyTrainer', () => {
  const config: ToyRunConfig = {
    kind: 'deep',
    dataset: 'moons',
    samples: 200,
    noise: 0.2,
    dataSeed: 0,
    activation: 'tanh',
    hidden: [4],
    reg: 0.01,
    epsilon: 0.01,
    passes: 300,
    seed: 0,
    lossEvery: 100,
  };

  it('the test set is the split after the training points; the loss event carries its loss', () => {
    expect(toyTestSamples(200, 0.2)).toBe(50);
    expect(toyTestSamples(100, 0.9)).toBe(900);
    expect(() => toyTestSamples(100, 1)).toThrow(RangeError);
    const events: Array<[number, number | undefined]> = [];
    const lines: string[] = [];
    const result = runToy(
      { ...config, testRatio: 0.2, features: ['x1', 'x2', 'x1x2'] },
      {
        line: (l) => lines.push(l),
        loss: (pass, _loss, run) => events.push([pass, run.testLoss?.dataLoss]),
      },
    );
    expect(result.test.n).toBe(50);
    expect(result.data.features).toBe(3);
    // The training points are makeToySplit's (= makeToyDataset's), the test points the 50 after them.
    expect(Array.from(result.points.x)).toEqual(Array.from(moons.train.x));
    expect(Array.from(result.test.x.filter((_, i) => i % 3 === 2))).toEqual(
      Array.from({ length: 50 }, (_, i) => (moons.test.x[2 * i] as number) * (moons.test.x[2 * i + 1] as number)),
    );
    expect(events.map(([pass]) => pass)).toEqual([0, 100, 200]);
    const testLines = lines.filter((l) => l.startsWith('Test loss'));
    expect(testLines.map((l) => Number(l.split('data_loss:')[1]))).toEqual(
      events.map(([, loss]) => Number(loss?.toFixed(6))),
    );
    expect(lines.at(-1)).toBe(`Test accuracy: ${result.testAccuracy?.toFixed(4)}`);
    expect(result.testAccuracy).toBe(result.net.accuracy(result.test.x, result.test.y));
  });

  it('without a test ratio nothing changes: no test lines, no test loss, the trainer is fitModel', () => {
    const lines: string[] = [];
    const result = runToy(config, {
      line: (l) => lines.push(l),
      loss: (_p, _l, run) => expect(run.testLoss).toBe(undefined),
    });
    expect(lines.some((l) => l.startsWith('Test'))).toBe(false);
    expect(result.testAccuracy).toBeUndefined();
    const net = makeNet(moons.train, { hidden: [4], activation: 'tanh' });
    net.fitModel(moons.train.x, moons.train.y, { numPasses: 300 });
    expect(params(result.net)).toEqual(params(net));
  });
});
