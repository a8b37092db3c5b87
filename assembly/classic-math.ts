// exp and tanh, two lanes at a time, bit-identical to V8's Math.exp and Math.tanh
// (fdlibm, V8's src/base/ieee754.cc). fdlibm branches per argument; here every lane
// takes the same straight-line path and the branch results are selected per lane:
//  - the argument reduction's cases (k = 0; k = ±1 for |x| < 1.5·ln2; k = [x/ln2 ± ½])
//    are one formula: k = [x/ln2 ± ½] where |x| > ½·ln2 gives ±1 in the middle band,
//    and k = 0 makes hi = x − 0·ln2_hi = x and lo = 0, exactly fdlibm's unreduced x;
//  - each of expm1's final formulas is computed and the one for the lane's k kept;
//  - 2^k and 2^-k are built from their bits.
// Lanes outside the range each function handles (see the masks) are left to the caller,
// which computes them with the host's Math functions. test/classic/wasm-math.test.ts
// compares both functions with Math.exp / Math.tanh on millions of arguments.

// Constants, each repeated in both lanes, loaded from memory: V8 builds a v128 constant
// from immediates in three instructions at every use, a load is one.
const CONSTANTS: usize = memory.data<u64>(
  [
    0x3fd62e4300000000, 0x3fd62e4300000000,
    0x3e30000000000000, 0x3e30000000000000,
    0x3fe62e42fee00000, 0x3fe62e42fee00000,
    0x3dea39ef35793c76, 0x3dea39ef35793c76,
    0x3ff71547652b82fe, 0x3ff71547652b82fe,
    0x4005bf0a8b145769, 0x4005bf0a8b145769,
    0x3fc555555555553e, 0x3fc555555555553e,
    0xbf66c16c16bebd93, 0xbf66c16c16bebd93,
    0x3f11566aaf25de2c, 0x3f11566aaf25de2c,
    0xbebbbd41c5d26bf1, 0xbebbbd41c5d26bf1,
    0x3e66376972bea4d0, 0x3e66376972bea4d0,
    0xbfa11111111110f4, 0xbfa11111111110f4,
    0x3f5a01a019fe5585, 0x3f5a01a019fe5585,
    0xbf14ce199eaadbb7, 0xbf14ce199eaadbb7,
    0x3ed0cfca86e65239, 0x3ed0cfca86e65239,
    0xbe8afdb76e09c32d, 0xbe8afdb76e09c32d,
    0x43300000000003ff, 0x43300000000003ff,
    0x3fe0000000000000, 0x3fe0000000000000,
    0x3ff0000000000000, 0x3ff0000000000000,
    0xbff0000000000000, 0xbff0000000000000,
    0x4000000000000000, 0x4000000000000000,
    0xc000000000000000, 0xc000000000000000,
    0x4008000000000000, 0x4008000000000000,
    0x4018000000000000, 0x4018000000000000,
    0x4034000000000000, 0x4034000000000000,
    0x404c000000000000, 0x404c000000000000,
    0x4036000000000000, 0x4036000000000000,
    0xc086180000000000, 0xc086180000000000,
    0x4086280000000000, 0x4086280000000000,
    0x8000000000000000, 0x8000000000000000,
  ],
  16,
);

const HALF_LN2_UP = 0; // |x| > ½·ln2 (fdlibm: high word > 0x3FD62E42)
const TWO_M28 = 1; // 2^-28
const LN2_HI = 2;
const LN2_LO = 3;
const INV_LN2 = 4;
const E = 5; // fdlibm's exp(1)
const P1 = 6; // exp's polynomial
const P2 = 7;
const P3 = 8;
const P4 = 9;
const P5 = 10;
const Q1 = 11; // expm1's scaled polynomial
const Q2 = 12;
const Q3 = 13;
const Q4 = 14;
const Q5 = 15;
const MAGIC = 16; // 2^52 + 1023: k + MAGIC holds k + 1023 in its low bits
const HALF = 17;
const ONE = 18;
const MINUS_ONE = 19;
const TWO = 20;
const MINUS_TWO = 21;
const THREE = 22;
const SIX = 23;
const TWENTY = 24;
const FIFTY_SIX = 25;
const TANH_BIG = 26; // tanh(x) = ±1 from |x| = 22
const EXP_LOW = 27; // exp's vector range: k ≥ −1021 …
const EXP_HIGH = 28; // … and k < 1024
const SIGN = 29; // the sign bit

/** Constant number `i` of the table, in both lanes. */
@inline function C(i: i32): v128 {
  return v128.load(CONSTANTS + ((<usize>i) << 4));
}

/** 2^k for whole-number lanes −1022 ≤ k ≤ 1023, from the exponent bits of k + 1023. */
@inline function pow2(k: v128): v128 {
  return i64x2.shl(f64x2.add(k, C(MAGIC)), 52);
}

/** 2^-k for whole-number lanes −1023 ≤ k ≤ 1022. */
@inline function pow2Negated(k: v128): v128 {
  return i64x2.shl(f64x2.sub(C(MAGIC), k), 52);
}

/** The sign bit of each lane. */
@inline function signOf(x: v128): v128 {
  return v128.and(x, C(SIGN));
}

/**
 * fdlibm's reduction multiple, as doubles: (int)(x/ln2 ± ½) (sign of x) where |x| > ½·ln2,
 * else 0. Truncating to a whole double equals C's cast to int and back at these sizes.
 */
@inline function reduceK(x: v128): v128 {
  const big = f64x2.ge(f64x2.abs(x), C(HALF_LN2_UP));
  const half = v128.or(C(HALF), signOf(x));
  return v128.and(f64x2.trunc(f64x2.add(f64x2.mul(C(INV_LN2), x), half)), big);
}

/** Lanes where {@link expPair} is exact: 2^-28 ≤ |x| and −707 ≤ x ≤ 709 (so −1021 ≤ k ≤ 1023). */
@inline export function expPairRange(x: v128): v128 {
  return v128.and(
    f64x2.ge(f64x2.abs(x), C(TWO_M28)),
    v128.and(f64x2.ge(x, C(EXP_LOW)), f64x2.le(x, C(EXP_HIGH))),
  );
}

/**
 * e^x on lanes where {@link expPairRange} holds. fdlibm's two final formulas agree there:
 * with k = 0 (lo = 0, hi = x) 1 − ((0 − q) − x) equals its 1 − ((x·c)/(c − 2) − x), as
 * (x·c)/(c − 2) = −q exactly and q ≠ 0; and 2^0 = 1.
 */
@inline export function expPair(x: v128): v128 {
  const k = reduceK(x);
  const hi = f64x2.sub(x, f64x2.mul(k, C(LN2_HI)));
  const lo = f64x2.mul(k, C(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  // P1 + t·(P2 + t·(P3 + t·(P4 + t·P5))), innermost first.
  let poly = f64x2.add(C(P4), f64x2.mul(t, C(P5)));
  poly = f64x2.add(C(P3), f64x2.mul(t, poly));
  poly = f64x2.add(C(P2), f64x2.mul(t, poly));
  poly = f64x2.add(C(P1), f64x2.mul(t, poly));
  const c = f64x2.sub(r, f64x2.mul(t, poly));
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(C(TWO), c));
  const y = f64x2.sub(C(ONE), f64x2.sub(f64x2.sub(lo, q), hi));
  // fdlibm returns E for exp(1) itself: its formula is one ulp off there.
  return v128.bitselect(C(E), f64x2.mul(y, pow2(k)), f64x2.eq(x, C(ONE)));
}

/**
 * e^x − 1 for the arguments tanh gives it, −2 < x ≤ −2^-27 and 2 ≤ x < 44 (fdlibm's
 * expm1 without its special-argument filters, which these never reach, and without its
 * k = 1 case, which needs ½·ln2 < x < 1.5·ln2).
 */
@inline export function expm1Pair(x: v128): v128 {
  const k = reduceK(x);
  const hi = f64x2.sub(x, f64x2.mul(k, C(LN2_HI)));
  const lo = f64x2.mul(k, C(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const c = f64x2.sub(f64x2.sub(hi, r), lo);
  const hfx = f64x2.mul(C(HALF), r);
  const hxs = f64x2.mul(r, hfx);
  // 1 + hxs·(Q1 + hxs·(Q2 + hxs·(Q3 + hxs·(Q4 + hxs·Q5)))), innermost first.
  let r1 = f64x2.add(C(Q4), f64x2.mul(hxs, C(Q5)));
  r1 = f64x2.add(C(Q3), f64x2.mul(hxs, r1));
  r1 = f64x2.add(C(Q2), f64x2.mul(hxs, r1));
  r1 = f64x2.add(C(Q1), f64x2.mul(hxs, r1));
  r1 = f64x2.add(C(ONE), f64x2.mul(hxs, r1));
  const t = f64x2.sub(C(THREE), f64x2.mul(r1, hfx));
  const e = f64x2.mul(hxs, f64x2.div(f64x2.sub(r1, t), f64x2.sub(C(SIX), f64x2.mul(r, t))));
  // k = 0
  const r0 = f64x2.sub(r, f64x2.sub(f64x2.mul(r, e), hxs));
  // k ≠ 0
  const ek = f64x2.sub(f64x2.sub(f64x2.mul(r, f64x2.sub(e, c)), c), hxs);
  const rMinus1 = f64x2.sub(f64x2.mul(C(HALF), f64x2.sub(r, ek)), C(HALF));
  const twopk = pow2(k);
  const twomk = pow2Negated(k);
  const rFar = f64x2.sub(f64x2.mul(f64x2.sub(C(ONE), f64x2.sub(ek, r)), twopk), C(ONE));
  const rBelow20 = f64x2.mul(f64x2.sub(f64x2.sub(C(ONE), twomk), f64x2.sub(ek, r)), twopk);
  const rFrom20 = f64x2.mul(f64x2.add(f64x2.sub(r, f64x2.add(ek, twomk)), C(ONE)), twopk);
  // Select as fdlibm branches: k = 0, −1, then k ≤ −2 or k > 56, then k < 20, else.
  let out = v128.bitselect(rBelow20, rFrom20, f64x2.lt(k, C(TWENTY)));
  out = v128.bitselect(rFar, out, v128.or(f64x2.le(k, C(MINUS_TWO)), f64x2.gt(k, C(FIFTY_SIX))));
  out = v128.bitselect(rMinus1, out, f64x2.eq(k, C(MINUS_ONE)));
  return v128.bitselect(r0, out, f64x2.eq(k, f64x2.splat(0)));
}

/** Lanes where {@link tanhPair} is exact: 2^-28 ≤ |x| < 22 (NaN excluded). */
@inline export function tanhPairRange(x: v128): v128 {
  const ax = f64x2.abs(x);
  return v128.and(f64x2.ge(ax, C(TWO_M28)), f64x2.lt(ax, C(TANH_BIG)));
}

/**
 * tanh x on lanes where {@link tanhPairRange} holds: fdlibm's −t/(t + 2) with t = expm1(−2|x|)
 * below |x| = 1, 1 − 2/(t + 2) with t = expm1(2|x|) from 1, and the sign of x.
 */
@inline export function tanhPair(x: v128): v128 {
  const ax = f64x2.abs(x);
  const from1 = f64x2.ge(ax, C(ONE));
  // 2|x| from 1, −2|x| below (negating = flipping the sign bit).
  const t = expm1Pair(v128.xor(f64x2.mul(C(TWO), ax), v128.andnot(C(SIGN), from1)));
  // One division for both formulas: the numerator (2 or −t) is chosen before dividing.
  const q = f64x2.div(v128.bitselect(C(TWO), f64x2.neg(t), from1), f64x2.add(t, C(TWO)));
  const z = v128.bitselect(f64x2.sub(C(ONE), q), q, from1);
  // z > 0; fdlibm's −z for negative x is z with x's sign bit.
  return v128.xor(z, signOf(x));
}
