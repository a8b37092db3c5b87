/**
 * Work splitting shared by every kernel: a kernel called on thread `part` of `parts`
 * handles units [partStart, partEnd) of `units`. Each output element belongs to exactly
 * one part and is computed the same way whatever `parts` is, so results are
 * bit-identical for any thread count.
 */
@inline export function partStart(units: i32, part: i32, parts: i32): i32 {
  return <i32>((<i64>units * part) / parts);
}

@inline export function partEnd(units: i32, part: i32, parts: i32): i32 {
  return <i32>((<i64>units * (part + 1)) / parts);
}
