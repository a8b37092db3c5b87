import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import type { ConvAlgorithm } from '../../conv-algorithm.js';
import { instantiateKernels } from '../instantiate.js';
import { SerialRunner } from '../runner.js';
import { fastestVariant, SIMD_PROBE, type WasmVariant } from '../variants.js';
import { WasmBackend } from '../wasm-backend.js';
import { ThreadPool } from './thread-pool.js';

export type { WasmVariant } from '../variants.js';

/** What the runtime can compile. The loader asks {@link RUNTIME_FEATURES}; tests pass their own. */
export interface WasmFeatures {
  /** WebAssembly SIMD (v128). */
  simd(): boolean;
  /** Relaxed SIMD (asked only where `simd` holds). */
  relaxedSimd(): boolean;
  /** WebAssembly threads: shared memory and atomics, which every build needs. */
  threads(): boolean;
}

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /** Threads to split kernels over (default: every core). */
  threads?: number;
  /** Force a build (default: the best the runtime supports, {@link bestWasmVariant}). */
  variant?: WasmVariant;
  /** Feature detection (default: this runtime's, {@link RUNTIME_FEATURES}). */
  features?: WasmFeatures;
  /** How 5×5 SAME convolutions are computed (default `auto`: {@link usesWinograd}). */
  conv?: ConvAlgorithm;
}

// Built by `npm run build:wasm` into build/; this file sits in src/backend/wasm/node or dist/backend/wasm/node.
export const WASM_FILES: Record<WasmVariant, URL> = {
  'relaxed-simd': new URL('../../../../build/nnlab-relaxed-simd.wasm', import.meta.url),
  simd: new URL('../../../../build/nnlab-simd.wasm', import.meta.url),
  plain: new URL('../../../../build/nnlab-plain.wasm', import.meta.url),
};

let simdChecked: boolean | undefined;
let relaxedChecked: boolean | undefined;
let threadsChecked: boolean | undefined;
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

/** Whether this runtime has WebAssembly SIMD (else the loader takes the plain build). */
export function simdSupported(): boolean {
  simdChecked ??= WebAssembly.validate(SIMD_PROBE);
  return simdChecked;
}

/** Whether this runtime compiles the plain build: WebAssembly threads, which every build needs. */
export function wasmThreadsSupported(): boolean {
  threadsChecked ??= WebAssembly.validate(wasmBytes('plain'));
  return threadsChecked;
}

/** This runtime's features, each probed once. */
export const RUNTIME_FEATURES: WasmFeatures = {
  simd: simdSupported,
  relaxedSimd: relaxedSimdSupported,
  threads: wasmThreadsSupported,
};

/** The fastest build the features allow: relaxed SIMD, else SIMD, else plain. */
export function bestWasmVariant(features: WasmFeatures = RUNTIME_FEATURES): WasmVariant {
  return fastestVariant(features.simd, features.relaxedSimd);
}

/** The fast backend on this machine: the best build, on `threads` threads sharing one memory. */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const threads = options.threads ?? availableParallelism();
  const features = options.features ?? RUNTIME_FEATURES;
  const variant = options.variant ?? bestWasmVariant(features);
  // A forced build the runtime lacks: say so, rather than fail in the compiler.
  if (variant !== 'plain' && !features.simd()) throw new Error('this runtime has no WebAssembly SIMD');
  if (variant === 'relaxed-simd' && !features.relaxedSimd()) throw new Error('this runtime has no relaxed SIMD');
  const module = compiled(variant);
  const { kernels, memory } = instantiateKernels(module, `build/nnlab-${variant}.wasm`);
  const runner = threads > 1 ? await ThreadPool.start(module, memory, kernels, threads) : new SerialRunner(kernels);
  return new WasmBackend(kernels, memory, runner, variant, options.conv);
}
