import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from '../../src/board/downsample.js';

describe('downsampleMinMax', () => {
  it('leaves short series alone', () => {
    expect(downsampleMinMax([0, 1, 2], [5, 6, 7], 10)).toEqual({ x: [0, 1, 2], y: [5, 6, 7] });
  });

  it('shrinks 100 000 points to a few per slice and keeps every slice’s extremes, ends and spikes', () => {
    const n = 100_000;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => Math.sin(i / 500) + (i === 31_337 ? 50 : 0) + (i === 77_777 ? -50 : 0));
    const buckets = 500;
    const d = downsampleMinMax(x, y, buckets);
    expect(d.x.length).toBeLessThanOrEqual(4 * buckets);
    expect(d.x.length).toBeGreaterThan(buckets);
    expect(d.x[0]).toBe(0);
    expect(d.x.at(-1)).toBe(n - 1);
    expect(Math.max(...d.y)).toBe(Math.max(...y));
    expect(Math.min(...d.y)).toBe(Math.min(...y));
    expect(d.x).toContain(31_337);
    for (let i = 1; i < d.x.length; i++) expect(d.x[i] as number).toBeGreaterThan(d.x[i - 1] as number);
  });

  it('keeps, for every x slice, the slice’s min and max (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 50, maxLength: 400 }),
        fc.integer({ min: 2, max: 10 }),
        (y, buckets) => {
          const x = y.map((_, i) => i);
          const d = downsampleMinMax(x, y, buckets);
          const slice = (xi: number) => Math.min(buckets - 1, Math.floor((xi / (y.length - 1)) * buckets));
          for (let b = 0; b < buckets; b++) {
            const full = y.filter((_, i) => slice(i) === b);
            const kept = d.y.filter((_, i) => slice(d.x[i] as number) === b);
            if (full.length === 0) continue;
            expect(Math.min(...kept)).toBe(Math.min(...full));
            expect(Math.max(...kept)).toBe(Math.max(...full));
          }
          // Every kept point is a real point.
          d.x.forEach((xi, i) => {
            expect(d.y[i]).toBe(y[xi]);
          });
        },
      ),
    );
  });

  it('keeps a gap (a NaN) inside a slice so the line breaks there', () => {
    const y = Array.from({ length: 1000 }, (_, i) => (i === 500 ? Number.NaN : i));
    const d = downsampleMinMax(
      y.map((_, i) => i),
      y,
      10,
    );
    expect(d.y.some(Number.isNaN)).toBe(true);
  });
});
