import { extname } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { writeFileAtomic } from './atomic-write.js';

/** Picture formats nnlab writes, chosen by file extension. */
export type PictureFormat = 'png' | 'svg';

/** The format for a file name (`.png` or `.svg`), or an error naming the accepted ones. */
export function pictureFormat(path: string): PictureFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.svg') return 'svg';
  throw new Error(`cannot tell the picture format of ${path}: use a .png or .svg file name`);
}

/** Renders an SVG document to PNG bytes at `scale` × its size (system fonts, DejaVu Sans preferred). */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  return renderPng(svg, scale).png;
}

/** Like {@link svgToPng}, with the picture's size in pixels. */
export function renderPng(svg: string, scale = 2): { png: Uint8Array; width: number; height: number } {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Writes an SVG picture to `path` as SVG or PNG (by extension), atomically. */
export function writePicture(path: string, svg: string): void {
  writeFileAtomic(path, pictureFormat(path) === 'png' ? svgToPng(svg) : svg);
}
