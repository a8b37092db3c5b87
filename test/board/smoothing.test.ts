import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smoothEma } from '../../src/board/smoothing.js';

/** The debiased EMA written out as its weighted average: Σ wⁿ⁻ⁱ(1−w)yᵢ / (1 − wⁿ) over the finite values so far. */
function reference(values: number[], w: number): number[] {
  return values.map((y, i) => {
    if (!Number.isFinite(y)) return y;
    const seen = values.slice(0, i + 1).filter(Number.isFinite);
    const n = seen.length;
    const total = seen.reduce((acc, v, k) => acc + w ** (n - 1 - k) * (1 - w) * v, 0);
    return w === 0 ? y : total / (1 - w ** n);
  });
}

describe('smoothEma (TensorBoard smoothing)', () => {
  it('equals the debiased weighted average of the values so far', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (values, w) => {
          const got = smoothEma(values, w);
          reference(values, w).forEach((r, i) => {
            expect(got[i]).toBeCloseTo(r, 6);
          });
        },
      ),
    );
  });

  it('starts at the first value (debiased), keeps a constant series constant and weight 0 unsmoothed', () => {
    expect(smoothEma([5, 1], 0.9)[0]).toBeCloseTo(5, 12);
    for (const v of smoothEma([3, 3, 3, 3, 3], 0.95)) expect(v).toBeCloseTo(3, 12);
    expect([...smoothEma([1, 9, 4], 0)]).toEqual([1, 9, 4]);
  });

  it('passes NaN and infinities through without disturbing the average', () => {
    const got = smoothEma([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 5], 0.5);
    const clean = smoothEma([1, 3, 5], 0.5);
    expect(Number.isNaN(got[1])).toBe(true);
    expect(got[3]).toBe(Number.POSITIVE_INFINITY);
    expect([got[0], got[2], got[4]]).toEqual([...clean]);
  });

  it('rejects a weight outside [0, 1)', () => {
    expect(() => smoothEma([1], 1)).toThrow(/\[0, 1\)/);
    expect(() => smoothEma([1], -0.1)).toThrow(RangeError);
  });
});
