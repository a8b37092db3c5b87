import { GEMM_WORK_BYTES, KC, kernel, packBlockA, sgemm } from './gemm';
import { MR, NR } from './gemm-tiles';
import { partEnd, partStart } from './parts';
import {
  add, filterGradTransform, filterTransform, gradLine, inputLine, ld, ldIf, output0, output1, SLOT, st,
} from './winograd-transforms';

// Winograd F(2×2, 5×5) convolutions over NHWC float32 images, 5×5 filters, stride 1,
// SAME padding (2 on every side). Each 2×2 output tile reads a 6×6 input window; in
// the transform domain a tile's convolution is one elementwise product per point ξ
// of the 6×6 grid, so a block of tiles becomes 36 small GEMMs,
//   M[ξ](tiles × out) = V[ξ](tiles × in) · U[ξ](in × out),  V = Bᵀ d B, U = G g Gᵀ,
// and y = Aᵀ M A (winograd-transforms.ts has the matrices). The input gradient is the
// same convolution of dy with the flipped, transposed filters; the filter gradient is
// dU[ξ] = Σ_tiles V[ξ]ᵀ · (A dy Aᵀ)[ξ], then dw = Gᵀ dU G.
//
// Blocks of BLOCK tiles keep a block's V and M (36·BLOCK·channels floats each) in L2.
// Threads split the forward by blocks (each tile is computed alone) and the filter
// gradient by rows of the 6×6 grid (each point's sum over all tiles runs on one
// thread, block by block in tile order): bit-identical results for any thread count.

/** Points of the transform grid (6×6). */
const POINTS = 36;
/** Tiles per block of the convolution, a multiple of the micro-kernel's MR rows. */
const BLOCK = 36;
/** Tiles per block of the filter gradient: the depth of its GEMMs' sums. */
const GRAD_BLOCK = 72;

@inline function padded(n: i32): i32 {
  return ((n + NR - 1) / NR) * NR;
}

/** Bytes of scratch one thread of winogradConv or winogradFilterGrad needs for k input and n output channels. */
export function winogradScratchBytes(k: i32, n: i32): i32 {
  return (POINTS * max(BLOCK, GRAD_BLOCK) * (k + padded(n)) + POINTS * 4) << 2;
}

/** Floats of the transformed filters winogradFilter writes for k input and n output channels. */
export function winogradFilterFloats(k: i32, n: i32): i32 {
  return POINTS * k * padded(n);
}

/** Floats of the transformed filter gradient winogradFilterGrad writes for k input and n output channels. */
export function winogradGradFloats(k: i32, n: i32): i32 {
  return POINTS * k * n;
}

/**
 * U = G g Gᵀ for every (input channel, output channel) pair, packed as the GEMM's B
 * panels: U[ξ][n/8][k][n mod 8] (zero past n). With `flip`, the filters of the input
 * gradient: w is [5, 5, n, k] and g[i][j] = w[4 − i][4 − j][·][·] transposed. Threads
 * split the k rows.
 */
export function winogradFilter(w: usize, k: i32, n: i32, flip: bool, u: usize, part: i32, parts: i32): void {
  const groups = padded(n) / NR;
  const point = <usize>(groups * k * NR) << 2;
  const k1 = partEnd(k, part, parts);
  for (let kk = partStart(k, part, parts); kk < k1; kk++) {
    let nn = 0;
    if (ASC_FEATURE_SIMD) for (; nn + 4 <= n; nn += 4) filterAt<v128>(w, k, n, flip, kk, nn, u, groups, point);
    for (; nn < n; nn++) filterAt<f32>(w, k, n, flip, kk, nn, u, groups, point);
    for (; nn < groups * NR; nn++) {
      const dst = u + ((((<usize>(nn / NR) * k + kk) * NR) + (nn % NR)) << 2);
      for (let p = 0; p < POINTS; p++) store<f32>(dst + <usize>p * point, 0);
    }
  }
}

@inline function filterAt<T>(
  w: usize, k: i32, n: i32, flip: bool, kk: i32, nn: i32, u: usize, groups: i32, point: usize,
): void {
  const dst = u + ((((<usize>(nn / NR) * k + kk) * NR) + (nn % NR)) << 2);
  if (flip) {
    // g[i][j] = w[4 − i][4 − j][nn][kk]: start at tap 24 and walk back; lanes are k apart.
    const src = w + ((((<usize>24 * n + nn) * k) + kk) << 2);
    filterTransform<T>(src, -(<isize>(n * k) << 2), <usize>k << 2, dst, point);
  } else {
    filterTransform<T>(w + (((<usize>kk * n) + nn) << 2), <isize>(k * n) << 2, 4, dst, point);
  }
}

/**
 * y = conv(x, w) (+ bias) for 5×5 SAME filters given as U (winogradFilter): x is
 * [batch, h, w, k], y [batch, h, w, n]; `bias` 0 for none. `work` points at the GEMM
 * scratch (GEMM_WORK_BYTES per thread), `scratch` at winogradScratchBytes(k, n) per thread.
 */
export function winogradConv(
  x: usize, batch: i32, h: i32, w: i32, k: i32, n: i32, u: usize, bias: usize, y: usize,
  work: usize, scratch: usize, part: i32, parts: i32,
): void {
  const th = (h + 1) >> 1, tw = (w + 1) >> 1;
  const tiles = batch * th * tw;
  const blocks = (tiles + BLOCK - 1) / BLOCK;
  const np = padded(n), groups = np / NR;
  const v = scratch + <usize>part * <usize>winogradScratchBytes(k, n);
  const m = v + (<usize>(POINTS * BLOCK * k) << 2);
  const tmp = m + (<usize>(POINTS * BLOCK * np) << 2);
  const packA = work + <usize>part * <usize>GEMM_WORK_BYTES;
  const vPoint = <usize>(BLOCK * k) << 2;
  const mPoint = <usize>(BLOCK * np) << 2;
  const b1 = partEnd(blocks, part, parts);
  for (let blk = partStart(blocks, part, parts); blk < b1; blk++) {
    const t0 = blk * BLOCK;
    const count = min(BLOCK, tiles - t0);
    for (let t = 0; t < count; t++) {
      const img = (t0 + t) / (th * tw), rest = (t0 + t) % (th * tw);
      inputTile(x, h, w, k, img, rest / tw, rest % tw, v + (<usize>(t * k) << 2), vPoint, 0, 6, tmp);
    }
    for (let p = 0; p < POINTS; p++) {
      const vp = v + <usize>p * vPoint;
      const mp = m + <usize>p * mPoint;
      for (let pc = 0; pc < k; pc += KC) {
        const kc = min(KC, k - pc);
        packBlockA(false, vp, count, k, 0, count, pc, kc, packA);
        for (let g = 0; g < groups; g++) {
          const pb = u + ((((<usize>p * groups + g) * k + pc) * NR) << 2);
          for (let ir = 0; ir < count; ir += MR) {
            kernel(kc, packA + (<usize>(ir * kc) << 2), pb, mp + ((<usize>ir * np + g * NR) << 2), np, pc > 0);
          }
        }
      }
    }
    for (let t = 0; t < count; t++) {
      const img = (t0 + t) / (th * tw), rest = (t0 + t) % (th * tw);
      outputTile(m + (<usize>(t * np) << 2), mPoint, bias, y, h, w, n, img, rest / tw, rest % tw, tmp);
    }
  }
}

/**
 * dU[ξ] = Σ_tiles V[ξ]ᵀ·Z[ξ] (overwritten) with V = Bᵀ x B and Z = A dy Aᵀ: du is
 * [36, k, n]. Threads split the six rows of the transform grid.
 */
export function winogradFilterGrad(
  x: usize, dy: usize, batch: i32, h: i32, w: i32, k: i32, n: i32, du: usize,
  work: usize, scratch: usize, part: i32, parts: i32,
): void {
  const a0 = partStart(6, part, parts), a1 = partEnd(6, part, parts);
  if (a0 >= a1) return;
  const th = (h + 1) >> 1, tw = (w + 1) >> 1;
  const tiles = batch * th * tw;
  const blocks = (tiles + GRAD_BLOCK - 1) / GRAD_BLOCK;
  const v = scratch + <usize>part * <usize>winogradScratchBytes(k, n);
  const z = v + (<usize>(POINTS * GRAD_BLOCK * k) << 2);
  const tmp = z + (<usize>(POINTS * GRAD_BLOCK * padded(n)) << 2);
  const gemmWork = work + <usize>part * <usize>GEMM_WORK_BYTES;
  const vPoint = <usize>(GRAD_BLOCK * k) << 2;
  const zPoint = <usize>(GRAD_BLOCK * n) << 2;
  const duPoint = <usize>(k * n) << 2;
  memory.fill(du + <usize>(a0 * 6) * duPoint, 0, <usize>((a1 - a0) * 6) * duPoint);
  for (let blk = 0; blk < blocks; blk++) {
    const t0 = blk * GRAD_BLOCK;
    const count = min(GRAD_BLOCK, tiles - t0);
    for (let t = 0; t < count; t++) {
      const img = (t0 + t) / (th * tw), rest = (t0 + t) % (th * tw);
      const ty = rest / tw, tx = rest % tw;
      inputTile(x, h, w, k, img, ty, tx, v + (<usize>(t * k) << 2), vPoint, a0, a1, tmp);
      gradTile(dy, h, w, n, img, ty, tx, z + (<usize>(t * n) << 2), zPoint, a0, a1, tmp);
    }
    for (let p = a0 * 6; p < a1 * 6; p++) {
      sgemm(true, false, k, n, count, v + <usize>p * vPoint, z + <usize>p * zPoint, du + <usize>p * duPoint, true, gemmWork, 0, 1);
    }
  }
}

/** dw += Gᵀ dU G for every filter (du from winogradFilterGrad, dw [5, 5, k, n]); threads split the k rows. */
export function winogradFilterGradOut(du: usize, k: i32, n: i32, dw: usize, part: i32, parts: i32): void {
  const point = <usize>(k * n) << 2;
  const k1 = partEnd(k, part, parts);
  for (let c = partStart(k, part, parts); c < k1; c++) {
    const at = <usize>(c * n) << 2;
    let o = 0;
    if (ASC_FEATURE_SIMD) for (; o + 4 <= n; o += 4) filterGradTransform<v128>(du + at + (<usize>o << 2), point, dw + at + (<usize>o << 2), point);
    for (; o < n; o++) filterGradTransform<f32>(du + at + (<usize>o << 2), point, dw + at + (<usize>o << 2), point);
  }
}

/**
 * V[a][b] = (Bᵀ d B)[a][b] for rows a0 ≤ a < a1 of the 6×6 window of tile (ty, tx) of
 * image img, every channel; V[ξ] at dst + ξ·point (channels contiguous).
 */
function inputTile(
  x: usize, h: i32, w: i32, ch: i32, img: i32, ty: i32, tx: i32, dst: usize, point: usize, a0: i32, a1: i32, tmp: usize,
): void {
  const iy = 2 * ty - 2, ix = 2 * tx - 2;
  const i0 = max(0, -iy), i1 = min(6, h - iy), j0 = max(0, -ix), j1 = min(6, w - ix);
  // The window's top-left pixel may lie in the padding: only in-image pixels are read.
  const src = x + <usize>((((img * h + iy) * w + ix) * ch) << 2);
  const row = <usize>(w * ch) << 2, pixel = <usize>ch << 2;
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= ch; c += 4) inputLanes<v128>(src + (<usize>c << 2), row, pixel, i0, i1, j0, j1, dst + (<usize>c << 2), point, a0, a1, tmp);
  }
  for (; c < ch; c++) inputLanes<f32>(src + (<usize>c << 2), row, pixel, i0, i1, j0, j1, dst + (<usize>c << 2), point, a0, a1, tmp);
}

@inline function inputLanes<T>(
  src: usize, row: usize, pixel: usize, i0: i32, i1: i32, j0: i32, j1: i32,
  dst: usize, point: usize, a0: i32, a1: i32, tmp: usize,
): void {
  // Bᵀ·d down each column j into tmp[i][j] …
  for (let j = 0; j < 6; j++) {
    const inside = j >= j0 && j < j1;
    const p = src + <usize>j * pixel;
    inputLine<T>(
      ldIf<T>(inside && i0 <= 0 && i1 > 0, p),
      ldIf<T>(inside && i0 <= 1 && i1 > 1, p + row),
      ldIf<T>(inside && i0 <= 2 && i1 > 2, p + 2 * row),
      ldIf<T>(inside && i0 <= 3 && i1 > 3, p + 3 * row),
      ldIf<T>(inside && i0 <= 4 && i1 > 4, p + 4 * row),
      ldIf<T>(inside && i0 <= 5 && i1 > 5, p + 5 * row),
      tmp + <usize>j * SLOT,
      6 * SLOT,
    );
  }
  // … then (row a)·B across each wanted row.
  for (let a = a0; a < a1; a++) {
    const r = tmp + <usize>(a * 6) * SLOT;
    inputLine<T>(
      ld<T>(r), ld<T>(r + SLOT), ld<T>(r + 2 * SLOT), ld<T>(r + 3 * SLOT), ld<T>(r + 4 * SLOT), ld<T>(r + 5 * SLOT),
      dst + <usize>(a * 6) * point,
      point,
    );
  }
}

/** y[2ty + r][2tx + s] = (Aᵀ M A)[r][s] (+ bias) for every channel, M[ξ] at src + ξ·point. */
function outputTile(
  src: usize, point: usize, bias: usize, y: usize, h: i32, w: i32, ch: i32, img: i32, ty: i32, tx: i32, tmp: usize,
): void {
  const oy = 2 * ty, ox = 2 * tx;
  const rows = min(2, h - oy), cols = min(2, w - ox);
  const dst = y + ((<usize>((img * h + oy) * w + ox) * ch) << 2);
  const row = <usize>(w * ch) << 2, pixel = <usize>ch << 2;
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= ch; c += 4) {
      const o = <usize>c << 2;
      outputLanes<v128>(src + o, point, bias == 0 ? 0 : bias + o, dst + o, row, pixel, rows, cols, tmp);
    }
  }
  for (; c < ch; c++) {
    const o = <usize>c << 2;
    outputLanes<f32>(src + o, point, bias == 0 ? 0 : bias + o, dst + o, row, pixel, rows, cols, tmp);
  }
}

@inline function outputLanes<T>(
  src: usize, point: usize, bias: usize, dst: usize, row: usize, pixel: usize, rows: i32, cols: i32, tmp: usize,
): void {
  // Aᵀ·M down each column b into tmp[r][b] …
  for (let b = 0; b < 6; b++) {
    const p = src + <usize>b * point;
    const m0 = ld<T>(p), m1 = ld<T>(p + 6 * point), m2 = ld<T>(p + 12 * point);
    const m3 = ld<T>(p + 18 * point), m4 = ld<T>(p + 24 * point), m5 = ld<T>(p + 30 * point);
    st<T>(tmp + <usize>b * SLOT, output0<T>(m0, m1, m2, m3, m4));
    st<T>(tmp + <usize>(6 + b) * SLOT, output1<T>(m1, m2, m3, m4, m5));
  }
  // … then across each row r that lies in the image.
  for (let r = 0; r < rows; r++) {
    const s = tmp + <usize>(r * 6) * SLOT;
    const s0 = ld<T>(s), s1 = ld<T>(s + SLOT), s2 = ld<T>(s + 2 * SLOT);
    const s3 = ld<T>(s + 3 * SLOT), s4 = ld<T>(s + 4 * SLOT), s5 = ld<T>(s + 5 * SLOT);
    let y0 = output0<T>(s0, s1, s2, s3, s4);
    let y1 = output1<T>(s1, s2, s3, s4, s5);
    if (bias != 0) {
      const bv = ld<T>(bias);
      y0 = add<T>(y0, bv);
      y1 = add<T>(y1, bv);
    }
    const out = dst + <usize>r * row;
    st<T>(out, y0);
    if (cols > 1) st<T>(out + pixel, y1);
  }
}

/** Z[a][b] = (A dy Aᵀ)[a][b] for rows a0 ≤ a < a1, dy the 2×2 output tile (ty, tx); Z[ξ] at dst + ξ·point. */
function gradTile(
  dy: usize, h: i32, w: i32, ch: i32, img: i32, ty: i32, tx: i32, dst: usize, point: usize, a0: i32, a1: i32, tmp: usize,
): void {
  const oy = 2 * ty, ox = 2 * tx;
  const rows = min(2, h - oy), cols = min(2, w - ox);
  const src = dy + ((<usize>((img * h + oy) * w + ox) * ch) << 2);
  const row = <usize>(w * ch) << 2, pixel = <usize>ch << 2;
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= ch; c += 4) gradLanes<v128>(src + (<usize>c << 2), row, pixel, rows, cols, dst + (<usize>c << 2), point, a0, a1, tmp);
  }
  for (; c < ch; c++) gradLanes<f32>(src + (<usize>c << 2), row, pixel, rows, cols, dst + (<usize>c << 2), point, a0, a1, tmp);
}

@inline function gradLanes<T>(
  src: usize, row: usize, pixel: usize, rows: i32, cols: i32, dst: usize, point: usize, a0: i32, a1: i32, tmp: usize,
): void {
  // A·dy down each of the two columns into tmp[a][s] …
  for (let s = 0; s < 2; s++) {
    const inside = s < cols;
    const p = src + <usize>s * pixel;
    gradLine<T>(ldIf<T>(inside, p), ldIf<T>(inside && rows > 1, p + row), tmp + <usize>s * SLOT, 2 * SLOT);
  }
  // … then across each wanted row.
  for (let a = a0; a < a1; a++) {
    const r = tmp + <usize>(a * 2) * SLOT;
    gradLine<T>(ld<T>(r), ld<T>(r + SLOT), dst + <usize>(a * 6) * point, point);
  }
}
