import { interpolateRgb } from 'd3-interpolate';
import { classColor } from '../../../src/plot/decision-boundary.js';

/** The two classes' colours, as the CLI's decision-boundary pictures draw them (Spectral's ends). */
export const CLASS_COLORS = [classColor(0, 2), classColor(1, 2)] as const;

const STEPS = 256;

/**
 * A diverging scale from class 0's colour (−1) through white (0) to class 1's (+1), as
 * 256 RGB entries: TensorFlow Playground's orange–white–blue, in nnlab's class colours.
 * Negative weights and unit outputs lean to class 0's colour, positive ones to class 1's.
 */
const LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(STEPS * 3);
  const toNegative = interpolateRgb('#ffffff', CLASS_COLORS[0]);
  const toPositive = interpolateRgb('#ffffff', CLASS_COLORS[1]);
  for (let i = 0; i < STEPS; i++) {
    const t = (i / (STEPS - 1)) * 2 - 1;
    // 0.85 at the ends: the strongest shade stays light enough for points drawn on top.
    const color = t < 0 ? toNegative(-t * 0.85) : toPositive(t * 0.85);
    const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(color);
    lut.set([Number(m?.[1]), Number(m?.[2]), Number(m?.[3])], i * 3);
  }
  return lut;
})();

function lutIndex(t: number): number {
  const clamped = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  return Math.round(((clamped + 1) / 2) * (STEPS - 1));
}

/**
 * Paints a `size × size` grid of values (top row first) into a canvas of the same
 * size (CSS scales it up): each value v is shown as the scale's colour of
 * (v − centre) / halfRange.
 */
export function paintGrid(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  size: number,
  centre: number,
  halfRange: number,
): void {
  if (canvas.width !== size || canvas.height !== size) {
    canvas.width = size;
    canvas.height = size;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(size, size);
  const scale = halfRange > 0 ? 1 / halfRange : 0;
  for (let i = 0; i < size * size; i++) {
    const k = lutIndex(((values[i] as number) - centre) * scale) * 3;
    image.data[4 * i] = LUT[k] as number;
    image.data[4 * i + 1] = LUT[k + 1] as number;
    image.data[4 * i + 2] = LUT[k + 2] as number;
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

/** The largest |v − centre| of a grid: a unit's own colour range (ReLU units have no fixed one). */
export function halfRangeOf(values: ArrayLike<number>, centre = 0): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs((values[i] as number) - centre));
  return m;
}
