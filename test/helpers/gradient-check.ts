/**
 * Central finite differences: the derivative of `loss` with respect to each entry of
 * `values`, perturbing one entry at a time by ±h and restoring it.
 */
export function numericGradient(values: Float64Array, loss: () => number, h = 1e-6): Float64Array {
  const grad = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const saved = values[i] as number;
    values[i] = saved + h;
    const plus = loss();
    values[i] = saved - h;
    const minus = loss();
    values[i] = saved;
    grad[i] = (plus - minus) / (2 * h);
  }
  return grad;
}

/** Largest |a − b| / max(1, |a|, |b|) over the entries (relative error, absolute near zero). */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(x), Math.abs(y)));
  }
  return worst;
}
