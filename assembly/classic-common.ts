// Shared by the classic kernels (classic.ts, classic-activations.ts).

/** Address of element `index` of the f64 array at `base`. */
@inline export function at(base: usize, index: i32): usize {
  return base + ((<usize>index) << 3);
}

