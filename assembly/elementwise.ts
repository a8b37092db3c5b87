import { ACT_ELU, ACT_GELU, ACT_LEAKY_RELU, ACT_RELU, ACT_SIGMOID, ACT_TANH } from '../src/kernel-abi/codes';
import { activationBackward1, activationForward1, multiply1 } from './elementwise-scalar';
import { loadTail, storeTail, vectors } from './lanes';
import { eluNegf4, geluf4, geluGradf4, sigmoidf4, tanhf4 } from './math';
import { partEnd, partStart } from './parts';

// Elementwise kernels over float32 arrays. Threads split the index range in blocks
// of 4 lanes; the tail past the last full vector is done with the same vector code
// through a zero-padded copy, so every element is computed the same way. The build
// without SIMD runs the one-float versions (elementwise-scalar.ts) instead: the
// compile-time test on ASC_FEATURE_SIMD leaves only one of the two in each build.
// Activation codes: src/kernel-abi/codes.ts (identity is every code not listed).

/** y = f(x); alpha is leaky ReLU's slope or ELU's α. */
export function activationForward(kind: i32, x: usize, y: usize, len: i32, alpha: f32, part: i32, parts: i32): void {
  if (!ASC_FEATURE_SIMD) {
    activationForward1(kind, x, y, len, alpha, part, parts);
    return;
  }
  const vecs = vectors(len);
  const v1 = partEnd(vecs, part, parts);
  const a = f32x4.splat(alpha);
  const zero = f32x4.splat(0);
  for (let v = partStart(vecs, part, parts); v < v1; v++) {
    const o = <usize>v << 4;
    const full = (v << 2) + 4 <= len;
    const xv = full ? v128.load(x + o) : loadTail(x + o, len - (v << 2));
    let out: v128;
    if (kind == ACT_RELU) out = f32x4.max(xv, zero);
    else if (kind == ACT_LEAKY_RELU) out = v128.bitselect(xv, f32x4.mul(xv, a), f32x4.gt(xv, zero));
    else if (kind == ACT_TANH) out = tanhf4(xv);
    else if (kind == ACT_SIGMOID) out = sigmoidf4(xv);
    else if (kind == ACT_GELU) out = geluf4(xv);
    else if (kind == ACT_ELU) out = v128.bitselect(xv, eluNegf4(xv, a), f32x4.gt(xv, zero));
    else out = xv;
    if (full) v128.store(y + o, out);
    else storeTail(y + o, out, len - (v << 2));
  }
}

/** dx = dy · f'(x), using y = f(x) for tanh, sigmoid and ELU (f' = y + α below 0). */
export function activationBackward(kind: i32, x: usize, y: usize, dy: usize, dx: usize, len: i32, alpha: f32, part: i32, parts: i32): void {
  if (!ASC_FEATURE_SIMD) {
    activationBackward1(kind, x, y, dy, dx, len, alpha, part, parts);
    return;
  }
  const vecs = vectors(len);
  const v1 = partEnd(vecs, part, parts);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  for (let v = partStart(vecs, part, parts); v < v1; v++) {
    const o = <usize>v << 4;
    const n = len - (v << 2);
    const full = n >= 4;
    const xv = full ? v128.load(x + o) : loadTail(x + o, n);
    const yv = full ? v128.load(y + o) : loadTail(y + o, n);
    const g = full ? v128.load(dy + o) : loadTail(dy + o, n);
    let out: v128;
    if (kind == ACT_RELU) out = v128.and(g, f32x4.gt(xv, zero));
    else if (kind == ACT_LEAKY_RELU) out = v128.bitselect(g, f32x4.mul(g, f32x4.splat(alpha)), f32x4.gt(xv, zero));
    else if (kind == ACT_TANH) out = f32x4.mul(g, f32x4.sub(one, f32x4.mul(yv, yv)));
    else if (kind == ACT_SIGMOID) out = f32x4.mul(f32x4.mul(g, yv), f32x4.sub(one, yv));
    else if (kind == ACT_GELU) out = f32x4.mul(g, geluGradf4(xv));
    else if (kind == ACT_ELU) {
      out = v128.bitselect(g, f32x4.mul(g, f32x4.add(yv, f32x4.splat(alpha))), f32x4.gt(xv, zero));
    } else out = g;
    if (full) v128.store(dx + o, out);
    else storeTail(dx + o, out, n);
  }
}

/** y = x · m. */
export function multiply(x: usize, m: usize, y: usize, len: i32, part: i32, parts: i32): void {
  if (!ASC_FEATURE_SIMD) {
    multiply1(x, m, y, len, part, parts);
    return;
  }
  const vecs = vectors(len);
  const v1 = partEnd(vecs, part, parts);
  for (let v = partStart(vecs, part, parts); v < v1; v++) {
    const o = <usize>v << 4;
    const n = len - (v << 2);
    if (n >= 4) v128.store(y + o, f32x4.mul(v128.load(x + o), v128.load(m + o)));
    else storeTail(y + o, f32x4.mul(loadTail(x + o, n), loadTail(m + o, n)), n);
  }
}

/** x[i] = value (threads split the range). */
export function fill(x: usize, len: i32, value: f32, part: i32, parts: i32): void {
  const i0 = partStart(len, part, parts);
  const i1 = partEnd(len, part, parts);
  if (value == 0) {
    memory.fill(x + (<usize>i0 << 2), 0, <usize>(i1 - i0) << 2);
    return;
  }
  for (let i = i0; i < i1; i++) store<f32>(x + (<usize>i << 2), value);
}
