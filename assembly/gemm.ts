import { kernel1 } from './gemm-scalar';
import { MR, NR } from './gemm-tiles';
import { partEnd, partStart } from './parts';

// A packed, cache-blocked SGEMM (BLIS-style) on row-major float32 matrices:
// C[m×n] (+)= op(A)[m×k] · op(B)[k×n]. Panels of B (KC×NC) and blocks of A (MC×KC)
// are packed into contiguous slivers, and a 6×8 register-tiled micro-kernel
// (12 accumulators of 4 lanes) runs over them. The build without SIMD packs the same
// slivers with scalar moves and runs a scalar micro-kernel (gemm-scalar.ts).
export const KC = 256;
const MC = 120;
const NC = 1024;

/** Bytes of scratch one thread needs for sgemm: packed A, packed B and an edge tile. */
export const GEMM_WORK_BYTES: i32 = (MC * KC + KC * NC + MR * NR) * 4;

/**
 * C = op(A)·op(B) (+ C when `accumulate`). Threads split the larger of the two
 * output dimensions by whole micro-tiles; `work` points at `parts` scratch areas of
 * GEMM_WORK_BYTES each.
 */
export function sgemm(
  transA: bool, transB: bool, m: i32, n: i32, k: i32,
  a: usize, b: usize, c: usize, accumulate: bool, work: usize, part: i32, parts: i32,
): void {
  let r0 = 0, r1 = m, c0 = 0, c1 = n;
  const rowTiles = (m + MR - 1) / MR;
  const colTiles = (n + NR - 1) / NR;
  if (rowTiles >= colTiles) {
    r0 = min(m, partStart(rowTiles, part, parts) * MR);
    r1 = min(m, partEnd(rowTiles, part, parts) * MR);
  } else {
    c0 = min(n, partStart(colTiles, part, parts) * NR);
    c1 = min(n, partEnd(colTiles, part, parts) * NR);
  }
  if (r0 >= r1 || c0 >= c1) return;
  const myWork = work + <usize>part * <usize>GEMM_WORK_BYTES;
  const packA = myWork;
  const packB = packA + <usize>(MC * KC * 4);
  const tile = packB + <usize>(KC * NC * 4);
  if (k == 0) {
    if (!accumulate) for (let i = r0; i < r1; i++) memory.fill(c + ((<usize>i * n + c0) << 2), 0, <usize>(c1 - c0) << 2);
    return;
  }
  for (let jc = c0; jc < c1; jc += NC) {
    const nc = min(NC, c1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packPanelB(transB, b, n, k, pc, kc, jc, nc, packB);
      const add = accumulate || pc > 0;
      for (let ic = r0; ic < r1; ic += MC) {
        const mc = min(MC, r1 - ic);
        packBlockA(transA, a, m, k, ic, mc, pc, kc, packA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pa = packA + <usize>(ir * kc * 4);
            const pb = packB + <usize>(jr * kc * 4);
            const cij = c + ((<usize>(ic + ir) * n + jc + jr) << 2);
            if (mr == MR && nr == NR) {
              kernel(kc, pa, pb, cij, n, add);
            } else {
              kernel(kc, pa, pb, tile, NR, false);
              for (let i = 0; i < mr; i++) {
                for (let j = 0; j < nr; j++) {
                  const dst = cij + ((<usize>i * n + j) << 2);
                  const v = load<f32>(tile + ((<usize>i * NR + j) << 2));
                  store<f32>(dst, add ? load<f32>(dst) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}

/** Packs op(B)[pc:pc+kc, jc:jc+nc] as NR-wide slivers, each kc rows of NR values (zero-padded). */
function packPanelB(transB: bool, b: usize, n: i32, k: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  if (!transB) {
    // Row by row of B (sequential reads; the panel it fills is in L2), full slivers
    // with vector moves where the build has SIMD, the ragged last one padded with zeros.
    const full = nc - (nc % NR);
    for (let p = 0; p < kc; p++) {
      const src = b + ((<usize>(pc + p) * n + jc) << 2);
      let out = dst + <usize>(p * NR * 4);
      const step = <usize>(kc * NR * 4);
      for (let js = 0; js < full; js += NR) {
        const from = src + (<usize>js << 2);
        if (ASC_FEATURE_SIMD) {
          v128.store(out, v128.load(from));
          v128.store(out, v128.load(from, 16), 16);
        } else {
          for (let j = 0; j < NR; j += 2) store<u64>(out + (j << 2), load<u64>(from + (j << 2)));
        }
        out += step;
      }
      if (full < nc) {
        const w = nc - full;
        for (let j = 0; j < NR; j++) store<f32>(out + (j << 2), j < w ? load<f32>(src + (<usize>(full + j) << 2)) : 0);
      }
    }
    return;
  }
  // op(B)[p, j] = B[j, p]: B is [n, k]. Full slivers go 4 values of p at a time
  // through two 4×4 transposes (rows j..j+3 and j+4..j+7) where the build has SIMD;
  // the loop after them does the rest (all of it without SIMD).
  for (let js = 0; js < nc; js += NR) {
    const w = min(NR, nc - js);
    const sliver = dst + <usize>(js * kc * 4);
    let p = 0;
    if (ASC_FEATURE_SIMD && w == NR) {
      const row = <usize>k << 2;
      const src = b + ((<usize>(jc + js) * k + pc) << 2);
      for (; p + 4 <= kc; p += 4) {
        const s = src + (<usize>p << 2);
        const out = sliver + <usize>(p * NR * 4);
        transpose4x4(s, row, out, NR * 4);
        transpose4x4(s + 4 * row, row, out + 16, NR * 4);
      }
    }
    for (let j = 0; j < NR; j++) {
      const src = b + ((<usize>(jc + js + j) * k + pc) << 2);
      for (let q = p; q < kc; q++) store<f32>(sliver + ((<usize>q * NR + j) << 2), j < w ? load<f32>(src + (<usize>q << 2)) : 0);
    }
  }
}

/**
 * Reads a 4×4 block (4 rows `srcStride` bytes apart, 4 floats each) and writes its
 * transpose (4 rows `dstStride` bytes apart).
 */
@inline function transpose4x4(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + srcStride);
  const r2 = v128.load(src + 2 * srcStride);
  const r3 = v128.load(src + 3 * srcStride);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + dstStride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** Packs op(A)[ic:ic+mc, pc:pc+kc] as MR-tall slivers, each kc columns of MR values (zero-padded). */
export function packBlockA(transA: bool, a: usize, m: i32, k: i32, ic: i32, mc: i32, pc: i32, kc: i32, dst: usize): void {
  for (let is = 0; is < mc; is += MR) {
    const h = min(MR, mc - is);
    const sliver = dst + <usize>(is * kc * 4);
    if (!transA) {
      let p = 0;
      if (ASC_FEATURE_SIMD && h == MR) {
        // Four columns at a time: rows 0–3 through a 4×4 transpose, rows 4–5 pairwise
        // (with SIMD; the loop after it does the rest, or all of it without SIMD).
        const row = <usize>k << 2;
        const src = a + ((<usize>(ic + is) * k + pc) << 2);
        for (; p + 4 <= kc; p += 4) {
          const s = src + (<usize>p << 2);
          const out = sliver + <usize>(p * MR * 4);
          transpose4x4(s, row, out, MR * 4);
          const r4 = v128.load(s + 4 * row);
          const r5 = v128.load(s + 5 * row);
          const lo = v128.shuffle<f32>(r4, r5, 0, 4, 1, 5);
          const hi = v128.shuffle<f32>(r4, r5, 2, 6, 3, 7);
          v128.store64_lane(out + 16, lo, 0);
          v128.store64_lane(out + 16 + MR * 4, lo, 1);
          v128.store64_lane(out + 16 + 2 * MR * 4, hi, 0);
          v128.store64_lane(out + 16 + 3 * MR * 4, hi, 1);
        }
      }
      for (let i = 0; i < MR; i++) {
        const src = a + ((<usize>(ic + is + i) * k + pc) << 2);
        for (let q = p; q < kc; q++) store<f32>(sliver + ((<usize>q * MR + i) << 2), i < h ? load<f32>(src + (<usize>q << 2)) : 0);
      }
    } else {
      // op(A)[i, p] = A[p, i]: A is [k, m]; a row of A gives MR contiguous values.
      for (let p = 0; p < kc; p++) {
        const src = a + ((<usize>(pc + p) * m + ic + is) << 2);
        const out = sliver + <usize>(p * MR * 4);
        if (h == MR) {
          if (ASC_FEATURE_SIMD) v128.store(out, v128.load(src));
          else for (let i = 0; i < 4; i += 2) store<u64>(out + (i << 2), load<u64>(src + (i << 2)));
          store<u64>(out + 16, load<u64>(src + 16));
        } else {
          for (let i = 0; i < MR; i++) store<f32>(out + (i << 2), i < h ? load<f32>(src + (i << 2)) : 0);
        }
      }
    }
  }
}

// Fused multiply-add where relaxed SIMD is enabled (hardware FMA), else multiply then add.
@inline function madd(x: v128, y: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(x, y, acc);
  return f32x4.add(f32x4.mul(x, y), acc);
}

/** The 6×8 micro-kernel: C[6×8] (+)= Ā[6×kc] · B̄[kc×8] from packed slivers; ldc in elements. */
export function kernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, add: bool): void {
  if (!ASC_FEATURE_SIMD) {
    kernel1(kc, pa, pb, c, ldc, add);
    return;
  }
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0), c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(pa, 4);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(pa, 8);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(pa, 12);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    x = v128.load32_splat(pa, 16);
    c40 = madd(x, b0, c40);
    c41 = madd(x, b1, c41);
    x = v128.load32_splat(pa, 20);
    c50 = madd(x, b0, c50);
    c51 = madd(x, b1, c51);
    pa += MR * 4;
    pb += NR * 4;
  }
  const row = <usize>ldc << 2;
  storeRow(c, c00, c01, add);
  storeRow(c + row, c10, c11, add);
  storeRow(c + 2 * row, c20, c21, add);
  storeRow(c + 3 * row, c30, c31, add);
  storeRow(c + 4 * row, c40, c41, add);
  storeRow(c + 5 * row, c50, c51, add);
}

@inline function storeRow(c: usize, lo: v128, hi: v128, add: bool): void {
  if (add) {
    v128.store(c, f32x4.add(v128.load(c), lo));
    v128.store(c, f32x4.add(v128.load(c, 16), hi), 16);
  } else {
    v128.store(c, lo);
    v128.store(c, hi, 16);
  }
}
