import type { Storage } from '../../tensor/tensor.js';
import type { AdamStep } from '../backend.js';

/** w −= lr · g */
export function sgdUpdate(w: Storage, g: Storage, lr: number): void {
  for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * (g[i] as number);
}

/** a = μ·a + g; w −= lr · a (TensorFlow's MomentumOptimizer, not Nesterov). */
export function momentumUpdate(w: Storage, g: Storage, a: Storage, lr: number, momentum: number): void {
  for (let i = 0; i < w.length; i++) {
    const acc = momentum * (a[i] as number) + (g[i] as number);
    a[i] = acc;
    w[i] = (w[i] as number) - lr * acc;
  }
}

/** a += g²; w −= lr · g / √a (TensorFlow's AdagradOptimizer). */
export function adagradUpdate(w: Storage, g: Storage, a: Storage, lr: number): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i] as number;
    const acc = (a[i] as number) + gi * gi;
    a[i] = acc;
    w[i] = (w[i] as number) - (lr * gi) / Math.sqrt(acc);
  }
}

/** ms = ρ·ms + (1 − ρ)·g²; mom = μ·mom + lr·g/√(ms + ε); w −= mom (TensorFlow's RMSPropOptimizer). */
export function rmspropUpdate(
  w: Storage,
  g: Storage,
  ms: Storage,
  mom: Storage,
  lr: number,
  decay: number,
  momentum: number,
  epsilon: number,
): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i] as number;
    const s = decay * (ms[i] as number) + (1 - decay) * gi * gi;
    ms[i] = s;
    const m = momentum * (mom[i] as number) + (lr * gi) / Math.sqrt(s + epsilon);
    mom[i] = m;
    w[i] = (w[i] as number) - m;
  }
}

/** m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; w −= lr_t · m / (√v + ε) (TensorFlow's AdamOptimizer). */
export function adamUpdate(w: Storage, g: Storage, m: Storage, v: Storage, step: AdamStep): void {
  const { lr, beta1, beta2, epsilon } = step;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i] as number;
    const mi = beta1 * (m[i] as number) + (1 - beta1) * gi;
    const vi = beta2 * (v[i] as number) + (1 - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = (w[i] as number) - (lr * mi) / (Math.sqrt(vi) + epsilon);
  }
}
