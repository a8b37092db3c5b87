import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thinned } from '../../src/board/thin.js';

describe('thinned', () => {
  it('leaves a short series alone', () => {
    expect(thinned([1, 2, 3], 3)).toEqual([1, 2, 3]);
  });

  it('halves a long one, keeping the first and the last point', () => {
    expect(thinned([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 6)).toEqual([0, 2, 4, 6, 8, 9]);
    expect(thinned([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([0, 8, 9]);
  });

  it('always fits, keeps order, first and last (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 2, max: 60 }), (n, most) => {
        const points = Array.from({ length: n }, (_, i) => i);
        const kept = thinned(points, most);
        expect(kept.length).toBeLessThanOrEqual(Math.max(most, 0));
        if (n > 0) expect([kept[0], kept.at(-1)]).toEqual([0, n - 1]);
        for (let i = 1; i < kept.length; i++) expect(kept[i] as number).toBeGreaterThan(kept[i - 1] as number);
        if (n <= most) expect(kept).toEqual(points);
        else expect(kept.length).toBeGreaterThan(most / 2 - 1);
      }),
    );
  });
});
