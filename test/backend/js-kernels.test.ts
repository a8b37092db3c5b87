import { describe, expect, it } from 'vitest';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { convGeometry } from '../../src/layers/conv2d.js';
import { maxRelativeError } from '../helpers/gradient-check.js';
import { randomTensor } from '../helpers/tensors.js';

const f64 = new JsBackend('float64');

/** Naive reference: Σ_p op(A)[i,p]·op(B)[p,j], written independently of the kernel. */
function naiveMatmul(
  A: Float64Array,
  B: Float64Array,
  m: number,
  n: number,
  k: number,
  tA: boolean,
  tB: boolean,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? A[p * m + i] : A[i * k + p])! * (tB ? B[j * k + p] : B[p * n + j])!;
      out[i * n + j] = s;
    }
  return out;
}

describe('JS reference kernels', () => {
  for (const [tA, tB] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    it(`matmul ${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} on ragged shapes, with and without accumulation`, () => {
      for (const [m, n, k] of [
        [1, 1, 1],
        [5, 7, 3],
        [9, 4, 13],
        [17, 6, 2],
      ] as const) {
        const a = randomTensor(f64, tA ? [k, m] : [m, k], m * 100 + k);
        const b = randomTensor(f64, tB ? [n, k] : [k, n], n * 100 + k + 1);
        const out = randomTensor(f64, [m, n], 7);
        const before = out.data.slice();
        f64.matmul(a, b, out, tA, tB, true);
        const ref = naiveMatmul(a.data as Float64Array, b.data as Float64Array, m, n, k, tA, tB);
        expect(
          maxRelativeError(
            out.data,
            ref.map((v, i) => v + before[i]!),
          ),
        ).toBeLessThan(1e-12);
        f64.matmul(a, b, out, tA, tB, false);
        expect(maxRelativeError(out.data, ref)).toBeLessThan(1e-12);
      }
    });
  }

  it('matmul rejects mismatched shapes', () => {
    expect(() => f64.matmul(f64.alloc([2, 3]), f64.alloc([4, 2]), f64.alloc([2, 2]), false, false, false)).toThrow(
      /inner sizes/,
    );
  });

  for (const [padding, k] of [
    ['same', 3],
    ['same', 5],
    ['valid', 3],
    ['same', 2],
  ] as const) {
    it(`conv2d forward equals a direct convolution (${padding}, ${k}×${k})`, () => {
      const [N, H, W, C, F] = [2, 6, 5, 3, 4];
      const pad = padding === 'same' ? Math.floor((k - 1) / 2) : 0;
      const OH = padding === 'same' ? H : H - k + 1;
      const OW = padding === 'same' ? W : W - k + 1;
      const g = convGeometry(N, H, W, C, F, k, padding);
      expect([g.outHeight, g.outWidth, g.padTop, g.padLeft]).toEqual([OH, OW, pad, pad]);
      const x = randomTensor(f64, [N, H, W, C], 1);
      const w = randomTensor(f64, [k, k, C, F], 2);
      const b = randomTensor(f64, [F], 3);
      const y = f64.alloc([N, OH, OW, F]);
      f64.conv2dForward(x, w, b, y, g);
      let worst = 0;
      for (let n = 0; n < N; n++)
        for (let i = 0; i < OH; i++)
          for (let j = 0; j < OW; j++)
            for (let f = 0; f < F; f++) {
              let s = b.data[f]!;
              for (let di = 0; di < k; di++)
                for (let dj = 0; dj < k; dj++)
                  for (let c = 0; c < C; c++) {
                    const ii = i + di - pad;
                    const jj = j + dj - pad;
                    if (ii >= 0 && ii < H && jj >= 0 && jj < W)
                      s += x.data[((n * H + ii) * W + jj) * C + c]! * w.data[((di * k + dj) * C + c) * F + f]!;
                  }
              worst = Math.max(worst, Math.abs(s - y.data[((n * OH + i) * OW + j) * F + f]!));
            }
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it('max pooling picks the window maximum (SAME: odd sizes round up) and routes gradients to it', () => {
    const x = f64.alloc([1, 3, 3, 1]);
    f64.write(x, [1, 5, 2, 7, 3, 9, 4, 8, 6]);
    const y = f64.alloc([1, 2, 2, 1]);
    const argmax = new Int32Array(4);
    f64.maxPoolForward(x, y, argmax);
    expect(Array.from(y.data)).toEqual([7, 9, 8, 6]);
    const dx = f64.alloc([1, 3, 3, 1]);
    const dy = f64.alloc([1, 2, 2, 1]);
    f64.write(dy, [1, 2, 3, 4]);
    f64.maxPoolBackward(dy, argmax, dx);
    expect(Array.from(dx.data)).toEqual([0, 0, 0, 1, 0, 2, 0, 3, 4]);
  });

  it('softmax cross-entropy: mean −log p(label), probabilities and (p − onehot)/n', () => {
    const logits = f64.alloc([2, 3]);
    f64.write(logits, [1, 2, 3, 1000, 0, -1000]);
    const probs = f64.alloc([2, 3]);
    const grad = f64.alloc([2, 3]);
    const loss = f64.softmaxCrossEntropy(logits, Int32Array.of(2, 1), probs, grad);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const p = [Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z];
    expect(loss).toBeCloseTo((-Math.log(p[2]!) + 1000) / 2, 10);
    expect(maxRelativeError(probs.data, [...p, 1, 0, 0])).toBeLessThan(1e-15);
    expect(maxRelativeError(grad.data, [p[0]! / 2, p[1]! / 2, (p[2]! - 1) / 2, 0.5, -0.5, 0])).toBeLessThan(1e-15);
  });

  it('stats: mean, real (population) std, min, max, zeros', () => {
    const t = f64.alloc([6]);
    f64.write(t, [0, 1, 2, 0, 4, 5]);
    const s = f64.stats(t);
    expect(s).toMatchObject({ count: 6, mean: 2, min: 0, max: 5, zeros: 2 });
    expect(s.std).toBeCloseTo(Math.sqrt((4 + 1 + 0 + 4 + 4 + 9) / 6), 14);
  });

  it('float32 backend stores float32 and agrees with float64 to float32 precision', () => {
    const f32 = new JsBackend('float32');
    const a32 = randomTensor(f32, [33, 20], 4);
    const b32 = randomTensor(f32, [20, 9], 5);
    const o32 = f32.alloc([33, 9]);
    f32.matmul(a32, b32, o32, false, false, false);
    expect(o32.data).toBeInstanceOf(Float32Array);
    const a64 = f64.alloc([33, 20]);
    const b64 = f64.alloc([20, 9]);
    f64.write(a64, a32.data);
    f64.write(b64, b32.data);
    const o64 = f64.alloc([33, 9]);
    f64.matmul(a64, b64, o64, false, false, false);
    expect(maxRelativeError(o32.data, o64.data)).toBeLessThan(1e-5);
  });
});
