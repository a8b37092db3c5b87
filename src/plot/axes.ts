import { scaleLinear } from 'd3-scale';
import { escapeXml, FONT_FAMILY, px } from './svg.js';

/** Where a chart's data lands on the canvas, in pixels. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A linear map from a data interval to a pixel interval, with its tick marks. */
export interface Axis {
  /** Data value → pixel coordinate. */
  readonly map: (value: number) => number;
  /** Tick values and their labels. */
  readonly ticks: ReadonlyArray<{ value: number; label: string }>;
}

/** Builds an axis over `[min, max]` drawn from pixel `from` to pixel `to`. */
export function linearAxis(min: number, max: number, from: number, to: number, tickCount = 8): Axis {
  const scale = scaleLinear().domain([min, max]).range([from, to]);
  const format = scale.tickFormat(tickCount);
  return { map: (v) => scale(v), ticks: scale.ticks(tickCount).map((value) => ({ value, label: format(value) })) };
}

/** SVG for a frame around `area` with outward ticks and labels for both axes, plus an optional title. */
export function axesSvg(area: PlotArea, x: Axis, y: Axis, title?: string): string {
  const { left, top, width, height } = area;
  const bottom = top + height;
  const parts: string[] = [
    `<rect x="${px(left)}" y="${px(top)}" width="${px(width)}" height="${px(height)}" fill="none" stroke="#222" stroke-width="1"/>`,
  ];
  const text = (tx: number, ty: number, anchor: string, label: string): string =>
    `<text x="${px(tx)}" y="${px(ty)}" text-anchor="${anchor}" font-family="${FONT_FAMILY}" font-size="12" fill="#222">${escapeXml(label)}</text>`;
  for (const t of x.ticks) {
    const tx = x.map(t.value);
    parts.push(`<line x1="${px(tx)}" y1="${px(bottom)}" x2="${px(tx)}" y2="${px(bottom + 5)}" stroke="#222"/>`);
    parts.push(text(tx, bottom + 19, 'middle', t.label));
  }
  for (const t of y.ticks) {
    const ty = y.map(t.value);
    parts.push(`<line x1="${px(left - 5)}" y1="${px(ty)}" x2="${px(left)}" y2="${px(ty)}" stroke="#222"/>`);
    parts.push(text(left - 8, ty + 4, 'end', t.label));
  }
  if (title) {
    parts.push(
      `<text x="${px(left + width / 2)}" y="${px(top - 12)}" text-anchor="middle" font-family="${FONT_FAMILY}" font-size="15" fill="#111">${escapeXml(title)}</text>`,
    );
  }
  return parts.join('\n');
}
