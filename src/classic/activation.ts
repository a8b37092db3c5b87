/** Names of the activations the classic networks know. */
export type ActivationName = 'tanh' | 'sigmoid' | 'relu';

/** Every {@link ActivationName}, in the order the CLI lists them. */
export const ACTIVATION_NAMES: readonly ActivationName[] = ['tanh', 'sigmoid', 'relu'];

/**
 * Each activation is a pair of loops — the function, and the backward product with
 * its derivative written from the pre-activation z and the activation a = f(z)
 * (tanh' = 1 − a², σ' = a(1 − a)). Whole loops rather than per-element callbacks keep
 * the hot path free of indirect calls. To add an activation, add an entry.
 */
interface Activation {
  forward(z: Float64Array, out: Float64Array): void;
  backward(z: Float64Array, a: Float64Array, dy: Float64Array, out: Float64Array): void;
}

const activations: Record<ActivationName, Activation> = {
  // x -> tanh(x)
  tanh: {
    forward: (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = Math.tanh(z[i] as number);
    },
    backward: (_z, a, dy, out) => {
      for (let i = 0; i < a.length; i++) out[i] = (dy[i] as number) * (1 - (a[i] as number) * (a[i] as number));
    },
  },
  // x -> 1 / (1 + e^-x)
  sigmoid: {
    forward: (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = 1 / (1 + Math.exp(-(z[i] as number)));
    },
    backward: (_z, a, dy, out) => {
      for (let i = 0; i < a.length; i++) out[i] = (dy[i] as number) * ((a[i] as number) * (1 - (a[i] as number)));
    },
  },
  // x -> max(0, x); the derivative at 0 is taken as 0, as numpy's (z > 0)
  relu: {
    forward: (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = Math.max(0, z[i] as number);
    },
    backward: (z, _a, dy, out) => {
      for (let i = 0; i < z.length; i++) out[i] = (z[i] as number) > 0 ? (dy[i] as number) : 0;
    },
  },
};

/** True when `name` is a known activation. */
export function isActivationName(name: string): name is ActivationName {
  return Object.hasOwn(activations, name);
}

/** out[i] = f(z[i]). `out` may be `z`. */
export function applyActivation(type: ActivationName, z: Float64Array, out: Float64Array): void {
  activations[type].forward(z, out);
}

/** out[i] = dy[i] · f'(z[i]) given a = f(z). `out` may be `dy`. */
export function activationBackward(
  type: ActivationName,
  z: Float64Array,
  a: Float64Array,
  dy: Float64Array,
  out: Float64Array,
): void {
  activations[type].backward(z, a, dy, out);
}

/** The activation applied elementwise: a new array with f(z). */
export function actFun(z: Float64Array, type: ActivationName): Float64Array {
  const out = new Float64Array(z.length);
  applyActivation(type, z, out);
  return out;
}

/** The derivative f'(z) elementwise: a new array. */
export function diffActFun(z: Float64Array, type: ActivationName): Float64Array {
  const a = actFun(z, type);
  const out = new Float64Array(z.length).fill(1);
  activationBackward(type, z, a, out, out);
  return out;
}
