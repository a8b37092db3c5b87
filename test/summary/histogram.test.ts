import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUCKET_EDGES, makeHistogram } from '../../src/summary/histogram.js';

describe('histograms', () => {
  it('the logarithmic bucket lookup agrees with a bisection over the same edges', () => {
    const bisection = [...DEFAULT_BUCKET_EDGES]; // a copy: makeHistogram bisects edges it does not know
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double({ min: -1e15, max: 1e15, noNaN: true }),
            fc.double({ min: -1e-9, max: 1e-9, noNaN: true }),
            fc.constantFrom(0, -0, 1e-12, -1e-12, 1.1e-12),
          ),
          {
            minLength: 1,
            maxLength: 200,
          },
        ),
        (values) => {
          expect(makeHistogram(values)).toEqual(makeHistogram(values, bisection));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts every value once, keeps one empty bucket on the left, and rejects empty input', () => {
    const h = makeHistogram([0.5, 0.5, -2, 3]);
    expect(h.bucket.reduce((a, b) => a + b, 0)).toBe(4);
    expect(h.bucket[0]).toBe(0);
    expect([h.min, h.max, h.num, h.sum, h.sumSquares]).toEqual([-2, 3, 4, 2, 13.5]);
    expect(() => makeHistogram([])).toThrow(/at least one/);
  });
});
