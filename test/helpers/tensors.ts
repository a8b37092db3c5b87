import type { Backend } from '../../src/backend/backend.js';
import { RandomState } from '../../src/random/random-state.js';
import type { Shape, Tensor } from '../../src/tensor/tensor.js';

/** A tensor of `shape` filled with N(0, scale²) draws from a seeded generator. */
export function randomTensor(backend: Backend, shape: Shape, seed: number, scale = 1): Tensor {
  const t = backend.alloc(shape);
  backend.write(t, new RandomState(seed).normal(0, scale, t.data.length));
  return t;
}

/** Largest |a − b| / max(1, |a|, |b|) over the entries. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(x), Math.abs(y)));
  }
  return worst;
}
