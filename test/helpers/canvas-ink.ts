import type { Page } from 'playwright-core';

/** What a chart's canvas holds in one colour, as a person would see it. */
export interface CanvasInk {
  /** Opaque pixels (alpha > 200) within 40 (sum of |ΔR|+|ΔG|+|ΔB|) of the colour: its lines. */
  opaque: number;
  /** Translucent pixels (alpha 25–110) within 60 of it: its bands and fills. */
  translucent: number;
  /** A digest of the whole canvas, to tell that a redraw changed something. */
  digest: number;
}

/** Counts the pixels of the canvas under `selector` in colour `hex` (`#rrggbb`). */
export async function canvasInk(page: Page, selector: string, hex: string): Promise<CanvasInk> {
  return page.$eval(
    `${selector} canvas`,
    (canvas, color) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      const target = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
      let opaque = 0;
      let translucent = 0;
      let digest = 0;
      for (let i = 0; i < data.length; i += 4) {
        const d = [0, 1, 2].reduce((s, k) => s + Math.abs((data[i + k] ?? 0) - (target[k] ?? 0)), 0);
        const a = data[i + 3] ?? 0;
        if (a > 200 && d < 40) opaque++;
        else if (a >= 25 && a <= 110 && d < 60) translucent++;
        digest = (digest * 31 + (data[i] ?? 0) + a) % 1_000_000_007;
      }
      return { opaque, translucent, digest };
    },
    hex,
  );
}
