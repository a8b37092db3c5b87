import { type ParallelRunner, SerialRunner, type WasmKernels, wasmImports } from './kernels.js';
import { WasmBackend } from './wasm-backend.js';

/**
 * The memory every build of the kernels imports: shared (so worker threads can use
 * it; in a browser this needs a cross-origin-isolated page), growing on demand up to 4 GiB.
 */
export function createKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
}

/** Instantiates the kernels on a fresh memory: the exports, the memory and the module. */
export function instantiateKernels(module: WebAssembly.Module): { kernels: WasmKernels; memory: WebAssembly.Memory } {
  const memory = createKernelMemory();
  const kernels = new WebAssembly.Instance(module, wasmImports(memory)).exports as unknown as WasmKernels;
  return { kernels, memory };
}

/**
 * A WebAssembly backend from a compiled module of nnlab's kernels, in any JavaScript
 * runtime (a browser page included). Single-threaded unless a runner is made from the
 * returned parts; Node's thread pool lives in `nnlab/node`.
 * @param variant label of the build ("relaxed-simd", "simd", "plain")
 */
export function createWasmBackendFromModule(
  module: WebAssembly.Module,
  variant: string,
  makeRunner: (kernels: WasmKernels) => ParallelRunner = (kernels) => new SerialRunner(kernels),
): WasmBackend {
  const { kernels, memory } = instantiateKernels(module);
  return new WasmBackend(kernels, memory, makeRunner(kernels), variant);
}
