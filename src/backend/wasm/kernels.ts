/**
 * The functions exported by nnlab's WebAssembly module (assembly/index.ts). Every
 * parallel kernel takes its own arguments, then (part, parts): the calling thread's
 * share of the work. Pointers are byte addresses into the shared memory.
 */
export interface WasmKernels {
  sgemm(...args: number[]): void;
  im2col(...args: number[]): void;
  col2im(...args: number[]): void;
  addBias(...args: number[]): void;
  biasGrad(...args: number[]): void;
  maxPoolForward(...args: number[]): void;
  maxPoolBackward(...args: number[]): void;
  activationForward(...args: number[]): void;
  activationBackward(...args: number[]): void;
  multiply(...args: number[]): void;
  exp(...args: number[]): void;
  fill(...args: number[]): void;
  update(...args: number[]): void;
  softmaxCrossEntropy(logits: number, labels: number, n: number, k: number, probs: number, grad: number): number;
  argmaxRows(x: number, n: number, k: number, out: number): void;
  GEMM_WORK_BYTES: WebAssembly.Global;
}

/** The kernels a thread pool may run, by index (workers and main agree on this order). */
export const PARALLEL_KERNELS = [
  'sgemm',
  'im2col',
  'col2im',
  'addBias',
  'biasGrad',
  'maxPoolForward',
  'maxPoolBackward',
  'activationForward',
  'activationBackward',
  'multiply',
  'exp',
  'update',
  'fill',
] as const;

/** A kernel that splits its work between threads. */
export type ParallelKernel = (typeof PARALLEL_KERNELS)[number];

/**
 * Runs a parallel kernel on every thread, each with its part, and returns when all
 * parts are done. The serial runner is one thread; Node's pool adds worker threads.
 */
export interface ParallelRunner {
  /** Number of threads (parts) every kernel is split into. */
  readonly parts: number;
  run(kernel: ParallelKernel, args: readonly number[]): void;
  /** Stops worker threads, if any. */
  close(): void;
}

/** Runs every kernel on the calling thread. */
export class SerialRunner implements ParallelRunner {
  readonly parts = 1;

  constructor(private readonly kernels: WasmKernels) {}

  run(kernel: ParallelKernel, args: readonly number[]): void {
    this.kernels[kernel](...args, 0, 1);
  }

  close(): void {}
}

/** Imports the module needs besides its memory. */
export function wasmImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return {
    env: {
      memory,
      abort: (_message: number, _file: number, line: number, column: number) => {
        throw new Error(`nnlab WebAssembly kernel aborted at ${line}:${column}`);
      },
    },
  };
}
