import { describe, expect, it } from 'vitest';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import type { Param } from '../../src/layers/layer.js';
import { createOptimizer, type OptimizerConfig } from '../../src/optim/optimizers.js';

const backend = new JsBackend('float64');

/** Runs an optimizer on one parameter [w0, w1] with gradients g_t = (t + 1)·[0.5, −2]. */
function run(config: OptimizerConfig, steps: number): number[] {
  const p: Param = { name: 'w', value: backend.alloc([2]), grad: backend.alloc([2]), role: 'weights' };
  backend.write(p.value, [1, -1]);
  const opt = createOptimizer(backend, config);
  for (let t = 0; t < steps; t++) {
    backend.write(p.grad, [0.5 * (t + 1), -2 * (t + 1)]);
    opt.step([p]);
  }
  return Array.from(p.value.data);
}

/** The same three steps written out with TensorFlow 1.x's update formulas, one scalar at a time. */
function reference(kind: OptimizerConfig['kind'], lr: number, steps: number): number[] {
  return [
    [1, 0.5],
    [-1, -2],
  ].map(([w0, g0]) => {
    let w = w0 as number;
    let a = kind === 'adagrad' ? 0.1 : kind === 'rmsprop' ? 1 : 0;
    let m = 0;
    let v = 0;
    for (let t = 1; t <= steps; t++) {
      const g = (g0 as number) * t;
      if (kind === 'sgd') w -= lr * g;
      if (kind === 'momentum') {
        a = 0.9 * a + g;
        w -= lr * a;
      }
      if (kind === 'adagrad') {
        a += g * g;
        w -= (lr * g) / Math.sqrt(a);
      }
      if (kind === 'rmsprop') {
        a = 0.9 * a + 0.1 * g * g;
        m = 0 * m + (lr * g) / Math.sqrt(a + 1e-10);
        w -= m;
      }
      if (kind === 'adam') {
        const lrT = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
        m = 0.9 * m + 0.1 * g;
        v = 0.999 * v + 0.001 * g * g;
        w -= (lrT * m) / (Math.sqrt(v) + 1e-8);
      }
    }
    return w;
  });
}

describe('optimizers follow TensorFlow 1.x update rules', () => {
  for (const kind of ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'] as const) {
    it(kind, () => {
      const got = run({ kind, lr: 0.01 }, 3);
      const want = reference(kind, 0.01, 3);
      expect(got[0]).toBeCloseTo(want[0] as number, 14);
      expect(got[1]).toBeCloseTo(want[1] as number, 14);
      expect(got[0]).not.toBe(1);
    });
  }

  it('Adam’s first step moves every weight by about lr, whatever the gradient scale', () => {
    const got = run({ kind: 'adam', lr: 0.001 }, 1);
    expect(got[0]).toBeCloseTo(1 - 0.001, 6);
    expect(got[1]).toBeCloseTo(-1 + 0.001, 6);
  });

  it('rejects a non-positive learning rate', () => {
    expect(() => createOptimizer(backend, { kind: 'sgd', lr: 0 })).toThrow(/learning rate/);
  });
});
