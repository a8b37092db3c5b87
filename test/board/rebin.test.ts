import { describe, expect, it } from 'vitest';
import { histogramRange, rebinHistogram } from '../../src/board/rebin.js';
import { RandomState } from '../../src/random/random-state.js';
import { makeHistogram } from '../../src/summary/histogram.js';

describe('rebinHistogram', () => {
  it('keeps every count and puts them where the samples are', () => {
    const rng = new RandomState(1);
    const values = [...rng.randomSample(5000)].map((u) => -1 + 4 * u);
    const h = makeHistogram(values);
    const p = { min: h.min, max: h.max, limits: h.bucketLimit, counts: h.bucket };
    const [lo, hi] = histogramRange([p]);
    const bins = rebinHistogram(p, lo, hi, 8);
    expect(bins.reduce((a, b) => a + b, 0)).toBeCloseTo(5000, 6);
    // Uniform samples: each of 8 bins holds about 1/8 (TensorFlow's buckets are ≤ 10 % wide, so the spread is small).
    const exact = Array.from(
      { length: 8 },
      (_, b) => values.filter((v) => Math.min(7, Math.floor(((v - lo) / (hi - lo)) * 8)) === b).length,
    );
    bins.forEach((count, b) => {
      expect(Math.abs(count - (exact[b] as number))).toBeLessThan((0.1 * 5000) / 8);
    });
  });

  it('puts a point mass (all values equal) in one bin', () => {
    const h = makeHistogram(Array(30).fill(0.25));
    const p = { min: h.min, max: h.max, limits: h.bucketLimit, counts: h.bucket };
    const [lo, hi] = histogramRange([p]);
    expect([lo, hi]).toEqual([-0.25, 0.75]);
    const bins = rebinHistogram(p, lo, hi, 4);
    expect([...bins]).toEqual([0, 0, 30, 0]);
  });

  it('spans every histogram of a series', () => {
    expect(
      histogramRange([
        { min: -1, max: 2 },
        { min: -3, max: 0.5 },
      ]),
    ).toEqual([-3, 2]);
    expect(histogramRange([])).toEqual([0, 1]);
  });
});
