// The transforms of Winograd's F(4×4, 5×5) (Lavin & Gray 2016): interpolation points
// 0, ±1, ±2, ±½, ∞, Bᵀ's rows scaled to integers and G's by the inverse factors (the
// scaling cancels in U ⊙ V). The matrices are written out in the JS reference
// (src/backend/js/winograd.ts); the kernel tests prove these lines compute them.
//
//   Bᵀ = [4 0 −21 0 21 0 −4 0; 0 −4 −4 17 17 −4 −4 0; 0 4 −4 −17 17 4 −4 0;
//         0 2 1 −10 −5 8 4 0; 0 −2 1 10 −5 −8 4 0; 0 4 8 −5 −10 1 2 0;
//         0 −4 8 5 −10 −1 2 0; 0 −4 0 21 0 −21 0 4]
//   Aᵀ = [1 1 1 1 1 1 1 0; 0 1 −1 2 −2 ½ −½ 0; 0 1 1 4 4 ¼ ¼ 0; 0 1 −1 8 −8 ⅛ −⅛ 1]
//   G  = [¼ 0 0 0 0; 1/18 ×(1 1 1 1 1); 1/18 ×(1 −1 1 −1 1); 1/360 ×(1 2 4 8 16);
//         1/360 ×(1 −2 4 −8 16); 1/45 ×(16 8 4 2 1); 1/45 ×(16 −8 4 −2 1); 0 0 0 0 ¼]
//
// Every transform is written once over a lane type T: v128 (four channels side by
// side) or f32 (one channel), so the SIMD build's lanes and the plain build do the
// same IEEE operations in the same order (no fused multiply-add), bit for bit. Values
// pass between the stages of a transform through slots of a per-thread scratch.

/** Output pixels per tile side. */
export const TILE = 4;
/** Input pixels per tile side (TILE + 5 − 1), and points per side of the transform grid. */
export const ALPHA = 8;
/** Bytes per slot of a transform's scratch (one v128, or one f32 in its first 4 bytes). */
export const SLOT: usize = 16;

/** G (8×5), row-major. */
const G: StaticArray<f32> = [
  0.25, 0, 0, 0, 0,
  1.0 / 18, 1.0 / 18, 1.0 / 18, 1.0 / 18, 1.0 / 18,
  1.0 / 18, -1.0 / 18, 1.0 / 18, -1.0 / 18, 1.0 / 18,
  1.0 / 360, 2.0 / 360, 4.0 / 360, 8.0 / 360, 16.0 / 360,
  1.0 / 360, -2.0 / 360, 4.0 / 360, -8.0 / 360, 16.0 / 360,
  16.0 / 45, 8.0 / 45, 4.0 / 45, 2.0 / 45, 1.0 / 45,
  16.0 / 45, -8.0 / 45, 4.0 / 45, -2.0 / 45, 1.0 / 45,
  0, 0, 0, 0, 0.25,
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

/** c0·a + c1·b + c2·e, in that order. */
@inline function comb3<T>(a: T, c0: f32, b: T, c1: f32, e: T, c2: f32): T {
  return add<T>(add<T>(scale<T>(a, c0), scale<T>(b, c1)), scale<T>(e, c2));
}

/** Bᵀ·d for one line of 8 values read from src + i·from; output i goes to dst + i·to. */
@inline export function inputLine<T>(src: usize, from: usize, dst: usize, to: usize): void {
  const d0 = ld<T>(src), d1 = ld<T>(src + from), d2 = ld<T>(src + 2 * from), d3 = ld<T>(src + 3 * from);
  const d4 = ld<T>(src + 4 * from), d5 = ld<T>(src + 5 * from), d6 = ld<T>(src + 6 * from), d7 = ld<T>(src + 7 * from);
  // Rows 1–6 come in pairs E ± O of an even and an odd part.
  st<T>(dst, sub<T>(add<T>(scale<T>(d0, 4), scale<T>(sub<T>(d4, d2), 21)), scale<T>(d6, 4)));
  let e = comb3<T>(d2, -4, d4, 17, d6, -4);
  let o = comb3<T>(d1, -4, d3, 17, d5, -4);
  st<T>(dst + to, add<T>(e, o));
  st<T>(dst + 2 * to, sub<T>(e, o));
  e = comb3<T>(d2, 1, d4, -5, d6, 4);
  o = comb3<T>(d1, 2, d3, -10, d5, 8);
  st<T>(dst + 3 * to, add<T>(e, o));
  st<T>(dst + 4 * to, sub<T>(e, o));
  e = comb3<T>(d2, 8, d4, -10, d6, 2);
  o = comb3<T>(d1, 4, d3, -5, d5, 1);
  st<T>(dst + 5 * to, add<T>(e, o));
  st<T>(dst + 6 * to, sub<T>(e, o));
  st<T>(dst + 7 * to, add<T>(add<T>(scale<T>(d1, -4), scale<T>(sub<T>(d3, d5), 21)), scale<T>(d7, 4)));
}

/** Aᵀ·m for one line of 8 values read from src + i·from; output r goes to dst + r·to. */
@inline export function outputLine<T>(src: usize, from: usize, dst: usize, to: usize): void {
  const m0 = ld<T>(src), m1 = ld<T>(src + from), m2 = ld<T>(src + 2 * from), m3 = ld<T>(src + 3 * from);
  const m4 = ld<T>(src + 4 * from), m5 = ld<T>(src + 5 * from), m6 = ld<T>(src + 6 * from), m7 = ld<T>(src + 7 * from);
  const s12 = add<T>(m1, m2), d12 = sub<T>(m1, m2);
  const s34 = add<T>(m3, m4), d34 = sub<T>(m3, m4);
  const s56 = add<T>(m5, m6), d56 = sub<T>(m5, m6);
  st<T>(dst, add<T>(add<T>(add<T>(m0, s12), s34), s56));
  st<T>(dst + to, add<T>(add<T>(d12, scale<T>(d34, 2)), scale<T>(d56, 0.5)));
  st<T>(dst + 2 * to, add<T>(add<T>(s12, scale<T>(s34, 4)), scale<T>(s56, 0.25)));
  st<T>(dst + 3 * to, add<T>(add<T>(add<T>(d12, scale<T>(d34, 8)), scale<T>(d56, 0.125)), m7));
}

/** A·y, the adjoint of the output transform, for one line of 4 values; output a goes to dst + a·to. */
@inline export function gradLine<T>(y0: T, y1: T, y2: T, y3: T, dst: usize, to: usize): void {
  st<T>(dst, y0);
  let e = add<T>(y0, y2);
  let o = add<T>(y1, y3);
  st<T>(dst + to, add<T>(e, o));
  st<T>(dst + 2 * to, sub<T>(e, o));
  e = add<T>(y0, scale<T>(y2, 4));
  o = add<T>(scale<T>(y1, 2), scale<T>(y3, 8));
  st<T>(dst + 3 * to, add<T>(e, o));
  st<T>(dst + 4 * to, sub<T>(e, o));
  e = add<T>(y0, scale<T>(y2, 0.25));
  o = add<T>(scale<T>(y1, 0.5), scale<T>(y3, 0.125));
  st<T>(dst + 5 * to, add<T>(e, o));
  st<T>(dst + 6 * to, sub<T>(e, o));
  st<T>(dst + 7 * to, y3);
}

/**
 * U = G·g·Gᵀ for one 5×5 filter (lanes: `lane` bytes apart); g[i][j] at
 * src + (i·5 + j)·tap, U[a][b] to dst + (a·8 + b)·point. Sums run in index order,
 * skipping G's zeros.
 */
@inline export function filterTransform<T>(src: usize, tap: isize, lane: usize, dst: usize, point: usize): void {
  for (let a = 0; a < ALPHA; a++) {
    // r_j = Σ_i G[a][i]·g[i][j]
    const r0 = column<T>(src, tap, lane, a, 0);
    const r1 = column<T>(src, tap, lane, a, 1);
    const r2 = column<T>(src, tap, lane, a, 2);
    const r3 = column<T>(src, tap, lane, a, 3);
    const r4 = column<T>(src, tap, lane, a, 4);
    for (let b = 0; b < ALPHA; b++) {
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
      st<T>(dst + <usize>(a * ALPHA + b) * point, acc);
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
 * dw += Gᵀ·dU·G for one filter: dU[a][b] at src + (a·8 + b)·point, dw[i][j] at
 * dst + (i·5 + j)·tap; `tmp` holds the 8×5 intermediate.
 */
@inline export function filterGradTransform<T>(src: usize, point: usize, dst: usize, tap: usize, tmp: usize): void {
  // t[a][j] = Σ_b dU[a][b]·G[b][j] …
  for (let a = 0; a < ALPHA; a++) {
    for (let j = 0; j < 5; j++) {
      let acc = zero<T>();
      let first = true;
      for (let b = 0; b < ALPHA; b++) {
        const c = unchecked(G[b * 5 + j]);
        if (c == 0) continue;
        const term = scale<T>(ld<T>(src + <usize>(a * ALPHA + b) * point), c);
        acc = first ? term : add<T>(acc, term);
        first = false;
      }
      st<T>(tmp + <usize>(a * 5 + j) * SLOT, acc);
    }
  }
  // … then dw[i][j] += Σ_a G[a][i]·t[a][j].
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 5; j++) {
      let acc = zero<T>();
      let first = true;
      for (let a = 0; a < ALPHA; a++) {
        const c = unchecked(G[a * 5 + i]);
        if (c == 0) continue;
        const term = scale<T>(ld<T>(tmp + <usize>(a * 5 + j) * SLOT), c);
        acc = first ? term : add<T>(acc, term);
        first = false;
      }
      const p = dst + <usize>(i * 5 + j) * tap;
      st<T>(p, add<T>(ld<T>(p), acc));
    }
  }
}
