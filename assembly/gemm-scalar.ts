import { MR, NR } from './gemm-tiles';

// The SGEMM micro-kernel for the build without SIMD, over the same packed slivers as
// the vector kernel in gemm.ts. Each C entry is Σ_p a·b accumulated in p order from
// +0, multiply then add, then added to C or stored, exactly as a lane of the vector
// kernel (without relaxed FMA) computes it. The 6×8 tile is done as six 2×4 blocks,
// each one pass over kc: 8 accumulators, 4 values of B̄ and one of Ā stay in
// registers, where larger blocks made V8 spill (2×4 measured fastest of 2×2 … 6×8).

/** C[6×8] (+)= Ā[6×kc] · B̄[kc×8] from packed slivers; ldc in elements. */
export function kernel1(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, add: bool): void {
  const row = <usize>ldc << 2;
  for (let i = 0; i < MR; i += 2) {
    for (let j = 0; j < NR; j += 4) {
      block2x4(kc, pa + (<usize>i << 2), pb + (<usize>j << 2), c + <usize>i * row + (<usize>j << 2), row, add);
    }
  }
}

/** C[2×4] (+)= two rows of Ā from `pa` times four columns of B̄ from `pb` (sliver strides MR and NR). */
@inline function block2x4(kc: i32, pa: usize, pb: usize, c: usize, row: usize, add: bool): void {
  let c00: f32 = 0, c01: f32 = 0, c02: f32 = 0, c03: f32 = 0;
  let c10: f32 = 0, c11: f32 = 0, c12: f32 = 0, c13: f32 = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = load<f32>(pb), b1 = load<f32>(pb, 4), b2 = load<f32>(pb, 8), b3 = load<f32>(pb, 12);
    let x = load<f32>(pa);
    c00 += x * b0;
    c01 += x * b1;
    c02 += x * b2;
    c03 += x * b3;
    x = load<f32>(pa, 4);
    c10 += x * b0;
    c11 += x * b1;
    c12 += x * b2;
    c13 += x * b3;
    pa += MR * 4;
    pb += NR * 4;
  }
  storeRow(c, c00, c01, c02, c03, add);
  storeRow(c + row, c10, c11, c12, c13, add);
}

@inline function storeRow(c: usize, v0: f32, v1: f32, v2: f32, v3: f32, add: bool): void {
  if (add) {
    v0 = load<f32>(c) + v0;
    v1 = load<f32>(c, 4) + v1;
    v2 = load<f32>(c, 8) + v2;
    v3 = load<f32>(c, 12) + v3;
  }
  store<f32>(c, v0);
  store<f32>(c, v1, 4);
  store<f32>(c, v2, 8);
  store<f32>(c, v3, 12);
}
