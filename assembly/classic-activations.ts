// Elementwise kernels of the classic networks: activations and the softmax, with the
// vector exp and tanh of classic-math.ts (bit-identical to V8's Math.exp and Math.tanh).
import { ACT_ELU, ACT_GELU, ACT_LEAKY_RELU, ACT_RELU, ACT_SIGMOID, ACT_TANH, ELU_ALPHA, GELU_CUBIC, GELU_SCALE, LEAKY_RELU_ALPHA } from '../src/kernel-abi/codes';
import { at } from './classic-common';
import { elu2, gelu2, hostExp, hostTanh, leaky2 } from './classic-host';
import { expm1Pair, expPair, expPairRange, tanhPair, tanhPairRange } from './classic-math';

/** a = f(z) for the activation `kind` (len values; codes in src/kernel-abi/codes.ts), as src/classic/activation.ts. */
export function activationForward(kind: i32, z: usize, a: usize, len: i32): void {
  if (kind == ACT_TANH) tanhForward(z, a, len);
  else if (kind == ACT_SIGMOID) sigmoidForward(z, a, len);
  else if (kind == ACT_RELU) reluForward(z, a, len);
  else if (kind == ACT_LEAKY_RELU) leakyForward(z, a, len);
  else if (kind == ACT_GELU) geluForward(z, a, len);
  else if (kind == ACT_ELU) eluForward(z, a, len);
  else memory.copy(a, z, (<usize>len) << 3);
}

/** a = z if z > 0 else αz. */
function leakyForward(z: usize, a: usize, len: i32): void {
  let i = 0;
  for (; i + 2 <= len; i += 2) v128.store(at(a, i), leaky2(v128.load(at(z, i))));
  if (i < len) {
    const v = load<f64>(at(z, i));
    store<f64>(at(a, i), v > 0 ? v : LEAKY_RELU_ALPHA * v);
  }
}

/** a = (0.5·z)·(1 + tanh(c·(z + k·z³))), tanh as Math.tanh. */
function geluForward(z: usize, a: usize, len: i32): void {
  let i = 0;
  for (; i + 2 <= len; i += 2) v128.store(at(a, i), gelu2(v128.load(at(z, i))));
  if (i < len) {
    const v = load<f64>(at(z, i));
    store<f64>(at(a, i), 0.5 * v * (1 + hostTanh(GELU_SCALE * (v + GELU_CUBIC * (v * v * v)))));
  }
}

/** a = z if z > 0 else α·(e^z − 1), e^z as Math.exp. */
function eluForward(z: usize, a: usize, len: i32): void {
  let i = 0;
  for (; i + 2 <= len; i += 2) v128.store(at(a, i), elu2(v128.load(at(z, i))));
  if (i < len) {
    const v = load<f64>(at(z, i));
    store<f64>(at(a, i), v > 0 ? v : ELU_ALPHA * (hostExp(v) - 1));
  }
}

/** a = 1 / (1 + e^−z), e^−z as Math.exp. */
function sigmoidForward(z: usize, a: usize, len: i32): void {
  const one = f64x2.splat(1);
  let i = 0;
  for (; i + 2 <= len; i += 2) {
    const x = f64x2.neg(v128.load(at(z, i)));
    let e: v128;
    if (i64x2.all_true(expPairRange(x))) e = expPair(x);
    else e = f64x2(hostExp(f64x2.extract_lane(x, 0)), hostExp(f64x2.extract_lane(x, 1)));
    v128.store(at(a, i), f64x2.div(one, f64x2.add(one, e)));
  }
  if (i < len) store<f64>(at(a, i), 1 / (1 + hostExp(-load<f64>(at(z, i)))));
}

/** a = max(0, z), as Math.max (NaN stays NaN, −0 becomes +0). */
function reluForward(z: usize, a: usize, len: i32): void {
  const zero = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= len; i += 2) v128.store(at(a, i), f64x2.max(zero, v128.load(at(z, i))));
  if (i < len) store<f64>(at(a, i), max<f64>(0, load<f64>(at(z, i))));
}

/** a = tanh(z) elementwise (len values), as Math.tanh. */
export function tanhForward(z: usize, a: usize, len: i32): void {
  mapPairs(TANH_OP, z, a, len);
}

/** p = e^z elementwise (len values), as Math.exp. */
export function expForward(z: usize, p: usize, len: i32): void {
  mapPairs(EXP_OP, z, p, len);
}

// Which function mapPairs applies. Always a constant where it is called: once inlined,
// the optimiser keeps only that function's branch, so each kernel is as if written alone.
const TANH_OP = 0;
const EXP_OP = 1;

@inline function opRange(op: i32, x: v128): v128 {
  return op == TANH_OP ? tanhPairRange(x) : expPairRange(x);
}

@inline function opPair(op: i32, x: v128): v128 {
  return op == TANH_OP ? tanhPair(x) : expPair(x);
}

@inline function opHost(op: i32, x: f64): f64 {
  return op == TANH_OP ? hostTanh(x) : hostExp(x);
}

/** out = op(x) elementwise: four vectors per iteration (independent chains for the CPU to overlap). */
@inline function mapPairs(op: i32, x: usize, out: usize, len: i32): void {
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    const x0 = v128.load(at(x, i));
    const x1 = v128.load(at(x, i + 2));
    const x2 = v128.load(at(x, i + 4));
    const x3 = v128.load(at(x, i + 6));
    const ok = v128.and(v128.and(opRange(op, x0), opRange(op, x1)), v128.and(opRange(op, x2), opRange(op, x3)));
    if (i64x2.all_true(ok)) {
      const y0 = opPair(op, x0);
      const y1 = opPair(op, x1);
      const y2 = opPair(op, x2);
      const y3 = opPair(op, x3);
      v128.store(at(out, i), y0);
      v128.store(at(out, i + 2), y1);
      v128.store(at(out, i + 4), y2);
      v128.store(at(out, i + 6), y3);
    } else {
      mapPairsFrom(op, x, out, i, i + 8);
    }
  }
  mapPairsFrom(op, x, out, i, len);
}

/** op for the values i…end−1: vector pairs where the vector code applies, the host's function for the rest. */
@inline function mapPairsFrom(op: i32, x: usize, out: usize, i: i32, end: i32): void {
  for (; i + 2 <= end; i += 2) {
    const v = v128.load(at(x, i));
    if (i64x2.all_true(opRange(op, v))) {
      v128.store(at(out, i), opPair(op, v));
    } else {
      store<f64>(at(out, i), opHost(op, f64x2.extract_lane(v, 0)));
      store<f64>(at(out, i + 1), opHost(op, f64x2.extract_lane(v, 1)));
    }
  }
  if (i < end) store<f64>(at(out, i), opHost(op, load<f64>(at(x, i))));
}

/**
 * p = softmax of each row of z [n, c], unshifted (e^z / Σ e^z, as Math.exp and the
 * row sum from 0, left to right). Returns 1 without writing when a logit exceeds 700
 * (its row must be shifted by its maximum: the caller's job), else 0.
 */
export function softmax(z: usize, p: usize, n: i32, c: i32): i32 {
  if (anyAbove(z, n * c, 700)) return 1;
  expForward(z, p, n * c);
  normalizeRows(p, n, c);
  return 0;
}

/**
 * out = e^z − 1 as Math.expm1, for arguments in tanh's range of it only (−2 < z ≤ −2^-27
 * or 2 ≤ z < 44): it lets the tests check expm1 directly, whose rounding tanh mostly hides.
 */
export function expm1Forward(z: usize, out: usize, len: i32): void {
  for (let i = 0; i + 2 <= len; i += 2) v128.store(at(out, i), expm1Pair(v128.load(at(z, i))));
}

/** 1 when some of the len values at p exceeds limit (NaN does not), else 0. */
function anyAbove(p: usize, len: i32, limit: f64): i32 {
  const bound = f64x2.splat(limit);
  let above = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= len; i += 2) above = v128.or(above, f64x2.gt(v128.load(at(p, i)), bound));
  if (v128.any_true(above)) return 1;
  return i < len && load<f64>(at(p, i)) > limit ? 1 : 0;
}

/**
 * Each row of e [n, c] divided by its sum (summed left to right from 0): the softmax
 * after exp. Two columns at a time, each divided by the row's sum as in the scalar code.
 */
function normalizeRows(e: usize, n: i32, c: i32): void {
  for (let i = 0; i < n; i++) {
    const row = i * c;
    let sum: f64 = 0;
    for (let j = 0; j < c; j++) sum += load<f64>(at(e, row + j));
    const total = f64x2.splat(sum);
    let j = 0;
    for (; j + 2 <= c; j += 2) v128.store(at(e, row + j), f64x2.div(v128.load(at(e, row + j)), total));
    if (j < c) store<f64>(at(e, row + j), load<f64>(at(e, row + j)) / sum);
  }
}
