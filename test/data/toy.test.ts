import { describe, expect, it } from 'vitest';
import {
  type Dataset,
  linspace,
  makeBlobs,
  makeCircles,
  makeMoons,
  makeSpirals,
  makeToyDataset,
  makeToySplit,
  makeXor,
  RandomState,
  TOY_DATASETS,
  TOY_DEFAULTS,
  type ToyDatasetName,
  type ToyOptions,
} from '../../src/index.js';
import { fixtureJson } from '../helpers/fixtures.js';

interface Xy {
  X: number[][];
  y: number[];
}

function expectMatches(data: { x: Float64Array; y: Int32Array; n: number }, ref: Xy): void {
  expect(data.n).toBe(ref.y.length);
  expect(Array.from(data.y)).toEqual(ref.y);
  let worst = 0;
  ref.X.forEach(([a, b], i) => {
    worst = Math.max(
      worst,
      Math.abs((data.x[2 * i] as number) - (a as number)),
      Math.abs((data.x[2 * i + 1] as number) - (b as number)),
    );
  });
  expect(worst).toBeLessThanOrEqual(1e-12);
}

describe('toy data sets equal scikit-learn after np.random.seed(0)', () => {
  it('makeMoons(200, noise 0.2)', () => {
    expectMatches(
      makeMoons(200, { noise: 0.2, random: new RandomState(0) }),
      fixtureJson<Xy>('make_moons_200_noise0.2_seed0.json'),
    );
  });

  it('makeCircles(100, noise 0.07, factor 0.8)', () => {
    expectMatches(makeCircles(100, { noise: 0.07 }), fixtureJson<Xy>('make_circles_100_noise0.07_seed0.json'));
  });

  it('without noise, moons lie on their half circles and circles on radius 1 and factor', () => {
    const moons = makeMoons(51, { shuffle: false });
    for (let i = 0; i < moons.n; i++) {
      const x = moons.x[2 * i] as number;
      const y = moons.x[2 * i + 1] as number;
      const r = moons.y[i] === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      expect(r).toBeCloseTo(1, 12);
    }
    const circles = makeCircles(40, { factor: 0.3 });
    for (let i = 0; i < circles.n; i++) {
      const r = Math.hypot(circles.x[2 * i] as number, circles.x[2 * i + 1] as number);
      expect(r).toBeCloseTo(circles.y[i] === 0 ? 1 : 0.3, 12);
    }
  });

  it('rejects bad sizes, noise and factor', () => {
    expect(() => makeMoons(0)).toThrow(/samples/);
    expect(() => makeMoons(2.5)).toThrow(/samples/);
    expect(() => makeMoons(10, { noise: -1 })).toThrow(/noise/);
    expect(() => makeCircles(10, { factor: 1 })).toThrow(/factor/);
  });
});

describe('linspace', () => {
  it('follows numpy: endpoint included or not, last value exact', () => {
    expect(Array.from(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(linspace(0, 1, 4, false))).toEqual([0, 0.25, 0.5, 0.75]);
    expect(linspace(0, Math.PI, 100)[99]).toBe(Math.PI);
    expect(Array.from(linspace(2, 3, 1))).toEqual([2]);
  });
});

/** The raw bytes of a data set's points and labels: equal bits, not merely close values. */
function bits(data: Dataset): Uint8Array[] {
  return [new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength), new Uint8Array(data.y.buffer)];
}

function count(data: Dataset, label: number): number {
  return data.y.filter((v) => v === label).length;
}

const GENERATORS: Record<ToyDatasetName, (n: number, options: ToyOptions) => Dataset> = {
  moons: makeMoons,
  circles: (n, options) => makeCircles(n, { ...options, factor: 0.8 }),
  xor: makeXor,
  blobs: makeBlobs,
  spirals: makeSpirals,
};

describe('xor, blobs and spirals', () => {
  it('have 2n coordinates, labels 0 and 1, and ⌊n/2⌋ label-0 points for blobs and spirals', () => {
    for (const make of [makeXor, makeBlobs, makeSpirals]) {
      const data = make(201, { noise: 0.1, random: new RandomState(1) });
      expect([data.n, data.x.length, data.y.length, data.features, data.classes]).toEqual([201, 402, 201, 2, 2]);
      expect(count(data, 0) + count(data, 1)).toBe(201);
    }
    for (const make of [makeBlobs, makeSpirals]) expect(count(make(201, {}), 0)).toBe(100);
    // Quadrant labels of uniform points: P(label 1) = 1/2; 2000 draws have sd ≈ 22 counts.
    expect(Math.abs(count(makeXor(2000, {}), 1) - 1000)).toBeLessThan(100);
  });

  it('xor draws its points as 2u − 1 first, then shuffles, then adds noise, labelling by x1·x2 > 0', () => {
    const n = 57;
    const data = makeXor(n, { noise: 0.1, random: new RandomState(7) });
    // The same draws by hand: randomSample(2n), one shuffle of the rows, normal(0, noise, 2n).
    const random = new RandomState(7);
    const u = random.randomSample(2 * n);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    random.shuffle(order);
    const eps = random.normal(0, 0.1, 2 * n);
    const x = new Float64Array(2 * n);
    const y = new Int32Array(n);
    order.forEach((src, i) => {
      const a = 2 * (u[2 * src] as number) - 1;
      const b = 2 * (u[2 * src + 1] as number) - 1;
      x[2 * i] = a + (eps[2 * i] as number);
      x[2 * i + 1] = b + (eps[2 * i + 1] as number);
      y[i] = a * b > 0 ? 1 : 0;
    });
    expect(bits(data)).toEqual(bits({ x, y, n, features: 2, classes: 2 }));
  });

  it('xor maps u to 2u − 1 and labels points on an axis (x1·x2 = 0) 0', () => {
    // Chosen uniforms: u = 0.5 is the axis, which random draws hit with probability 2⁻⁵³.
    class Chosen extends RandomState {
      override randomSample(size: number): Float64Array {
        expect(size).toBe(10);
        return Float64Array.of(0.5, 0.9, 0.1, 0.5, 0.75, 0.75, 0.25, 0.25, 0.9, 0.1);
      }
    }
    const data = makeXor(5, { random: new Chosen(0), shuffle: false });
    expect(Array.from(data.x)).toEqual([0, 0.8, -0.8, 0, 0.5, 0.5, -0.5, -0.5, 0.8, -0.8]);
    expect(Array.from(data.y)).toEqual([0, 0, 1, 1, 0]);
  });

  it('without noise, xor points lie in [−1, 1)² with label x1·x2 > 0', () => {
    const data = makeXor(500, { random: new RandomState(3) });
    for (let i = 0; i < data.n; i++) {
      const a = data.x[2 * i] as number;
      const b = data.x[2 * i + 1] as number;
      expect(Math.max(Math.abs(a), Math.abs(b))).toBeLessThanOrEqual(1);
      expect(data.y[i]).toBe(a * b > 0 ? 1 : 0);
    }
    expect(count(data, 0)).toBeGreaterThan(0);
    expect(count(data, 1)).toBeGreaterThan(0);
  });

  it('without noise, every blob point is its centre: (−1, −1) for label 0, (1, 1) for label 1', () => {
    const data = makeBlobs(31, { random: new RandomState(2) });
    for (let i = 0; i < data.n; i++) {
      const centre = data.y[i] === 0 ? -1 : 1;
      expect([data.x[2 * i], data.x[2 * i + 1]]).toEqual([centre, centre]);
    }
    // Shuffled: the labels are not the unshuffled 0…0 1…1.
    expect(Array.from(data.y)).not.toEqual([...Array(15).fill(0), ...Array(16).fill(1)]);
  });

  it("noise is each blob's standard deviation: offsets from the centres have mean 0 and sd noise", () => {
    for (const noise of [0.3, 1.5]) {
      const data = makeBlobs(4000, { noise, random: new RandomState(11) });
      const offsets = Array.from(data.x, (v, j) => v - (data.y[j >> 1] === 0 ? -1 : 1));
      const mean = offsets.reduce((s, v) => s + v, 0) / offsets.length;
      const sd = Math.sqrt(offsets.reduce((s, v) => s + (v - mean) ** 2, 0) / (offsets.length - 1));
      // 8000 draws: the sample sd's relative error is ≈ 1/√(2·8000) ≈ 0.8 %, the mean's sd noise/√8000.
      expect(Math.abs(sd / noise - 1)).toBeLessThan(0.05);
      expect(Math.abs(mean)).toBeLessThan((4 * noise) / Math.sqrt(8000));
    }
  });

  it('without noise, spiral k has radii linspace(0, 1, m) and angle θ = 3.5π·r + kπ at (r·sin θ, r·cos θ)', () => {
    const n = 41;
    const data = makeSpirals(n, { random: new RandomState(5) });
    const radii: number[][] = [[], []];
    for (let i = 0; i < n; i++) {
      const k = data.y[i] as number;
      const a = data.x[2 * i] as number;
      const b = data.x[2 * i + 1] as number;
      const r = Math.hypot(a, b);
      const theta = 3.5 * Math.PI * r + k * Math.PI;
      expect(a).toBeCloseTo(r * Math.sin(theta), 12);
      expect(b).toBeCloseTo(r * Math.cos(theta), 12);
      radii[k]?.push(r);
    }
    for (const [k, m] of [
      [0, 20],
      [1, 21],
    ] as const) {
      const sorted = (radii[k] as number[]).sort((p, q) => p - q);
      const expected = Array.from(linspace(0, 1, m));
      expect(sorted.length).toBe(m);
      sorted.forEach((r, i) => {
        expect(r).toBeCloseTo(expected[i] as number, 12);
      });
    }
    // Unshuffled, the outer end of each arm is last: spiral 0 ends at angle 3.5π, i.e. (−1, 0).
    const ordered = makeSpirals(n, { shuffle: false });
    expect(ordered.x[2 * 19]).toBeCloseTo(-1, 12);
    expect(ordered.x[2 * 19 + 1]).toBeCloseTo(0, 12);
    expect(ordered.x[2 * 40]).toBeCloseTo(1, 12);
  });

  it('are deterministic: the same seed gives the same bits, another seed other points', () => {
    for (const make of [makeXor, makeBlobs, makeSpirals]) {
      const a = make(60, { noise: 0.2, random: new RandomState(4) });
      const b = make(60, { noise: 0.2, random: new RandomState(4) });
      const c = make(60, { noise: 0.2, random: new RandomState(5) });
      expect(bits(a)).toEqual(bits(b));
      expect(bits(c)[0]).not.toEqual(bits(a)[0]);
    }
  });

  it('take one point (a test set of one) and refuse zero, fractions and negative noise', () => {
    for (const make of [makeMoons, makeCircles, makeXor, makeBlobs, makeSpirals]) {
      const one = make(1, { noise: 0.1 });
      expect([one.n, one.x.length, one.y[0]]).toEqual([1, 2, make === makeXor ? one.y[0] : 1]);
      expect(() => make(0, {})).toThrow('number of samples must be an integer ≥ 1, got 0');
      expect(() => make(3.5, {})).toThrow(/samples/);
      expect(() => make(10, { noise: -0.1 })).toThrow('noise must be non-negative, got -0.1');
    }
  });
});

describe('makeToyDataset and makeToySplit', () => {
  it('make every listed data set with its defaults', () => {
    expect([...TOY_DATASETS]).toEqual(['moons', 'circles', 'xor', 'blobs', 'spirals']);
    expect([TOY_DEFAULTS.xor, TOY_DEFAULTS.blobs, TOY_DEFAULTS.spirals]).toEqual([
      { samples: 200, noise: 0.1 },
      { samples: 200, noise: 0.5 },
      { samples: 200, noise: 0.05 },
    ]);
    for (const name of TOY_DATASETS) {
      const { samples, noise } = TOY_DEFAULTS[name];
      const data = makeToyDataset(name, samples, noise, 0);
      expect(bits(data)).toEqual(bits(GENERATORS[name](samples, { noise, random: new RandomState(0) })));
    }
  });

  it('train is makeToyDataset bit for bit; test is the same generator again on the same stream', () => {
    for (const name of TOY_DATASETS) {
      const split = makeToySplit(name, 80, 0.1, 9, 80);
      expect(bits(split.train)).toEqual(bits(makeToyDataset(name, 80, 0.1, 9)));
      const random = new RandomState(9);
      GENERATORS[name](80, { noise: 0.1, random });
      expect(bits(split.test)).toEqual(bits(GENERATORS[name](80, { noise: 0.1, random })));
      expect(bits(split.test)[0]).not.toEqual(bits(split.train)[0]);
    }
  });

  it('gives an empty test set for 0 test samples, one point for 1, and refuses negative counts', () => {
    const empty = makeToySplit('spirals', 50, 0.05, 1, 0);
    expect(empty.test).toEqual({ x: new Float64Array(0), y: new Int32Array(0), n: 0, features: 2, classes: 2 });
    expect(bits(empty.train)).toEqual(bits(makeToyDataset('spirals', 50, 0.05, 1)));
    expect(makeToySplit('moons', 50, 0.2, 1, 1).test.n).toBe(1);
    expect(() => makeToySplit('moons', 50, 0.2, 1, -1)).toThrow(
      'number of test samples must be an integer ≥ 0, got -1',
    );
    expect(() => makeToySplit('moons', 50, 0.2, 1, 0.5)).toThrow(/test samples/);
  });
});
