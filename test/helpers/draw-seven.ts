import type { Page } from 'playwright-core';

/**
 * Draws a "7" with the mouse on the MNIST tab's 280 × 280 drawing canvas: a bar along
 * the top, then the stroke down to the lower left (what a person's 7 looks like).
 */
export async function drawSeven(page: Page): Promise<void> {
  await page.locator('canvas.draw-canvas').scrollIntoViewIfNeeded();
  const box = await page.locator('canvas.draw-canvas').boundingBox();
  if (!box) throw new Error('no drawing canvas');
  const at = (x: number, y: number) => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height] as const;
  await page.mouse.move(...at(70, 70));
  await page.mouse.down();
  await page.mouse.move(...at(210, 70), { steps: 8 });
  await page.mouse.move(...at(130, 240), { steps: 10 });
  await page.mouse.up();
  await page.waitForSelector('.draw[data-predicted]');
}
