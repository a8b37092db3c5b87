/** A series reduced for drawing: x and y columns. */
export interface XY {
  x: number[];
  y: number[];
}

/**
 * Shrinks a series (x ascending) to at most about `4 × buckets` points for drawing:
 * the x range is cut into `buckets` equal slices and each keeps its first, last,
 * lowest and highest point, in x order (the "M4" reduction). A line drawn through
 * them covers the same pixels as the full series at that width, so spikes survive;
 * non-finite values are kept as gaps.
 */
export function downsampleMinMax(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): XY {
  const n = Math.min(x.length, y.length);
  const out: XY = { x: [], y: [] };
  if (n <= 4 * buckets || n < 2) {
    for (let i = 0; i < n; i++) {
      out.x.push(x[i] as number);
      out.y.push(y[i] as number);
    }
    return out;
  }
  const x0 = x[0] as number;
  const span = (x[n - 1] as number) - x0 || 1;
  let i = 0;
  while (i < n) {
    const slice = Math.min(buckets - 1, Math.floor((((x[i] as number) - x0) / span) * buckets));
    const first = i;
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (; i < n && Math.min(buckets - 1, Math.floor((((x[i] as number) - x0) / span) * buckets)) === slice; i++) {
      const v = y[i] as number;
      if (!Number.isFinite(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || v < (y[lo] as number)) lo = i;
      if (hi < 0 || v > (y[hi] as number)) hi = i;
    }
    const keep = [...new Set([first, lo, hi, gap, i - 1].filter((k) => k >= 0))].sort((a, b) => a - b);
    for (const k of keep) {
      out.x.push(x[k] as number);
      out.y.push(y[k] as number);
    }
  }
  return out;
}
