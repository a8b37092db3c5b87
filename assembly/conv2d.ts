import { addInto } from './lanes';
import { partEnd, partStart } from './parts';

// im2col and its adjoint over NHWC float32 images; the convolutions themselves are
// sgemm calls on the im2col matrix (one row per output pixel, one column per tap).

/** col[(n, oh, ow), (ki, kj, c)] = x[n, oh + ki − padTop, ow + kj − padLeft, c] or 0; threads split rows. */
export function im2col(
  x: usize, batch: i32, h: i32, w: i32, ch: i32, kh: i32, kw: i32, oh: i32, ow: i32, padTop: i32, padLeft: i32,
  col: usize, part: i32, parts: i32,
): void {
  const rows = batch * oh * ow;
  const r0 = partStart(rows, part, parts);
  const r1 = partEnd(rows, part, parts);
  const taps = kh * kw * ch;
  const row = <usize>(kw * ch) << 2;
  for (let r = r0; r < r1; r++) {
    const n = r / (oh * ow);
    const rem = r - n * oh * ow;
    const y = rem / ow;
    const xo = rem - y * ow;
    const iw0 = xo - padLeft;
    const inside = iw0 >= 0 && iw0 + kw <= w;
    let dst = col + ((<usize>r * taps) << 2);
    for (let ki = 0; ki < kh; ki++) {
      const ih = y + ki - padTop;
      if (ih < 0 || ih >= h) {
        memory.fill(dst, 0, row);
      } else if (inside) {
        // The kw pixels of this filter row are contiguous in NHWC: one copy.
        copyRun(dst, x + ((((<usize>n * h + ih) * w + iw0) * ch) << 2), kw * ch);
      } else {
        for (let kj = 0; kj < kw; kj++) {
          const iw = iw0 + kj;
          const out = dst + ((<usize>kj * ch) << 2);
          if (iw < 0 || iw >= w) memory.fill(out, 0, <usize>ch << 2);
          else copyRun(out, x + ((((<usize>n * h + ih) * w + iw) * ch) << 2), ch);
        }
      }
      dst += row;
    }
  }
}

/** dst[0:len] = src[0:len] (float32); vector moves (where the build has SIMD), as runs are short. */
@inline function copyRun(dst: usize, src: usize, len: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) for (; i + 4 <= len; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < len; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** dx = 0, then each col entry is added back to its pixel; threads split images (disjoint outputs). */
export function col2im(
  col: usize, batch: i32, h: i32, w: i32, ch: i32, kh: i32, kw: i32, oh: i32, ow: i32, padTop: i32, padLeft: i32,
  dx: usize, part: i32, parts: i32,
): void {
  const n0 = partStart(batch, part, parts);
  const n1 = partEnd(batch, part, parts);
  const taps = kh * kw * ch;
  const image = <usize>h * w * ch;
  memory.fill(dx + ((<usize>n0 * image) << 2), 0, (<usize>(n1 - n0) * image) << 2);
  for (let n = n0; n < n1; n++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        let src = col + ((((<usize>n * oh + y) * ow + xo) * taps) << 2);
        for (let ki = 0; ki < kh; ki++) {
          const ih = y + ki - padTop;
          for (let kj = 0; kj < kw; kj++) {
            const iw = xo + kj - padLeft;
            if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
              addInto(dx + ((((<usize>n * h + ih) * w + iw) * ch) << 2), src, ch);
            }
            src += <usize>ch << 2;
          }
        }
      }
    }
  }
}
