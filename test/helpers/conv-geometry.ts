import type { Conv2DGeometry } from '../../src/backend/backend.js';

/**
 * The geometry of a stride-1 convolution with square k×k filters and `pad` zero rows
 * and columns on every side: the output is (h + 2·pad − k + 1) × (w + 2·pad − k + 1).
 */
export function convGeometry(
  batch: number,
  h: number,
  w: number,
  c: number,
  f: number,
  k: number,
  pad: number,
): Conv2DGeometry {
  return {
    batch,
    inHeight: h,
    inWidth: w,
    inChannels: c,
    kernelHeight: k,
    kernelWidth: k,
    outChannels: f,
    outHeight: h + 2 * pad - k + 1,
    outWidth: w + 2 * pad - k + 1,
    padTop: pad,
    padLeft: pad,
  };
}
