import type { Backend } from '../backend/backend.js';
import { JsBackend } from '../backend/js/js-backend.js';
import { createWasmBackend, simdSupported } from '../node/wasm.js';
import { UsageError } from './usage-error.js';

/** Backends the commands can train on. */
export const BACKEND_CHOICES = ['wasm', 'js'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/**
 * The backend asked for. `wasm` falls back to the reference backend (with a notice on
 * stderr) where the runtime has no WebAssembly SIMD.
 */
export async function createBackend(
  choice: BackendChoice,
  threads: number | undefined,
): Promise<Backend & { close?(): void }> {
  if (choice === 'js') {
    if (threads !== undefined && threads !== 1)
      throw new UsageError('--threads needs --backend wasm (the js backend has one thread)');
    return new JsBackend('float32');
  }
  if (!simdSupported()) {
    process.stderr.write('nnlab: this runtime has no WebAssembly SIMD; using the js backend\n');
    return new JsBackend('float32');
  }
  return createWasmBackend({ threads });
}
