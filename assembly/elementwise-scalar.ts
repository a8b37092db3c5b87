import { ACT_ELU, ACT_GELU, ACT_LEAKY_RELU, ACT_RELU, ACT_SIGMOID, ACT_TANH } from '../src/kernel-abi/codes';
import { eluNegf1, geluf1, geluGradf1, sigmoidf1, tanhf1 } from './math';
import { partEnd, partStart } from './parts';

// The elementwise kernels of elementwise.ts one float at a time, for the build without
// SIMD; each element gets the operations a lane of the vector code gives it. Threads
// split the index range. The activation kind is tested once per call, not per element.

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** y = f(x). */
export function activationForward1(kind: i32, x: usize, y: usize, len: i32, alpha: f32, part: i32, parts: i32): void {
  const i0 = partStart(len, part, parts);
  const i1 = partEnd(len, part, parts);
  if (kind == ACT_RELU) {
    for (let i = i0; i < i1; i++) store<f32>(at(y, i), max<f32>(load<f32>(at(x, i)), 0));
  } else if (kind == ACT_LEAKY_RELU) {
    for (let i = i0; i < i1; i++) {
      const v = load<f32>(at(x, i));
      store<f32>(at(y, i), v > 0 ? v : v * alpha);
    }
  } else if (kind == ACT_TANH) {
    for (let i = i0; i < i1; i++) store<f32>(at(y, i), tanhf1(load<f32>(at(x, i))));
  } else if (kind == ACT_SIGMOID) {
    for (let i = i0; i < i1; i++) store<f32>(at(y, i), sigmoidf1(load<f32>(at(x, i))));
  } else if (kind == ACT_GELU) {
    for (let i = i0; i < i1; i++) store<f32>(at(y, i), geluf1(load<f32>(at(x, i))));
  } else if (kind == ACT_ELU) {
    for (let i = i0; i < i1; i++) {
      const v = load<f32>(at(x, i));
      store<f32>(at(y, i), v > 0 ? v : eluNegf1(v, alpha));
    }
  } else {
    for (let i = i0; i < i1; i++) store<f32>(at(y, i), load<f32>(at(x, i)));
  }
}

/** dx = dy · f'(x), using y = f(x) for tanh, sigmoid and ELU. */
export function activationBackward1(
  kind: i32, x: usize, y: usize, dy: usize, dx: usize, len: i32, alpha: f32, part: i32, parts: i32,
): void {
  const i0 = partStart(len, part, parts);
  const i1 = partEnd(len, part, parts);
  if (kind == ACT_RELU) {
    // The vector code masks g with x > 0: +0 where x ≤ 0 (or NaN).
    for (let i = i0; i < i1; i++) store<f32>(at(dx, i), load<f32>(at(x, i)) > 0 ? load<f32>(at(dy, i)) : 0);
  } else if (kind == ACT_LEAKY_RELU) {
    for (let i = i0; i < i1; i++) {
      const g = load<f32>(at(dy, i));
      store<f32>(at(dx, i), load<f32>(at(x, i)) > 0 ? g : g * alpha);
    }
  } else if (kind == ACT_TANH) {
    for (let i = i0; i < i1; i++) {
      const v = load<f32>(at(y, i));
      store<f32>(at(dx, i), load<f32>(at(dy, i)) * (<f32>1 - v * v));
    }
  } else if (kind == ACT_SIGMOID) {
    for (let i = i0; i < i1; i++) {
      const v = load<f32>(at(y, i));
      store<f32>(at(dx, i), load<f32>(at(dy, i)) * v * (<f32>1 - v));
    }
  } else if (kind == ACT_GELU) {
    for (let i = i0; i < i1; i++) store<f32>(at(dx, i), load<f32>(at(dy, i)) * geluGradf1(load<f32>(at(x, i))));
  } else if (kind == ACT_ELU) {
    for (let i = i0; i < i1; i++) {
      const g = load<f32>(at(dy, i));
      store<f32>(at(dx, i), load<f32>(at(x, i)) > 0 ? g : g * (load<f32>(at(y, i)) + alpha));
    }
  } else {
    for (let i = i0; i < i1; i++) store<f32>(at(dx, i), load<f32>(at(dy, i)));
  }
}

/** y = x · m. */
export function multiply1(x: usize, m: usize, y: usize, len: i32, part: i32, parts: i32): void {
  const i1 = partEnd(len, part, parts);
  for (let i = partStart(len, part, parts); i < i1; i++) store<f32>(at(y, i), load<f32>(at(x, i)) * load<f32>(at(m, i)));
}
