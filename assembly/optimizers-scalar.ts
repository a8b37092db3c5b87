import { OPT_ADAGRAD as ADAGRAD, OPT_MOMENTUM as MOMENTUM, OPT_RMSPROP as RMSPROP, OPT_SGD as SGD } from '../src/kernel-abi/codes';
import { partEnd, partStart } from './parts';

// The optimizer updates of optimizers.ts one weight at a time, for the build without
// SIMD: each weight gets the operations a lane of the vector code gives it.

/** One update of `len` weights; arguments as `update` in optimizers.ts. */
export function update1(
  kind: i32, w: usize, g: usize, s1: usize, s2: usize, len: i32, a: f32, b: f32, c: f32, d: f32, part: i32, parts: i32,
): void {
  const i0 = partStart(len, part, parts);
  const i1 = partEnd(len, part, parts);
  const one: f32 = 1;
  if (kind == SGD) {
    for (let i = i0; i < i1; i++) {
      const o = <usize>i << 2;
      store<f32>(w + o, load<f32>(w + o) - a * load<f32>(g + o));
    }
  } else if (kind == MOMENTUM) {
    for (let i = i0; i < i1; i++) {
      const o = <usize>i << 2;
      const x = b * load<f32>(s1 + o) + load<f32>(g + o);
      store<f32>(w + o, load<f32>(w + o) - a * x);
      store<f32>(s1 + o, x);
    }
  } else if (kind == ADAGRAD) {
    for (let i = i0; i < i1; i++) {
      const o = <usize>i << 2;
      const gv = load<f32>(g + o);
      const x = load<f32>(s1 + o) + gv * gv;
      store<f32>(w + o, load<f32>(w + o) - (a * gv) / sqrt<f32>(x));
      store<f32>(s1 + o, x);
    }
  } else if (kind == RMSPROP) {
    for (let i = i0; i < i1; i++) {
      const o = <usize>i << 2;
      const gv = load<f32>(g + o);
      const x = b * load<f32>(s1 + o) + (one - b) * (gv * gv);
      const y = c * load<f32>(s2 + o) + (a * gv) / sqrt<f32>(x + d);
      store<f32>(w + o, load<f32>(w + o) - y);
      store<f32>(s1 + o, x);
      store<f32>(s2 + o, y);
    }
  } else {
    for (let i = i0; i < i1; i++) {
      const o = <usize>i << 2;
      const gv = load<f32>(g + o);
      const x = b * load<f32>(s1 + o) + (one - b) * gv;
      const y = c * load<f32>(s2 + o) + (one - c) * (gv * gv);
      store<f32>(w + o, load<f32>(w + o) - (a * x) / (sqrt<f32>(y) + d));
      store<f32>(s1 + o, x);
      store<f32>(s2 + o, y);
    }
  }
}
