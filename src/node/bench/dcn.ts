import type { Backend } from '../../backend/backend.js';
import { JsBackend } from '../../backend/js/js-backend.js';
import { createWasmBackend } from '../../backend/wasm/node/loader.js';
import { buildDcn } from '../../models/dcn.js';
import { RandomState } from '../../random/random-state.js';
import { Trainer } from '../../train/trainer.js';
import { pythonMissing, runPeer } from './python.js';
import type { BenchRow } from './table.js';

/** Median milliseconds of `steps` DCN training steps (batch `batch`, Adam) on a backend, after 3 warm-up steps. */
export function dcnStepMs(backend: Backend, steps: number, batch = 50): number {
  const model = buildDcn(backend, { seed: 0 });
  const trainer = new Trainer(model, { kind: 'adam', lr: 1e-4 });
  const images = backend.alloc([batch, 28, 28, 1]);
  backend.write(images, new RandomState(1).randomSample(images.data.length));
  const labels = new RandomState(2).randint(0, 10, batch);
  const times: number[] = [];
  for (let i = 0; i < steps + 3; i++) {
    const t = performance.now();
    trainer.step({ images, labels });
    if (i >= 3) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** Options of {@link benchDcn}. */
export interface DcnBenchOptions {
  steps: number;
  threads: number;
  /** Also time the JS reference backend (slow: about 2.5 s a step). */
  withJs: boolean;
  log: (line: string) => void;
}

/**
 * DCN training throughput: nnlab's WebAssembly backend on 1 and on `threads` threads,
 * PyTorch with the same thread counts where Debian's python3-torch is installed, all
 * in this run; ratios are nnlab / PyTorch at equal threads.
 */
export async function benchDcn(o: DcnBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const counts = o.threads > 1 ? [1, o.threads] : [1];
  const torchMissing = pythonMissing(['torch']);
  if (torchMissing) o.log(`PyTorch skipped: ${torchMissing} (apt-get install python3-torch)`);
  for (const threads of counts) {
    const backend = await createWasmBackend({ threads });
    const ms = dcnStepMs(backend, o.steps);
    backend.close();
    let torchMs = Number.NaN;
    if (!torchMissing)
      torchMs = runPeer<{ ms_per_step: number }>('torch_dcn.py', [String(threads), String(o.steps)]).ms_per_step;
    rows.push(row(`nnlab ${backend.name}`, threads, ms, torchMs));
    if (!torchMissing) rows.push(row('PyTorch (CPU)', threads, torchMs, torchMs));
  }
  if (o.withJs) rows.push(row('nnlab js (reference)', 1, dcnStepMs(new JsBackend('float32'), 2), Number.NaN));
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
