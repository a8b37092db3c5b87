import { GEMM_WORK_BYTES, KC, kernel, packBlockA, sgemm } from './gemm';
import { MR, NR } from './gemm-tiles';
import { partEnd, partStart } from './parts';
import {
  ALPHA, add, filterGradTransform, filterTransform, gradLine, inputLine, ld, outputLine, SLOT, st, TILE, zero,
} from './winograd-transforms';

// Winograd F(4×4, 5×5) convolutions over NHWC float32 images, 5×5 filters, stride 1,
// SAME padding (2 on every side). Each 4×4 output tile reads an 8×8 input window; in
// the transform domain a tile's convolution is one elementwise product per point ξ
// of the 8×8 grid, so a block of tiles becomes 64 small GEMMs,
//   M[ξ](tiles × out) = V[ξ](tiles × in) · U[ξ](in × out),  V = Bᵀ d B, U = G g Gᵀ,
// and y = Aᵀ M A (winograd-transforms.ts has the matrices). The input gradient is the
// same convolution of dy with the flipped, transposed filters; the filter gradient is
// dU[ξ] = Σ_tiles V[ξ]ᵀ · (A dy Aᵀ)[ξ], then dw = Gᵀ dU G.
//
// Blocks of tiles keep a block's transforms (64·BLOCK·channels floats each) in L2.
// Threads split the convolution by blocks (each tile is computed alone) and the filter
// gradient by rows of the 8×8 grid (each point's sum over all tiles runs on one
// thread, block by block in tile order): bit-identical results for any thread count.

/** Points of the transform grid. */
const POINTS = ALPHA * ALPHA;
/** Tiles per block of the convolution, a multiple of the micro-kernel's MR rows. */
const BLOCK = 24;
/** Tiles per block of the filter gradient: the depth of its GEMMs' sums. */
const GRAD_BLOCK = 36;
/** Slots of a thread's transform scratch: two ALPHA×ALPHA stages. */
const TMP_SLOTS = 2 * POINTS;

@inline function padded(n: i32): i32 {
  return ((n + NR - 1) / NR) * NR;
}

/** Bytes of scratch one thread of winogradConv or winogradFilterGrad needs for k input and n output channels. */
export function winogradScratchBytes(k: i32, n: i32): i32 {
  return transformBytes(k, n) + TMP_SLOTS * <i32>SLOT;
}

/** Bytes of a thread's scratch before its transform slots: a block's V and its M (or Z). */
@inline function transformBytes(k: i32, n: i32): i32 {
  return (POINTS * max(BLOCK, GRAD_BLOCK) * (k + padded(n))) << 2;
}

/** Thread `part`'s scratch area. */
@inline function threadScratch(scratch: usize, part: i32, k: i32, n: i32): usize {
  return scratch + <usize>part * <usize>winogradScratchBytes(k, n);
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
    if (ASC_FEATURE_SIMD) for (; nn + 4 <= n; nn += 4) filterAt<v128>(w, k, n, flip, kk, nn, u, point);
    for (; nn < n; nn++) filterAt<f32>(w, k, n, flip, kk, nn, u, point);
    for (; nn < groups * NR; nn++) {
      const dst = u + ((((<usize>(nn / NR) * k + kk) * NR) + (nn % NR)) << 2);
      for (let p = 0; p < POINTS; p++) store<f32>(dst + <usize>p * point, 0);
    }
  }
}

@inline function filterAt<T>(w: usize, k: i32, n: i32, flip: bool, kk: i32, nn: i32, u: usize, point: usize): void {
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
  const th = (h + TILE - 1) / TILE, tw = (w + TILE - 1) / TILE;
  const tiles = batch * th * tw;
  const blocks = (tiles + BLOCK - 1) / BLOCK;
  const np = padded(n), groups = np / NR;
  const v = threadScratch(scratch, part, k, n);
  const m = v + (<usize>(POINTS * BLOCK * k) << 2);
  const tmp = v + <usize>transformBytes(k, n);
  const packA = work + <usize>part * <usize>GEMM_WORK_BYTES;
  const vPoint = <usize>(BLOCK * k) << 2;
  const mPoint = <usize>(BLOCK * np) << 2;
  const b1 = partEnd(blocks, part, parts);
  for (let blk = partStart(blocks, part, parts); blk < b1; blk++) {
    const t0 = blk * BLOCK;
    const count = min(BLOCK, tiles - t0);
    for (let t = 0; t < count; t++) {
      const img = (t0 + t) / (th * tw), rest = (t0 + t) % (th * tw);
      inputTile(x, h, w, k, img, rest / tw, rest % tw, v + (<usize>(t * k) << 2), vPoint, 0, ALPHA, tmp);
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
 * [ALPHA², k, n]. Threads split the ALPHA rows of the transform grid.
 */
export function winogradFilterGrad(
  x: usize, dy: usize, batch: i32, h: i32, w: i32, k: i32, n: i32, du: usize,
  work: usize, scratch: usize, part: i32, parts: i32,
): void {
  const a0 = partStart(ALPHA, part, parts), a1 = partEnd(ALPHA, part, parts);
  if (a0 >= a1) return;
  const th = (h + TILE - 1) / TILE, tw = (w + TILE - 1) / TILE;
  const tiles = batch * th * tw;
  const blocks = (tiles + GRAD_BLOCK - 1) / GRAD_BLOCK;
  const v = threadScratch(scratch, part, k, n);
  const z = v + (<usize>(POINTS * GRAD_BLOCK * k) << 2);
  const tmp = v + <usize>transformBytes(k, n);
  const gemmWork = work + <usize>part * <usize>GEMM_WORK_BYTES;
  const vPoint = <usize>(GRAD_BLOCK * k) << 2;
  const zPoint = <usize>(GRAD_BLOCK * n) << 2;
  const duPoint = <usize>(k * n) << 2;
  memory.fill(du + <usize>(a0 * ALPHA) * duPoint, 0, <usize>((a1 - a0) * ALPHA) * duPoint);
  for (let blk = 0; blk < blocks; blk++) {
    const t0 = blk * GRAD_BLOCK;
    const count = min(GRAD_BLOCK, tiles - t0);
    for (let t = 0; t < count; t++) {
      const img = (t0 + t) / (th * tw), rest = (t0 + t) % (th * tw);
      const ty = rest / tw, tx = rest % tw;
      inputTile(x, h, w, k, img, ty, tx, v + (<usize>(t * k) << 2), vPoint, a0, a1, tmp);
      gradTile(dy, h, w, n, img, ty, tx, z + (<usize>(t * n) << 2), zPoint, a0, a1, tmp);
    }
    for (let p = a0 * ALPHA; p < a1 * ALPHA; p++) {
      sgemm(true, false, k, n, count, v + <usize>p * vPoint, z + <usize>p * zPoint, du + <usize>p * duPoint, true, gemmWork, 0, 1);
    }
  }
}

/**
 * dw += Gᵀ dU G for every filter (du from winogradFilterGrad, dw [5, 5, k, n]); threads
 * split the k rows. `scratch` as for winogradFilterGrad (only its transform slots are used).
 */
export function winogradFilterGradOut(du: usize, k: i32, n: i32, dw: usize, scratch: usize, part: i32, parts: i32): void {
  const tmp = threadScratch(scratch, part, k, n) + <usize>transformBytes(k, n);
  const point = <usize>(k * n) << 2;
  const k1 = partEnd(k, part, parts);
  for (let c = partStart(k, part, parts); c < k1; c++) {
    const at = <usize>(c * n) << 2;
    let o = 0;
    if (ASC_FEATURE_SIMD) for (; o + 4 <= n; o += 4) filterGradTransform<v128>(du + at + (<usize>o << 2), point, dw + at + (<usize>o << 2), point, tmp);
    for (; o < n; o++) filterGradTransform<f32>(du + at + (<usize>o << 2), point, dw + at + (<usize>o << 2), point, tmp);
  }
}

/**
 * V[a][b] = (Bᵀ d B)[a][b] for rows a0 ≤ a < a1 of the ALPHA×ALPHA window of tile
 * (ty, tx) of image img, every channel; V[ξ] at dst + ξ·point (channels contiguous).
 */
function inputTile(
  x: usize, h: i32, w: i32, ch: i32, img: i32, ty: i32, tx: i32, dst: usize, point: usize, a0: i32, a1: i32, tmp: usize,
): void {
  const iy = TILE * ty - 2, ix = TILE * tx - 2;
  const i0 = max(0, -iy), i1 = min(ALPHA, h - iy), j0 = max(0, -ix), j1 = min(ALPHA, w - ix);
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
  // Bᵀ·d down each column j of the window into t[i][j] (zeros outside the image) …
  const interior = i0 == 0 && i1 == ALPHA;
  for (let j = 0; j < ALPHA; j++) {
    const p = src + <usize>j * pixel;
    const column = tmp + <usize>j * SLOT;
    if (j < j0 || j >= j1) {
      for (let i = 0; i < ALPHA; i++) st<T>(column + <usize>(i * ALPHA) * SLOT, zero<T>());
    } else if (interior) {
      inputLine<T>(p, row, column, <usize>ALPHA * SLOT);
    } else {
      // A column through the padding: its in-image pixels into the output slots first.
      for (let i = 0; i < ALPHA; i++) st<T>(column + <usize>(i * ALPHA) * SLOT, i >= i0 && i < i1 ? ld<T>(p + <usize>i * row) : zero<T>());
      inputLine<T>(column, <usize>ALPHA * SLOT, column, <usize>ALPHA * SLOT);
    }
  }
  // … then (row a)·B across each wanted row.
  for (let a = a0; a < a1; a++) inputLine<T>(tmp + <usize>(a * ALPHA) * SLOT, SLOT, dst + <usize>(a * ALPHA) * point, point);
}

/** y[TILE·ty + r][TILE·tx + s] = (Aᵀ M A)[r][s] (+ bias) for every channel, M[ξ] at src + ξ·point. */
function outputTile(
  src: usize, point: usize, bias: usize, y: usize, h: i32, w: i32, ch: i32, img: i32, ty: i32, tx: i32, tmp: usize,
): void {
  const oy = TILE * ty, ox = TILE * tx;
  const rows = min(TILE, h - oy), cols = min(TILE, w - ox);
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
  // Aᵀ·M down each column b into s[r][b] …
  for (let b = 0; b < ALPHA; b++) outputLine<T>(src + <usize>b * point, <usize>ALPHA * point, tmp + <usize>b * SLOT, <usize>ALPHA * SLOT);
  // … then across each row r into y[r][·], stored where it lies in the image.
  const out = tmp + <usize>POINTS * SLOT;
  for (let r = 0; r < rows; r++) {
    outputLine<T>(tmp + <usize>(r * ALPHA) * SLOT, SLOT, out, SLOT);
    const bv = bias != 0 ? ld<T>(bias) : zero<T>();
    for (let s = 0; s < cols; s++) {
      const value = ld<T>(out + <usize>s * SLOT);
      st<T>(dst + <usize>r * row + <usize>s * pixel, bias != 0 ? add<T>(value, bv) : value);
    }
  }
}

/** Z[a][b] = (A dy Aᵀ)[a][b] for rows a0 ≤ a < a1, dy the TILE×TILE output tile (ty, tx); Z[ξ] at dst + ξ·point. */
function gradTile(
  dy: usize, h: i32, w: i32, ch: i32, img: i32, ty: i32, tx: i32, dst: usize, point: usize, a0: i32, a1: i32, tmp: usize,
): void {
  const oy = TILE * ty, ox = TILE * tx;
  const rows = min(TILE, h - oy), cols = min(TILE, w - ox);
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
  // A·dy down each of the TILE columns into t[a][s] (dy is zero outside the image) …
  for (let s = 0; s < TILE; s++) {
    const inside = s < cols;
    const p = src + <usize>s * pixel;
    gradLine<T>(
      inside && rows > 0 ? ld<T>(p) : zero<T>(),
      inside && rows > 1 ? ld<T>(p + row) : zero<T>(),
      inside && rows > 2 ? ld<T>(p + 2 * row) : zero<T>(),
      inside && rows > 3 ? ld<T>(p + 3 * row) : zero<T>(),
      tmp + <usize>s * SLOT,
      <usize>TILE * SLOT,
    );
  }
  // … then across each wanted row.
  for (let a = a0; a < a1; a++) {
    const r = tmp + <usize>(a * TILE) * SLOT;
    gradLine<T>(ld<T>(r), ld<T>(r + SLOT), ld<T>(r + 2 * SLOT), ld<T>(r + 3 * SLOT), dst + <usize>(a * ALPHA) * point, point);
  }
}
