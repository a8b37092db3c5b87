import type { ParallelArgs, ParallelKernel, WasmKernels } from './abi.js';
import { checkThreads, createControlBlock, PoolControl, poolWorkerData, poolWorkerSource } from './pool-protocol.js';
import type { ParallelRunner } from './runner.js';

// The browser's start of the shared worker loop: its data is the first message, after
// which the loop owns the worker (it never returns to the event loop; `terminate` ends it).
const WORKER_SOURCE = poolWorkerSource(`
self.onmessage = (event) => {
  self.onmessage = null;
  serve(event.data, () => self.postMessage('ready'));
};
`);

/**
 * Throws unless this thread can be a pool's calling thread: one with SharedArrayBuffer
 * that may block in Atomics.wait. Browsers forbid blocking on a page's main thread,
 * where Atomics.wait throws whatever the values, so the probe answers without waiting.
 */
export function checkCanBlock(): void {
  if (typeof SharedArrayBuffer === 'undefined')
    throw new Error('the WebAssembly thread pool needs SharedArrayBuffer, which only a cross-origin-isolated page has');
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
  } catch {
    throw new Error(
      'the WebAssembly thread pool must run in a thread that may block in Atomics.wait: start the backend in a Web Worker, not on the page',
    );
  }
}

/**
 * Web Workers that share one WebAssembly memory with the calling thread: the browser's
 * counterpart of Node's `ThreadPool`, on the same control-block protocol. A kernel runs
 * as `parts` parts: part 0 on the calling thread, the others on the workers.
 *
 * The calling thread blocks in `run` until every part is done, so the pool must be
 * started and used in a thread that may block: a dedicated Web Worker, not a page's
 * main thread (where browsers forbid Atomics.wait; {@link WebWorkerPool.start} refuses
 * there). Sharing the memory with workers needs a cross-origin-isolated page.
 */
export class WebWorkerPool implements ParallelRunner {
  private readonly control: PoolControl;

  private constructor(
    kernels: WasmKernels,
    control: SharedArrayBuffer,
    private readonly workers: Worker[],
    private readonly url: string,
  ) {
    this.control = new PoolControl(kernels, control, workers.length);
  }

  /**
   * Starts `threads − 1` classic workers on `module` and `memory` (the caller is the
   * first thread); resolves once each has instantiated the module. Rejects on a thread
   * that may not block (a page's main thread) and when a worker fails to start.
   */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    kernels: WasmKernels,
    threads: number,
  ): Promise<WebWorkerPool> {
    checkThreads(threads);
    checkCanBlock();
    const control = createControlBlock();
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    const workers: Worker[] = [];
    try {
      const ready: Promise<void>[] = [];
      for (let part = 1; part < threads; part++) {
        const worker = new Worker(url, { name: `nnlab kernels ${part}/${threads - 1}` });
        workers.push(worker);
        ready.push(
          new Promise((resolve, reject) => {
            worker.onmessage = () => resolve();
            worker.onerror = (event) => {
              event.preventDefault();
              reject(new Error(`a kernel worker failed to start: ${event.message || 'unknown error'}`));
            };
            worker.onmessageerror = () => reject(new Error('a kernel worker could not receive the module or memory'));
          }),
        );
        // Throws (DataCloneError) where the memory may not be shared: a page that is not cross-origin isolated.
        worker.postMessage(poolWorkerData(module, memory, control, part, threads));
      }
      await Promise.all(ready);
    } catch (error) {
      for (const w of workers) w.terminate();
      URL.revokeObjectURL(url);
      throw error;
    }
    for (const w of workers) {
      w.onmessage = null;
      w.onerror = null;
      w.onmessageerror = null;
    }
    return new WebWorkerPool(kernels, control, workers, url);
  }

  get parts(): number {
    return this.control.parts;
  }

  /** Runs `kernel` on every thread; blocks the calling thread until all parts are done. */
  run<K extends ParallelKernel>(kernel: K, named: ParallelArgs<K>): void {
    this.control.run(kernel, named);
  }

  /** Stops and terminates the workers and revokes their source's URL. */
  close(): void {
    if (this.control.closed) return;
    this.control.stop();
    for (const w of this.workers) w.terminate();
    URL.revokeObjectURL(this.url);
  }
}
