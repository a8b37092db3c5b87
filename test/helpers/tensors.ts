import type { Backend } from '../../src/backend/backend.js';
import { RandomState } from '../../src/random/random-state.js';
import type { Shape, Tensor } from '../../src/tensor/tensor.js';

/** A tensor of `shape` filled with N(0, scale²) draws from a seeded generator. */
export function randomTensor(backend: Backend, shape: Shape, seed: number, scale = 1): Tensor {
  const t = backend.alloc(shape);
  backend.write(t, new RandomState(seed).normal(0, scale, t.data.length));
  return t;
}
