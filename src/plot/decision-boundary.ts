import { interpolateRgb } from 'd3-interpolate';
import { interpolateSpectral } from 'd3-scale-chromatic';
import type { Dataset } from '../data/dataset.js';
import { type Axis, axesSvg, linearAxis, type PlotArea } from './axes.js';
import { px } from './svg.js';

/** Anything that assigns a class to each row of `[n, 2]` points. */
export interface Classifier {
  predict(x: Float64Array): Int32Array;
}

/** Options of {@link decisionBoundarySvg}. */
export interface DecisionBoundaryOptions {
  /** Grid step in data units (default 0.01, as the course). */
  step?: number;
  /** Space around the data, in data units (default 0.5). */
  margin?: number;
  /** Title above the plot. */
  title?: string;
  /** Picture size in pixels (default 640 × 480). */
  width?: number;
  height?: number;
}

/** The regular grid the boundary is evaluated on (numpy `arange(min − margin, max + margin, step)`). */
export interface Grid {
  xs: Float64Array;
  ys: Float64Array;
}

/** Colour of class `k` of `classes` for points (Spectral's ends, as matplotlib's `cm.Spectral`). */
export function classColor(k: number, classes: number): string {
  return interpolateSpectral(classes > 1 ? k / (classes - 1) : 0);
}

/**
 * A decision-boundary picture like the course's matplotlib one: the plane is
 * classified on a grid (step 0.01 over the data ± 0.5), each class region filled
 * with a light shade of its colour, the points scattered on top in their label's
 * colour, with axes, ticks and a title. Returns an SVG document; 2-d inputs only.
 */
export function decisionBoundarySvg(model: Classifier, data: Dataset, options: DecisionBoundaryOptions = {}): string {
  if (data.features !== 2) throw new RangeError(`decision boundaries need 2-d inputs, got ${data.features}`);
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const grid = makeGrid(data, options.step ?? 0.01, options.margin ?? 0.5);
  const nx = grid.xs.length;
  const ny = grid.ys.length;
  const points = new Float64Array(2 * nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      points[2 * (j * nx + i)] = grid.xs[i] as number;
      points[2 * (j * nx + i) + 1] = grid.ys[j] as number;
    }
  }
  const predicted = model.predict(points);
  const classes = Math.max(
    data.classes,
    predicted.reduce((a, b) => Math.max(a, b + 1), 0),
  );

  const area: PlotArea = { left: 58, top: options.title ? 40 : 16, width: 0, height: 0 };
  area.width = width - area.left - 16;
  area.height = height - area.top - 40;
  const step = (grid.xs[1] ?? (grid.xs[0] as number) + 1) - (grid.xs[0] as number);
  const x0 = grid.xs[0] as number;
  const y0 = grid.ys[0] as number;
  const xAxis = linearAxis(x0, x0 + nx * step, area.left, area.left + area.width);
  const yAxis = linearAxis(y0, y0 + ny * step, area.top + area.height, area.top);

  const regions = regionsSvg(predicted, nx, ny, x0, y0, step, xAxis, yAxis, classes);
  const dots: string[] = [];
  for (let i = 0; i < data.n; i++) {
    const cx = xAxis.map(data.x[2 * i] as number);
    const cy = yAxis.map(data.x[2 * i + 1] as number);
    dots.push(`<circle cx="${px(cx)}" cy="${px(cy)}" r="4" fill="${classColor(data.y[i] as number, classes)}"/>`);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<g shape-rendering="crispEdges">${regions}</g>`,
    `<g stroke="#222" stroke-width="0.6">${dots.join('')}</g>`,
    axesSvg(area, xAxis, yAxis, options.title),
    '</svg>',
    '',
  ].join('\n');
}

/** numpy `arange(min − margin, max + margin, step)` along each axis of the data. */
export function makeGrid(data: Dataset, step: number, margin: number): Grid {
  if (!(step > 0)) throw new RangeError(`grid step must be positive, got ${step}`);
  const axis = (offset: number): Float64Array => {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < data.n; i++) {
      const v = data.x[2 * i + offset] as number;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const start = min - margin;
    const count = Math.ceil((max + margin - start) / step);
    if (!(count > 0 && count <= 100_000)) throw new RangeError('data range too large for a decision-boundary grid');
    return Float64Array.from({ length: count }, (_, i) => start + i * step);
  };
  return { xs: axis(0), ys: axis(1) };
}

/** One rectangle per horizontal run of grid cells with the same class (light shades). */
function regionsSvg(
  predicted: Int32Array,
  nx: number,
  ny: number,
  x0: number,
  y0: number,
  step: number,
  xAxis: Axis,
  yAxis: Axis,
  classes: number,
): string {
  const out: string[] = [];
  for (let j = 0; j < ny; j++) {
    const yTop = yAxis.map(y0 + (j + 1) * step);
    const yBottom = yAxis.map(y0 + j * step);
    let start = 0;
    for (let i = 1; i <= nx; i++) {
      const k = predicted[j * nx + start] as number;
      if (i < nx && predicted[j * nx + i] === k) continue;
      const xl = xAxis.map(x0 + start * step);
      const xr = xAxis.map(x0 + i * step);
      out.push(
        `<rect x="${px(xl)}" y="${px(yTop)}" width="${px(xr - xl)}" height="${px(yBottom - yTop)}" fill="${regionColor(k, classes)}"/>`,
      );
      start = i;
    }
  }
  return out.join('');
}

/** A light shade of the class colour, for filled regions (as contourf under the scatter). */
function regionColor(k: number, classes: number): string {
  return interpolateRgb(classColor(k, classes), '#ffffff')(0.55);
}
