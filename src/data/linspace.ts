/**
 * `num` evenly spaced values from `start` to `stop`, computed as numpy's `linspace`
 * does (`i * step + start`, last value set to `stop` when `endpoint`), so the
 * floating-point results are the same.
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    for (let i = 0; i < num; i++) out[i] = step === 0 ? (i / div) * delta + start : i * step + start;
  } else if (num > 0) {
    out[0] = start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}
