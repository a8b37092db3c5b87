import { existsSync, readFileSync } from 'node:fs';
import { escapeXml, FONT_FAMILY } from '../../plot/svg.js';
import type { GridAxis } from './plan.js';

/** One cell of a contact sheet: a trial's values, its picture (an SVG document) and a caption. */
export interface SheetCell {
  values: Record<string, string>;
  svgPath: string;
  caption: string;
}

const CELL_W = 320;
const CELL_H = 240;
const CAPTION = 18;
const COLUMN_LABEL = 26;
const TITLE = 34;

/**
 * Every trial's decision boundary in one grid: rows by the first grid axis, columns by
 * the second (the other axes, seeds included, make more columns), each labelled — the
 * course's Part 1 figures in one picture. A trial without a picture (failed) is a grey cell.
 */
export function contactSheetSvg(title: string, grid: readonly GridAxis[], cells: readonly SheetCell[]): string {
  const [rowAxis, ...columnAxes] = grid as [GridAxis, ...GridAxis[]];
  let columns: Array<Record<string, string>> = [{}];
  for (const axis of columnAxes) columns = columns.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v })));
  const columnLabel = (c: Record<string, string>) =>
    Object.entries(c)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  // Room for the longest row label (≈ 9.5 px a character at 15 px bold).
  const rowLabel = Math.max(
    90,
    20 + Math.ceil(9.5 * Math.max(...rowAxis.values.map((v) => rowAxis.name.length + 1 + v.length))),
  );
  const width = rowLabel + columns.length * CELL_W;
  const height = TITLE + COLUMN_LABEL + rowAxis.values.length * (CELL_H + CAPTION);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="23" font-size="18" font-weight="bold" text-anchor="middle">${escapeXml(title)}</text>`,
  ];
  columns.forEach((column, j) => {
    const x = rowLabel + j * CELL_W + CELL_W / 2;
    const label = columnAxes.length > 0 ? columnLabel(column) : '';
    parts.push(
      `<text x="${x}" y="${TITLE + 17}" font-size="15" text-anchor="middle" font-weight="bold">${escapeXml(label)}</text>`,
    );
  });
  rowAxis.values.forEach((rowValue, i) => {
    const y = TITLE + COLUMN_LABEL + i * (CELL_H + CAPTION);
    parts.push(
      `<text x="${rowLabel - 10}" y="${y + CELL_H / 2}" font-size="15" text-anchor="end" font-weight="bold">${escapeXml(`${rowAxis.name}=${rowValue}`)}</text>`,
    );
    columns.forEach((column, j) => {
      const x = rowLabel + j * CELL_W;
      const cell = cells.find(
        (c) => c.values[rowAxis.name] === rowValue && Object.entries(column).every(([k, v]) => c.values[k] === v),
      );
      parts.push(cellPicture(cell, x, y));
      if (cell) {
        parts.push(
          `<text x="${x + CELL_W / 2}" y="${y + CELL_H + 13}" font-size="12" text-anchor="middle" fill="#333">${escapeXml(cell.caption)}</text>`,
        );
      }
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** A trial's SVG scaled into its cell (a nested <svg> keeps its own viewBox), or a grey placeholder. */
function cellPicture(cell: SheetCell | undefined, x: number, y: number): string {
  const svg = cell && existsSync(cell.svgPath) ? readFileSync(cell.svgPath, 'utf8') : undefined;
  const open = svg ? /^<svg\b[^>]*>/.exec(svg.trimStart()) : null;
  const viewBox = open ? /viewBox="([^"]+)"/.exec(open[0])?.[1] : undefined;
  if (!svg || !open || !viewBox) {
    return [
      `<rect x="${x + 4}" y="${y + 4}" width="${CELL_W - 8}" height="${CELL_H - 8}" fill="#eee" stroke="#ccc"/>`,
      `<text x="${x + CELL_W / 2}" y="${y + CELL_H / 2}" font-size="14" text-anchor="middle" fill="#888">no picture (${cell ? 'trial did not finish' : 'no trial'})</text>`,
    ].join('\n');
  }
  const body = svg.trimStart().slice(open[0].length);
  return `<svg x="${x}" y="${y}" width="${CELL_W}" height="${CELL_H}" viewBox="${viewBox}" preserveAspectRatio="xMidYMid meet">${body}`;
}
