import type { Backend } from '../backend/backend.js';
import type { ConvAlgorithm } from '../backend/conv-algorithm.js';
import { JsBackend } from '../backend/js/js-backend.js';
import {
  bestWasmVariant,
  createWasmBackend,
  RUNTIME_FEATURES,
  type WasmFeatures,
} from '../backend/wasm/node/loader.js';
import { UsageError } from './usage-error.js';

/** Backends the commands can train on. */
export const BACKEND_CHOICES = ['wasm', 'js'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/**
 * The backend asked for. `wasm` takes the best build the runtime compiles; where it
 * has no WebAssembly SIMD that is the plain (scalar, slower) build, and where it has
 * no WebAssembly threads either, the reference backend. Both say so on stderr.
 * @param features feature detection (tests pass their own)
 * @param conv how 5×5 SAME convolutions are computed (`--conv`)
 */
export async function createBackend(
  choice: BackendChoice,
  threads: number | undefined,
  features: WasmFeatures = RUNTIME_FEATURES,
  conv: ConvAlgorithm = 'auto',
): Promise<Backend> {
  if (choice === 'js') {
    if (threads !== undefined && threads !== 1)
      throw new UsageError('--threads needs --backend wasm (the js backend has one thread)');
    return new JsBackend('float32', { conv });
  }
  if (!features.threads()) {
    process.stderr.write('nnlab: this runtime has no WebAssembly threads; using the js backend\n');
    return new JsBackend('float32', { conv });
  }
  const variant = bestWasmVariant(features);
  if (variant === 'plain')
    process.stderr.write('nnlab: this runtime has no WebAssembly SIMD; using the plain WebAssembly build (slower)\n');
  return createWasmBackend({ threads, variant, features, conv });
}
