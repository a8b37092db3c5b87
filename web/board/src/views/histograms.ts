import type { HistogramPoint, RunInfo } from '@nnlab/board/api.js';
import { histogramRange, rebinHistogram } from '@nnlab/board/rebin.js';
import { scaleLinear } from 'd3-scale';
import { formatValue, svg } from '../../../shared/dom.js';
import { withAlpha } from '../../../shared/uchart.js';
import type { HistogramMode } from '../state.js';
import { TagRunCard, TagRunView, type View, type ViewContext } from './view.js';

const BINS = 40;
/** Most histograms drawn per chart: more would merge into a blur. */
const MAX_SLICES = 30;
const W = 480;
const H = 260;
const M = { left: 12, right: 54, top: 10, bottom: 26 };

/**
 * Each histogram tag of each run as its histograms over time (TensorBoard's
 * histograms view): "offset" stacks them with the oldest at the back, "overlay" draws
 * them on one baseline, newest darkest.
 */
export const histogramsView = (): View =>
  new TagRunView(
    'histograms',
    'histograms',
    'No histograms in the drawn runs (or none match the tag filter).',
    (tag, run) => new HistogramCard(tag, run),
  );

class HistogramCard extends TagRunCard<'histograms'> {
  constructor(tag: string, run: string) {
    super('histograms', tag, run, 'histogram-card');
  }

  protected show(ctx: ViewContext, run: RunInfo, points: HistogramPoint[]): void {
    const mode = ctx.state.settings.histogramMode;
    this.body.replaceChildren(drawHistograms(points, ctx.state.color(run.name), mode));
    Object.assign(this.el.dataset, { points: String(points.length), mode });
  }
}

/** Evenly spread indices, always keeping the last (newest) one. */
function pick(n: number, most: number): number[] {
  if (n <= most) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: most }, (_, i) => Math.round(((n - 1) * i) / (most - 1)));
}

function drawHistograms(all: HistogramPoint[], color: string, mode: HistogramMode): SVGSVGElement {
  const points = pick(all.length, MAX_SLICES).map((i) => all[i] as HistogramPoint);
  const [lo, hi] = histogramRange(points);
  const binned = points.map((p) => rebinHistogram(p, lo, hi, BINS));
  const peak = Math.max(1e-12, ...binned.map((b) => Math.max(...b)));
  const x = scaleLinear()
    .domain([lo, hi])
    .range([M.left, W - M.right]);
  const plotH = H - M.top - M.bottom;
  // Offset: each slice gets a baseline down the chart and a third of the height for its peak.
  const sliceH = mode === 'offset' && points.length > 1 ? plotH / 3 : plotH;
  const firstStep = points[0]?.step ?? 0;
  const lastStep = points[points.length - 1]?.step ?? 0;
  const baseline = (i: number) =>
    mode === 'offset' && points.length > 1
      ? M.top + sliceH + ((plotH - sliceH) * i) / (points.length - 1)
      : H - M.bottom;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'histogram', role: 'img' });
  root.setAttribute('aria-label', `histograms from step ${firstStep} to ${lastStep}`);
  const binW = (hi - lo) / BINS;
  points.forEach((p, i) => {
    const counts = binned[i] as Float64Array;
    const base = baseline(i);
    const coords = [`${x(lo)},${base}`];
    counts.forEach((c, b) => {
      coords.push(`${x(lo + (b + 0.5) * binW)},${base - (c / peak) * sliceH}`);
    });
    coords.push(`${x(hi)},${base}`);
    const age = points.length > 1 ? i / (points.length - 1) : 1;
    const shape = svg(
      'polygon',
      mode === 'offset'
        ? { points: coords.join(' '), fill: withAlpha(color, 0.15 + 0.6 * age), stroke: '#fff', 'stroke-width': 0.6 }
        : { points: coords.join(' '), fill: 'none', stroke: withAlpha(color, 0.15 + 0.85 * age), 'stroke-width': 1 },
      svg('title', {}, `step ${p.step}: ${p.num} values in [${formatValue(p.min)}, ${formatValue(p.max)}]`),
    );
    shape.dataset.step = String(p.step);
    root.append(shape);
    if (mode === 'offset' && (i === 0 || i === points.length - 1 || i % Math.ceil(points.length / 6) === 0))
      root.append(svg('text', { x: W - M.right + 6, y: base, class: 'tick' }, String(p.step)));
  });
  for (const t of x.ticks(5))
    root.append(
      svg('line', { x1: x(t), x2: x(t), y1: H - M.bottom, y2: H - M.bottom + 4, class: 'axis' }),
      svg('text', { x: x(t), y: H - 8, class: 'tick', 'text-anchor': 'middle' }, formatValue(t)),
    );
  root.append(svg('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
  if (mode === 'overlay')
    root.append(svg('text', { x: W - M.right + 6, y: M.top + 10, class: 'tick' }, `${firstStep}–${lastStep}`));
  return root;
}
