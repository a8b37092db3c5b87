// Float64 kernels of the classic networks (src/classic), a module of their own
// (build/nnlab-classic.wasm). Every result is bit-identical to the TypeScript kernels
// in src/classic/matrix.ts: each output is the same IEEE operations in the same order.
// SIMD lanes only ever hold two independent sums, never two parts of one sum, and
// nothing is fused (no FMA). Pointers are byte offsets into this module's memory;
// matrices are row-major.

import { ABI_SIGNATURE, ACT_ELU, ACT_GELU, ACT_LEAKY_RELU, ACT_RELU, ACT_SIGMOID, ACT_TANH, ELU_ALPHA, LEAKY_RELU_ALPHA } from '../src/kernel-abi/codes';
import { at } from './classic-common';
import { geluGrad1, geluGrad2 } from './classic-host';

export { ABI_SIGNATURE };

export { activationForward, expForward, expm1Forward, softmax, tanhForward } from './classic-activations';

/** First byte free for the caller's buffers (below: this module's static data). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/**
 * out = x · w + bias, as matmulBias: x [n, k], w [k, m], bias [m], out [n, m]. Columns
 * go two at a time in the SIMD lanes.
 */
export function affine(x: usize, n: i32, k: i32, w: usize, m: i32, bias: usize, out: usize): void {
  const zero = f64x2.splat(0);
  if (k == 2) {
    // Plain sums (a compensated sum of two terms rounds to the plain one), while every
    // plain sum is finite: `finite` stays 0, else becomes NaN and the TwoSum path redoes it.
    let finite = zero;
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      const w0 = v128.load(at(w, j));
      const w1 = v128.load(at(w, m + j));
      const b = v128.load(at(bias, j));
      for (let i = 0; i < n; i++) {
        const p0 = f64x2.mul(f64x2.splat(load<f64>(at(x, 2 * i))), w0);
        const p1 = f64x2.mul(f64x2.splat(load<f64>(at(x, 2 * i + 1))), w1);
        const s = f64x2.add(f64x2.add(zero, p0), p1);
        finite = f64x2.mul(finite, f64x2.sub(s, s));
        v128.store(at(out, i * m + j), f64x2.add(s, b));
      }
    }
    let finiteTail: f64 = 0;
    if (j < m) {
      const w0 = load<f64>(at(w, j));
      const w1 = load<f64>(at(w, m + j));
      const b = load<f64>(at(bias, j));
      for (let i = 0; i < n; i++) {
        const s = 0 + load<f64>(at(x, 2 * i)) * w0 + load<f64>(at(x, 2 * i + 1)) * w1;
        finiteTail *= s - s;
        store<f64>(at(out, i * m + j), s + b);
      }
    }
    if (f64x2.extract_lane(finite, 0) == 0 && f64x2.extract_lane(finite, 1) == 0 && finiteTail == 0) return;
  }
  // TwoSum chains, the first step from (0, 0) shortened to sum = 0 + p, carry = p − p.
  let j = 0;
  for (; j + 2 <= m; j += 2) {
    const b = v128.load(at(bias, j));
    for (let i = 0; i < n; i++) {
      const row = i * k;
      const p0 = f64x2.mul(f64x2.splat(load<f64>(at(x, row))), v128.load(at(w, j)));
      let sum = f64x2.add(zero, p0);
      let carry = f64x2.sub(p0, p0);
      for (let t = 1; t < k; t++) {
        const p = f64x2.mul(f64x2.splat(load<f64>(at(x, row + t))), v128.load(at(w, t * m + j)));
        const s = f64x2.add(sum, p);
        const e = f64x2.sub(s, sum);
        carry = f64x2.add(carry, f64x2.add(f64x2.sub(sum, f64x2.sub(s, e)), f64x2.sub(p, e)));
        sum = s;
      }
      v128.store(at(out, i * m + j), f64x2.add(f64x2.add(sum, carry), b));
    }
  }
  if (j < m) {
    const b = load<f64>(at(bias, j));
    for (let i = 0; i < n; i++) {
      const row = i * k;
      const p0 = load<f64>(at(x, row)) * load<f64>(at(w, j));
      let sum = 0 + p0;
      let carry = p0 - p0;
      for (let t = 1; t < k; t++) {
        const p = load<f64>(at(x, row + t)) * load<f64>(at(w, t * m + j));
        const s = sum + p;
        const e = s - sum;
        carry += sum - (s - e) + (p - e);
        sum = s;
      }
      store<f64>(at(out, i * m + j), sum + carry + b);
    }
  }
}

/**
 * gw = xᵀ · d and gb[j] = Σ_i d[i, j], as matmulTransASumRows: x [n, k], d [n, m],
 * gw [k, m], gb [m]; every sum compensated over i = 0…n−1 from (0, 0). The k·m + m sums
 * are paired into SIMD lanes — bias columns (j, j + 1); weight rows (q, q + 1) of a column;
 * for odd k the last row's columns (j, j + 1); for odd m the last bias with, for odd k too,
 * the last weight ((1, x)·d: 1·d is d exactly).
 */
export function weightGrads(x: usize, n: i32, k: i32, d: usize, m: i32, gw: usize, gb: usize): void {
  const zero = f64x2.splat(0);
  // Bias sums, columns (j, j + 1).
  let j = 0;
  for (; j + 2 <= m; j += 2) {
    let sum = zero;
    let carry = zero;
    for (let i = 0; i < n; i++) {
      const p = v128.load(at(d, i * m + j));
      const s = f64x2.add(sum, p);
      const e = f64x2.sub(s, sum);
      carry = f64x2.add(carry, f64x2.add(f64x2.sub(sum, f64x2.sub(s, e)), f64x2.sub(p, e)));
      sum = s;
    }
    v128.store(at(gb, j), f64x2.add(sum, carry));
  }
  // Weight rows (q, q + 1) of each column j.
  for (let j = 0; j < m; j++) {
    for (let q = 0; q + 2 <= k; q += 2) {
      let sum = zero;
      let carry = zero;
      for (let i = 0; i < n; i++) {
        const p = f64x2.mul(v128.load(at(x, i * k + q)), f64x2.splat(load<f64>(at(d, i * m + j))));
        const s = f64x2.add(sum, p);
        const e = f64x2.sub(s, sum);
        carry = f64x2.add(carry, f64x2.add(f64x2.sub(sum, f64x2.sub(s, e)), f64x2.sub(p, e)));
        sum = s;
      }
      const total = f64x2.add(sum, carry);
      store<f64>(at(gw, q * m + j), f64x2.extract_lane(total, 0));
      store<f64>(at(gw, (q + 1) * m + j), f64x2.extract_lane(total, 1));
    }
  }
  const q = k - 1;
  if (k & 1) {
    // The last weight row, columns (j, j + 1).
    for (let j = 0; j + 2 <= m; j += 2) {
      let sum = zero;
      let carry = zero;
      for (let i = 0; i < n; i++) {
        const p = f64x2.mul(f64x2.splat(load<f64>(at(x, i * k + q))), v128.load(at(d, i * m + j)));
        const s = f64x2.add(sum, p);
        const e = f64x2.sub(s, sum);
        carry = f64x2.add(carry, f64x2.add(f64x2.sub(sum, f64x2.sub(s, e)), f64x2.sub(p, e)));
        sum = s;
      }
      const total = f64x2.add(sum, carry);
      store<f64>(at(gw, q * m + j), f64x2.extract_lane(total, 0));
      store<f64>(at(gw, q * m + j + 1), f64x2.extract_lane(total, 1));
    }
  }
  if (m & 1) {
    // The last bias sum, with the last weight of the last row when k is odd too.
    const last = m - 1;
    const withWeight = (k & 1) != 0;
    let sum = zero;
    let carry = zero;
    for (let i = 0; i < n; i++) {
      const factor = withWeight ? f64x2.replace_lane(f64x2.splat(1), 1, load<f64>(at(x, i * k + q))) : f64x2.splat(1);
      const p = f64x2.mul(factor, f64x2.splat(load<f64>(at(d, i * m + last))));
      const s = f64x2.add(sum, p);
      const e = f64x2.sub(s, sum);
      carry = f64x2.add(carry, f64x2.add(f64x2.sub(sum, f64x2.sub(s, e)), f64x2.sub(p, e)));
      sum = s;
    }
    const total = f64x2.add(sum, carry);
    store<f64>(at(gb, last), f64x2.extract_lane(total, 0));
    if (withWeight) store<f64>(at(gw, q * m + last), f64x2.extract_lane(total, 1));
  }
}

/** Σ_j d[i, j]·wt[j, q…q+1] for one row i: compensated from (0, 0) (matmulTransB's `dot`). */
@inline function rowDot2(d: usize, i: i32, m: i32, wt: usize, k: i32, q: i32): v128 {
  let sum = f64x2.splat(0);
  let carry = f64x2.splat(0);
  for (let j = 0; j < m; j++) {
    const p = f64x2.mul(f64x2.splat(load<f64>(at(d, i * m + j))), v128.load(at(wt, j * k + q)));
    const s = f64x2.add(sum, p);
    const e = f64x2.sub(s, sum);
    carry = f64x2.add(carry, f64x2.add(f64x2.sub(sum, f64x2.sub(s, e)), f64x2.sub(p, e)));
    sum = s;
  }
  return f64x2.add(sum, carry);
}

@inline function rowDot1(d: usize, i: i32, m: i32, wt: usize, k: i32, q: i32): f64 {
  let sum: f64 = 0;
  let carry: f64 = 0;
  for (let j = 0; j < m; j++) {
    const p = load<f64>(at(d, i * m + j)) * load<f64>(at(wt, j * k + q));
    const s = sum + p;
    const e = s - sum;
    carry += sum - (s - e) + (p - e);
    sum = s;
  }
  return sum + carry;
}

/** g · f′ for the activation of the layer below, as activationBackward (z: pre-, a: post-activation). */
@inline function backward2(kind: i32, g: v128, z: v128, a: v128): v128 {
  if (kind == ACT_TANH) return f64x2.mul(g, f64x2.sub(f64x2.splat(1), f64x2.mul(a, a)));
  if (kind == ACT_SIGMOID) return f64x2.mul(g, f64x2.mul(a, f64x2.sub(f64x2.splat(1), a)));
  if (kind == ACT_RELU) return v128.and(g, f64x2.gt(z, f64x2.splat(0)));
  const positive = f64x2.gt(z, f64x2.splat(0));
  if (kind == ACT_LEAKY_RELU) return v128.bitselect(g, f64x2.mul(g, f64x2.splat(LEAKY_RELU_ALPHA)), positive);
  if (kind == ACT_GELU) return f64x2.mul(g, geluGrad2(z));
  if (kind == ACT_ELU) return v128.bitselect(g, f64x2.mul(g, f64x2.add(a, f64x2.splat(ELU_ALPHA))), positive);
  return g;
}

@inline function backward1(kind: i32, g: f64, z: f64, a: f64): f64 {
  if (kind == ACT_TANH) return g * (1 - a * a);
  if (kind == ACT_SIGMOID) return g * (a * (1 - a));
  if (kind == ACT_RELU) return z > 0 ? g : 0;
  if (kind == ACT_LEAKY_RELU) return z > 0 ? g : g * LEAKY_RELU_ALPHA;
  if (kind == ACT_GELU) return g * geluGrad1(z);
  if (kind == ACT_ELU) return z > 0 ? g : g * (a + ELU_ALPHA);
  return g;
}

/**
 * out = (d · wᵀ) ⊙ f′ — the gradient passed to the layer below, through its activation
 * `kind` — as matmulTransB followed by activationBackward: d [n, m], wt = wᵀ [m, k],
 * z and a (the layer below's pre- and post-activations) and out [n, k]. Lanes hold
 * columns (q, q + 1).
 */
export function inputGrads(d: usize, n: i32, m: i32, wt: usize, k: i32, kind: i32, z: usize, a: usize, out: usize): void {
  const zero = f64x2.splat(0);
  let plain = m == 2;
  if (plain) {
    // Two-term sums, plain (as in affine); a non-finite one sends everything to the TwoSum path.
    let finite = zero;
    let q = 0;
    for (; q + 2 <= k; q += 2) {
      const w0 = v128.load(at(wt, q));
      const w1 = v128.load(at(wt, k + q));
      for (let i = 0; i < n; i++) {
        const p0 = f64x2.mul(f64x2.splat(load<f64>(at(d, 2 * i))), w0);
        const p1 = f64x2.mul(f64x2.splat(load<f64>(at(d, 2 * i + 1))), w1);
        const g = f64x2.add(f64x2.add(zero, p0), p1);
        finite = f64x2.mul(finite, f64x2.sub(g, g));
        const o = i * k + q;
        v128.store(at(out, o), backward2(kind, g, v128.load(at(z, o)), v128.load(at(a, o))));
      }
    }
    let finiteTail: f64 = 0;
    if (q < k) {
      const w0 = load<f64>(at(wt, q));
      const w1 = load<f64>(at(wt, k + q));
      for (let i = 0; i < n; i++) {
        const g = 0 + load<f64>(at(d, 2 * i)) * w0 + load<f64>(at(d, 2 * i + 1)) * w1;
        finiteTail *= g - g;
        const o = i * k + q;
        store<f64>(at(out, o), backward1(kind, g, load<f64>(at(z, o)), load<f64>(at(a, o))));
      }
    }
    if (f64x2.extract_lane(finite, 0) == 0 && f64x2.extract_lane(finite, 1) == 0 && finiteTail == 0) return;
  }
  for (let i = 0; i < n; i++) {
    let q = 0;
    for (; q + 2 <= k; q += 2) {
      const o = i * k + q;
      const g = rowDot2(d, i, m, wt, k, q);
      v128.store(at(out, o), backward2(kind, g, v128.load(at(z, o)), v128.load(at(a, o))));
    }
    if (q < k) {
      const o = i * k + q;
      store<f64>(at(out, o), backward1(kind, rowDot1(d, i, m, wt, k, q), load<f64>(at(z, o)), load<f64>(at(a, o))));
    }
  }
}

/** −1 when every label lies in 0…c−1, else the first row whose label does not. */
export function badLabel(labels: usize, n: i32, c: i32): i32 {
  for (let i = 0; i < n; i++) {
    const label = load<i32>(labels + ((<usize>i) << 2));
    if (label < 0 || label >= c) return i;
  }
  return -1;
}

/** p[i, labels[i]] −= 1: the softmax becomes the gradient of the summed cross-entropy. */
export function subtractLabels(p: usize, n: i32, c: i32, labels: usize): void {
  for (let i = 0; i < n; i++) {
    const o = at(p, i * c + load<i32>(labels + ((<usize>i) << 2)));
    store<f64>(o, load<f64>(o) - 1);
  }
}

