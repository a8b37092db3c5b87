import type { Histogram } from './event.js';

/**
 * TensorFlow's default histogram bucket edges (also PyTorch's `bins='tensorflow'`):
 * ±1e-12·1.1^k up to 1e20, mirrored, with 0 between.
 */
export const DEFAULT_BUCKET_EDGES: readonly number[] = (() => {
  const positive: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) positive.push(v);
  return [...positive.map((v) => -v).reverse(), 0, ...positive];
})();

/**
 * A histogram of `values` as PyTorch's SummaryWriter builds it (`make_histogram` with
 * numpy's `histogram` on the default edges): counts per [edge_i, edge_i+1) (the last bin
 * closed), empty bins trimmed at both ends but one empty bin kept on the left so the
 * first limit shows, min/max/num, a pairwise `sum` and Σx².
 */
export function makeHistogram(values: ArrayLike<number>, edges: readonly number[] = DEFAULT_BUCKET_EDGES): Histogram {
  const n = values.length;
  if (n === 0) throw new RangeError('a histogram needs at least one value');
  const counts = new Float64Array(edges.length - 1);
  let min = Infinity;
  let max = -Infinity;
  let sumSquares = 0;
  const last = edges.length - 1;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sumSquares += v * v;
    if (!(v >= (edges[0] as number) && v <= (edges[last] as number))) continue;
    // The bin whose left edge is the last one ≤ v (the top edge belongs to the last bin):
    // guessed from the logarithm on the default edges, then settled by comparisons.
    let lo = guess(v, edges);
    while (lo > 0 && (edges[lo] as number) > v) lo--;
    while (lo < last - 1 && (edges[lo + 1] as number) <= v) lo++;
    counts[lo] = (counts[lo] as number) + 1;
  }
  let first = 0;
  while (first < counts.length && counts[first] === 0) first++;
  let end = counts.length;
  while (end > first && counts[end - 1] === 0) end--;
  if (first === counts.length) throw new RangeError('no value falls inside the histogram edges');
  // Keep one (empty) bin left of the first non-empty one, as PyTorch does.
  const bucket = first > 0 ? Array.from(counts.subarray(first - 1, end)) : [0, ...counts.subarray(0, end)];
  const bucketLimit = first > 0 ? edges.slice(first, end + 1) : [edges[0] as number, ...edges.slice(1, end + 1)];
  return { min, max, num: n, sum: pairwiseSum(values), sumSquares, bucketLimit: [...bucketLimit], bucket };
}

/**
 * Pairwise summation in numpy's pattern (blocks of 128, eight accumulators): accurate,
 * and within an ulp or two of `ndarray.sum()` (numpy's SIMD builds may group differently).
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, n = values.length): number {
  if (n < 8) {
    let s = -0;
    for (let i = 0; i < n; i++) s += values[start + i] as number;
    return s;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = values[start + j] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8)
      for (let j = 0; j < 8; j++) r[j] = (r[j] as number) + (values[start + i + j] as number);
    let s =
      (r[0] as number) +
      (r[1] as number) +
      ((r[2] as number) + (r[3] as number)) +
      ((r[4] as number) + (r[5] as number) + ((r[6] as number) + (r[7] as number)));
    for (; i < n; i++) s += values[start + i] as number;
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

const LOG_GROWTH = Math.log(1.1);
const ZERO_INDEX = DEFAULT_BUCKET_EDGES.indexOf(0);

/** A bin index near v's: exact up to rounding for the default edges, a bisection for any other edges. */
function guess(v: number, edges: readonly number[]): number {
  if (edges === DEFAULT_BUCKET_EDGES) {
    if (v === 0) return ZERO_INDEX;
    const k = Math.floor(Math.log(Math.abs(v) / 1e-12) / LOG_GROWTH);
    // Positive edge k sits at ZERO_INDEX + 1 + k; negative values mirror it.
    const i = v > 0 ? ZERO_INDEX + 1 + k : ZERO_INDEX - 2 - k;
    return Math.min(Math.max(i, 0), edges.length - 2);
  }
  let lo = 0;
  let hi = edges.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] as number) <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}
