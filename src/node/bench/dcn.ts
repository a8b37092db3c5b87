import type { Backend } from '../../backend/backend.js';
import type { ConvAlgorithm } from '../../backend/conv-algorithm.js';
import { JsBackend } from '../../backend/js/js-backend.js';
import { createWasmBackend } from '../../backend/wasm/node/loader.js';
import type { Sequential } from '../../layers/sequential.js';
import { buildDcn } from '../../models/dcn.js';
import { RandomState } from '../../random/random-state.js';
import { Trainer } from '../../train/trainer.js';
import { pythonMissing, runPeer } from './python.js';
import type { BenchRow } from './table.js';

/** What every DCN benchmark times: the course's model and Adam on one fixed random batch. */
export interface BenchTrainer {
  model: Sequential;
  trainer: Trainer;
  /** One training step on the fixed batch; its loss. */
  step(): number;
}

/** The DCN (seed 0) with Adam 1e-4 on a fixed batch of `batch` random images, after 3 warm-up steps. */
export function benchTrainer(backend: Backend, batch = 50): BenchTrainer {
  const model = buildDcn(backend, { seed: 0 });
  const trainer = new Trainer(model, { kind: 'adam', lr: 1e-4 });
  const images = backend.alloc([batch, 28, 28, 1]);
  backend.write(images, new RandomState(1).randomSample(images.data.length));
  const labels = new RandomState(2).randint(0, 10, batch);
  const step = () => trainer.step({ images, labels });
  for (let i = 0; i < 3; i++) step();
  return { model, trainer, step };
}

/** Median milliseconds of `steps` DCN training steps (batch `batch`, Adam) on a backend, after 3 warm-up steps. */
export function dcnStepMs(backend: Backend, steps: number, batch = 50): number {
  const { step } = benchTrainer(backend, batch);
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    step();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** Options of {@link benchDcn}. */
export interface DcnBenchOptions {
  steps: number;
  threads: number;
  /** Convolution algorithms to time nnlab with, each at every thread count. */
  convs: readonly ConvAlgorithm[];
  /** Also time the JS reference backend (slow: about 2.5 s a step). */
  withJs: boolean;
  log: (line: string) => void;
}

/**
 * DCN training throughput: nnlab's WebAssembly backend with each convolution algorithm on
 * every thread count from 1 to `threads`, PyTorch with the same thread counts where Debian's python3-torch is
 * installed, all in this run; ratios are PyTorch's ms / nnlab's at equal threads, and a
 * line compares each side at its own best thread count.
 */
export async function benchDcn(o: DcnBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // Every thread count up to o.threads: each side is then also compared at its own best.
  const counts = Array.from({ length: o.threads }, (_, i) => i + 1);
  const torchMissing = pythonMissing(['torch']);
  if (torchMissing) o.log(`PyTorch skipped: ${torchMissing} (apt-get install python3-torch)`);
  for (const threads of counts) {
    // PyTorch first, then each algorithm: rows of one thread count are timed back to back.
    let torchMs = Number.NaN;
    if (!torchMissing)
      torchMs = runPeer<{ ms_per_step: number }>('torch_dcn.py', [String(threads), String(o.steps)]).ms_per_step;
    for (const conv of o.convs) {
      const backend = await createWasmBackend({ threads, conv });
      const ms = dcnStepMs(backend, o.steps);
      backend.close();
      rows.push(row(`nnlab ${backend.name}, conv ${conv}`, threads, ms, torchMs));
    }
    if (!torchMissing) rows.push(row('PyTorch (CPU)', threads, torchMs, torchMs));
  }
  if (o.withJs) rows.push(row('nnlab js (reference)', 1, dcnStepMs(new JsBackend('float32'), 2), Number.NaN));
  const best = bestVsBest(rows);
  if (best) o.log(best);
  const one = rows.find((r) => r.threads === 1 && String(r.run).startsWith('nnlab wasm'));
  const many = rows.find((r) => r.threads === o.threads && o.threads > 1 && String(r.run).startsWith('nnlab wasm'));
  if (one && many)
    o.log(
      `nnlab scaling: ${o.threads} threads = ${((one['ms/step'] as number) / (many['ms/step'] as number)).toFixed(2)}× one thread`,
    );
  return rows;
}

function row(run: string, threads: number, ms: number, torchMs: number): BenchRow {
  return {
    run,
    threads,
    'ms/step': ms,
    'images/s': (50 * 1000) / ms,
    'vs PyTorch': Number.isNaN(torchMs) ? '-' : (torchMs / ms).toFixed(2),
  };
}

/**
 * The headline of the DCN table: nnlab's fastest row against PyTorch's fastest, each at
 * whichever thread count suits it (`best vs best: nnlab 55.8 ms (2 threads), PyTorch
 * 56.3 ms (2 threads): 1.01×`), or undefined without both.
 */
export function bestVsBest(rows: readonly BenchRow[]): string | undefined {
  const fastest = (prefix: string) =>
    rows
      .filter((r) => String(r.run).startsWith(prefix))
      .sort((a, b) => (a['ms/step'] as number) - (b['ms/step'] as number))[0];
  const ours = fastest('nnlab wasm');
  const theirs = fastest('PyTorch');
  if (!ours || !theirs) return undefined;
  const [ms, torchMs] = [ours['ms/step'] as number, theirs['ms/step'] as number];
  const at = (r: BenchRow) => `${r.threads} thread${r.threads === 1 ? '' : 's'}`;
  return `best vs best: nnlab ${ms.toFixed(1)} ms (${at(ours)}), PyTorch ${torchMs.toFixed(1)} ms (${at(theirs)}): ${(torchMs / ms).toFixed(2)}×`;
}
