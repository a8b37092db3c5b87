import { describe, expect, it } from 'vitest';
import {
  bestWasmVariant,
  createWasmBackend,
  relaxedSimdSupported,
  simdSupported,
  type WasmFeatures,
  wasmThreadsSupported,
} from '../../src/backend/wasm/node/loader.js';

/** Features as a runtime might report them; relaxed SIMD must not be asked without SIMD. */
function features(simd: boolean, relaxedSimd: boolean): WasmFeatures {
  return {
    simd: () => simd,
    relaxedSimd: () => {
      if (!simd) throw new Error('relaxed SIMD asked of a runtime without SIMD');
      return relaxedSimd;
    },
    threads: () => true,
  };
}

describe('choosing a WebAssembly build', () => {
  it('takes relaxed SIMD, else SIMD, else the plain build', () => {
    expect(bestWasmVariant(features(true, true))).toBe('relaxed-simd');
    expect(bestWasmVariant(features(true, false))).toBe('simd');
    expect(bestWasmVariant(features(false, false))).toBe('plain');
  });

  it('loads the plain build where the runtime reports no SIMD', async () => {
    const backend = await createWasmBackend({ threads: 1, features: features(false, false) });
    expect(backend.name).toBe('wasm-plain');
    backend.close();
  });

  it('refuses a forced SIMD build the runtime reports it lacks', async () => {
    const noSimd = features(false, false);
    await expect(createWasmBackend({ threads: 1, variant: 'simd', features: noSimd })).rejects.toThrow(
      /no WebAssembly SIMD/,
    );
    await expect(createWasmBackend({ threads: 1, variant: 'relaxed-simd', features: noSimd })).rejects.toThrow(
      /no WebAssembly SIMD/,
    );
    const noRelaxed = features(true, false);
    await expect(createWasmBackend({ threads: 1, variant: 'relaxed-simd', features: noRelaxed })).rejects.toThrow(
      /no relaxed SIMD/,
    );
  });

  // Node ≥ 20 has all three, so a false here is a malformed probe, not the runtime.
  it("detects this runtime's features", () => {
    expect(simdSupported()).toBe(true);
    expect(relaxedSimdSupported()).toBe(true);
    expect(wasmThreadsSupported()).toBe(true);
  });
});
