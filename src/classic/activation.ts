/** Names of the activations the classic networks know. */
export type ActivationName = 'tanh' | 'sigmoid' | 'relu';

/** Every {@link ActivationName}, in the order the CLI lists them. */
export const ACTIVATION_NAMES: readonly ActivationName[] = ['tanh', 'sigmoid', 'relu'];

/**
 * An elementwise activation: the function and its derivative. The derivative gets
 * both the pre-activation `z` and the activation `a = f(z)`, so each can use the
 * cheaper form (tanh' = 1 − a², σ' = a(1 − a)). To add an activation, add an entry.
 */
interface Activation {
  f(z: number): number;
  grad(z: number, a: number): number;
}

const activations: Record<ActivationName, Activation> = {
  // x -> tanh(x)
  tanh: { f: Math.tanh, grad: (_z, a) => 1 - a * a },
  // x -> 1 / (1 + e^-x)
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), grad: (_z, a) => a * (1 - a) },
  // x -> max(0, x); the derivative at 0 is taken as 0, as numpy's (z > 0)
  relu: { f: (z) => Math.max(0, z), grad: (z) => (z > 0 ? 1 : 0) },
};

/** True when `name` is a known activation. */
export function isActivationName(name: string): name is ActivationName {
  return Object.hasOwn(activations, name);
}

/** out[i] = f(z[i]). `out` may be `z`. */
export function applyActivation(type: ActivationName, z: Float64Array, out: Float64Array): void {
  const { f } = activations[type];
  for (let i = 0; i < z.length; i++) out[i] = f(z[i] as number);
}

/** out[i] = dy[i] · f'(z[i]) given a = f(z). `out` may be `dy`. */
export function activationBackward(
  type: ActivationName,
  z: Float64Array,
  a: Float64Array,
  dy: Float64Array,
  out: Float64Array,
): void {
  const { grad } = activations[type];
  for (let i = 0; i < z.length; i++) out[i] = (dy[i] as number) * grad(z[i] as number, a[i] as number);
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
