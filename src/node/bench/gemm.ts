import { createWasmBackend } from '../../backend/wasm/node/loader.js';
import type { BenchRow } from './table.js';

/** The DCN's GEMM shapes (batch 50): [name, m, n, k, transA, transB]. */
export const DCN_GEMMS: ReadonlyArray<[string, number, number, number, boolean, boolean]> = [
  ['conv2 forward', 9800, 64, 800, false, false],
  ['conv2 filter grad', 800, 64, 9800, true, false],
  ['conv2 input grad', 9800, 800, 64, false, true],
  ['conv1 forward', 39200, 32, 25, false, false],
  ['fc1 forward', 50, 1024, 3136, false, false],
  ['fc1 weight grad', 3136, 1024, 50, true, false],
  ['fc1 input grad', 50, 3136, 1024, false, true],
];

/** GFLOPS of the WebAssembly SGEMM on the DCN's shapes, on 1 and on `threads` threads (best of `repeats`). */
export async function benchGemm(threads: number, repeats: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const counts = threads > 1 ? [1, threads] : [1];
  const results = new Map<string, number[]>();
  for (const t of counts) {
    const backend = await createWasmBackend({ threads: t });
    for (const [name, m, n, k, tA, tB] of DCN_GEMMS) {
      const a = backend.alloc(tA ? [k, m] : [m, k]);
      const b = backend.alloc(tB ? [n, k] : [k, n]);
      const c = backend.alloc([m, n]);
      a.data.fill(0.5);
      b.data.fill(0.25);
      backend.matmul(a, b, c, tA, tB, false);
      let best = Number.POSITIVE_INFINITY;
      for (let r = 0; r < repeats; r++) {
        const start = performance.now();
        backend.matmul(a, b, c, tA, tB, false);
        best = Math.min(best, performance.now() - start);
      }
      results.set(name, [...(results.get(name) ?? []), (2 * m * n * k) / best / 1e6]);
    }
    backend.close();
  }
  for (const [name, m, n, k, tA, tB] of DCN_GEMMS) {
    const [g1, gN] = results.get(name) ?? [];
    const r: BenchRow = {
      gemm: name,
      'm×n×k': `${m}×${n}×${k}`,
      op: `${tA ? 'T' : 'N'}${tB ? 'T' : 'N'}`,
      'GFLOPS 1 thread': g1 ?? Number.NaN,
    };
    if (gN !== undefined) r[`GFLOPS ${threads} threads`] = gN;
    rows.push(r);
  }
  return rows;
}
