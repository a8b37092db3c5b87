import { describe, expect, it } from 'vitest';
import { aggregateSeries, meanOf } from '../../src/board/aggregate.js';

describe('aggregateSeries', () => {
  it('takes mean, min and max over the runs at each step', () => {
    const agg = aggregateSeries([
      { steps: [0, 10, 20], values: [1, 2, 3] },
      { steps: [0, 10, 20], values: [3, 6, 9] },
      { steps: [0, 10, 20], values: [2, 1, 0] },
    ]);
    expect(agg.steps).toEqual([0, 10, 20]);
    expect(agg.mean).toEqual([2, 3, 4]);
    expect(agg.min).toEqual([1, 1, 0]);
    expect(agg.max).toEqual([3, 6, 9]);
    expect(agg.count).toEqual([3, 3, 3]);
  });

  it('aligns on the union of steps; a run missing a step (or null there) does not count', () => {
    const agg = aggregateSeries([
      { steps: [0, 10, 20, 30], values: [4, 2, null, 1] },
      { steps: [0, 10], values: [2, 6] },
    ]);
    expect(agg.steps).toEqual([0, 10, 20, 30]);
    expect(agg.mean).toEqual([3, 4, Number.NaN, 1]);
    expect(agg.min).toEqual([2, 2, Number.NaN, 1]);
    expect(agg.max).toEqual([4, 6, Number.NaN, 1]);
    expect(agg.count).toEqual([2, 2, 0, 1]);
  });

  it('is empty for no runs; meanOf skips gaps', () => {
    expect(aggregateSeries([]).steps).toEqual([]);
    expect(meanOf([1, null, 2, Number.NaN, undefined, 6])).toBe(3);
    expect(meanOf([null])).toBeNull();
  });
});
