import { partEnd, partStart } from './parts';

// Direct convolutions of one-channel images (a first layer on grayscale pixels, the
// DCN's conv1), stride 1, any filter size and padding. With one input channel the
// im2col matrix has only kh·kw columns: building it, packing it and adding the bias
// afterwards moved more memory than the products need. Here each output pixel sums
// its kh·kw taps straight from the image, output channels side by side in lanes.
//
// Lanes: v128 (4 output channels) where the build has SIMD, f32 for the rest, the same
// operations in the same order; products are added as multiply then add, or fused
// where relaxed SIMD is enabled (as in the SGEMM). Taps outside the image are skipped.

/**
 * Output channels per pass over a pixel's taps: eight 4-lane accumulators, as many
 * independent sums as keep both FMA units busy through their latency.
 */
const CHUNK = 32;

@inline function madd4(x: v128, w: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(x, w, acc);
  return f32x4.add(f32x4.mul(x, w), acc);
}

/**
 * y[n, oy, ox, o] = b[o] + Σ_{ki, kj} x[n, oy + ki − padTop, ox + kj − padLeft] · w[ki, kj, o];
 * x is [batch, h, w], w [kh, kw, cout], y [batch, oh, ow, cout]. Threads split output rows.
 */
export function conv1Forward(
  x: usize, batch: i32, h: i32, w: i32, kh: i32, kw: i32, oh: i32, ow: i32, padTop: i32, padLeft: i32,
  cout: i32, weights: usize, bias: usize, y: usize, part: i32, parts: i32,
): void {
  const rows = batch * oh;
  const r1 = partEnd(rows, part, parts);
  const tapBytes = <usize>cout << 2;
  for (let r = partStart(rows, part, parts); r < r1; r++) {
    const img = r / oh, oy = r % oh;
    const ki0 = max(0, padTop - oy), ki1 = min(kh, h + padTop - oy);
    const image = x + ((<usize>img * h * w) << 2);
    for (let ox = 0; ox < ow; ox++) {
      const kj0 = max(0, padLeft - ox), kj1 = min(kw, w + padLeft - ox);
      const out = y + ((<usize>(r * ow + ox) * cout) << 2);
      let o = 0;
      if (ASC_FEATURE_SIMD) {
        for (; o + CHUNK <= cout; o += CHUNK) {
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
          let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
          for (let ki = ki0; ki < ki1; ki++) {
            const src = image + ((<usize>((oy + ki - padTop) * w + ox - padLeft)) << 2);
            let tap = weights + (<usize>(ki * kw + kj0) * tapBytes) + (<usize>o << 2);
            for (let kj = kj0; kj < kj1; kj++) {
              const v = v128.load32_splat(src + (<usize>kj << 2));
              a0 = madd4(v, v128.load(tap), a0);
              a1 = madd4(v, v128.load(tap, 16), a1);
              a2 = madd4(v, v128.load(tap, 32), a2);
              a3 = madd4(v, v128.load(tap, 48), a3);
              a4 = madd4(v, v128.load(tap, 64), a4);
              a5 = madd4(v, v128.load(tap, 80), a5);
              a6 = madd4(v, v128.load(tap, 96), a6);
              a7 = madd4(v, v128.load(tap, 112), a7);
              tap += tapBytes;
            }
          }
          const b = bias + (<usize>o << 2);
          const dst = out + (<usize>o << 2);
          v128.store(dst, f32x4.add(a0, v128.load(b)));
          v128.store(dst, f32x4.add(a1, v128.load(b, 16)), 16);
          v128.store(dst, f32x4.add(a2, v128.load(b, 32)), 32);
          v128.store(dst, f32x4.add(a3, v128.load(b, 48)), 48);
          v128.store(dst, f32x4.add(a4, v128.load(b, 64)), 64);
          v128.store(dst, f32x4.add(a5, v128.load(b, 80)), 80);
          v128.store(dst, f32x4.add(a6, v128.load(b, 96)), 96);
          v128.store(dst, f32x4.add(a7, v128.load(b, 112)), 112);
        }
      }
      for (; o < cout; o++) {
        let acc: f32 = 0;
        for (let ki = ki0; ki < ki1; ki++) {
          const src = image + ((<usize>((oy + ki - padTop) * w + ox - padLeft)) << 2);
          for (let kj = kj0; kj < kj1; kj++) {
            acc += load<f32>(src + (<usize>kj << 2)) * load<f32>(weights + ((<usize>((ki * kw + kj) * cout + o)) << 2));
          }
        }
        store<f32>(out + (<usize>o << 2), acc + load<f32>(bias + (<usize>o << 2)));
      }
    }
  }
}

/** Output rows whose pixels one pass of conv1FilterGrad sums before adding into dw. */
const ROWS_PER_BLOCK = 4;

/**
 * dw[ki, kj, o] += Σ_{n, oy, ox} x[n, oy + ki − padTop, ox + kj − padLeft] · dy[n, oy, ox, o]
 * (taps outside the image skipped). Threads split the kh·kw taps; each tap's sum runs
 * over blocks of output rows in order, so every thread count gives the same bits.
 */
export function conv1FilterGrad(
  x: usize, dy: usize, batch: i32, h: i32, w: i32, kh: i32, kw: i32, oh: i32, ow: i32, padTop: i32, padLeft: i32,
  cout: i32, dw: usize, part: i32, parts: i32,
): void {
  const taps = kh * kw;
  const t1 = partEnd(taps, part, parts);
  const t0 = partStart(taps, part, parts);
  if (t0 >= t1) return;
  const rows = batch * oh;
  const pixelBytes = <usize>cout << 2;
  for (let r0 = 0; r0 < rows; r0 += ROWS_PER_BLOCK) {
    const rEnd = min(rows, r0 + ROWS_PER_BLOCK);
    for (let t = t0; t < t1; t++) {
      const ki = t / kw, kj = t % kw;
      const ox0 = max(0, padLeft - kj), ox1 = min(ow, w + padLeft - kj);
      const grad = dw + ((<usize>(t * cout)) << 2);
      let o = 0;
      if (ASC_FEATURE_SIMD) {
        for (; o + CHUNK <= cout; o += CHUNK) {
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
          let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
          for (let r = r0; r < rEnd; r++) {
            const img = r / oh, oy = r % oh;
            const iy = oy + ki - padTop;
            if (iy < 0 || iy >= h) continue;
            const src = x + ((<usize>((img * h + iy) * w + kj - padLeft)) << 2);
            let d = dy + (<usize>(r * ow + ox0) * pixelBytes) + (<usize>o << 2);
            for (let ox = ox0; ox < ox1; ox++) {
              const v = v128.load32_splat(src + (<usize>ox << 2));
              a0 = madd4(v, v128.load(d), a0);
              a1 = madd4(v, v128.load(d, 16), a1);
              a2 = madd4(v, v128.load(d, 32), a2);
              a3 = madd4(v, v128.load(d, 48), a3);
              a4 = madd4(v, v128.load(d, 64), a4);
              a5 = madd4(v, v128.load(d, 80), a5);
              a6 = madd4(v, v128.load(d, 96), a6);
              a7 = madd4(v, v128.load(d, 112), a7);
              d += pixelBytes;
            }
          }
          const g = grad + (<usize>o << 2);
          v128.store(g, f32x4.add(v128.load(g), a0));
          v128.store(g, f32x4.add(v128.load(g, 16), a1), 16);
          v128.store(g, f32x4.add(v128.load(g, 32), a2), 32);
          v128.store(g, f32x4.add(v128.load(g, 48), a3), 48);
          v128.store(g, f32x4.add(v128.load(g, 64), a4), 64);
          v128.store(g, f32x4.add(v128.load(g, 80), a5), 80);
          v128.store(g, f32x4.add(v128.load(g, 96), a6), 96);
          v128.store(g, f32x4.add(v128.load(g, 112), a7), 112);
        }
      }
      for (; o < cout; o++) {
        let acc: f32 = 0;
        for (let r = r0; r < rEnd; r++) {
          const img = r / oh, oy = r % oh;
          const iy = oy + ki - padTop;
          if (iy < 0 || iy >= h) continue;
          const src = x + ((<usize>((img * h + iy) * w + kj - padLeft)) << 2);
          for (let ox = ox0; ox < ox1; ox++) {
            acc += load<f32>(src + (<usize>ox << 2)) * load<f32>(dy + ((<usize>((r * ow + ox) * cout + o)) << 2));
          }
        }
        const g = grad + (<usize>o << 2);
        store<f32>(g, load<f32>(g) + acc);
      }
    }
  }
}
