import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/index.js';
import { fixtureJson } from '../helpers/fixtures.js';

interface Streams {
  random_sample_5: number[];
  randn_7: number[];
  permutation_10: number[];
  normal_scale_0_2_3: number[];
  randint_0_100_5: number[];
  seed_12345_randn_5: number[];
  seed_12345_uint32_4: number[];
}

const raw = fixtureJson<Record<string, number[]>>('numpy_random_state.json');
const streams = { ...raw, normal_scale_0_2_3: raw['normal_scale_0.2_3'] } as unknown as Streams;

describe('RandomState matches numpy legacy RandomState bit for bit', () => {
  it('draws the seed-0 stream in order: random_sample, randn, permutation, normal, randint', () => {
    const rs = new RandomState(0);
    expect(Array.from(rs.randomSample(5))).toEqual(streams.random_sample_5);
    expect(Array.from(rs.randn(7))).toEqual(streams.randn_7);
    expect(Array.from(rs.permutation(10))).toEqual(streams.permutation_10);
    expect(Array.from(rs.normal(0, 0.2, 3))).toEqual(streams.normal_scale_0_2_3);
    expect(Array.from(rs.randint(0, 100, 5))).toEqual(streams.randint_0_100_5);
  });

  it('seeds 12345: randn(5), then raw 32-bit words', () => {
    const rs = new RandomState(12345);
    expect(Array.from(rs.randn(5))).toEqual(streams.seed_12345_randn_5);
    expect([rs.uint32(), rs.uint32(), rs.uint32(), rs.uint32()]).toEqual(streams.seed_12345_uint32_4);
  });

  it('re-seeding drops the cached Gaussian, as numpy does', () => {
    const rs = new RandomState(3);
    const first = rs.standardNormal();
    rs.standardNormal();
    rs.seed(3);
    expect(rs.standardNormal()).toBe(first);
  });

  it('rejects seeds outside [0, 2^32)', () => {
    expect(() => new RandomState(-1)).toThrow(/seed/);
    expect(() => new RandomState(2 ** 32)).toThrow(/seed/);
    expect(() => new RandomState(1.5)).toThrow(/seed/);
  });
});

describe('RandomState properties', () => {
  it('permutation(n) is a permutation of 0..n-1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 300 }), (seed, n) => {
        const p = Array.from(new RandomState(seed).permutation(n)).sort((a, b) => a - b);
        expect(p).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('randint stays in [low, high)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 1, max: 70 }),
        (seed, low, span) => {
          for (const v of new RandomState(seed).randint(low, low + span, 50)) {
            expect(v).toBeGreaterThanOrEqual(low);
            expect(v).toBeLessThan(low + span);
          }
        },
      ),
    );
  });

  it('truncatedNormal never leaves mean ± 2σ and has the truncated variance', () => {
    const draws = new RandomState(7).truncatedNormal(1, 0.1, 50_000);
    let sum = 0;
    let squares = 0;
    for (const v of draws) {
      expect(Math.abs(v - 1)).toBeLessThanOrEqual(0.2 + 1e-12);
      sum += v;
      squares += (v - 1) ** 2;
    }
    expect(sum / draws.length).toBeCloseTo(1, 2);
    // Variance of N(0,1) truncated to [-2, 2] is 0.7737; times σ² = 0.01.
    expect(squares / draws.length / 0.01).toBeCloseTo(0.7737, 1);
  });

  it('random() is uniform in [0, 1): mean and bounds over many draws', () => {
    const u = new RandomState(11).randomSample(100_000);
    let sum = 0;
    for (const v of u) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      sum += v;
    }
    expect(sum / u.length).toBeCloseTo(0.5, 2);
  });
});
