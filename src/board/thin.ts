/**
 * Keeps a long series within `most` points by dropping every other point (the last one
 * always stays), as often as needed: what is kept stays spread evenly over the run.
 * The dashboard bounds its memory this way for histograms and images, whose points are
 * large; scalars are kept whole.
 */
export function thinned<T>(points: readonly T[], most: number): T[] {
  if (most < 2) throw new RangeError(`a series keeps at least 2 points, got ${most}`);
  let out = [...points];
  while (out.length > most) {
    const last = out[out.length - 1] as T;
    out = out.filter((_, i) => i % 2 === 0);
    if (out[out.length - 1] !== last) out.push(last);
  }
  return out;
}
