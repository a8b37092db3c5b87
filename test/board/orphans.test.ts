import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptAfterRestarts } from '../../src/board/orphans.js';

describe('keptAfterRestarts', () => {
  it('keeps an ordered series whole', () => {
    expect(keptAfterRestarts([0, 10, 10, 20])).toEqual([0, 1, 2, 3]);
  });

  it('drops what a restart from an earlier step replaces', () => {
    // Steps 0..40, then a resume from 20: the old 20, 30, 40 go.
    expect(keptAfterRestarts([0, 10, 20, 30, 40, 20, 30])).toEqual([0, 1, 5, 6]);
    // Two restarts.
    expect(keptAfterRestarts([0, 5, 10, 0, 5, 3])).toEqual([3, 5]);
  });

  it('always leaves steps that never go down, ending with the last point (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), (steps) => {
        const kept = keptAfterRestarts(steps);
        for (let i = 1; i < kept.length; i++)
          expect(steps[kept[i] as number] as number).toBeGreaterThanOrEqual(steps[kept[i - 1] as number] as number);
        if (steps.length > 0) expect(kept.at(-1)).toBe(steps.length - 1);
      }),
    );
  });
});
