import type { Storage } from '../../tensor/tensor.js';
import type { Conv2DGeometry } from '../backend.js';
import { addBiasRows, sumRowsInto } from './elementwise.js';
import { gemm } from './gemm.js';

/** Rows and columns of the im2col matrix: one row per output pixel, one column per filter tap. */
export function im2colSize(g: Conv2DGeometry): { rows: number; cols: number } {
  return { rows: g.batch * g.outHeight * g.outWidth, cols: g.kernelHeight * g.kernelWidth * g.inChannels };
}

/** col[(n, oh, ow), (ki, kj, c)] = x[n, oh + ki − padTop, ow + kj − padLeft, c], or 0 outside. */
export function im2col(x: Storage, g: Conv2DGeometry, col: Storage): void {
  const { inHeight: H, inWidth: W, inChannels: C, kernelHeight: KH, kernelWidth: KW } = g;
  let r = 0;
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let ki = 0; ki < KH; ki++) {
          const ih = oh + ki - g.padTop;
          for (let kj = 0; kj < KW; kj++) {
            const iw = ow + kj - g.padLeft;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
              col.fill(0, r, r + C);
            } else {
              const src = ((n * H + ih) * W + iw) * C;
              for (let c = 0; c < C; c++) col[r + c] = x[src + c] as number;
            }
            r += C;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: dx = 0, then every col entry is added back to its input pixel. */
export function col2im(col: Storage, g: Conv2DGeometry, dx: Storage): void {
  const { inHeight: H, inWidth: W, inChannels: C, kernelHeight: KH, kernelWidth: KW } = g;
  dx.fill(0);
  let r = 0;
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let ki = 0; ki < KH; ki++) {
          const ih = oh + ki - g.padTop;
          for (let kj = 0; kj < KW; kj++) {
            const iw = ow + kj - g.padLeft;
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
              const dst = ((n * H + ih) * W + iw) * C;
              for (let c = 0; c < C; c++) dx[dst + c] = (dx[dst + c] as number) + (col[r + c] as number);
            }
            r += C;
          }
        }
      }
    }
  }
}

/** y = im2col(x) · w + b. */
export function conv2dForward(x: Storage, w: Storage, b: Storage, y: Storage, g: Conv2DGeometry, col: Storage): void {
  const { rows, cols } = im2colSize(g);
  im2col(x, g, col);
  gemm(false, false, rows, g.outChannels, cols, col, w, y, false);
  addBiasRows(y, b, rows, g.outChannels);
}

/** dx = col2im(dy · wᵀ). */
export function conv2dBackwardInput(dy: Storage, w: Storage, dx: Storage, g: Conv2DGeometry, col: Storage): void {
  const { rows, cols } = im2colSize(g);
  gemm(false, true, rows, cols, g.outChannels, dy, w, col, false);
  col2im(col, g, dx);
}

/** dw += im2col(x)ᵀ · dy; db += column sums of dy. */
export function conv2dBackwardFilter(
  x: Storage,
  dy: Storage,
  dw: Storage,
  db: Storage,
  g: Conv2DGeometry,
  col: Storage,
): void {
  const { rows, cols } = im2colSize(g);
  im2col(x, g, col);
  gemm(true, false, cols, g.outChannels, rows, col, dy, dw, true);
  sumRowsInto(dy, db, rows, g.outChannels);
}
