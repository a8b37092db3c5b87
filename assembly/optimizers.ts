import { OPT_ADAGRAD as ADAGRAD, OPT_ADAM as ADAM, OPT_MOMENTUM as MOMENTUM, OPT_RMSPROP as RMSPROP, OPT_SGD as SGD } from '../src/kernel-abi/codes';
import { loadTail, storeTail, vectors } from './lanes';
import { update1 } from './optimizers-scalar';
import { partEnd, partStart } from './parts';

// Optimizer updates, 4 lanes at a time; threads split the parameter range.
// Codes in src/kernel-abi/codes.ts; formulas as TensorFlow 1.x (see src/optim/optimizers.ts). The build without SIMD
// runs the one-weight version (optimizers-scalar.ts) instead.

/**
 * One update of `len` weights w from gradients g with state slots s1, s2.
 * h1…h4 are the hyper-parameters: sgd (lr); momentum (lr, μ); adagrad (lr);
 * rmsprop (lr, ρ, μ, ε); adam (lr_t, β1, β2, ε).
 */
export function update(
  kind: i32,
  w: usize,
  g: usize,
  s1: usize,
  s2: usize,
  len: i32,
  h1: f32,
  h2: f32,
  h3: f32,
  h4: f32,
  part: i32,
  parts: i32,
): void {
  if (!ASC_FEATURE_SIMD) {
    update1(kind, w, g, s1, s2, len, h1, h2, h3, h4, part, parts);
    return;
  }
  const vecs = vectors(len);
  const v1 = partEnd(vecs, part, parts);
  const a = f32x4.splat(h1);
  const b = f32x4.splat(h2);
  const c = f32x4.splat(h3);
  const d = f32x4.splat(h4);
  const one = f32x4.splat(1);
  for (let v = partStart(vecs, part, parts); v < v1; v++) {
    const o = (<usize>v) << 4;
    const n = len - (v << 2);
    const full = n >= 4;
    let wv = full ? v128.load(w + o) : loadTail(w + o, n);
    const gv = full ? v128.load(g + o) : loadTail(g + o, n);
    let x = f32x4.splat(0);
    let y = f32x4.splat(0);
    if (kind == SGD) {
      wv = f32x4.sub(wv, f32x4.mul(a, gv));
    } else if (kind == MOMENTUM) {
      x = f32x4.add(f32x4.mul(b, full ? v128.load(s1 + o) : loadTail(s1 + o, n)), gv);
      wv = f32x4.sub(wv, f32x4.mul(a, x));
    } else if (kind == ADAGRAD) {
      x = f32x4.add(full ? v128.load(s1 + o) : loadTail(s1 + o, n), f32x4.mul(gv, gv));
      wv = f32x4.sub(wv, f32x4.div(f32x4.mul(a, gv), f32x4.sqrt(x)));
    } else if (kind == RMSPROP) {
      x = f32x4.add(
        f32x4.mul(b, full ? v128.load(s1 + o) : loadTail(s1 + o, n)),
        f32x4.mul(f32x4.sub(one, b), f32x4.mul(gv, gv)),
      );
      y = f32x4.add(
        f32x4.mul(c, full ? v128.load(s2 + o) : loadTail(s2 + o, n)),
        f32x4.div(f32x4.mul(a, gv), f32x4.sqrt(f32x4.add(x, d))),
      );
      wv = f32x4.sub(wv, y);
    } else {
      x = f32x4.add(f32x4.mul(b, full ? v128.load(s1 + o) : loadTail(s1 + o, n)), f32x4.mul(f32x4.sub(one, b), gv));
      y = f32x4.add(
        f32x4.mul(c, full ? v128.load(s2 + o) : loadTail(s2 + o, n)),
        f32x4.mul(f32x4.sub(one, c), f32x4.mul(gv, gv)),
      );
      wv = f32x4.sub(wv, f32x4.div(f32x4.mul(a, x), f32x4.add(f32x4.sqrt(y), d)));
    }
    if (full) {
      v128.store(w + o, wv);
      if (kind != SGD) v128.store(s1 + o, x);
      if (kind == RMSPROP || kind == ADAM) v128.store(s2 + o, y);
    } else {
      storeTail(w + o, wv, n);
      if (kind != SGD) storeTail(s1 + o, x, n);
      if (kind == RMSPROP || kind == ADAM) storeTail(s2 + o, y, n);
    }
  }
}
