// Helpers for kernels that walk float32 arrays 4 lanes at a time.

/** Number of 4-lane vectors covering len elements. */
@inline export function vectors(len: i32): i32 {
  return (len + 3) >> 2;
}

/** The n < 4 floats at p in the first lanes of a vector, zeros after. */
@inline export function loadTail(p: usize, n: i32): v128 {
  let v = f32x4.splat(0);
  if (n > 0) v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first n < 4 lanes of v at p. */
@inline export function storeTail(p: usize, v: v128, n: i32): void {
  if (n > 0) store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** dst[0:len] += src[0:len] (float32); 4 at a time where the build has SIMD, then one by one. */
@inline export function addInto(dst: usize, src: usize, len: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= len; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
    }
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}
