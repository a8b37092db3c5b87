/** A series as the board holds it: steps ascending, a value (or a gap) per step. */
export interface StepSeries {
  steps: ArrayLike<number>;
  values: ArrayLike<number | null>;
}

/** Several runs' series reduced to one per step: mean, lowest, highest and how many runs had a value. */
export interface AggregateSeries {
  steps: number[];
  mean: number[];
  min: number[];
  max: number[];
  count: number[];
}

/**
 * Aggregates runs that repeat one configuration (seeds) at aligned steps: the steps are
 * the union of the runs' steps, and each step's mean, min and max are taken over the
 * runs that logged a finite value at exactly that step (runs of one sweep log at the same
 * steps; a run still being written simply stops contributing). A step no run has a
 * finite value at gets NaN and count 0, drawn as a gap.
 */
export function aggregateSeries(series: readonly StepSeries[]): AggregateSeries {
  const sums = new Map<number, { sum: number; min: number; max: number; count: number }>();
  for (const s of series) {
    const n = Math.min(s.steps.length, s.values.length);
    for (let i = 0; i < n; i++) {
      const step = s.steps[i] as number;
      let cell = sums.get(step);
      if (!cell) {
        cell = { sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, count: 0 };
        sums.set(step, cell);
      }
      const v = s.values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      cell.sum += v;
      cell.count++;
      if (v < cell.min) cell.min = v;
      if (v > cell.max) cell.max = v;
    }
  }
  const out: AggregateSeries = { steps: [], mean: [], min: [], max: [], count: [] };
  for (const step of [...sums.keys()].sort((a, b) => a - b)) {
    const c = sums.get(step) as { sum: number; min: number; max: number; count: number };
    out.steps.push(step);
    out.count.push(c.count);
    out.mean.push(c.count ? c.sum / c.count : Number.NaN);
    out.min.push(c.count ? c.min : Number.NaN);
    out.max.push(c.count ? c.max : Number.NaN);
  }
  return out;
}

/** The mean of the finite numbers among `values`, or null when there are none. */
export function meanOf(values: Iterable<number | null | undefined>): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values)
    if (v !== null && v !== undefined && Number.isFinite(v)) {
      sum += v;
      count++;
    }
  return count ? sum / count : null;
}
