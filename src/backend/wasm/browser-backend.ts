import type { ConvAlgorithm } from '../conv-algorithm.js';
import { instantiateKernels } from './instantiate.js';
import { checkThreads } from './pool-protocol.js';
import { SerialRunner } from './runner.js';
import { WasmBackend } from './wasm-backend.js';
import { checkCanBlock, WebWorkerPool } from './web-worker-pool.js';

/** Options of {@link createBrowserWasmBackend}. */
export interface BrowserWasmBackendOptions {
  /** A compiled build of nnlab's kernels (`WebAssembly.compileStreaming(fetch(…))`). */
  module: WebAssembly.Module;
  /** The build's label for the backend's name ("relaxed-simd", "simd", "plain"). */
  variant: string;
  /** Threads to split kernels over, the calling one included (default 1). */
  threads?: number;
  /** How 5×5 SAME convolutions are computed (default `auto`). */
  conv?: ConvAlgorithm;
}

/**
 * Why this context cannot create the shared memory every build imports, or undefined
 * if it can. (Chromium creates it even on a page that is not cross-origin isolated —
 * only handing it to another thread needs isolation — but a runtime may refuse.)
 */
function sharedMemoryProblem(): string | undefined {
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The WebAssembly backend in a browser (or any JavaScript runtime with Web Workers):
 * the kernels on `threads` threads sharing one memory — the calling thread and
 * `threads − 1` {@link WebWorkerPool} workers. Results are bit-identical for any thread
 * count, and the same as Node's `createWasmBackend` with the same build.
 *
 * More than one thread needs a cross-origin-isolated page (`crossOriginIsolated`) and
 * a calling thread that may block: call this in a dedicated Web Worker. Every build's
 * memory is shared, so even one thread needs a context that can create shared memory.
 * Both are refused with an Error saying so, on which a page can fall back to one
 * thread or to the JS backend.
 */
export async function createBrowserWasmBackend(options: BrowserWasmBackendOptions): Promise<WasmBackend> {
  const { module, variant } = options;
  const threads = options.threads ?? 1;
  checkThreads(threads);
  if (threads > 1 && globalThis.crossOriginIsolated !== true)
    throw new Error(
      `${threads} WebAssembly threads need a cross-origin-isolated page (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp); this one is not`,
    );
  if (threads > 1) checkCanBlock();
  const problem = sharedMemoryProblem();
  if (problem !== undefined)
    throw new Error(
      `this context cannot create the shared WebAssembly memory the kernels need (${problem}); serve the page cross-origin isolated, or use the JS backend`,
    );
  const { kernels, memory } = instantiateKernels(module, `the ${variant} kernel module`);
  const runner = threads > 1 ? await WebWorkerPool.start(module, memory, kernels, threads) : new SerialRunner(kernels);
  return new WasmBackend(kernels, memory, runner, variant, options.conv);
}
