/**
 * TensorBoard's scalar smoothing: an exponential moving average with weight `weight`
 * in [0, 1), debiased (divided by 1 − weightⁿ) so the curve does not start at zero.
 * Non-finite values pass through unsmoothed and do not disturb the average; a
 * constant series stays constant.
 */
export function smoothEma(values: ArrayLike<number>, weight: number): Float64Array {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  const out = new Float64Array(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i] as number;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * weight + (1 - weight) * y;
    count++;
    out[i] = weight === 0 ? y : last / (1 - weight ** count);
  }
  return out;
}
