import type { KernelTable, NamedArgs, RawKernel } from '../../kernel-abi/bindings.js';

/**
 * The float32 module's parallel kernels (assembly/index.ts) and their parameters, in
 * order; each also takes (part, parts) last: the calling thread's share of the work.
 * Pointers are byte addresses into the shared memory; booleans are 0 or 1.
 */
export const PARALLEL_KERNEL_PARAMS = {
  sgemm: ['transA', 'transB', 'm', 'n', 'k', 'a', 'b', 'c', 'accumulate', 'work'],
  im2col: ['x', 'batch', 'h', 'w', 'ch', 'kh', 'kw', 'oh', 'ow', 'padTop', 'padLeft', 'col'],
  col2im: ['col', 'batch', 'h', 'w', 'ch', 'kh', 'kw', 'oh', 'ow', 'padTop', 'padLeft', 'dx'],
  conv1Forward: ['x', 'batch', 'h', 'w', 'kh', 'kw', 'oh', 'ow', 'padTop', 'padLeft', 'cout', 'weights', 'bias', 'y'],
  conv1FilterGrad: ['x', 'dy', 'batch', 'h', 'w', 'kh', 'kw', 'oh', 'ow', 'padTop', 'padLeft', 'cout', 'dw'],
  addBias: ['x', 'bias', 'rows', 'n'],
  biasGrad: ['dy', 'grad', 'rows', 'n'],
  maxPoolForward: ['x', 'batch', 'h', 'w', 'ch', 'y', 'argmax'],
  maxPoolBackward: ['dy', 'argmax', 'batch', 'h', 'w', 'ch', 'dx'],
  activationForward: ['kind', 'x', 'y', 'len', 'alpha'],
  activationBackward: ['kind', 'x', 'y', 'dy', 'dx', 'len', 'alpha'],
  multiply: ['x', 'm', 'y', 'len'],
  fill: ['x', 'len', 'value'],
  update: ['kind', 'w', 'g', 's1', 's2', 'len', 'h1', 'h2', 'h3', 'h4'],
  winogradFilter: ['w', 'k', 'n', 'flip', 'u'],
  winogradConv: ['x', 'batch', 'h', 'w', 'k', 'n', 'u', 'bias', 'y', 'work', 'scratch'],
  winogradFilterGrad: ['x', 'dy', 'batch', 'h', 'w', 'k', 'n', 'du', 'work', 'scratch'],
  winogradFilterGradOut: ['du', 'k', 'n', 'dw', 'scratch'],
} as const satisfies KernelTable;

/** The float32 module's kernels that run on the calling thread only. */
export const SERIAL_KERNEL_PARAMS = {
  softmaxCrossEntropy: ['logits', 'labels', 'n', 'k', 'probs', 'grad'],
  argmaxRows: ['x', 'n', 'k', 'out'],
  winogradScratchBytes: ['k', 'n'],
  winogradFilterFloats: ['k', 'n'],
  winogradGradFloats: ['k', 'n'],
} as const satisfies KernelTable;

/** Both tables as {@link checkKernelExports} takes them. */
export const FLOAT32_KERNEL_TABLES = [
  { table: PARALLEL_KERNEL_PARAMS, trailing: 2 },
  { table: SERIAL_KERNEL_PARAMS, trailing: 0 },
] as const;

/** A kernel a thread pool may run. */
export type ParallelKernel = keyof typeof PARALLEL_KERNEL_PARAMS;

/** A kernel that runs on the calling thread. */
export type SerialKernel = keyof typeof SERIAL_KERNEL_PARAMS;

/** The parallel kernels by index (workers and the main thread agree on this order). */
export const PARALLEL_KERNELS = Object.keys(PARALLEL_KERNEL_PARAMS) as ParallelKernel[];

/** Named arguments of a parallel kernel (without part and parts). */
export type ParallelArgs<K extends ParallelKernel> = NamedArgs<typeof PARALLEL_KERNEL_PARAMS, K>;

/** Named arguments of a serial kernel. */
export type SerialArgs<K extends SerialKernel> = NamedArgs<typeof SERIAL_KERNEL_PARAMS, K>;

/** The instantiated float32 module's exports, after {@link checkKernelExports}. */
export type WasmKernels = Record<ParallelKernel | SerialKernel, RawKernel> & {
  /** Bytes of scratch one thread's sgemm needs. */
  GEMM_WORK_BYTES: WebAssembly.Global;
};
