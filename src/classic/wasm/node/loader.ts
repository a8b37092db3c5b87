import { readFileSync } from 'node:fs';
import { RUNTIME_FEATURES, type WasmFeatures } from '../../../backend/wasm/node/loader.js';

/** The classic networks' kernels, built by `npm run build:wasm`; this file sits in src/classic/wasm/node or dist/classic/wasm/node. */
export const CLASSIC_WASM_FILE = new URL('../../../../build/nnlab-classic.wasm', import.meta.url);

let compiled: WebAssembly.Module | undefined;

/**
 * build/nnlab-classic.wasm, compiled once per process: pass it as `wasm` to
 * `DeepNeuralNetwork` or `NeuralNetwork` to train with WebAssembly (bit-identical results).
 * Undefined where the runtime lacks WebAssembly SIMD, which the kernels need: the
 * networks then train in TypeScript, to the same numbers. (Tests pass their own `features`.)
 */
export function classicWasmModule(
  features: Pick<WasmFeatures, 'simd'> = RUNTIME_FEATURES,
): WebAssembly.Module | undefined {
  if (!features.simd()) return undefined;
  try {
    compiled ??= new WebAssembly.Module(readFileSync(CLASSIC_WASM_FILE));
  } catch (error) {
    // Not built (npm run build:wasm): the TypeScript path gives the same numbers, slower.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return compiled;
}
