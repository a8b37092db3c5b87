import { describe, expect, it } from 'vitest';
import { linspace, makeCircles, makeMoons, RandomState } from '../../src/index.js';
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
    expect(() => makeMoons(1)).toThrow(/samples/);
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
