import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { instantiateKernels } from '../backend/wasm/instantiate.js';
import { SerialRunner } from '../backend/wasm/kernels.js';
import { WasmBackend } from '../backend/wasm/wasm-backend.js';
import { ThreadPool } from './thread-pool.js';

/** Builds of the kernels: relaxed SIMD (fused multiply-add) where the runtime has it, else plain SIMD. */
export type WasmVariant = 'relaxed-simd' | 'simd';

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /** Threads to split kernels over (default: every core). */
  threads?: number;
  /** Force a build (default: the best the runtime supports). */
  variant?: WasmVariant;
}

// Built by `npm run build:wasm` into build/; this file sits in src/node or dist/node.
export const WASM_FILES: Record<WasmVariant, URL> = {
  'relaxed-simd': new URL('../../build/nnlab-relaxed-simd.wasm', import.meta.url),
  simd: new URL('../../build/nnlab-simd.wasm', import.meta.url),
};

let relaxedChecked: boolean | undefined;
const bytesByVariant = new Map<WasmVariant, Uint8Array<ArrayBuffer>>();
const modules = new Map<WasmVariant, WebAssembly.Module>();

/** A build's bytes, read once. */
function wasmBytes(variant: WasmVariant): Uint8Array<ArrayBuffer> {
  let bytes = bytesByVariant.get(variant);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(WASM_FILES[variant]));
    bytesByVariant.set(variant, bytes);
  }
  return bytes;
}

/** A build compiled once per process (modules are immutable; every backend instantiates its own). */
function compiled(variant: WasmVariant): WebAssembly.Module {
  let module = modules.get(variant);
  if (!module) {
    module = new WebAssembly.Module(wasmBytes(variant));
    modules.set(variant, module);
  }
  return module;
}

/**
 * Whether this runtime compiles relaxed-SIMD modules. Node 20 needs V8's
 * `--experimental-wasm-relaxed-simd`, which is switched on here, before any module
 * is compiled.
 */
export function relaxedSimdSupported(): boolean {
  if (relaxedChecked === undefined) {
    const bytes = wasmBytes('relaxed-simd');
    relaxedChecked = WebAssembly.validate(bytes);
    if (!relaxedChecked) {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
      relaxedChecked = WebAssembly.validate(bytes);
    }
  }
  return relaxedChecked;
}

/** Whether this runtime has WebAssembly SIMD at all (else nnlab uses the JS backend). */
export function simdSupported(): boolean {
  return WebAssembly.validate(wasmBytes('simd'));
}

/** The fast backend on this machine: the best SIMD build, on `threads` threads sharing one memory. */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const threads = options.threads ?? availableParallelism();
  const variant = options.variant ?? (relaxedSimdSupported() ? 'relaxed-simd' : 'simd');
  if (variant === 'relaxed-simd' && !relaxedSimdSupported()) throw new Error('this runtime has no relaxed SIMD');
  const module = compiled(variant);
  const { kernels, memory } = instantiateKernels(module);
  const runner = threads > 1 ? await ThreadPool.start(module, memory, kernels, threads) : new SerialRunner(kernels);
  return new WasmBackend(kernels, memory, runner, variant);
}
