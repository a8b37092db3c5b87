/**
 * Which points of a series to show after a run was restarted from an earlier step (a
 * resumed or re-run training writing into the same folder): as TensorBoard does, a
 * point whose step is lower than the one before it discards the points at or after
 * its step, so the series shows the latest attempt. Returns the kept indices, in order.
 */
export function keptAfterRestarts(steps: ArrayLike<number>): number[] {
  const kept: number[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as number;
    const last = kept[kept.length - 1];
    if (last !== undefined && step < (steps[last] as number))
      while (kept.length > 0 && (steps[kept[kept.length - 1] as number] as number) >= step) kept.pop();
    kept.push(i);
  }
  return kept;
}
