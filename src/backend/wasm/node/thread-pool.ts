import { Worker } from 'node:worker_threads';
import type { ParallelArgs, ParallelKernel, WasmKernels } from '../abi.js';
import { checkThreads, createControlBlock, PoolControl, poolWorkerData, poolWorkerSource } from '../pool-protocol.js';
import type { ParallelRunner } from '../runner.js';

// Node's start of the shared worker loop: its data comes as workerData. Plain
// JavaScript, started with `eval`, so it needs no file.
const WORKER_SOURCE = poolWorkerSource(`
const { workerData, parentPort } = require('node:worker_threads');
serve(workerData, () => parentPort.postMessage('ready'));
`);

/**
 * Worker threads that share one WebAssembly memory with the main thread. A kernel
 * runs as `parts` parts: part 0 on the calling thread, the others on the workers,
 * synchronised with Atomics (the call returns when every part is done).
 */
export class ThreadPool implements ParallelRunner {
  private readonly control: PoolControl;

  private constructor(
    kernels: WasmKernels,
    control: SharedArrayBuffer,
    private readonly workers: Worker[],
  ) {
    this.control = new PoolControl(kernels, control, workers.length);
  }

  /** Starts `threads − 1` workers on `module` and `memory` (the caller is the first thread). */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    kernels: WasmKernels,
    threads: number,
  ): Promise<ThreadPool> {
    checkThreads(threads);
    const control = createControlBlock();
    const workers: Worker[] = [];
    const ready: Promise<void>[] = [];
    for (let part = 1; part < threads; part++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: poolWorkerData(module, memory, control, part, threads),
      });
      worker.unref();
      workers.push(worker);
      ready.push(
        new Promise((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        }),
      );
    }
    await Promise.all(ready);
    return new ThreadPool(kernels, control, workers);
  }

  get parts(): number {
    return this.control.parts;
  }

  run<K extends ParallelKernel>(kernel: K, named: ParallelArgs<K>): void {
    this.control.run(kernel, named);
  }

  close(): void {
    if (this.control.closed) return;
    this.control.stop();
    for (const w of this.workers) void w.terminate();
  }
}
