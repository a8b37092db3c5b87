import { MNIST_SIDE } from '../../data/mnist/mnist.js';

/** The box MNIST's digits were fitted into, inside the 28×28 field (LeCun et al.). */
export const DIGIT_BOX = 20;

/** Ink below this (of 1) does not count towards a drawing's bounding box. */
const INK = 0.05;
/** Sub-samples per target pixel side when resampling (8 × 8 per pixel ≈ an area average). */
const SUPERSAMPLE = 8;

/**
 * A drawing prepared as MNIST's digits were: the ink's bounding box scaled to fit a
 * 20 × 20 box with its aspect ratio kept (anti-aliased: each target pixel averages
 * 8 × 8 samples of the source), then placed in the 28 × 28 field so that its centre of
 * mass falls on the field's centre. `pixels` is `width × height` row-major, ink in
 * [0, 1] (0 = background); the result is 784 values in [0, 1], as the training images.
 * An empty drawing gives an empty field.
 */
export function prepareDigit(pixels: Float32Array, width: number, height: number): Float32Array {
  if (pixels.length !== width * height)
    throw new RangeError(`expected ${width}×${height} pixels, got ${pixels.length}`);
  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((pixels[y * width + x] as number) <= INK) continue;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  if (x1 < 0) return out;
  const boxW = x1 - x0 + 1;
  const boxH = y1 - y0 + 1;
  const scale = DIGIT_BOX / Math.max(boxW, boxH);
  const w = Math.max(1, Math.round(boxW * scale));
  const h = Math.max(1, Math.round(boxH * scale));
  // Resample the box to w × h: target pixel (i, j) covers source [x0 + i/scale, x0 + (i+1)/scale).
  const patch = new Float32Array(w * h);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      let sum = 0;
      for (let b = 0; b < SUPERSAMPLE; b++) {
        const sy = Math.min(height - 1, Math.floor(y0 + ((j + (b + 0.5) / SUPERSAMPLE) * boxH) / h));
        for (let a = 0; a < SUPERSAMPLE; a++) {
          const sx = Math.min(width - 1, Math.floor(x0 + ((i + (a + 0.5) / SUPERSAMPLE) * boxW) / w));
          sum += pixels[sy * width + sx] as number;
        }
      }
      patch[j * w + i] = sum / (SUPERSAMPLE * SUPERSAMPLE);
    }
  }
  // Centre of mass of the patch, in pixel-centre coordinates, moved to the field's centre (14, 14).
  const { cx, cy } = centreOfMass(patch, w, h);
  const dx = Math.round(MNIST_SIDE / 2 - cx);
  const dy = Math.round(MNIST_SIDE / 2 - cy);
  for (let j = 0; j < h; j++) {
    const y = j + dy;
    if (y < 0 || y >= MNIST_SIDE) continue;
    for (let i = 0; i < w; i++) {
      const x = i + dx;
      if (x >= 0 && x < MNIST_SIDE) out[y * MNIST_SIDE + x] = Math.min(1, patch[j * w + i] as number);
    }
  }
  return out;
}

/** The ink-weighted mean position of an image, pixel (i, j) counted at (i + ½, j + ½). */
export function centreOfMass(image: Float32Array, width: number, height: number): { cx: number; cy: number } {
  let [mass, sx, sy] = [0, 0, 0];
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const v = image[j * width + i] as number;
      mass += v;
      sx += v * (i + 0.5);
      sy += v * (j + 0.5);
    }
  }
  return mass > 0 ? { cx: sx / mass, cy: sy / mass } : { cx: width / 2, cy: height / 2 };
}
