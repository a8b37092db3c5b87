import { checkKernelExports } from '../../kernel-abi/bindings.js';
import type { ConvAlgorithm } from '../conv-algorithm.js';
import { FLOAT32_KERNEL_TABLES, type WasmKernels } from './abi.js';
import { type ParallelRunner, SerialRunner } from './runner.js';
import { WasmBackend } from './wasm-backend.js';

/**
 * The memory every build of the kernels imports: shared (so worker threads can use
 * it; in a browser this needs a cross-origin-isolated page), growing on demand up to 4 GiB.
 */
export function createKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
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

/**
 * Instantiates the kernels on a fresh memory, after checking the module against the
 * kernel tables of ./abi.ts (a stale build is refused with one line).
 * @param what the module, for error messages
 */
export function instantiateKernels(
  module: WebAssembly.Module,
  what = 'the nnlab kernel module',
): { kernels: WasmKernels; memory: WebAssembly.Memory } {
  const memory = createKernelMemory();
  const exports = new WebAssembly.Instance(module, wasmImports(memory)).exports;
  checkKernelExports(exports, FLOAT32_KERNEL_TABLES, what);
  return { kernels: exports as unknown as WasmKernels, memory };
}

/**
 * A WebAssembly backend from a compiled module of nnlab's kernels, in any JavaScript
 * runtime (a browser page included). Single-threaded unless a runner is made from the
 * returned parts; on threads: `createWasmBackend` of `nnlab/node` in Node, `createBrowserWasmBackend` in a browser worker.
 * @param variant label of the build ("relaxed-simd", "simd", "plain")
 * @param conv how 5×5 SAME convolutions are computed (default `auto`)
 */
export function createWasmBackendFromModule(
  module: WebAssembly.Module,
  variant: string,
  makeRunner: (kernels: WasmKernels) => ParallelRunner = (kernels) => new SerialRunner(kernels),
  conv: ConvAlgorithm = 'auto',
): WasmBackend {
  const { kernels, memory } = instantiateKernels(module, `the ${variant} kernel module`);
  return new WasmBackend(kernels, memory, makeRunner(kernels), variant, conv);
}
