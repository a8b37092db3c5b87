import { checkKernelExports, type KernelTable, type NamedArgs, packArgs } from '../../kernel-abi/bindings.js';

/**
 * The kernels of build/nnlab-classic.wasm (assembly/classic*.ts) and their parameters,
 * in order; pointers are byte offsets into the module's own memory, matrices row-major.
 * `kind` is an activation code of src/kernel-abi/codes.ts.
 */
export const CLASSIC_KERNEL_PARAMS = {
  heapBase: [],
  affine: ['x', 'n', 'k', 'w', 'm', 'bias', 'out'],
  activationForward: ['kind', 'z', 'a', 'len'],
  softmax: ['z', 'p', 'n', 'c'],
  badLabel: ['labels', 'n', 'c'],
  subtractLabels: ['p', 'n', 'c', 'labels'],
  weightGrads: ['x', 'n', 'k', 'd', 'm', 'gw', 'gb'],
  inputGrads: ['d', 'n', 'm', 'wt', 'k', 'kind', 'z', 'a', 'out'],
  tanhForward: ['z', 'a', 'len'],
  expForward: ['z', 'p', 'len'],
  expm1Forward: ['z', 'out', 'len'],
} as const satisfies KernelTable;

/** A kernel of the classic module. */
export type ClassicKernel = keyof typeof CLASSIC_KERNEL_PARAMS;

/** The instantiated classic module: its memory and a typed call for every kernel. */
export interface ClassicKernels {
  readonly memory: WebAssembly.Memory;
  /** Runs `kernel` with its named arguments; returns what it returns (0 for nothing). */
  call<K extends ClassicKernel>(kernel: K, args: NamedArgs<typeof CLASSIC_KERNEL_PARAMS, K>): number;
}

/**
 * Instantiates the classic kernels, after checking them against
 * {@link CLASSIC_KERNEL_PARAMS}; the host supplies Math.exp and Math.tanh for the
 * arguments the vector code leaves out.
 */
export function instantiateClassicKernels(module: WebAssembly.Module): ClassicKernels {
  const { exports } = new WebAssembly.Instance(module, { env: { exp: Math.exp, tanh: Math.tanh } });
  checkKernelExports(exports, [{ table: CLASSIC_KERNEL_PARAMS, trailing: 0 }], 'build/nnlab-classic.wasm');
  const functions = exports as unknown as Record<ClassicKernel, (...args: number[]) => number | undefined>;
  return {
    memory: exports.memory as WebAssembly.Memory,
    call: (kernel, args) => functions[kernel](...packArgs(CLASSIC_KERNEL_PARAMS, kernel, args)) ?? 0,
  };
}
