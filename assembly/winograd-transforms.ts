// The transforms of Winograd's F(2×2, 5×5) (Lavin & Gray 2016), interpolation points
// 0, ±1, ±2, ∞, with Bᵀ's rows scaled to integers and G's by the inverse (the scaling
// cancels in U ⊙ V). The matrices are written out in the JS reference
// (src/backend/js/winograd.ts); the kernel tests prove these loops compute them.
//
//   Bᵀ = [4 0 −5 0 1 0; 0 4 4 −1 −1 0; 0 −4 4 1 −1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 1]
//   G  = [1/4 0 0 0 0; 1/6 1/6 1/6 1/6 1/6; 1/6 −1/6 1/6 −1/6 1/6;
//         1/24 1/12 1/6 1/3 2/3; 1/24 −1/12 1/6 −1/3 2/3; 0 0 0 0 1]
//
// Every transform is written once over a lane type T: v128 (four channels side by
// side) or f32 (one channel), so the SIMD build's lanes and the plain build do the
// same IEEE operations in the same order (no fused multiply-add), bit for bit.

/** Bytes per slot of a transform's scratch (one v128, or one f32 in its first 4 bytes). */
export const SLOT: usize = 16;

/** G (6×5), row-major. */
const G: StaticArray<f32> = [
  0.25, 0, 0, 0, 0,
  1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6,
  1.0 / 6, -1.0 / 6, 1.0 / 6, -1.0 / 6, 1.0 / 6,
  1.0 / 24, 1.0 / 12, 1.0 / 6, 1.0 / 3, 2.0 / 3,
  1.0 / 24, -1.0 / 12, 1.0 / 6, -1.0 / 3, 2.0 / 3,
  0, 0, 0, 0, 1,
];

@inline export function zero<T>(): T {
  if (isVector<T>()) return <T>f32x4.splat(0);
  return <T>(<f32>0);
}

@inline export function ld<T>(p: usize): T {
  if (isVector<T>()) return <T>v128.load(p);
  return <T>load<f32>(p);
}

@inline export function st<T>(p: usize, v: T): void {
  if (isVector<T>()) v128.store(p, <v128>v);
  else store<f32>(p, <f32>v);
}

/** Lanes from addresses `stride` bytes apart (one float for f32). */
@inline function ldStrided<T>(p: usize, stride: usize): T {
  if (isVector<T>()) {
    if (stride == 4) return <T>v128.load(p);
    let v = f32x4.splat(load<f32>(p));
    v = f32x4.replace_lane(v, 1, load<f32>(p + stride));
    v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * stride));
    return <T>f32x4.replace_lane(v, 3, load<f32>(p + 3 * stride));
  }
  return <T>load<f32>(p);
}

/** A value in the image (ok) or the zero padding around it. */
@inline export function ldIf<T>(ok: bool, p: usize): T {
  return ok ? ld<T>(p) : zero<T>();
}

@inline export function add<T>(a: T, b: T): T {
  if (isVector<T>()) return <T>f32x4.add(<v128>a, <v128>b);
  return <T>(<f32>a + <f32>b);
}

@inline function sub<T>(a: T, b: T): T {
  if (isVector<T>()) return <T>f32x4.sub(<v128>a, <v128>b);
  return <T>(<f32>a - <f32>b);
}

@inline function scale<T>(a: T, c: f32): T {
  if (isVector<T>()) return <T>f32x4.mul(<v128>a, f32x4.splat(c));
  return <T>(<f32>a * c);
}

/** Bᵀ·d for one line of 6 values; output i goes to dst + i·stride. */
@inline export function inputLine<T>(d0: T, d1: T, d2: T, d3: T, d4: T, d5: T, dst: usize, stride: usize): void {
  const d42 = sub<T>(d4, d2);
  st<T>(dst, add<T>(sub<T>(scale<T>(d0, 4), scale<T>(d2, 5)), d4));
  st<T>(dst + stride, sub<T>(scale<T>(add<T>(d1, d2), 4), add<T>(d3, d4)));
  st<T>(dst + 2 * stride, add<T>(scale<T>(sub<T>(d2, d1), 4), sub<T>(d3, d4)));
  st<T>(dst + 3 * stride, add<T>(scale<T>(sub<T>(d3, d1), 2), d42));
  st<T>(dst + 4 * stride, add<T>(scale<T>(sub<T>(d1, d3), 2), d42));
  st<T>(dst + 5 * stride, add<T>(sub<T>(scale<T>(d1, 4), scale<T>(d3, 5)), d5));
}

/** First row of Aᵀ·m: m0 + m1 + m2 + m3 + m4. */
@inline export function output0<T>(m0: T, m1: T, m2: T, m3: T, m4: T): T {
  return add<T>(add<T>(add<T>(add<T>(m0, m1), m2), m3), m4);
}

/** Second row of Aᵀ·m: (m1 − m2) + 2(m3 − m4) + m5. */
@inline export function output1<T>(m1: T, m2: T, m3: T, m4: T, m5: T): T {
  return add<T>(add<T>(sub<T>(m1, m2), scale<T>(sub<T>(m3, m4), 2)), m5);
}

/** A·(y0, y1), the adjoint of the output transform, for one line; output a goes to dst + a·stride. */
@inline export function gradLine<T>(y0: T, y1: T, dst: usize, stride: usize): void {
  const twice = scale<T>(y1, 2);
  st<T>(dst, y0);
  st<T>(dst + stride, add<T>(y0, y1));
  st<T>(dst + 2 * stride, sub<T>(y0, y1));
  st<T>(dst + 3 * stride, add<T>(y0, twice));
  st<T>(dst + 4 * stride, sub<T>(y0, twice));
  st<T>(dst + 5 * stride, y1);
}

/**
 * U = G·g·Gᵀ for one 5×5 filter (lanes: `lane` bytes apart); g[i][j] at
 * src + (i·5 + j)·tap, U[a][b] to dst + (a·6 + b)·point. Sums run in index order,
 * skipping G's zeros.
 */
@inline export function filterTransform<T>(src: usize, tap: isize, lane: usize, dst: usize, point: usize): void {
  for (let a = 0; a < 6; a++) {
    // r_j = Σ_i G[a][i]·g[i][j]
    const r0 = column<T>(src, tap, lane, a, 0);
    const r1 = column<T>(src, tap, lane, a, 1);
    const r2 = column<T>(src, tap, lane, a, 2);
    const r3 = column<T>(src, tap, lane, a, 3);
    const r4 = column<T>(src, tap, lane, a, 4);
    for (let b = 0; b < 6; b++) {
      let acc = zero<T>();
      let first = true;
      for (let j = 0; j < 5; j++) {
        const c = unchecked(G[b * 5 + j]);
        if (c == 0) continue;
        const r = j == 0 ? r0 : j == 1 ? r1 : j == 2 ? r2 : j == 3 ? r3 : r4;
        const term = scale<T>(r, c);
        acc = first ? term : add<T>(acc, term);
        first = false;
      }
      st<T>(dst + <usize>(a * 6 + b) * point, acc);
    }
  }
}

@inline function column<T>(src: usize, tap: isize, lane: usize, a: i32, j: i32): T {
  let acc = zero<T>();
  let first = true;
  for (let i = 0; i < 5; i++) {
    const c = unchecked(G[a * 5 + i]);
    if (c == 0) continue;
    const term = scale<T>(ldStrided<T>(src + <usize>(<isize>(i * 5 + j) * tap), lane), c);
    acc = first ? term : add<T>(acc, term);
    first = false;
  }
  return acc;
}

/**
 * dw += Gᵀ·dU·G for one filter: dU[a][b] at src + (a·6 + b)·point, dw[i][j] at
 * dst + (i·5 + j)·tap.
 */
@inline export function filterGradTransform<T>(src: usize, point: usize, dst: usize, tap: usize): void {
  for (let j = 0; j < 5; j++) {
    // t_a = Σ_b dU[a][b]·G[b][j]
    const t0 = gradRow<T>(src, point, 0, j);
    const t1 = gradRow<T>(src, point, 1, j);
    const t2 = gradRow<T>(src, point, 2, j);
    const t3 = gradRow<T>(src, point, 3, j);
    const t4 = gradRow<T>(src, point, 4, j);
    const t5 = gradRow<T>(src, point, 5, j);
    for (let i = 0; i < 5; i++) {
      let acc = zero<T>();
      let first = true;
      for (let a = 0; a < 6; a++) {
        const c = unchecked(G[a * 5 + i]);
        if (c == 0) continue;
        const t = a == 0 ? t0 : a == 1 ? t1 : a == 2 ? t2 : a == 3 ? t3 : a == 4 ? t4 : t5;
        const term = scale<T>(t, c);
        acc = first ? term : add<T>(acc, term);
        first = false;
      }
      const p = dst + <usize>(i * 5 + j) * tap;
      st<T>(p, add<T>(ld<T>(p), acc));
    }
  }
}

@inline function gradRow<T>(src: usize, point: usize, a: i32, j: i32): T {
  let acc = zero<T>();
  let first = true;
  for (let b = 0; b < 6; b++) {
    const c = unchecked(G[b * 5 + j]);
    if (c == 0) continue;
    const term = scale<T>(ld<T>(src + <usize>(a * 6 + b) * point), c);
    acc = first ? term : add<T>(acc, term);
    first = false;
  }
  return acc;
}
