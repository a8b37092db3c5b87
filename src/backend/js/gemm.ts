import type { Storage } from '../../tensor/tensor.js';

/**
 * Reference GEMM on row-major storage: C = op(A)·op(B) (+ C when `accumulate`).
 * op(A) is [m, k], op(B) is [k, n]. Loops are ordered so the innermost runs over
 * contiguous memory, and four rows of C share each load of B in the common case.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  A: Storage,
  B: Storage,
  C: Storage,
  accumulate: boolean,
): void {
  if (!accumulate) C.fill(0, 0, m * n);
  if (!transA && !transB) gemmNN(m, n, k, A, B, C);
  else if (!transA && transB) gemmNT(m, n, k, A, B, C);
  else if (transA && !transB) gemmTN(m, n, k, A, B, C);
  else gemmTT(m, n, k, A, B, C);
}

/** C[m,n] += A[m,k] · B[k,n] */
function gemmNN(m: number, n: number, k: number, A: Storage, B: Storage, C: Storage): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const c0 = i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    for (let p = 0; p < k; p++) {
      const a0 = A[i * k + p] as number;
      const a1 = A[(i + 1) * k + p] as number;
      const a2 = A[(i + 2) * k + p] as number;
      const a3 = A[(i + 3) * k + p] as number;
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue; // ReLU outputs are often zero
      const b = p * n;
      for (let j = 0; j < n; j++) {
        const bv = B[b + j] as number;
        C[c0 + j] = (C[c0 + j] as number) + a0 * bv;
        C[c1 + j] = (C[c1 + j] as number) + a1 * bv;
        C[c2 + j] = (C[c2 + j] as number) + a2 * bv;
        C[c3 + j] = (C[c3 + j] as number) + a3 * bv;
      }
    }
  }
  for (; i < m; i++) {
    const c = i * n;
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p] as number;
      if (a === 0) continue;
      const b = p * n;
      for (let j = 0; j < n; j++) C[c + j] = (C[c + j] as number) + a * (B[b + j] as number);
    }
  }
}

/** C[m,n] += A[m,k] · B[n,k]ᵀ: dot products of contiguous rows. */
function gemmNT(m: number, n: number, k: number, A: Storage, B: Storage, C: Storage): void {
  for (let i = 0; i < m; i++) {
    const a = i * k;
    for (let j = 0; j < n; j++) {
      const b = j * k;
      let s0 = 0;
      let s1 = 0;
      let p = 0;
      for (; p + 2 <= k; p += 2) {
        s0 += (A[a + p] as number) * (B[b + p] as number);
        s1 += (A[a + p + 1] as number) * (B[b + p + 1] as number);
      }
      if (p < k) s0 += (A[a + p] as number) * (B[b + p] as number);
      C[i * n + j] = (C[i * n + j] as number) + (s0 + s1);
    }
  }
}

/** C[m,n] += A[k,m]ᵀ · B[k,n] */
function gemmTN(m: number, n: number, k: number, A: Storage, B: Storage, C: Storage): void {
  for (let p = 0; p < k; p++) {
    const b = p * n;
    for (let i = 0; i < m; i++) {
      const a = A[p * m + i] as number;
      if (a === 0) continue;
      const c = i * n;
      for (let j = 0; j < n; j++) C[c + j] = (C[c + j] as number) + a * (B[b + j] as number);
    }
  }
}

/** C[m,n] += A[k,m]ᵀ · B[n,k]ᵀ (rare; plain loops). */
function gemmTT(m: number, n: number, k: number, A: Storage, B: Storage, C: Storage): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (A[p * m + i] as number) * (B[j * k + p] as number);
      C[i * n + j] = (C[i * n + j] as number) + s;
    }
  }
}
