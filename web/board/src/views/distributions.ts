import type uPlot from 'uplot';
import type { HistogramPoint, RunInfo } from '../../../../src/board/api.js';
import { DISTRIBUTION_BASIS_POINTS, histogramPercentiles } from '../../../../src/board/percentiles.js';
import { formatValue, h } from '../dom.js';
import { linearRange, nearestIndex, UChart, withAlpha } from '../uchart.js';
import { xLabel, xScaleAndAxis, xValues } from '../x-axis.js';
import { type Card, CardGrid, cardFrame, groupOf, Latest, tagsOf, type View, type ViewContext } from './view.js';

const key = (tag: string, run: string) => `${tag}\u0000${run}`;

/**
 * Each histogram tag of each run as percentile bands over time (TensorBoard's
 * distributions): shades from the extremes inwards to ±1σ-equivalents, the median as a line.
 */
export class DistributionsView implements View {
  private readonly grid = new CardGrid('No histograms in the drawn runs (or none match the tag filter).');
  readonly root = h('div', { class: 'view distributions-view' }, this.grid.root);

  update(ctx: ViewContext): void {
    const specs = [...tagsOf(ctx, 'histograms')].flatMap(([tag, runs]) =>
      runs.map((run) => ({ key: key(tag, run.name), group: groupOf(tag) })),
    );
    this.grid.sync(
      specs,
      (k) => {
        const [tag, run] = k.split('\u0000') as [string, string];
        return new DistributionCard(tag, run);
      },
      ctx,
    );
  }

  destroy(): void {
    this.grid.destroy();
  }
}

class DistributionCard implements Card {
  readonly el: HTMLElement;
  private readonly chart: UChart;
  private readonly readout = h('div', { class: 'readout' });
  private readonly latest = new Latest();
  private x: number[] = [];
  private bands: number[][] = [];

  constructor(
    private readonly tag: string,
    private readonly runName: string,
  ) {
    const frame = cardFrame(`${tag} · ${runName}`, 'distribution-card');
    this.el = frame.el;
    Object.assign(this.el.dataset, { tag, run: runName });
    frame.body.append(this.readout);
    this.chart = new UChart(frame.body);
  }

  update(ctx: ViewContext): void {
    const run = ctx.runs.find((r) => r.name === this.runName);
    if (!run) return;
    this.latest.run(
      () => ctx.cache.get('histograms', run, this.tag),
      (points) => this.draw(ctx, run, points),
      () => {},
    );
  }

  private draw(ctx: ViewContext, run: RunInfo, points: HistogramPoint[]): void {
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

  destroy(): void {
    this.chart.destroy();
  }
}
