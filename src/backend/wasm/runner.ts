import { packArgs } from '../../kernel-abi/bindings.js';
import { PARALLEL_KERNEL_PARAMS, type ParallelArgs, type ParallelKernel, type WasmKernels } from './abi.js';

/**
 * Runs a parallel kernel on every thread, each with its part, and returns when all
 * parts are done. The serial runner is one thread; Node's pool (./node/thread-pool.ts) and
 * the browser's (./web-worker-pool.ts) add worker threads, over one protocol (./pool-protocol.ts).
 */
export interface ParallelRunner {
  /** Number of threads (parts) every kernel is split into. */
  readonly parts: number;
  /** Runs `kernel` with its named arguments, split into {@link parts} parts. */
  run<K extends ParallelKernel>(kernel: K, args: ParallelArgs<K>): void;
  /** Stops worker threads, if any. */
  close(): void;
}

/** Runs every kernel on the calling thread. */
export class SerialRunner implements ParallelRunner {
  readonly parts = 1;

  constructor(private readonly kernels: WasmKernels) {}

  run<K extends ParallelKernel>(kernel: K, args: ParallelArgs<K>): void {
    this.kernels[kernel](...packArgs(PARALLEL_KERNEL_PARAMS, kernel, args), 0, 1);
  }

  close(): void {}
}
