import { addInto, loadTail, storeTail } from './lanes';
import { partEnd, partStart } from './parts';

/** x[r, :] += bias for rows of x ([rows, n]); threads split rows. */
export function addBias(x: usize, bias: usize, rows: i32, n: i32, part: i32, parts: i32): void {
  const r1 = partEnd(rows, part, parts);
  for (let r = partStart(rows, part, parts); r < r1; r++) addInto(x + ((<usize>r * n) << 2), bias, n);
}

/**
 * grad[j] += Σ_r dy[r, j], rows added in order (row by row, 4 columns per vector, so
 * memory is read once in order); threads split the columns.
 */
export function biasGrad(dy: usize, grad: usize, rows: i32, n: i32, part: i32, parts: i32): void {
  if (!ASC_FEATURE_SIMD) {
    // Without SIMD: the same sums in the same order, one column at a time within each row.
    const j0 = partStart(n, part, parts);
    const j1 = partEnd(n, part, parts);
    for (let r = 0; r < rows; r++) addInto(grad + (<usize>j0 << 2), dy + ((<usize>r * n + j0) << 2), j1 - j0);
    return;
  }
  const vecs = (n + 3) >> 2;
  const v0 = partStart(vecs, part, parts);
  const v1 = partEnd(vecs, part, parts);
  for (let r = 0; r < rows; r++) {
    const src = dy + ((<usize>r * n) << 2);
    for (let v = v0; v < v1; v++) {
      const o = <usize>v << 4;
      const left = n - (v << 2);
      if (left >= 4) v128.store(grad + o, f32x4.add(v128.load(grad + o), v128.load(src + o)));
      else storeTail(grad + o, f32x4.add(loadTail(grad + o, left), loadTail(src + o, left)), left);
    }
  }
}

/** 2×2 stride-2 max pooling, SAME (⌈h/2⌉ × ⌈w/2⌉), NHWC; argmax gets the input index; threads split output rows. */
export function maxPoolForward(
  x: usize,
  batch: i32,
  h: i32,
  w: i32,
  ch: i32,
  y: usize,
  argmax: usize,
  part: i32,
  parts: i32,
): void {
  const oh = (h + 1) >> 1;
  const ow = (w + 1) >> 1;
  const rows = batch * oh;
  const r1 = partEnd(rows, part, parts);
  for (let r = partStart(rows, part, parts); r < r1; r++) {
    const n = r / oh;
    const i = r - n * oh;
    for (let j = 0; j < ow; j++) {
      const o = (r * ow + j) * ch;
      const first = ((n * h + 2 * i) * w + 2 * j) * ch;
      let c = 0;
      // Four channels at a time (where the build has SIMD); a later window element wins
      // only if strictly larger (first max, as the scalar loop that does the rest).
      if (ASC_FEATURE_SIMD) for (; c + 4 <= ch; c += 4) {
        const lanes = i32x4(0, 1, 2, 3);
        let best = v128.load(x + ((<usize>(first + c)) << 2));
        let at = i32x4.add(i32x4.splat(first + c), lanes);
        for (let d = 1; d < 4; d++) {
          const hh = 2 * i + (d >> 1);
          const ww = 2 * j + (d & 1);
          if (hh >= h || ww >= w) continue;
          const idx = ((n * h + hh) * w + ww) * ch + c;
          const v = v128.load(x + ((<usize>idx) << 2));
          const better = f32x4.gt(v, best);
          best = v128.bitselect(v, best, better);
          at = v128.bitselect(i32x4.add(i32x4.splat(idx), lanes), at, better);
        }
        v128.store(y + ((<usize>(o + c)) << 2), best);
        v128.store(argmax + ((<usize>(o + c)) << 2), at);
      }
      for (; c < ch; c++) {
        let best: f32 = -Infinity;
        let at = -1;
        for (let d = 0; d < 4; d++) {
          const hh = 2 * i + (d >> 1);
          const ww = 2 * j + (d & 1);
          if (hh >= h || ww >= w) continue;
          const idx = ((n * h + hh) * w + ww) * ch + c;
          const v = load<f32>(x + ((<usize>idx) << 2));
          if (v > best || at < 0) {
            best = v;
            at = idx;
          }
        }
        store<f32>(y + ((<usize>(o + c)) << 2), best);
        store<i32>(argmax + ((<usize>(o + c)) << 2), at);
      }
    }
  }
}

/** dx = 0; dx[argmax[i]] = dy[i] (windows do not overlap); threads split images. */
export function maxPoolBackward(
  dy: usize,
  argmax: usize,
  batch: i32,
  h: i32,
  w: i32,
  ch: i32,
  dx: usize,
  part: i32,
  parts: i32,
): void {
  const n0 = partStart(batch, part, parts);
  const n1 = partEnd(batch, part, parts);
  const image = h * w * ch;
  const outImage = ((h + 1) >> 1) * ((w + 1) >> 1) * ch;
  memory.fill(dx + ((<usize>n0 * image) << 2), 0, (<usize>(n1 - n0) * image) << 2);
  for (let i = n0 * outImage; i < n1 * outImage; i++) {
    const at = load<i32>(argmax + ((<usize>i) << 2));
    store<f32>(dx + ((<usize>at) << 2), load<f32>(dy + ((<usize>i) << 2)));
  }
}

/** Mean softmax cross-entropy (single thread); writes probs and (p − onehot)/n; returns the loss. */
export function softmaxCrossEntropy(logits: usize, labels: usize, n: i32, k: i32, probs: usize, grad: usize): f64 {
  let loss: f64 = 0;
  for (let r = 0; r < n; r++) {
    const o = <usize>r * k;
    let max: f64 = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, <f64>load<f32>(logits + ((o + j) << 2)));
    let sum: f64 = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(<f64>load<f32>(logits + ((o + j) << 2)) - max);
    const label = load<i32>(labels + ((<usize>r) << 2));
    loss -= <f64>load<f32>(logits + ((o + label) << 2)) - max - Math.log(sum);
    for (let j = 0; j < k; j++) {
      const p = Math.exp(<f64>load<f32>(logits + ((o + j) << 2)) - max) / sum;
      store<f32>(probs + ((o + j) << 2), <f32>p);
      store<f32>(grad + ((o + j) << 2), <f32>((p - (j == label ? 1.0 : 0.0)) / n));
    }
  }
  return loss / n;
}

/** out[r] = index of the largest entry of row r (first on ties). */
export function argmaxRows(x: usize, n: i32, k: i32, out: usize): void {
  for (let r = 0; r < n; r++) {
    let best = 0;
    let bestValue = load<f32>(x + ((<usize>r * k) << 2));
    for (let j = 1; j < k; j++) {
      const v = load<f32>(x + ((<usize>r * k + j) << 2));
      if (v > bestValue) {
        best = j;
        bestValue = v;
      }
    }
    store<i32>(out + ((<usize>r) << 2), best);
  }
}
