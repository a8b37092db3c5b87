import type { HParamValueInfo } from './api.js';

// The axes of the parallel-coordinates plot and its brushes: where a value sits on an
// axis (0 at the bottom, 1 at the top) and whether a row passes the ranges the user dragged.

/** A value on an axis: a hyperparameter or a metric (null when the row has none). */
export type AxisValue = HParamValueInfo | null | undefined;

/** One vertical axis: linear (or logarithmic) for numbers, categorical (evenly spaced, in order) otherwise. */
export type Axis =
  | { key: string; label: string; kind: 'linear'; min: number; max: number; log?: boolean }
  | { key: string; label: string; kind: 'categorical'; categories: string[] };

/** What an axis is built from: a hyperparameter's declared domain, if the experiment record gives one. */
export interface AxisDomain {
  values?: HParamValueInfo[];
  interval?: { min: number; max: number };
}

const collator = new Intl.Collator('en', { numeric: true });

/** Spread (max / min) from which a metric axis of positive values is drawn logarithmic. */
export const LOG_SPREAD = 20;

/**
 * An axis for `values`: linear from the lowest to the highest number (the declared
 * interval or values widen it) when every present value is a number, categorical
 * otherwise (the declared values' order first, then the others in natural order).
 * With `logIfSpread` (metric axes), numbers all positive and spanning at least a factor
 * `LOG_SPREAD` get a logarithmic axis, so one diverged run does not squash the rest.
 */
export function buildAxis(
  key: string,
  label: string,
  values: readonly AxisValue[],
  domain: AxisDomain = {},
  logIfSpread = false,
): Axis {
  const present = values.filter((v): v is HParamValueInfo => v !== null && v !== undefined);
  const declared = domain.values ?? [];
  const numeric = [...present, ...declared].every((v) => typeof v === 'number');
  if (numeric) {
    const nums = [...present, ...declared].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (domain.interval) nums.push(domain.interval.min, domain.interval.max);
    const min = nums.length ? Math.min(...nums) : 0;
    const max = nums.length ? Math.max(...nums) : 1;
    if (logIfSpread && min > 0 && max / min >= LOG_SPREAD) return { key, label, kind: 'linear', min, max, log: true };
    return { key, label, kind: 'linear', min, max };
  }
  const categories = [...new Set(declared.map(String))];
  const rest = [...new Set(present.map(String))].filter((c) => !categories.includes(c)).sort(collator.compare);
  return { key, label, kind: 'categorical', categories: [...categories, ...rest] };
}

/** Where a value sits on an axis, 0 (bottom) to 1 (top); null when it has none or is not on the axis. */
export function axisPosition(axis: Axis, value: AxisValue): number | null {
  if (value === null || value === undefined) return null;
  if (axis.kind === 'categorical') {
    const i = axis.categories.indexOf(String(value));
    if (i < 0) return null;
    return axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (axis.max === axis.min) return 0.5;
  if (axis.log) return value > 0 ? Math.log(value / axis.min) / Math.log(axis.max / axis.min) : null;
  return (value - axis.min) / (axis.max - axis.min);
}

/** The value at a position on a linear (or logarithmic) axis. */
export function axisValueAt(axis: Extract<Axis, { kind: 'linear' }>, position: number): number {
  if (axis.max === axis.min) return axis.min;
  if (axis.log) return axis.min * (axis.max / axis.min) ** position;
  return axis.min + position * (axis.max - axis.min);
}

/** A brush: a range of a linear axis, or the categories a drag covered. */
export type Brush = { kind: 'range'; min: number; max: number } | { kind: 'set'; values: string[] };

/**
 * The brush a vertical drag from position `p0` to `p1` (0 bottom … 1 top) makes: the
 * range between their values on a linear axis, the categories between them on a
 * categorical one (null when the drag covers none).
 */
export function brushFromSpan(axis: Axis, p0: number, p1: number): Brush | null {
  const lo = Math.max(0, Math.min(p0, p1));
  const hi = Math.min(1, Math.max(p0, p1));
  if (axis.kind === 'linear') return { kind: 'range', min: axisValueAt(axis, lo), max: axisValueAt(axis, hi) };
  const values = axis.categories.filter((c) => {
    const p = axisPosition(axis, c) as number;
    return p >= lo - 1e-9 && p <= hi + 1e-9;
  });
  return values.length ? { kind: 'set', values } : null;
}

/** The span (0 … 1) a brush covers on its axis, for drawing it; null when it lies off the axis. */
export function brushSpan(axis: Axis, brush: Brush): [number, number] | null {
  if (brush.kind === 'range') {
    const a = axisPosition(axis, brush.min);
    const b = axisPosition(axis, brush.max);
    return a === null || b === null ? null : [Math.min(a, b), Math.max(a, b)];
  }
  const ps = brush.values.map((v) => axisPosition(axis, v)).filter((p): p is number => p !== null);
  if (!ps.length) return null;
  const half = axis.kind === 'categorical' && axis.categories.length > 1 ? 0.5 / (axis.categories.length - 1) : 0.1;
  return [Math.max(0, Math.min(...ps) - half / 2), Math.min(1, Math.max(...ps) + half / 2)];
}

/** Whether a value passes a brush; a missing value never does. */
export function inBrush(brush: Brush, value: AxisValue): boolean {
  if (value === null || value === undefined) return false;
  if (brush.kind === 'set') return brush.values.includes(String(value));
  return typeof value === 'number' && value >= brush.min && value <= brush.max;
}

/** Whether a row's values pass every brush (brushes are by axis key; no brush passes everything). */
export function passesBrushes(values: (key: string) => AxisValue, brushes: ReadonlyMap<string, Brush>): boolean {
  for (const [key, brush] of brushes) if (!inBrush(brush, values(key))) return false;
  return true;
}

/** A short description of a brush, for its tooltip and the list of active brushes. */
export function describeBrush(label: string, brush: Brush, format: (v: number) => string = String): string {
  return brush.kind === 'range'
    ? `${label} ∈ [${format(brush.min)}, ${format(brush.max)}]`
    : `${label} ∈ {${brush.values.join(', ')}}`;
}
