// The host's Math.exp and Math.tanh, for the arguments the vector code leaves out, and
// the pair functions that fall back to them: bit-identical to V8's Math.exp/Math.tanh.
import { ELU_ALPHA, GELU_CUBIC, GELU_SCALE, LEAKY_RELU_ALPHA } from '../src/kernel-abi/codes';
import { expPair, expPairRange, tanhPair, tanhPairRange } from './classic-math';

@external("env", "exp") export declare function hostExp(x: f64): f64;
@external("env", "tanh") export declare function hostTanh(x: f64): f64;

/** e^x for two lanes, as Math.exp. */
@inline export function exp2(x: v128): v128 {
  if (i64x2.all_true(expPairRange(x))) return expPair(x);
  return f64x2(hostExp(f64x2.extract_lane(x, 0)), hostExp(f64x2.extract_lane(x, 1)));
}

/** tanh x for two lanes, as Math.tanh. */
@inline export function tanh2(x: v128): v128 {
  if (i64x2.all_true(tanhPairRange(x))) return tanhPair(x);
  return f64x2(hostTanh(f64x2.extract_lane(x, 0)), hostTanh(f64x2.extract_lane(x, 1)));
}

// GELU's and ELU's pieces, in src/classic/activation.ts's order of operations.
const GELU_K3: f64 = 3 * GELU_CUBIC;

/** tanh(c·(z + k·(z·z·z))) for two lanes. */
@inline export function geluTanh2(z: v128): v128 {
  const z3 = f64x2.mul(f64x2.mul(z, z), z);
  return tanh2(f64x2.mul(f64x2.splat(GELU_SCALE), f64x2.add(z, f64x2.mul(f64x2.splat(GELU_CUBIC), z3))));
}

/** tanh(c·(z + k·(z·z·z))) for one value. */
@inline export function geluTanh1(z: f64): f64 {
  return hostTanh(GELU_SCALE * (z + GELU_CUBIC * (z * z * z)));
}

/** (0.5·z)·(1 + t) for two lanes. */
@inline export function gelu2(z: v128): v128 {
  return f64x2.mul(f64x2.mul(f64x2.splat(0.5), z), f64x2.add(f64x2.splat(1), geluTanh2(z)));
}

/** f′ of GELU: 0.5·(1 + t) + (0.5·z)·((1 − t²)·(c·(1 + 3k·(z·z)))), two lanes. */
@inline export function geluGrad2(z: v128): v128 {
  const one = f64x2.splat(1);
  const half = f64x2.splat(0.5);
  const t = geluTanh2(z);
  const slope = f64x2.mul(f64x2.splat(GELU_SCALE), f64x2.add(one, f64x2.mul(f64x2.splat(GELU_K3), f64x2.mul(z, z))));
  const outer = f64x2.mul(f64x2.mul(half, z), f64x2.mul(f64x2.sub(one, f64x2.mul(t, t)), slope));
  return f64x2.add(f64x2.mul(half, f64x2.add(one, t)), outer);
}

/** f′ of GELU for one value. */
@inline export function geluGrad1(z: f64): f64 {
  const t = geluTanh1(z);
  const slope = GELU_SCALE * (1 + GELU_K3 * (z * z));
  return 0.5 * (1 + t) + 0.5 * z * ((1 - t * t) * slope);
}

/** z if z > 0 else α·(e^z − 1), two lanes. */
@inline export function elu2(z: v128): v128 {
  const neg = f64x2.mul(f64x2.splat(ELU_ALPHA), f64x2.sub(exp2(z), f64x2.splat(1)));
  return v128.bitselect(z, neg, f64x2.gt(z, f64x2.splat(0)));
}

/** z if z > 0 else αz, two lanes. */
@inline export function leaky2(z: v128): v128 {
  return v128.bitselect(z, f64x2.mul(f64x2.splat(LEAKY_RELU_ALPHA), z), f64x2.gt(z, f64x2.splat(0)));
}
