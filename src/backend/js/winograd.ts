import type { Storage } from '../../tensor/tensor.js';
import type { Conv2DGeometry } from '../backend.js';
import { sumRowsInto } from './elementwise.js';

// Winograd's F(4×4, 5×5) (Lavin & Gray 2016) for 5×5 SAME convolutions, the reference
// for the WebAssembly kernels (assembly/winograd.ts), which compute the same products
// in float32 with these matrices written out as additions. Interpolation points 0, ±1,
// ±2, ±½, ∞; Bᵀ's rows are scaled to integers and G's rows by the inverse factors,
// which cancel in U ⊙ V. Per 4×4 output tile, with d the 8×8 input window and g a filter:
//   y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A.
// Arithmetic here is float64, rounded once when stored.

/** A small dense matrix, row-major. */
export interface WinogradMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: readonly number[];
}

const matrix = (rows: readonly (readonly number[])[]): WinogradMatrix => ({
  rows: rows.length,
  cols: rows[0]?.length ?? 0,
  values: rows.flat(),
});

/** Bᵀ (8×8). */
export const WINOGRAD_BT = matrix([
  [4, 0, -21, 0, 21, 0, -4, 0],
  [0, -4, -4, 17, 17, -4, -4, 0],
  [0, 4, -4, -17, 17, 4, -4, 0],
  [0, 2, 1, -10, -5, 8, 4, 0],
  [0, -2, 1, 10, -5, -8, 4, 0],
  [0, 4, 8, -5, -10, 1, 2, 0],
  [0, -4, 8, 5, -10, -1, 2, 0],
  [0, -4, 0, 21, 0, -21, 0, 4],
]);
/** G (8×5). */
export const WINOGRAD_G = matrix([
  [1 / 4, 0, 0, 0, 0],
  [1 / 18, 1 / 18, 1 / 18, 1 / 18, 1 / 18],
  [1 / 18, -1 / 18, 1 / 18, -1 / 18, 1 / 18],
  [1 / 360, 2 / 360, 4 / 360, 8 / 360, 16 / 360],
  [1 / 360, -2 / 360, 4 / 360, -8 / 360, 16 / 360],
  [16 / 45, 8 / 45, 4 / 45, 2 / 45, 1 / 45],
  [16 / 45, -8 / 45, 4 / 45, -2 / 45, 1 / 45],
  [0, 0, 0, 0, 1 / 4],
]);
/** Aᵀ (4×8). */
export const WINOGRAD_AT = matrix([
  [1, 1, 1, 1, 1, 1, 1, 0],
  [0, 1, -1, 2, -2, 1 / 2, -1 / 2, 0],
  [0, 1, 1, 4, 4, 1 / 4, 1 / 4, 0],
  [0, 1, -1, 8, -8, 1 / 8, -1 / 8, 1],
]);

/** Output pixels per tile side. */
export const WINOGRAD_TILE = WINOGRAD_AT.rows;
const ALPHA = WINOGRAD_AT.cols;
const POINTS = ALPHA * ALPHA;

const at = (m: WinogradMatrix, i: number, j: number): number => m.values[i * m.cols + j] as number;

function transpose(m: WinogradMatrix): WinogradMatrix {
  const values: number[] = [];
  for (let j = 0; j < m.cols; j++) for (let i = 0; i < m.rows; i++) values.push(at(m, i, j));
  return { rows: m.cols, cols: m.rows, values };
}

/** L · X · Rᵀ, X given as a function of (row, column), of shape [L's columns, R's columns]. */
function sandwich(left: WinogradMatrix, x: (i: number, j: number) => number, right: WinogradMatrix): Float64Array {
  const lx = new Float64Array(left.rows * right.cols);
  for (let a = 0; a < left.rows; a++)
    for (let j = 0; j < right.cols; j++) {
      let s = 0;
      for (let i = 0; i < left.cols; i++) s += at(left, a, i) * x(i, j);
      lx[a * right.cols + j] = s;
    }
  const out = new Float64Array(left.rows * right.rows);
  for (let a = 0; a < left.rows; a++)
    for (let b = 0; b < right.rows; b++) {
      let s = 0;
      for (let j = 0; j < right.cols; j++) s += (lx[a * right.cols + j] as number) * at(right, b, j);
      out[a * right.rows + b] = s;
    }
  return out;
}

const WINOGRAD_A = transpose(WINOGRAD_AT);
const WINOGRAD_GT = transpose(WINOGRAD_G);

/**
 * U[ξ][kk][nn] = (G g Gᵀ)[ξ] for the filter from input channel kk to output channel nn.
 * w is [5, 5, k, n]; with `flip`, w is [5, 5, n, k] and g[i][j] = w[4 − i][4 − j][nn][kk]
 * (the input gradient's filters).
 */
function transformFilters(w: Storage, k: number, n: number, flip: boolean): Float64Array {
  const u = new Float64Array(POINTS * k * n);
  for (let kk = 0; kk < k; kk++)
    for (let nn = 0; nn < n; nn++) {
      const g = flip
        ? (i: number, j: number) => w[((4 - i) * 5 + (4 - j)) * n * k + nn * k + kk] as number
        : (i: number, j: number) => w[((i * 5 + j) * k + kk) * n + nn] as number;
      const t = sandwich(WINOGRAD_G, g, WINOGRAD_G);
      for (let p = 0; p < POINTS; p++) u[(p * k + kk) * n + nn] = t[p] as number;
    }
  return u;
}

/** Tiles of WINOGRAD_TILE² outputs over an h × w image, row-major, and the batch's tile count. */
function tileGrid(g: Conv2DGeometry): { rows: number; cols: number } {
  return { rows: Math.ceil(g.inHeight / WINOGRAD_TILE), cols: Math.ceil(g.inWidth / WINOGRAD_TILE) };
}

/** V[c][ξ] = (Bᵀ d B)[ξ] of the ALPHA×ALPHA window of tile (ty, tx) of image img, channel c (zero outside the image). */
function inputTile(x: Storage, g: Conv2DGeometry, ch: number, img: number, ty: number, tx: number): Float64Array[] {
  const { inHeight: h, inWidth: w } = g;
  const out: Float64Array[] = [];
  for (let c = 0; c < ch; c++) {
    const d = (i: number, j: number) => {
      const iy = WINOGRAD_TILE * ty - 2 + i;
      const ix = WINOGRAD_TILE * tx - 2 + j;
      return iy < 0 || iy >= h || ix < 0 || ix >= w ? 0 : (x[((img * h + iy) * w + ix) * ch + c] as number);
    };
    out.push(sandwich(WINOGRAD_BT, d, WINOGRAD_BT));
  }
  return out;
}

/** The transformed window of channel c. */
const vc = (v: Float64Array[], c: number): Float64Array => v[c] as Float64Array;

/** y = conv(x, filters given as U) (+ bias): x has k channels, y n. */
function convolve(
  x: Storage,
  g: Conv2DGeometry,
  k: number,
  n: number,
  u: Float64Array,
  bias: Storage | undefined,
  y: Storage,
): void {
  const { inHeight: h, inWidth: w } = g;
  const grid = tileGrid(g);
  const m = new Float64Array(POINTS);
  for (let img = 0; img < g.batch; img++)
    for (let ty = 0; ty < grid.rows; ty++)
      for (let tx = 0; tx < grid.cols; tx++) {
        const v = inputTile(x, g, k, img, ty, tx);
        for (let o = 0; o < n; o++) {
          m.fill(0);
          for (let c = 0; c < k; c++)
            for (let p = 0; p < POINTS; p++)
              m[p] = (m[p] as number) + (vc(v, c)[p] as number) * (u[(p * k + c) * n + o] as number);
          const out = sandwich(WINOGRAD_AT, (a, b) => m[a * ALPHA + b] as number, WINOGRAD_AT);
          for (let r = 0; r < WINOGRAD_TILE; r++)
            for (let s = 0; s < WINOGRAD_TILE; s++) {
              const oy = WINOGRAD_TILE * ty + r;
              const ox = WINOGRAD_TILE * tx + s;
              if (oy < h && ox < w)
                y[((img * h + oy) * w + ox) * n + o] =
                  (out[r * WINOGRAD_TILE + s] as number) + (bias ? (bias[o] as number) : 0);
            }
        }
      }
}

/** y = conv(x, w) + b by F(4×4, 5×5). */
export function conv2dForwardWinograd(x: Storage, w: Storage, b: Storage, y: Storage, g: Conv2DGeometry): void {
  convolve(x, g, g.inChannels, g.outChannels, transformFilters(w, g.inChannels, g.outChannels, false), b, y);
}

/** dx = ∂L/∂x: the convolution of dy with the flipped, transposed filters, by F(4×4, 5×5). */
export function conv2dBackwardInputWinograd(dy: Storage, w: Storage, dx: Storage, g: Conv2DGeometry): void {
  convolve(dy, g, g.outChannels, g.inChannels, transformFilters(w, g.outChannels, g.inChannels, true), undefined, dx);
}

/** dw += Gᵀ [Σ_tiles (Bᵀ x B) ⊙ (A dy Aᵀ)] G; db += column sums of dy. */
export function conv2dBackwardFilterWinograd(
  x: Storage,
  dy: Storage,
  dw: Storage,
  db: Storage,
  g: Conv2DGeometry,
): void {
  const { inHeight: h, inWidth: w, inChannels: k, outChannels: n } = g;
  const grid = tileGrid(g);
  const du = new Float64Array(POINTS * k * n);
  for (let img = 0; img < g.batch; img++)
    for (let ty = 0; ty < grid.rows; ty++)
      for (let tx = 0; tx < grid.cols; tx++) {
        const v = inputTile(x, g, k, img, ty, tx);
        for (let o = 0; o < n; o++) {
          const tile = (r: number, s: number) => {
            const oy = WINOGRAD_TILE * ty + r;
            const ox = WINOGRAD_TILE * tx + s;
            return oy < h && ox < w ? (dy[((img * h + oy) * w + ox) * n + o] as number) : 0;
          };
          const z = sandwich(WINOGRAD_A, tile, WINOGRAD_A);
          for (let c = 0; c < k; c++)
            for (let p = 0; p < POINTS; p++)
              du[(p * k + c) * n + o] =
                (du[(p * k + c) * n + o] as number) + (vc(v, c)[p] as number) * (z[p] as number);
        }
      }
  for (let c = 0; c < k; c++)
    for (let o = 0; o < n; o++) {
      const t = sandwich(WINOGRAD_GT, (a, b) => du[((a * ALPHA + b) * k + c) * n + o] as number, WINOGRAD_GT);
      for (let tap = 0; tap < 25; tap++)
        dw[(tap * k + c) * n + o] = (dw[(tap * k + c) * n + o] as number) + (t[tap] as number);
    }
  sumRowsInto(dy, db, g.batch * h * w, n);
}
