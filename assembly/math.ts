import { GELU_CUBIC, GELU_SCALE } from '../src/kernel-abi/codes';

// Vectorized float32 transcendental functions (4 lanes), after Cephes' expf and tanhf:
// Cody–Waite range reduction and minimax polynomials, about 1 ulp over the range.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const EXP_MAX: f32 = 88.3762626647949;
const EXP_MIN: f32 = -87.3365447504;

/** e^x lane-wise (inputs clamped to the float32 range of e^x). */
@inline export function expf4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // Multiply by 2^n by adding n to the exponent field (n is in [-127, 128]: split in two steps).
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const half = i32x4.shr_s(ni, 1);
  const s1 = i32x4.shl(i32x4.add(half, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(ni, half), i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** tanh x lane-wise: an odd polynomial below |x| = 0.625, 1 − 2/(e^{2|x|} + 1) above. */
@inline export function tanhf4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = expf4(f32x4.add(ax, ax));
  const large = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  // Give `large` the sign of x.
  const signed = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** 1 / (1 + e^−x) lane-wise. */
@inline export function sigmoidf4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expf4(f32x4.neg(x))));
}

// One-lane versions for the build without SIMD: each is expf4 / tanhf4 / sigmoidf4
// operation for operation on one float (the same IEEE operations in the same order),
// so the plain build computes what a lane of the SIMD build computes.

/** e^x (inputs clamped to the float32 range of e^x); one lane of expf4. */
@inline export function expf1(x: f32): f32 {
  x = min<f32>(max<f32>(x, EXP_MIN), EXP_MAX);
  const n = nearest<f32>(x * LOG2E);
  let r = x - n * LN2_HI;
  r = r - n * LN2_LO;
  let p: f32 = 1.9875691500e-4;
  p = p * r + <f32>1.3981999507e-3;
  p = p * r + <f32>8.3334519073e-3;
  p = p * r + <f32>4.1665795894e-2;
  p = p * r + <f32>1.6666665459e-1;
  p = p * r + <f32>5.0000001201e-1;
  p = p * r * r + r + <f32>1;
  // 2^n as two exponent-field factors, as expf4 (n in [-127, 128] overflows one).
  const ni = <i32>n;
  const half = ni >> 1;
  const s1 = reinterpret<f32>((half + 127) << 23);
  const s2 = reinterpret<f32>((ni - half + 127) << 23);
  return p * s1 * s2;
}

/** tanh x; one lane of tanhf4. */
@inline export function tanhf1(x: f32): f32 {
  const ax = abs<f32>(x);
  if (ax < <f32>0.625) {
    const z = x * x;
    let p: f32 = -5.70498872745e-3;
    p = p * z + <f32>2.06390887954e-2;
    p = p * z + <f32>-5.37397155531e-2;
    p = p * z + <f32>1.33314422036e-1;
    p = p * z + <f32>-3.33332819422e-1;
    return p * z * x + x;
  }
  const large = <f32>1 - <f32>2 / (expf1(ax + ax) + <f32>1);
  // Give `large` the sign of x (a bit or, as tanhf4, so NaN stays as it comes).
  return reinterpret<f32>(reinterpret<u32>(large) | (reinterpret<u32>(x) & 0x80000000));
}

/** 1 / (1 + e^−x); one lane of sigmoidf4. */
@inline export function sigmoidf1(x: f32): f32 {
  return <f32>1 / (<f32>1 + expf1(-x));
}

// GELU, tanh form: y = ½x·(1 + t), t = tanh(c·(x + k·x³)), and its derivative
// y' = ½(1 + t) + ½x·(1 − t²)·c·(1 + 3k·x²). Constants: src/kernel-abi/codes.ts.
const GELU_C: f32 = <f32>GELU_SCALE;
const GELU_K: f32 = <f32>GELU_CUBIC;
const GELU_K3: f32 = <f32>(3 * GELU_CUBIC);

/** t = tanh(c·(x + k·x³)) lane-wise: the tanh inside GELU. */
@inline function geluTanh4(x: v128): v128 {
  const x3 = f32x4.mul(f32x4.mul(x, x), x);
  return tanhf4(f32x4.mul(f32x4.splat(GELU_C), f32x4.add(x, f32x4.mul(f32x4.splat(GELU_K), x3))));
}

/** GELU (tanh form) lane-wise. */
@inline export function geluf4(x: v128): v128 {
  const half = f32x4.splat(0.5);
  return f32x4.mul(f32x4.mul(half, x), f32x4.add(f32x4.splat(1), geluTanh4(x)));
}

/** GELU's derivative lane-wise. */
@inline export function geluGradf4(x: v128): v128 {
  const half = f32x4.splat(0.5);
  const one = f32x4.splat(1);
  const t = geluTanh4(x);
  const slope = f32x4.mul(f32x4.splat(GELU_C), f32x4.add(one, f32x4.mul(f32x4.splat(GELU_K3), f32x4.mul(x, x))));
  const outer = f32x4.mul(f32x4.mul(half, x), f32x4.mul(f32x4.sub(one, f32x4.mul(t, t)), slope));
  return f32x4.add(f32x4.mul(half, f32x4.add(one, t)), outer);
}

/** α(e^x − 1) lane-wise: ELU's negative branch. */
@inline export function eluNegf4(x: v128, alpha: v128): v128 {
  return f32x4.mul(alpha, f32x4.sub(expf4(x), f32x4.splat(1)));
}

@inline function geluTanh1(x: f32): f32 {
  const x3 = x * x * x;
  return tanhf1(GELU_C * (x + GELU_K * x3));
}

/** GELU (tanh form); one lane of geluf4. */
@inline export function geluf1(x: f32): f32 {
  return (<f32>0.5 * x) * (<f32>1 + geluTanh1(x));
}

/** GELU's derivative; one lane of geluGradf4. */
@inline export function geluGradf1(x: f32): f32 {
  const t = geluTanh1(x);
  const slope = GELU_C * (<f32>1 + GELU_K3 * (x * x));
  const outer = (<f32>0.5 * x) * ((<f32>1 - t * t) * slope);
  return <f32>0.5 * (<f32>1 + t) + outer;
}

/** α(e^x − 1); one lane of eluNegf4. */
@inline export function eluNegf1(x: f32, alpha: f32): f32 {
  return alpha * (expf1(x) - <f32>1);
}
