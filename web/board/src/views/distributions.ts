import type { HistogramPoint, RunInfo } from '@nnlab/board/api.js';
import { DISTRIBUTION_BASIS_POINTS, histogramPercentiles } from '@nnlab/board/percentiles.js';
import type uPlot from 'uplot';
import { formatValue, h } from '../../../shared/dom.js';
import { linearRange, nearestIndex, UChart, withAlpha } from '../../../shared/uchart.js';
import { xLabel, xScaleAndAxis, xValues } from '../x-axis.js';
import { TagRunCard, TagRunView, type View, type ViewContext } from './view.js';

/**
 * Each histogram tag of each run as percentile bands over time (TensorBoard's
 * distributions): shades from the extremes inwards to ±0.5σ-equivalents, the median as a line.
 */
export const distributionsView = (): View =>
  new TagRunView(
    'histograms',
    'distributions',
    'No histograms in the drawn runs (or none match the tag filter).',
    (tag, run) => new DistributionCard(tag, run),
  );

class DistributionCard extends TagRunCard<'histograms'> {
  private readonly chart: UChart;
  private readonly readout = h('div', { class: 'readout' });
  private x: number[] = [];
  private bands: number[][] = [];

  constructor(tag: string, run: string) {
    super('histograms', tag, run, 'distribution-card');
    this.body.append(this.readout);
    this.chart = new UChart(this.body);
  }

  protected show(ctx: ViewContext, run: RunInfo, points: HistogramPoint[]): void {
    const axis = ctx.state.settings.xAxis;
    const color = ctx.state.color(run.name);
    this.x = xValues(
      axis,
      run,
      points.map((p) => p.step),
      points.map((p) => p.wallTime),
    );
    const perPoint = points.map((p) => histogramPercentiles(p));
    this.bands = DISTRIBUTION_BASIS_POINTS.map((_, j) => perPoint.map((v) => v[j] as number));
    this.el.dataset.points = String(points.length);
    const n = DISTRIBUTION_BASIS_POINTS.length;
    const options = (): Omit<uPlot.Options, 'width' | 'height'> => {
      const { scale, axis: xAxis } = xScaleAndAxis(axis);
      const series: uPlot.Series[] = [{}];
      for (let j = 0; j < n; j++)
        series.push({
          stroke: j === (n - 1) / 2 ? color : withAlpha(color, 0.35),
          width: j === (n - 1) / 2 ? 1.5 : 0.5,
        });
      // Bands between mirrored percentiles, darker towards the median.
      const bands: uPlot.Band[] = [];
      for (let j = 0; j < (n - 1) / 2; j++)
        bands.push({ series: [n - j, j + 1], fill: withAlpha(color, 0.14 + 0.1 * j) });
      return {
        series,
        bands,
        legend: { show: false },
        cursor: { drag: { x: true, y: false }, points: { show: false } },
        scales: { x: scale, y: { range: linearRange } },
        axes: [xAxis, { size: 56, values: (_u, splits) => splits.map((v) => formatValue(v)) }],
        hooks: { setCursor: [(u) => this.showReadout(u, axis)] },
      };
    };
    this.chart.set(JSON.stringify([color, axis]), options, [this.x, ...this.bands]);
  }

  private showReadout(u: uPlot, axis: ViewContext['state']['settings']['xAxis']): void {
    const left = u.cursor.left ?? -1;
    const i = left < 0 ? -1 : nearestIndex(this.x, u.posToVal(left, 'x'));
    if (i < 0) {
      this.readout.replaceChildren();
      return;
    }
    const at = (j: number) => formatValue(this.bands[j]?.[i]);
    this.readout.replaceChildren(
      h('div', {}, h('b', {}, xLabel(axis, this.x[i] as number))),
      h('div', {}, `median ${at(4)} · 16–84 % ${at(2)} … ${at(6)}`),
      h('div', { class: 'muted' }, `min ${at(0)} · max ${at(8)}`),
    );
  }

  override destroy(): void {
    super.destroy();
    this.chart.destroy();
  }
}
