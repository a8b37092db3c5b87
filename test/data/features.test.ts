import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FEATURES,
  expandDataset,
  expandFeatures,
  FEATURE_LABELS,
  FEATURE_NAMES,
  type FeatureName,
  makeMoons,
  RandomState,
} from '../../src/index.js';

// Three points with negative, zero and large coordinates.
const points = Float64Array.of(0.5, -1.25, 0, 3, -2.75, 10);

describe('expandFeatures', () => {
  it('computes every feature from (x1, x2) in the order given', () => {
    const reference: Record<FeatureName, (a: number, b: number) => number> = {
      x1: (a) => a,
      x2: (_, b) => b,
      x1sq: (a) => a ** 2,
      x2sq: (_, b) => b ** 2,
      x1x2: (a, b) => a * b,
      'sin-x1': (a) => Math.sin(a),
      'sin-x2': (_, b) => Math.sin(b),
    };
    const order: FeatureName[] = ['sin-x2', 'x1x2', 'x2', 'x1sq', 'sin-x1', 'x1', 'x2sq'];
    const out = expandFeatures(points, order);
    expect(out).toHaveLength(3 * order.length);
    for (let i = 0; i < 3; i++) {
      const a = points[2 * i] as number;
      const b = points[2 * i + 1] as number;
      expect(Array.from(out.subarray(i * order.length, (i + 1) * order.length))).toEqual(
        order.map((name) => reference[name](a, b)),
      );
    }
    // Spot values, written out: x1x2 of (0.5, −1.25) is −0.625, x2sq of (−2.75, 10) is 100.
    expect(out[1]).toBe(-0.625);
    expect(out[2 * 7 + 6]).toBe(100);
  });

  it('the default features copy the points bit for bit (and FEATURE_NAMES / FEATURE_LABELS agree)', () => {
    const out = expandFeatures(points, DEFAULT_FEATURES);
    expect(out).not.toBe(points);
    expect(Array.from(out)).toEqual(Array.from(points));
    expect(Object.keys(FEATURE_LABELS).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(FEATURE_LABELS.x1sq).toBe('x₁²');
  });

  it('rejects an empty list, a name twice and an unknown name with a RangeError', () => {
    expect(() => expandFeatures(points, [])).toThrow(RangeError);
    expect(() => expandFeatures(points, ['x1', 'x2', 'x1'])).toThrow(/x1 is listed twice/);
    expect(() => expandFeatures(points, ['x3' as FeatureName])).toThrow(/unknown feature x3/);
    expect(() => expandFeatures(Float64Array.of(1, 2, 3), ['x1'])).toThrow(RangeError);
  });
});

describe('expandDataset', () => {
  const moons = makeMoons(20, { noise: 0.1, random: new RandomState(3) });
  it('keeps the labels and counts, updates the feature count', () => {
    const wide = expandDataset(moons, ['x1', 'x2', 'x1sq', 'sin-x2']);
    expect([wide.n, wide.features, wide.classes]).toEqual([20, 4, 2]);
    expect(wide.y).toBe(moons.y);
    expect(wide.x[3 * 4 + 2]).toBe((moons.x[6] as number) * (moons.x[6] as number));
    expect(wide.x[3 * 4 + 3]).toBe(Math.sin(moons.x[7] as number));
  });

  it('with the default features equals the input', () => {
    const same = expandDataset(moons, DEFAULT_FEATURES);
    expect(Array.from(same.x)).toEqual(Array.from(moons.x));
    expect(same.features).toBe(2);
  });

  it('refuses data that is not 2-dimensional', () => {
    const three = { ...moons, x: new Float64Array(60), features: 3 };
    expect(() => expandDataset(three, DEFAULT_FEATURES)).toThrow(/2 coordinates/);
  });
});
