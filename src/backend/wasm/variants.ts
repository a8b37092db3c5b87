/**
 * Builds of the kernels, all with threads (shared memory and atomics): relaxed SIMD
 * (fused multiply-add), SIMD, and plain (scalar code, for runtimes without SIMD).
 */
export type WasmVariant = 'relaxed-simd' | 'simd' | 'plain';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]; // magic, version 1
const RETURNS_V128 = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00]; // one function () -> v128
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0

/** A module of one function `() -> v128` with body `code` (no locals, then `end`). */
function probe(code: number[]): Uint8Array<ArrayBuffer> {
  const body = [0x00, ...code, 0x0b];
  return Uint8Array.of(...HEADER, ...RETURNS_V128, 0x0a, body.length + 2, 0x01, body.length, ...body);
}

// The smallest module that uses SIMD: one function returning v128.const 0. Validating
// it asks the runtime about SIMD alone, without reading or fetching a build.
export const SIMD_PROBE = probe(V128_ZERO);

// The same with relaxed SIMD: i8x16.relaxed_swizzle (0xfd 0x100) of two zeros.
export const RELAXED_SIMD_PROBE = probe([...V128_ZERO, ...V128_ZERO, 0xfd, 0x80, 0x02]);

/**
 * The fastest build this JavaScript runtime compiles (a browser page or worker
 * included): relaxed SIMD, else SIMD, else plain. Every build also needs WebAssembly
 * threads (shared memory), which this does not ask about.
 * @param relaxedBuild the relaxed-SIMD build's bytes, if fetched already: validating
 *   them answers for the very module (default: a tiny relaxed-SIMD probe)
 */
export function bestBrowserVariant(relaxedBuild?: BufferSource): WasmVariant {
  return fastestVariant(
    () => WebAssembly.validate(SIMD_PROBE),
    () => WebAssembly.validate(relaxedBuild ?? RELAXED_SIMD_PROBE),
  );
}

/** The rule both loaders follow: relaxed SIMD where there is SIMD and relaxed SIMD, else SIMD, else plain (relaxed is asked only with SIMD). */
export function fastestVariant(simd: () => boolean, relaxedSimd: () => boolean): WasmVariant {
  if (!simd()) return 'plain';
  return relaxedSimd() ? 'relaxed-simd' : 'simd';
}
