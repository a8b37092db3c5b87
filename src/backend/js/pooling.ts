import type { Storage } from '../../tensor/tensor.js';

/** Shape of an NHWC tensor. */
export interface Nhwc {
  n: number;
  h: number;
  w: number;
  c: number;
}

/**
 * 2×2 stride-2 max pooling with TensorFlow's SAME padding (output ⌈h/2⌉ × ⌈w/2⌉;
 * windows are clipped at the border). Ties go to the first element in row-major order.
 */
export function maxPoolForward(x: Storage, s: Nhwc, y: Storage, argmax: Int32Array): void {
  const oh = Math.ceil(s.h / 2);
  const ow = Math.ceil(s.w / 2);
  let o = 0;
  for (let n = 0; n < s.n; n++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let c = 0; c < s.c; c++) {
          let best = -Infinity;
          let at = -1;
          for (let di = 0; di < 2; di++) {
            const h = 2 * i + di;
            if (h >= s.h) break;
            for (let dj = 0; dj < 2; dj++) {
              const w = 2 * j + dj;
              if (w >= s.w) break;
              const idx = ((n * s.h + h) * s.w + w) * s.c + c;
              const v = x[idx] as number;
              if (v > best || at < 0) {
                best = v;
                at = idx;
              }
            }
          }
          y[o] = best;
          argmax[o] = at;
          o++;
        }
      }
    }
  }
}

/** dx = 0; dx[argmax[i]] += dy[i]. */
export function maxPoolBackward(dy: Storage, argmax: Int32Array, dx: Storage): void {
  dx.fill(0);
  for (let i = 0; i < dy.length; i++) {
    const at = argmax[i] as number;
    dx[at] = (dx[at] as number) + (dy[i] as number);
  }
}
