import { readFileSync } from 'node:fs';

/** The classic networks' kernels, built by `npm run build:wasm`; this file sits in src/node or dist/node. */
export const CLASSIC_WASM_FILE = new URL('../../build/nnlab-classic.wasm', import.meta.url);

let compiled: WebAssembly.Module | undefined;

/**
 * build/nnlab-classic.wasm, compiled once per process: pass it as `wasm` to
 * `DeepNeuralNetwork` or `NeuralNetwork` to train with WebAssembly (bit-identical results).
 */
export function classicWasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(CLASSIC_WASM_FILE));
  return compiled;
}
