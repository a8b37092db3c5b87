import { Worker } from 'node:worker_threads';
import { packArgs } from '../../../kernel-abi/bindings.js';
import {
  PARALLEL_KERNEL_PARAMS,
  PARALLEL_KERNELS,
  type ParallelArgs,
  type ParallelKernel,
  type WasmKernels,
} from '../abi.js';
import type { ParallelRunner } from '../runner.js';

// Control block layout (Int32 slots) in a SharedArrayBuffer, then the arguments (Float64).
const GENERATION = 0;
const PENDING = 1;
const KERNEL = 2;
const ARGC = 3;
const FAILED = 4;
const ARGS_OFFSET = 64;
const MAX_ARGS = 32;
const STOP = -1;
// Busy-wait this many polls before sleeping in Atomics.wait: kernels come in quick
// succession, and waking a sleeping thread costs tens of microseconds.
const SPINS = 20000;

// The worker: instantiate the module on the shared memory, then run its part of every
// kernel the main thread posts. Plain JavaScript, started with `eval`, so it needs no file.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control, part, parts, names, spins } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('kernel aborted'); } } });
const kernels = instance.exports;
const ctrl = new Int32Array(control, 0, 16);
const args = new Float64Array(control, ${ARGS_OFFSET}, ${MAX_ARGS});
// Read the generation before saying ready: the first task may be posted right after.
let generation = Atomics.load(ctrl, ${GENERATION});
parentPort.postMessage('ready');
for (;;) {
  let n = 0;
  while (Atomics.load(ctrl, ${GENERATION}) === generation) {
    if (++n > spins) Atomics.wait(ctrl, ${GENERATION}, generation);
  }
  generation = Atomics.load(ctrl, ${GENERATION});
  const kernel = ctrl[${KERNEL}];
  if (kernel === ${STOP}) break;
  const argc = ctrl[${ARGC}];
  const list = new Array(argc + 2);
  for (let i = 0; i < argc; i++) list[i] = args[i];
  list[argc] = part;
  list[argc + 1] = parts;
  try {
    kernels[names[kernel]](...list);
  } catch (error) {
    Atomics.store(ctrl, ${FAILED}, 1);
  }
  if (Atomics.sub(ctrl, ${PENDING}, 1) === 1) Atomics.notify(ctrl, ${PENDING});
}
`;

/**
 * Worker threads that share one WebAssembly memory with the main thread. A kernel
 * runs as `parts` parts: part 0 on the calling thread, the others on the workers,
 * synchronised with Atomics (the call returns when every part is done).
 */
export class ThreadPool implements ParallelRunner {
  private readonly ctrl: Int32Array;
  private readonly args: Float64Array;
  private closed = false;

  private constructor(
    private readonly kernels: WasmKernels,
    control: SharedArrayBuffer,
    private readonly workers: Worker[],
  ) {
    this.ctrl = new Int32Array(control, 0, 16);
    this.args = new Float64Array(control, ARGS_OFFSET, MAX_ARGS);
  }

  /** Starts `threads − 1` workers on `module` and `memory` (the caller is the first thread). */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    kernels: WasmKernels,
    threads: number,
  ): Promise<ThreadPool> {
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be a positive integer, got ${threads}`);
    const control = new SharedArrayBuffer(ARGS_OFFSET + 8 * MAX_ARGS);
    const workers: Worker[] = [];
    const ready: Promise<void>[] = [];
    for (let part = 1; part < threads; part++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control, part, parts: threads, names: PARALLEL_KERNELS, spins: SPINS },
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
    return this.workers.length + 1;
  }

  run<K extends ParallelKernel>(kernel: K, named: ParallelArgs<K>): void {
    if (this.closed) throw new Error('the thread pool is closed');
    const args = packArgs(PARALLEL_KERNEL_PARAMS, kernel, named);
    if (args.length > MAX_ARGS) throw new RangeError(`too many kernel arguments (${args.length})`);
    const { ctrl } = this;
    if (this.workers.length > 0) {
      this.args.set(args);
      ctrl[KERNEL] = PARALLEL_KERNELS.indexOf(kernel);
      ctrl[ARGC] = args.length;
      Atomics.store(ctrl, PENDING, this.workers.length);
      Atomics.add(ctrl, GENERATION, 1);
      Atomics.notify(ctrl, GENERATION);
    }
    try {
      this.kernels[kernel](...args, 0, this.parts);
    } finally {
      // Even when part 0 throws, wait for the workers: the next call reuses the control block.
      let pending = Atomics.load(ctrl, PENDING);
      for (let n = 0; pending !== 0; pending = Atomics.load(ctrl, PENDING)) {
        if (++n > SPINS) Atomics.wait(ctrl, PENDING, pending);
      }
    }
    if (Atomics.exchange(ctrl, FAILED, 0) !== 0) throw new Error(`kernel ${kernel} failed on a worker thread`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ctrl[KERNEL] = STOP;
    Atomics.add(this.ctrl, GENERATION, 1);
    Atomics.notify(this.ctrl, GENERATION);
    for (const w of this.workers) void w.terminate();
  }
}
