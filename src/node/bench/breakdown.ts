import type { Backend } from '../../backend/backend.js';
import type { ConvAlgorithm } from '../../backend/conv-algorithm.js';
import { createWasmBackend } from '../../backend/wasm/node/loader.js';
import type { Tensor } from '../../tensor/tensor.js';
import { benchTrainer } from './dcn.js';
import type { BenchRow } from './table.js';

/** Time spent in one backend operation on given shapes, over the timed steps. */
interface OpTime {
  calls: number;
  ms: number;
}

function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'shape' in x && 'data' in x;
}

/**
 * A backend whose every method call is timed, keyed by the method and the shapes of its
 * tensor arguments (`matmul 50×3136, 3136×1024, 50×1024`: fc1's forward product), so a
 * training step splits into its operations. Calls a method makes on its own backend are
 * part of that method's time, not counted again: the wrapped methods run on the target.
 * Every backend method is synchronous, so wall time around a call is its cost.
 */
export function timedBackend(backend: Backend): { backend: Backend; times: Map<string, OpTime> } {
  const times = new Map<string, OpTime>();
  const proxy = new Proxy(backend, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const t = performance.now();
        const result = value.apply(target, args);
        const ms = performance.now() - t;
        const key = [
          prop,
          args
            .filter(isTensor)
            .map((a) => a.shape.join('×'))
            .join(', '),
        ]
          .join(' ')
          .trim();
        const entry = times.get(key) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += ms;
        times.set(key, entry);
        return result;
      };
    },
  });
  return { backend: proxy, times };
}

/**
 * Where a DCN training step (batch 50, Adam) spends its time on `backend`: each backend
 * operation's milliseconds per step and share of the step, largest first, the `top`
 * largest named and the rest summed, plus the time outside backend calls (JavaScript:
 * batch copies, the dropout mask, bookkeeping). Measured over `steps` steps after 3 warm-up steps.
 */
export function dcnStepBreakdown(raw: Backend, steps: number, top = 14): BenchRow[] {
  const { backend, times } = timedBackend(raw);
  const { model, trainer, step } = benchTrainer(backend);
  times.clear();
  const t = performance.now();
  for (let i = 0; i < steps; i++) step();
  const total = (performance.now() - t) / steps;
  // Read before disposing: the frees of dispose() are not part of a step.
  const ops = [...times].map(([op, o]) => ({ op, calls: o.calls / steps, ms: o.ms / steps }));
  trainer.dispose();
  model.dispose();
  ops.sort((a, b) => b.ms - a.ms);
  const named = ops.slice(0, top);
  const rest = ops.slice(top);
  const inBackend = ops.reduce((s, o) => s + o.ms, 0);
  const rows = named.map((o) => row(o.op, o.calls, o.ms, total));
  if (rest.length > 0) {
    const ms = rest.reduce((s, o) => s + o.ms, 0);
    rows.push(
      row(
        `${rest.length} other operations`,
        rest.reduce((s, o) => s + o.calls, 0),
        ms,
        total,
      ),
    );
  }
  rows.push(row('outside backend calls (JavaScript)', 0, Math.max(0, total - inBackend), total));
  rows.push(
    row(
      'whole step',
      ops.reduce((s, o) => s + o.calls, 0),
      total,
      total,
    ),
  );
  return rows;
}

function row(op: string, calls: number, ms: number, total: number): BenchRow {
  return { operation: op, 'calls/step': calls, 'ms/step': ms, share: `${((100 * ms) / total).toFixed(1)} %` };
}

/** The breakdown on the wasm backend with `threads` threads and convolution algorithm `conv`. */
export async function benchBreakdown(
  threads: number,
  steps: number,
  conv: ConvAlgorithm = 'auto',
): Promise<{ name: string; rows: BenchRow[] }> {
  const backend = await createWasmBackend({ threads, conv });
  try {
    return { name: backend.name, rows: dcnStepBreakdown(backend, steps) };
  } finally {
    backend.close();
  }
}
