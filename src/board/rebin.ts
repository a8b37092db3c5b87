import type { HistogramPoint } from './api.js';

/**
 * Spreads a histogram's counts over `bins` equal-width bins spanning [lo, hi], so
 * histograms of different steps share one x axis (TensorBoard redraws them this way).
 * Each source bucket's count is shared among the new bins in proportion to overlap,
 * assuming values are uniform inside a bucket; the bucket's edges are clamped to the
 * histogram's min and max, and a bucket of zero width goes whole to the bin holding it.
 */
export function rebinHistogram(
  h: Pick<HistogramPoint, 'min' | 'max' | 'limits' | 'counts'>,
  lo: number,
  hi: number,
  bins: number,
): Float64Array {
  const out = new Float64Array(bins);
  const width = (hi - lo) / bins;
  const binOf = (v: number) => (width > 0 ? Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width))) : 0);
  for (let i = 0; i < h.counts.length; i++) {
    const count = h.counts[i] as number;
    if (count === 0) continue;
    const left = Math.max(i > 0 ? (h.limits[i - 1] as number) : h.min, h.min);
    const right = Math.min(h.limits[i] as number, h.max);
    if (!(right > left) || width <= 0) {
      const b = binOf(Math.min(Math.max(right, h.min), h.max));
      out[b] = (out[b] as number) + count;
      continue;
    }
    for (let b = binOf(left); b <= binOf(right); b++) {
      const overlap = Math.min(right, lo + (b + 1) * width) - Math.max(left, lo + b * width);
      if (overlap > 0) out[b] = (out[b] as number) + (count * overlap) / (right - left);
    }
  }
  return out;
}

/** The range that holds every histogram of a series (a point range is widened a little). */
export function histogramRange(points: ReadonlyArray<Pick<HistogramPoint, 'min' | 'max'>>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.min < lo) lo = p.min;
    if (p.max > hi) hi = p.max;
  }
  if (!(hi >= lo)) return [0, 1];
  if (hi === lo) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}
