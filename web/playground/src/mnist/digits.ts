/** Paints a square grey image (values in [0, 1], 0 black) into a canvas of its size. */
export function paintDigit(
  canvas: HTMLCanvasElement,
  values: Float32Array,
  side = Math.round(Math.sqrt(values.length)),
): void {
  paintGrey(canvas, values, side, side, 0, 1);
}

/** Paints `width × height` values as grey levels between `lo` (black) and `hi` (white). */
export function paintGrey(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  width: number,
  height: number,
  lo: number,
  hi: number,
): void {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(width, height);
  const span = hi - lo || 1;
  for (let i = 0; i < width * height; i++) {
    const v = Math.round(Math.max(0, Math.min(1, ((values[i] as number) - lo) / span)) * 255);
    image.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

/** Channel `c` of channel-last maps `[side, side, channels]` as one `side × side` image. */
export function channel(values: Float32Array, side: number, channels: number, c: number): Float32Array {
  const out = new Float32Array(side * side);
  for (let i = 0; i < side * side; i++) out[i] = values[i * channels + c] as number;
  return out;
}
