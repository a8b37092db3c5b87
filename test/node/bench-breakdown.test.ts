import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createWasmBackend } from '../../src/backend/wasm/node/loader.js';
import { buildDcn } from '../../src/models/dcn.js';
import { dcnStepBreakdown, timedBackend } from '../../src/node/bench/breakdown.js';
import { RandomState } from '../../src/random/random-state.js';
import { Trainer } from '../../src/train/trainer.js';

/** Two DCN steps on a backend: their losses and fc1's weights after them. */
function twoSteps(backend: Backend) {
  const model = buildDcn(backend, { seed: 3 });
  const trainer = new Trainer(model, { kind: 'adam', lr: 1e-4 });
  const images = backend.alloc([50, 28, 28, 1]);
  backend.write(images, new RandomState(1).randomSample(images.data.length));
  const labels = new RandomState(2).randint(0, 10, 50);
  const losses = [trainer.step({ images, labels }), trainer.step({ images, labels })];
  const weights = Array.from(model.params().find((p) => p.name === 'fc1/weights')?.value.data ?? []);
  trainer.dispose();
  model.dispose();
  return { losses, weights };
}

describe('the per-operation breakdown of a DCN step (nnlab bench --only breakdown)', () => {
  it('times every backend call without changing a number of the training', async () => {
    const plain = await createWasmBackend({ threads: 1 });
    const { backend, times } = timedBackend(plain);
    try {
      const reference = twoSteps(plain);
      const timed = twoSteps(backend);
      expect(timed.losses).toEqual(reference.losses);
      expect(timed.weights).toEqual(reference.weights);
      // Two steps: each conv's forward once a step, one Adam update per parameter tensor a step (4 layers × w, b).
      expect(times.get('conv2dForward 50×14×14×32, 5×5×32×64, 64, 50×14×14×64')?.calls).toBe(2);
      const adam = [...times].filter(([op]) => op.startsWith('adamUpdate ')).reduce((n, [, t]) => n + t.calls, 0);
      expect(adam).toBe(16);
    } finally {
      plain.close();
    }
  });

  it('splits the step into shares that add up to the whole, conv2 and fc1 leading', async () => {
    const backend = await createWasmBackend({ threads: 1 });
    try {
      const rows = dcnStepBreakdown(backend, 2, 6);
      const whole = rows.at(-1);
      expect(whole?.operation).toBe('whole step');
      // The same calls every step, whatever the number of steps (nothing outside the steps counted).
      const again = dcnStepBreakdown(backend, 3, 6).at(-1);
      expect(again?.['calls/step']).toBe(whole?.['calls/step']);
      const parts = rows.slice(0, -1);
      expect(parts).toHaveLength(6 + 2); // the 6 largest, the others summed, the time outside the backend
      const sum = parts.reduce((s, r) => s + (r['ms/step'] as number), 0);
      expect(sum).toBeCloseTo(whole?.['ms/step'] as number, 6);
      const shares = parts.reduce((s, r) => s + Number.parseFloat(String(r.share)), 0);
      expect(Math.abs(shares - 100)).toBeLessThan(0.5);
      const ms = parts.slice(0, 6).map((r) => r['ms/step'] as number);
      expect(ms).toEqual([...ms].sort((a, b) => b - a));
      // conv2's three passes and fc1's three matmuls are the step's six largest
      // operations (96 % of its FLOPs; with Winograd, about as long as each other).
      const top6 = parts.slice(0, 6).map((r) => String(r.operation));
      const conv2 = top6.filter((op) => op.startsWith('conv2d') && op.includes('5×5×32×64'));
      expect(conv2.map((op) => op.split(' ')[0]).sort()).toEqual([
        'conv2dBackwardFilter',
        'conv2dBackwardInput',
        'conv2dForward',
      ]);
      expect(top6.filter((op) => op.startsWith('matmul') && op.includes('3136×1024'))).toHaveLength(3);
    } finally {
      backend.close();
    }
  });
});
