import type { Page } from 'playwright-core';

/** One axis of the board's parallel coordinates, as the page publishes it (`.pc[data-axes]`, canvas pixels). */
export interface PcAxis {
  key: string;
  x: number;
  top: number;
  bottom: number;
}

/** The axes the parallel-coordinates plot drew. */
export async function pcAxes(page: Page): Promise<PcAxis[]> {
  return JSON.parse((await page.getAttribute('.pc', 'data-axes')) ?? '[]') as PcAxis[];
}

/** Drags with the mouse along the axis `key` from position p0 to p1 (0 its bottom … 1 its top): a brush. */
export async function brushAxis(page: Page, key: string, p0: number, p1: number): Promise<void> {
  const axis = (await pcAxes(page)).find((a) => a.key === key);
  const box = await page.locator('.pc canvas').boundingBox();
  if (!axis || !box) throw new Error(`no parallel-coordinates axis ${key}`);
  const y = (p: number) => box.y + axis.bottom - p * (axis.bottom - axis.top);
  await page.mouse.move(box.x + axis.x, y(p0));
  await page.mouse.down();
  await page.mouse.move(box.x + axis.x + 1, (y(p0) + y(p1)) / 2, { steps: 3 });
  await page.mouse.move(box.x + axis.x, y(p1), { steps: 3 });
  await page.mouse.up();
}
