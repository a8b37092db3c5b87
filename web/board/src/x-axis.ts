import type { RunInfo } from '@nnlab/board/api.js';
import type uPlot from 'uplot';
import { formatDuration } from '../../shared/dom.js';
import type { XAxis } from './state.js';

/** The x value of each point under the chosen axis: step, seconds since the run began, or wall time. */
export function xValues(axis: XAxis, run: RunInfo, steps: number[], wallTimes: number[]): number[] {
  if (axis === 'step') return steps;
  if (axis === 'wall') return wallTimes;
  const start = run.startTime ?? wallTimes[0] ?? 0;
  return wallTimes.map((t) => t - start);
}

/** uPlot x scale and axis for the chosen x axis. */
export function xScaleAndAxis(axis: XAxis): { scale: uPlot.Scale; axis: uPlot.Axis } {
  if (axis === 'wall') return { scale: { time: true }, axis: {} };
  return {
    scale: { time: false },
    axis: axis === 'relative' ? { values: (_u, splits) => splits.map((s) => formatDuration(s)) } : {},
  };
}

/** The label of an x value in readouts. */
export function xLabel(axis: XAxis, x: number): string {
  if (axis === 'step') return `step ${x}`;
  if (axis === 'relative') return formatDuration(x);
  return new Date(x * 1000).toLocaleTimeString();
}
