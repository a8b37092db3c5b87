import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import type { WasmFeatures } from '../../src/backend/wasm/node/loader.js';
import { createBackend } from '../../src/cli/backend-choice.js';

const noSimd: WasmFeatures = { simd: () => false, relaxedSimd: () => false, threads: () => true };
const noThreads: WasmFeatures = { simd: () => false, relaxedSimd: () => false, threads: () => false };

/** Runs `make` with stderr captured; returns what it wrote. */
async function stderrOf<T>(make: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const value = await make();
  return { value, stderr };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('--backend wasm on runtimes without SIMD or threads', () => {
  it('without SIMD: the plain WebAssembly build, with a notice', async () => {
    const { value, stderr } = await stderrOf(() => createBackend('wasm', 2, noSimd));
    expect(value.name).toBe('wasm-plain×2');
    expect(stderr).toBe('nnlab: this runtime has no WebAssembly SIMD; using the plain WebAssembly build (slower)\n');
    value.close();
  });

  it('without threads: the js backend, with a notice', async () => {
    const { value, stderr } = await stderrOf(() => createBackend('wasm', undefined, noThreads));
    expect(value).toBeInstanceOf(JsBackend);
    expect(stderr).toBe('nnlab: this runtime has no WebAssembly threads; using the js backend\n');
  });

  it('with SIMD: no notice', async () => {
    const { value, stderr } = await stderrOf(() => createBackend('wasm', 1));
    expect(value.name).toMatch(/^wasm-(relaxed-)?simd$/);
    expect(stderr).toBe('');
    value.close();
  });
});
