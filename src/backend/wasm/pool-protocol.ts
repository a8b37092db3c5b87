import { packArgs } from '../../kernel-abi/bindings.js';
import {
  PARALLEL_KERNEL_PARAMS,
  PARALLEL_KERNELS,
  type ParallelArgs,
  type ParallelKernel,
  type WasmKernels,
} from './abi.js';

// How a pool's calling thread hands kernels to its workers, written once for Node's
// ThreadPool (./node/thread-pool.ts) and the browser's WebWorkerPool (./web-worker-pool.ts):
// a control block of Int32 slots in a SharedArrayBuffer, then the arguments (Float64).
const GENERATION = 0;
const PENDING = 1;
const KERNEL = 2;
const ARGC = 3;
const FAILED = 4;
const SLOTS = 16;
const ARGS_OFFSET = 64;
const MAX_ARGS = 32;
const STOP = -1;
// Busy-wait this many polls before sleeping in Atomics.wait: kernels come in quick
// succession, and waking a sleeping thread costs tens of microseconds.
const SPINS = 20000;

/** What a pool worker is started with (Node's `workerData`, the browser's first message). */
export interface PoolWorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  /** This worker's part (1 … parts − 1; the calling thread runs part 0). */
  readonly part: number;
  readonly parts: number;
  /** The parallel kernels by index, as the control block's KERNEL slot numbers them. */
  readonly names: readonly string[];
  readonly spins: number;
}

// The worker's whole life after its start message, as JavaScript source: both pools
// start workers from text (Node with `eval`, the browser from a Blob), so there is no
// file to ship, and both get this same loop. `ready` is called once the worker can
// take its first kernel.
const SERVE = `function serve({ module, memory, control, part, parts, names, spins }, ready) {
  const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('kernel aborted'); } } });
  const kernels = instance.exports;
  const ctrl = new Int32Array(control, 0, ${SLOTS});
  const args = new Float64Array(control, ${ARGS_OFFSET}, ${MAX_ARGS});
  // Read the generation before saying ready: the first task may be posted right after.
  let generation = Atomics.load(ctrl, ${GENERATION});
  ready();
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
}`;

/**
 * A pool worker's source: the shared loop, then `start`, the runtime's few lines that
 * receive the {@link PoolWorkerData} and call `serve(data, ready)`.
 */
export function poolWorkerSource(start: string): string {
  return `'use strict';\n${SERVE}\n${start}\n`;
}

/** Checks a pool's thread count (the calling thread included). */
export function checkThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
}

/** A fresh control block for a pool. */
export function createControlBlock(): SharedArrayBuffer {
  return new SharedArrayBuffer(ARGS_OFFSET + 8 * MAX_ARGS);
}

/** The start data of worker `part` of `parts`. */
export function poolWorkerData(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  control: SharedArrayBuffer,
  part: number,
  parts: number,
): PoolWorkerData {
  return { module, memory, control, part, parts, names: PARALLEL_KERNELS, spins: SPINS };
}

/**
 * The calling thread's side of the protocol: posts a kernel to the workers, runs part
 * 0 itself, and blocks (spinning, then in Atomics.wait) until every worker is done.
 */
export class PoolControl {
  private readonly ctrl: Int32Array;
  private readonly args: Float64Array;
  private stopped = false;

  /**
   * @param workers how many workers serve `control` (parts 1 … workers)
   */
  constructor(
    private readonly kernels: WasmKernels,
    control: SharedArrayBuffer,
    private readonly workers: number,
  ) {
    this.ctrl = new Int32Array(control, 0, SLOTS);
    this.args = new Float64Array(control, ARGS_OFFSET, MAX_ARGS);
  }

  /** Number of parts every kernel is split into. */
  get parts(): number {
    return this.workers + 1;
  }

  /** Runs `kernel` on every thread and returns when all parts are done. */
  run<K extends ParallelKernel>(kernel: K, named: ParallelArgs<K>): void {
    if (this.stopped) throw new Error('the thread pool is closed');
    const args = packArgs(PARALLEL_KERNEL_PARAMS, kernel, named);
    if (args.length > MAX_ARGS) throw new RangeError(`too many kernel arguments (${args.length})`);
    const { ctrl } = this;
    if (this.workers > 0) {
      this.args.set(args);
      ctrl[KERNEL] = PARALLEL_KERNELS.indexOf(kernel);
      ctrl[ARGC] = args.length;
      Atomics.store(ctrl, PENDING, this.workers);
      Atomics.add(ctrl, GENERATION, 1);
      Atomics.notify(ctrl, GENERATION);
    }
    let workerFailed = false;
    try {
      this.kernels[kernel](...args, 0, this.parts);
    } finally {
      // Even when part 0 throws, wait for the workers: the next call reuses the control block,
      // and a worker's failure flag is cleared with it (else the next kernel would fail too).
      let pending = Atomics.load(ctrl, PENDING);
      for (let n = 0; pending !== 0; pending = Atomics.load(ctrl, PENDING)) {
        if (++n > SPINS) Atomics.wait(ctrl, PENDING, pending);
      }
      workerFailed = Atomics.exchange(ctrl, FAILED, 0) !== 0;
    }
    if (workerFailed) throw new Error(`kernel ${kernel} failed on a worker thread`);
  }

  /** Tells the workers to leave their loop; later calls of {@link run} throw. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.ctrl[KERNEL] = STOP;
    Atomics.add(this.ctrl, GENERATION, 1);
    Atomics.notify(this.ctrl, GENERATION);
  }

  /** Whether {@link stop} was called. */
  get closed(): boolean {
    return this.stopped;
  }
}
