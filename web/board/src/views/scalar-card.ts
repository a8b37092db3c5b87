import type { RunInfo, ScalarSeries } from '@nnlab/board/api.js';
import { downsampleMinMax } from '@nnlab/board/downsample.js';
import { smoothEma } from '@nnlab/board/smoothing.js';
import type uPlot from 'uplot';
import UPlot from 'uplot';
import { formatValue, h } from '../dom.js';
import { linearRange, nearestIndex, UChart, withAlpha } from '../uchart.js';
import { xLabel, xScaleAndAxis, xValues } from '../x-axis.js';
import { type Card, cardFrame, Latest, type ViewContext } from './view.js';

/** One run's series at full resolution, for readouts. */
interface Line {
  run: string;
  color: string;
  x: number[];
  steps: number[];
  raw: number[];
  smooth: Float64Array;
}

/**
 * A scalar tag for every drawn run, overlaid: the smoothed curve solid, the raw one
 * faint behind it; hovering shows each run's value at the nearest point.
 */
export class ScalarCard implements Card {
  readonly el: HTMLElement;
  private readonly chart: UChart;
  private readonly readout = h('div', { class: 'readout' });
  private readonly note: HTMLElement;
  private readonly latest = new Latest();
  private lines: Line[] = [];
  private axis: ViewContext['state']['settings']['xAxis'] = 'step';

  constructor(
    private readonly tag: string,
    title = tag,
  ) {
    const frame = cardFrame(title, 'scalar-card');
    this.el = frame.el;
    this.note = frame.note;
    this.el.dataset.tag = tag;
    frame.body.append(this.readout);
    this.chart = new UChart(frame.body);
  }

  update(ctx: ViewContext): void {
    const runs = ctx.runs.filter((r) => r.tags.scalars.includes(this.tag));
    this.latest.run(
      () => Promise.all(runs.map((run) => ctx.cache.get('scalars', run, this.tag))),
      (series) => this.draw(ctx, runs, series),
      (error) => {
        this.note.textContent = error.message;
      },
    );
  }

  private draw(ctx: ViewContext, runs: RunInfo[], series: ScalarSeries[]): void {
    const { smoothing, xAxis, yScale } = ctx.state.settings;
    this.axis = xAxis;
    const log = yScale === 'log';
    const buckets = this.chart.width();
    const tables: uPlot.AlignedData[] = [];
    let drawn = 0;
    this.lines = runs.map((run, i) => {
      const s = series[i] as ScalarSeries;
      const x = xValues(xAxis, run, s.steps, s.wallTimes);
      const raw = s.values.map((v) => (v === null || (log && v <= 0) ? Number.NaN : v));
      const smooth = smoothEma(raw, smoothing);
      for (const ys of smoothing > 0 ? [raw, smooth] : [raw]) {
        const d = downsampleMinMax(x, ys, buckets);
        tables.push([d.x, d.y.map((v) => (Number.isFinite(v) ? v : null))]);
        drawn += d.x.length;
      }
      return { run: run.name, color: ctx.state.color(run.name), x, steps: s.steps, raw, smooth };
    });
    const points = this.lines.reduce((n, l) => n + l.x.length, 0);
    Object.assign(this.el.dataset, {
      series: String(runs.length),
      points: String(points),
      drawn: String(drawn),
      smoothing: String(smoothing),
      xAxis,
      yScale,
    });
    this.note.textContent = runs.length ? '' : 'no drawn run has this tag';
    // uPlot wants one shared x column: join the runs' columns (gaps where a run has no point).
    const data = tables.length ? UPlot.join(tables) : ([[]] as uPlot.AlignedData);
    const key = JSON.stringify([this.lines.map((l) => [l.run, l.color]), smoothing > 0, xAxis, yScale]);
    this.chart.set(key, () => this.options(ctx, smoothing > 0), data);
  }

  private options(ctx: ViewContext, smoothed: boolean): Omit<uPlot.Options, 'width' | 'height'> {
    const { scale, axis } = xScaleAndAxis(ctx.state.settings.xAxis);
    const series: uPlot.Series[] = [{}];
    for (const line of this.lines) {
      if (smoothed) series.push({ label: `${line.run} (raw)`, stroke: withAlpha(line.color, 0.25), width: 1 });
      series.push({ label: line.run, stroke: line.color, width: 1.5 });
    }
    return {
      series,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { show: false } },
      scales: { x: scale, y: ctx.state.settings.yScale === 'log' ? { distr: 3 } : { range: linearRange } },
      axes: [axis, { size: 56, values: (_u, splits) => splits.map((v) => formatValue(v)) }],
      hooks: { setCursor: [(u) => this.showReadout(u)] },
    };
  }

  private showReadout(u: uPlot): void {
    const left = u.cursor.left ?? -1;
    if (left < 0 || this.lines.length === 0) {
      this.readout.replaceChildren();
      return;
    }
    const x = u.posToVal(left, 'x');
    const rows = this.lines.map((line) => {
      const i = nearestIndex(line.x, x);
      if (i < 0) return h('div', {});
      return h(
        'div',
        { class: 'readout-row' },
        h('span', { class: 'swatch', style: `background:${line.color}` }),
        h('span', { class: 'readout-run' }, line.run),
        h('b', {}, formatValue(line.smooth[i])),
        h('span', { class: 'muted' }, ` raw ${formatValue(line.raw[i])} · ${xLabel(this.axis, line.x[i] as number)}`),
      );
    });
    this.readout.replaceChildren(...rows);
  }

  destroy(): void {
    this.latest.cancel();
    this.chart.destroy();
  }
}
