import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Conv2DGeometry } from '../../src/backend/backend.js';
import { usesWinograd, WINOGRAD_MIN_CHANNELS, winogradApplies } from '../../src/backend/conv-algorithm.js';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { bestWasmVariant, createWasmBackend, type WasmVariant } from '../../src/backend/wasm/node/loader.js';
import type { WasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { convGeometry, type Padding } from '../../src/layers/conv2d.js';
import { randomTensor } from '../helpers/tensors.js';

// Winograd F(4×4, 5×5): the algorithm against the direct convolution in float64; the
// WebAssembly kernels against the JS reference of the same algorithm, across thread
// counts and builds; and its float32 error on the DCN's conv2, as docs/benchmarks.md
// states it (mean and max of |error| / RMS of the exact output).

const direct64 = new JsBackend('float64', { conv: 'direct' });
const winograd64 = new JsBackend('float64', { conv: 'winograd' });
const winograd32 = new JsBackend('float32', { conv: 'winograd' });

/** [batch, h, w, in, out] with k×k filters, SAME (5×5 by default). */
const geometry = (batch: number, h: number, w: number, c: number, f: number, k = 5, padding: Padding = 'same') =>
  convGeometry(batch, h, w, c, f, k, padding);

// [batch, h, w, in, out]: channel counts off the 4 lanes and 8-wide tiles, odd sizes
// (tiles that stick out of the image), more tiles than one block, more input channels
// than one GEMM depth chunk (256), and the DCN's conv2.
const GEOMETRIES = [
  geometry(1, 6, 6, 4, 8),
  geometry(2, 9, 7, 3, 5),
  geometry(3, 7, 10, 9, 13),
  geometry(1, 4, 3, 260, 6),
  geometry(4, 14, 14, 32, 64),
];
const DCN_CONV2 = geometry(8, 14, 14, 32, 64);

/** y, dx, dw and db of one forward, input-gradient and filter-gradient pass (dw and db start non-zero: they are added into). */
function passes(b: Backend, g: Conv2DGeometry, seed = 1): Float64Array[] {
  const { batch, inHeight: h, inWidth: w, inChannels: c, outChannels: f, kernelHeight: k } = g;
  const x = randomTensor(b, [batch, h, w, c], seed);
  const weights = randomTensor(b, [k, k, c, f], seed + 1, 0.2);
  const bias = randomTensor(b, [f], seed + 2);
  const dy = randomTensor(b, [batch, g.outHeight, g.outWidth, f], seed + 3);
  const dw = randomTensor(b, [k, k, c, f], seed + 4);
  const db = randomTensor(b, [f], seed + 5);
  const y = b.alloc([batch, g.outHeight, g.outWidth, f]);
  const dx = b.alloc([batch, h, w, c]);
  b.conv2dForward(x, weights, bias, y, g);
  b.conv2dBackwardInput(dy, weights, dx, g);
  b.conv2dBackwardFilter(x, dy, dw, db, g);
  return [y, dx, dw, db].map((t) => Float64Array.from(t.data));
}

/** Mean and max of |actual − exact| / RMS(exact). */
function error(actual: ArrayLike<number>, exact: ArrayLike<number>): { mean: number; max: number } {
  let squares = 0;
  for (let i = 0; i < exact.length; i++) squares += (exact[i] as number) ** 2;
  const rms = Math.sqrt(squares / exact.length);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < exact.length; i++) {
    const e = Math.abs((actual[i] as number) - (exact[i] as number)) / rms;
    sum += e;
    max = Math.max(max, e);
  }
  return { mean: sum / exact.length, max };
}

const PASSES = ['forward', 'input gradient', 'filter gradient', 'bias gradient'];
const label = (g: Conv2DGeometry) => `${g.batch}×${g.inHeight}×${g.inWidth}×${g.inChannels}→${g.outChannels}`;

describe('Winograd F(4×4, 5×5)', () => {
  it('in float64 equals the direct convolution, all three passes, on every geometry', () => {
    for (const g of GEOMETRIES) {
      const exact = passes(direct64, g);
      passes(winograd64, g).forEach((out, i) => {
        expect(error(out, exact[i]!).max, `${label(g)} ${PASSES[i]}`).toBeLessThan(1e-12);
      });
    }
  });

  it('applies to 5×5 SAME only; auto takes it from 8 input channels (conv2, not conv1)', () => {
    expect(WINOGRAD_MIN_CHANNELS).toBe(8);
    expect(winogradApplies(geometry(1, 14, 14, 32, 64))).toBe(true);
    expect(winogradApplies(geometry(1, 14, 14, 32, 64, 3))).toBe(false);
    expect(winogradApplies(geometry(1, 14, 14, 32, 64, 5, 'valid'))).toBe(false);
    expect(usesWinograd('auto', geometry(1, 14, 14, 32, 64))).toBe(true);
    expect(usesWinograd('auto', geometry(1, 28, 28, 1, 32))).toBe(false);
    expect(usesWinograd('winograd', geometry(1, 28, 28, 1, 32))).toBe(true);
    expect(usesWinograd('winograd', geometry(1, 8, 8, 16, 16, 3))).toBe(false);
    expect(usesWinograd('direct', geometry(1, 14, 14, 32, 64))).toBe(false);
  });
});

const BUILDS: WasmVariant[] = [...new Set<WasmVariant>([bestWasmVariant(), 'plain'])];

describe.each(BUILDS)('Winograd kernels, %s build', (variant) => {
  const backends: WasmBackend[] = [];
  beforeAll(async () => {
    for (const threads of [1, 2, 3]) backends.push(await createWasmBackend({ threads, variant, conv: 'winograd' }));
  });
  afterAll(() => {
    for (const b of backends) b.close();
  });

  it('equal the JS reference of the same algorithm, and 1, 2 and 3 threads bit for bit', () => {
    for (const g of GEOMETRIES) {
      const reference = passes(winograd32, g);
      const [one, ...more] = backends.map((b) => passes(b, g));
      one!.forEach((out, i) => {
        const expected = reference[i]!;
        const scale = Math.max(...Array.from(expected, Math.abs));
        let worst = 0;
        for (let j = 0; j < out.length; j++) worst = Math.max(worst, Math.abs(out[j]! - expected[j]!));
        expect(worst / scale, `${label(g)} ${PASSES[i]}`).toBeLessThan(2e-5);
        for (const other of more)
          expect(Array.from(other[i]!), `${label(g)} ${PASSES[i]}, threads`).toEqual(Array.from(out));
      });
    }
  });

  it('auto runs Winograd on conv2 and the direct convolution on conv1', async () => {
    const auto = await createWasmBackend({ threads: 1, variant });
    const direct = await createWasmBackend({ threads: 1, variant, conv: 'direct' });
    try {
      const conv2 = geometry(2, 14, 14, 32, 64);
      const [a, d, w] = [auto, direct, backends[0]!].map((b) => passes(b, conv2));
      for (let i = 0; i < 3; i++) {
        expect(Array.from(a![i]!), PASSES[i]).toEqual(Array.from(w![i]!));
        expect(Array.from(a![i]!), PASSES[i]).not.toEqual(Array.from(d![i]!));
      }
      const conv1 = geometry(2, 28, 28, 1, 32);
      const [a1, d1] = [auto, direct].map((b) => passes(b, conv1));
      for (let i = 0; i < 4; i++) expect(Array.from(a1![i]!), PASSES[i]).toEqual(Array.from(d1![i]!));
    } finally {
      auto.close();
      direct.close();
    }
  });
});

describe('Winograd kernels across builds and against float64', () => {
  // Transforms add and multiply lane by lane in the same order in both builds, and the
  // GEMM's micro-kernels agree bit for bit without relaxed FMA.
  it('the plain build gives the bits of the SIMD build', async () => {
    const simd = await createWasmBackend({ threads: 2, variant: 'simd', conv: 'winograd' });
    const plain = await createWasmBackend({ threads: 1, variant: 'plain', conv: 'winograd' });
    try {
      for (const g of GEOMETRIES) {
        const [s, p] = [simd, plain].map((b) => passes(b, g));
        s!.forEach((out, i) => {
          expect(Array.from(p![i]!), `${label(g)} ${PASSES[i]}`).toEqual(Array.from(out));
        });
      }
    } finally {
      simd.close();
      plain.close();
    }
  });

  // The bounds docs/benchmarks.md states for the DCN's conv2 (batch 8 here): the
  // float32 Winograd's error against a float64 direct convolution, mean and max over
  // the outputs, relative to the output's RMS. Measured at batch 50: mean 1.6–2.3e-6,
  // max 1.9–3.5e-5 (the direct float32 convolution: 1.3–2.0e-7 and 1.2–2.6e-6).
  it("stays within 4e-6 (mean) and 8e-5 (max) of the output's RMS on the DCN's conv2, every pass", async () => {
    const fast = await createWasmBackend({ threads: 2, conv: 'winograd' });
    try {
      const exact = passes(direct64, DCN_CONV2);
      passes(fast, DCN_CONV2).forEach((out, i) => {
        const e = error(out, exact[i]!);
        expect(e.mean, `${PASSES[i]} mean`).toBeLessThan(4e-6);
        expect(e.max, `${PASSES[i]} max`).toBeLessThan(8e-5);
      });
    } finally {
      fast.close();
    }
  });
});
