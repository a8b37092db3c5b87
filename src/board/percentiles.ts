import type { HistogramPoint } from './api.js';

/**
 * The percentiles TensorBoard's distributions view draws (its "compressed histogram"
 * basis points, in hundredths of a percent): the extremes, the points ±1.5, ±1 and
 * ±0.5 standard deviations from the mean of a normal distribution, and the median.
 */
export const DISTRIBUTION_BASIS_POINTS: readonly number[] = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000];

/**
 * Estimates the values at the given basis points from a histogram, as TensorBoard's
 * compressor does: walk the cumulative counts and interpolate linearly inside the
 * bucket that crosses each point (the bucket's edges clamped to the histogram's min and max).
 */
export function histogramPercentiles(
  h: Pick<HistogramPoint, 'min' | 'max' | 'limits' | 'counts'>,
  basisPoints: readonly number[] = DISTRIBUTION_BASIS_POINTS,
): number[] {
  const total = h.counts.reduce((a, b) => a + b, 0);
  // An empty tensor's histogram (TensorFlow writes min = DBL_MAX, max = −DBL_MAX): zeros, as TensorBoard shows it.
  if (!(total > 0)) return basisPoints.map(() => 0);
  const scale = 10000 / total;
  const cumulative: number[] = [];
  let sum = 0;
  for (const c of h.counts) {
    sum += c * scale;
    cumulative.push(sum);
  }
  return basisPoints.map((bp) => {
    // First bucket whose cumulative weight passes bp (ties move on, like numpy's searchsorted "right").
    for (let i = cumulative.findIndex((w) => w > bp); i >= 0 && i < cumulative.length; i++) {
      const hiW = cumulative[i] as number;
      const loW = i > 0 ? (cumulative[i - 1] as number) : 0;
      if (hiW === loW) continue; // an empty bucket
      const lhs = loW === 0 ? h.min : Math.max(h.limits[i - 1] as number, h.min);
      const rhs = Math.min(h.limits[i] as number, h.max);
      return lhs + ((bp - loW) / (hiW - loW)) * (rhs - lhs);
    }
    return h.max;
  });
}
