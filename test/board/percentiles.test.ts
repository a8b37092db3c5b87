import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_BASIS_POINTS, histogramPercentiles } from '../../src/board/percentiles.js';
import { RandomState } from '../../src/random/random-state.js';
import { makeHistogram } from '../../src/summary/histogram.js';

const point = (values: number[]) => {
  const h = makeHistogram(values);
  return { min: h.min, max: h.max, limits: h.bucketLimit, counts: h.bucket };
};

/** The exact quantile of sorted samples (linear interpolation, numpy's default). */
function quantile(sorted: number[], q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + (at - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

describe('histogramPercentiles (the distributions view)', () => {
  it('lands within one bucket of the exact quantiles of the samples', () => {
    const rng = new RandomState(3);
    for (const [loc, scale] of [
      [0, 0.1],
      [2, 1],
      [-5, 0.01],
    ] as const) {
      const values = [...rng.normal(loc, scale, 20_000)];
      const h = point(values);
      const sorted = [...values].sort((a, b) => a - b);
      const got = histogramPercentiles(h);
      DISTRIBUTION_BASIS_POINTS.forEach((bp, j) => {
        const exact = quantile(sorted, bp / 10000);
        // TensorFlow's buckets grow by 10 % from 1e-12: one bucket is at most 10 % of |value| wide.
        const bucket = Math.max(Math.abs(exact) * 0.1, 1e-11);
        expect(Math.abs((got[j] as number) - exact)).toBeLessThanOrEqual(bucket);
      });
      expect(got[0]).toBe(h.min);
      expect(got.at(-1)).toBe(h.max);
      for (let j = 1; j < got.length; j++) expect(got[j] as number).toBeGreaterThanOrEqual(got[j - 1] as number);
    }
  });

  it('interpolates inside a bucket and skips empty ones', () => {
    // 10 values uniform in (0, 1], none in (1, 2], 10 in (2, 3].
    const h = { min: 0, max: 3, limits: [1, 2, 3], counts: [10, 0, 10] };
    const [p0, p25, p50, p75, p100] = histogramPercentiles(h, [0, 2500, 5000, 7500, 10000]);
    expect(p0).toBe(0);
    expect(p25).toBeCloseTo(0.5, 12);
    // The median sits at the end of the first bucket's weight: the empty bucket is skipped to the third.
    expect(p50).toBeCloseTo(2, 12);
    expect(p75).toBeCloseTo(2.5, 12);
    expect(p100).toBe(3);
  });

  it('gives the single value of a constant tensor at every percentile', () => {
    const got = histogramPercentiles(point(Array(50).fill(0.1)));
    for (const v of got) expect(v).toBeCloseTo(0.1, 12);
  });
});
