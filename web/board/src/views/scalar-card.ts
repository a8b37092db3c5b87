import { aggregateSeries } from '@nnlab/board/aggregate.js';
import type { RunInfo, ScalarSeries } from '@nnlab/board/api.js';
import { downsampleMinMax } from '@nnlab/board/downsample.js';
import { chartGroups, shortGroupLabels } from '@nnlab/board/experiments.js';
import { smoothEma } from '@nnlab/board/smoothing.js';
import type uPlot from 'uplot';
import UPlot from 'uplot';
import { formatValue, h, svg } from '../../../shared/dom.js';
import { linearRange, nearestIndex, UChart, withAlpha } from '../../../shared/uchart.js';
import { xLabel, xScaleAndAxis, xValues } from '../x-axis.js';
import { type Card, cardFrame, Latest, type ViewContext } from './view.js';

/** Dash patterns of overlaid tags, in tag order (the first tag solid). */
export const TAG_DASHES: readonly number[][] = [[], [7, 4], [2, 3], [10, 3, 2, 3], [4, 2]];

/** One curve at full resolution, for readouts: a run's, or a group's mean with its min–max band. */
interface Line {
  label: string;
  tag: string;
  color: string;
  dash: number[];
  x: number[];
  raw: number[];
  smooth: ArrayLike<number>;
  /** A group's band (min and max of its runs' smoothed curves) and how many runs it holds. */
  band?: { min: number[]; max: number[]; runs: number };
}

const dashOf = (i: number) => TAG_DASHES[i % TAG_DASHES.length] as number[];

/**
 * Scalar tags for every drawn run, overlaid: the smoothed curve solid, the raw one faint
 * behind it; hovering shows each curve's value at the nearest point. Several tags on one
 * card are told apart by dash (with a legend); with grouping by configuration, runs of
 * one session group are one mean curve in a translucent min–max band.
 */
export class ScalarCard implements Card {
  readonly el: HTMLElement;
  private readonly chart: UChart;
  private readonly readout = h('div', { class: 'readout' });
  private readonly legend = h('div', { class: 'tag-legend' });
  private readonly note: HTMLElement;
  private readonly latest = new Latest();
  private lines: Line[] = [];
  private axis: ViewContext['state']['settings']['xAxis'] = 'step';
  private readonly tags: string[];

  constructor(tags: string | string[], title?: string) {
    this.tags = typeof tags === 'string' ? [tags] : tags;
    const frame = cardFrame(title ?? this.tags.join(' · '), 'scalar-card');
    this.el = frame.el;
    this.note = frame.note;
    this.el.dataset.tag = this.tags.join(',');
    if (this.tags.length > 1) {
      this.el.dataset.tags = String(this.tags.length);
      frame.body.before(this.legend);
      this.legend.append(
        ...this.tags.map((tag, i) =>
          h(
            'span',
            { class: 'tag-legend-item' },
            svg(
              'svg',
              { width: 28, height: 8, viewBox: '0 0 28 8' },
              svg('line', {
                x1: 0,
                y1: 4,
                x2: 28,
                y2: 4,
                stroke: '#455a64',
                'stroke-width': 2,
                'stroke-dasharray': dashOf(i).join(' ') || 'none',
              }),
            ),
            tag,
          ),
        ),
      );
    }
    frame.body.append(this.readout);
    this.chart = new UChart(frame.body);
  }

  update(ctx: ViewContext): void {
    const wanted = this.tags.flatMap((tag) =>
      ctx.runs.filter((r) => r.tags.scalars.includes(tag)).map((run) => ({ tag, run })),
    );
    this.latest.run(
      () => Promise.all(wanted.map(({ run, tag }) => ctx.source.get('scalars', run, tag))),
      (series) => this.draw(ctx, wanted, series),
      (error) => {
        this.note.textContent = error.message;
      },
    );
  }

  private draw(ctx: ViewContext, wanted: Array<{ tag: string; run: RunInfo }>, series: ScalarSeries[]): void {
    const { smoothing, xAxis, yScale, groupByConfig } = ctx.state.settings;
    this.axis = xAxis;
    const log = yScale === 'log';
    const buckets = this.chart.width();
    const tables: uPlot.AlignedData[] = [];
    let drawn = 0;
    let points = 0;
    const add = (x: number[], ...ys: ArrayLike<number>[]) => {
      for (const y of ys) {
        const d = downsampleMinMax(x, y, buckets);
        tables.push([d.x, d.y.map((v) => (Number.isFinite(v) ? v : null))]);
        drawn += d.x.length;
      }
    };
    this.lines = [];
    const labels = shortGroupLabels(ctx.runs.flatMap((r) => (r.hparams?.group ? [r.hparams.group] : [])));
    this.tags.forEach((tag, t) => {
      const mine = wanted.flatMap((w, i) => (w.tag === tag ? [{ run: w.run, s: series[i] as ScalarSeries }] : []));
      for (const group of chartGroups(
        mine.map((m) => ({ ...m, name: m.run.name, hparams: m.run.hparams })),
        groupByConfig,
      )) {
        const color = ctx.state.color(group.members[0]?.name ?? '');
        const curves = group.members.map(({ run, s }) => {
          const raw = s.values.map((v) => (v === null || (log && v <= 0) ? Number.NaN : v));
          points += raw.length;
          return { run, s, x: xValues(xAxis, run, s.steps, s.wallTimes), raw, smooth: smoothEma(raw, smoothing) };
        });
        const line = { label: labels.get(group.group) ?? group.label, tag, color, dash: dashOf(t) };
        if (!group.group) {
          const c = curves[0] as (typeof curves)[number];
          add(c.x, ...(smoothing > 0 ? [c.raw, c.smooth] : [c.raw]));
          this.lines.push({ ...line, x: c.x, raw: c.raw, smooth: c.smooth });
          continue;
        }
        // A group: its runs' smoothed curves at aligned steps, as mean, min and max.
        const agg = aggregateSeries(curves.map((c) => ({ steps: c.s.steps, values: Array.from(c.smooth) })));
        const raw = aggregateSeries(curves.map((c) => ({ steps: c.s.steps, values: c.raw })));
        const x = aggregateSeries(curves.map((c) => ({ steps: c.s.steps, values: c.x }))).mean;
        add(x, agg.min, agg.max, agg.mean);
        this.lines.push({
          ...line,
          x,
          raw: raw.mean,
          smooth: agg.mean,
          band: { min: agg.min, max: agg.max, runs: curves.length },
        });
      }
    });
    Object.assign(this.el.dataset, {
      series: String(this.lines.length),
      bands: String(this.lines.filter((l) => l.band).length),
      points: String(points),
      drawn: String(drawn),
      smoothing: String(smoothing),
      xAxis,
      yScale,
    });
    this.note.textContent = this.lines.length ? '' : 'no drawn run has this tag';
    // uPlot wants one shared x column: join the curves' columns (gaps where a curve has no point).
    const data = tables.length ? UPlot.join(tables) : ([[]] as uPlot.AlignedData);
    const key = JSON.stringify([
      this.lines.map((l) => [l.label, l.tag, l.color, !!l.band]),
      smoothing > 0,
      xAxis,
      yScale,
    ]);
    this.chart.set(key, () => this.options(ctx, smoothing > 0), data);
  }

  private options(ctx: ViewContext, smoothed: boolean): Omit<uPlot.Options, 'width' | 'height'> {
    const { scale, axis } = xScaleAndAxis(ctx.state.settings.xAxis);
    const series: uPlot.Series[] = [{}];
    const bands: uPlot.Band[] = [];
    for (const line of this.lines) {
      const name = this.tags.length > 1 ? `${line.label} · ${line.tag}` : line.label;
      if (line.band) {
        const edge = { stroke: withAlpha(line.color, 0.35), width: 0.5, dash: line.dash, points: { show: false } };
        series.push({ ...edge, label: `${name} (min)` }, { ...edge, label: `${name} (max)` });
        bands.push({ series: [series.length - 1, series.length - 2], fill: withAlpha(line.color, 0.22) });
      } else if (smoothed)
        series.push({ label: `${name} (raw)`, stroke: withAlpha(line.color, 0.25), width: 1, dash: line.dash });
      series.push({ label: name, stroke: line.color, width: line.band ? 2 : 1.5, dash: line.dash });
    }
    return {
      series,
      bands,
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
      const detail = line.band
        ? ` ${formatValue(line.band.min[i])}…${formatValue(line.band.max[i])} · ${line.band.runs} runs`
        : ` raw ${formatValue(line.raw[i])}`;
      return h(
        'div',
        { class: 'readout-row' },
        h('span', { class: 'swatch', style: `background:${line.color}` }),
        h('span', { class: 'readout-run' }, this.tags.length > 1 ? `${line.label} · ${line.tag}` : line.label),
        h('b', {}, formatValue(line.smooth[i])),
        h('span', { class: 'muted' }, `${detail} · ${xLabel(this.axis, line.x[i] as number)}`),
      );
    });
    this.readout.replaceChildren(...rows);
  }

  destroy(): void {
    this.latest.cancel();
    this.chart.destroy();
  }
}
