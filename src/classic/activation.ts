import {
  type ActivationName,
  ELU_ALPHA,
  GELU_CUBIC,
  GELU_SCALE,
  LEAKY_RELU_ALPHA,
} from '../activations/activations.js';

/**
 * The course's activations in float64, as numpy computes them: each is a pair of
 * loops — the function, and the backward product with its derivative written from
 * the pre-activation z and the activation a = f(z) (tanh' = 1 − a², σ' = a(1 − a),
 * ELU' = a + α below 0). Whole loops rather than per-element callbacks keep the hot
 * path free of indirect calls. The WebAssembly kernels (assembly/classic-activations.ts)
 * compute the same operations in the same order, bit for bit.
 */
interface ActivationLoops {
  forward(z: Float64Array, out: Float64Array): void;
  backward(z: Float64Array, a: Float64Array, dy: Float64Array, out: Float64Array): void;
}

/** tanh(c·(z + k·z³)), the tanh inside GELU (z³ as z·z·z, as the numpy reference writes it). */
export function geluTanh(z: number): number {
  return Math.tanh(GELU_SCALE * (z + GELU_CUBIC * (z * z * z)));
}

const activations: Record<ActivationName, ActivationLoops> = {
  // z -> tanh(z)
  tanh: {
    forward: (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = Math.tanh(z[i] as number);
    },
    backward: (_z, a, dy, out) => {
      for (let i = 0; i < a.length; i++) out[i] = (dy[i] as number) * (1 - (a[i] as number) * (a[i] as number));
    },
  },
  // z -> 1 / (1 + e^-z)
  sigmoid: {
    forward: (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = 1 / (1 + Math.exp(-(z[i] as number)));
    },
    backward: (_z, a, dy, out) => {
      for (let i = 0; i < a.length; i++) out[i] = (dy[i] as number) * ((a[i] as number) * (1 - (a[i] as number)));
    },
  },
  // z -> max(0, z); the derivative at 0 is taken as 0, as numpy's (z > 0)
  relu: {
    forward: (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = Math.max(0, z[i] as number);
    },
    backward: (z, _a, dy, out) => {
      for (let i = 0; i < z.length; i++) out[i] = (z[i] as number) > 0 ? (dy[i] as number) : 0;
    },
  },
  // z -> z if z > 0 else αz
  'leaky-relu': {
    forward: (z, out) => {
      for (let i = 0; i < z.length; i++) {
        const v = z[i] as number;
        out[i] = v > 0 ? v : LEAKY_RELU_ALPHA * v;
      }
    },
    backward: (z, _a, dy, out) => {
      for (let i = 0; i < z.length; i++)
        out[i] = (z[i] as number) > 0 ? (dy[i] as number) : (dy[i] as number) * LEAKY_RELU_ALPHA;
    },
  },
  // z -> (0.5·z)·(1 + t), t = tanh(c·(z + k·z³))
  gelu: {
    forward: (z, out) => {
      for (let i = 0; i < z.length; i++) {
        const v = z[i] as number;
        out[i] = 0.5 * v * (1 + geluTanh(v));
      }
    },
    // f' = 0.5·(1 + t) + (0.5·z)·((1 − t²)·(c·(1 + 3k·z²)))
    backward: (z, _a, dy, out) => {
      for (let i = 0; i < z.length; i++) {
        const v = z[i] as number;
        const t = geluTanh(v);
        const slope = GELU_SCALE * (1 + 3 * GELU_CUBIC * (v * v));
        out[i] = (dy[i] as number) * (0.5 * (1 + t) + 0.5 * v * ((1 - t * t) * slope));
      }
    },
  },
  // z -> z if z > 0 else α·(e^z − 1)  (e^z − 1 as np.exp(z) − 1)
  elu: {
    forward: (z, out) => {
      for (let i = 0; i < z.length; i++) {
        const v = z[i] as number;
        out[i] = v > 0 ? v : ELU_ALPHA * (Math.exp(v) - 1);
      }
    },
    backward: (z, a, dy, out) => {
      for (let i = 0; i < z.length; i++) {
        out[i] = (z[i] as number) > 0 ? (dy[i] as number) : (dy[i] as number) * ((a[i] as number) + ELU_ALPHA);
      }
    },
  },
  // z -> z
  identity: {
    forward: (z, out) => {
      if (out !== z) out.set(z);
    },
    backward: (_z, _a, dy, out) => {
      if (out !== dy) out.set(dy);
    },
  },
};

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

/** The activation applied elementwise: a new array with f(z) (the course's `actFun`). */
export function actFun(z: Float64Array, type: ActivationName): Float64Array {
  const out = new Float64Array(z.length);
  applyActivation(type, z, out);
  return out;
}

/** The derivative f'(z) elementwise: a new array (the course's `diffActFun`). */
export function diffActFun(z: Float64Array, type: ActivationName): Float64Array {
  const a = actFun(z, type);
  const out = new Float64Array(z.length).fill(1);
  activationBackward(type, z, a, out, out);
  return out;
}
