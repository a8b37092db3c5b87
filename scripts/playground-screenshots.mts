// Screenshots of nnlab playground for the README and docs/playground.md (docs/playground-*.png).
//
// Usage: npx tsx scripts/playground-screenshots.mts [--mnist-only]
// Needs /usr/bin/chromium and a built playground (npm run build). Each picture opens the
// static build at a configuration (its URL), trains, and captures the part it shows; the
// MNIST pictures train the convnet for 300 steps in the tab (about a minute), draw a 7 and
// evaluate 1 000 test images.
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/chromium.js';
import { drawSeven } from '../test/helpers/draw-seven.js';
import { serveStatic } from '../test/helpers/static-server.js';

interface Shot {
  file: string;
  hash: string;
  passes: number;
  /** What to capture: a selector (default: the whole page). */
  clip?: string;
  width?: number;
  prepare?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { file: 'playground.png', hash: 'dataset=moons&hidden=3&passes=3000', passes: 3000 },
  {
    file: 'playground-network.png',
    hash: 'dataset=spirals&features=x1,x2,x1sq,x2sq,sin-x1,sin-x2&hidden=8,6,4&activation=tanh&epsilon=0.003&passes=4000',
    passes: 4000,
    clip: '.network-panel',
    prepare: async (page) => {
      const link = page.locator('.links path[data-link="1:2:3"]');
      const box = await link.boundingBox();
      if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    },
  },
  {
    file: 'playground-own-data.png',
    hash: `dataset=custom&points=${encodeURIComponent(ownPoints())}&hidden=6&activation=relu&passes=3000`,
    passes: 3000,
    clip: '.output-panel',
  },
  {
    file: 'playground-step-through.png',
    hash: 'dataset=moons&hidden=3&test-ratio=0&passes=200',
    passes: 200,
    clip: '.step-through',
    prepare: async (page) => {
      await page.click('.step-through summary');
      await page.waitForSelector('.gradients .check');
    },
  },
  {
    file: 'playground-narrow.png',
    hash: 'dataset=circles&samples=100&noise=0.07&hidden=4&passes=2000',
    passes: 2000,
    width: 420,
  },
];

/** A smile drawn by hand: two eyes and a mouth of class 1 in a ring of class 0. */
function ownPoints(): string {
  const rows: string[] = [];
  for (let i = 0; i < 40; i++) {
    const t = (2 * Math.PI * i) / 40;
    rows.push(`${(2 * Math.cos(t)).toFixed(3)},${(2 * Math.sin(t)).toFixed(3)},0`);
  }
  for (const [x, y] of [
    [-0.7, 0.7],
    [0.7, 0.7],
    [-0.6, 0.8],
    [0.6, 0.8],
    [-0.8, 0.6],
    [0.8, 0.6],
  ])
    rows.push(`${x},${y},1`);
  for (let i = 0; i <= 10; i++) {
    const t = Math.PI * (1.15 + (0.7 * i) / 10);
    rows.push(`${(1.1 * Math.cos(t)).toFixed(3)},${(1.1 * Math.sin(t)).toFixed(3)},1`);
  }
  return rows.join(';');
}

const docs = (file: string) => new URL(`../docs/${file}`, import.meta.url).pathname;

/** The MNIST tab after 300 steps at lr 3e-4, a drawn 7 and an evaluation. */
async function mnistShots(url: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(`${url}/index.html#mnist`);
  await page.waitForFunction(
    () => document.querySelector('.mnist-status')?.textContent?.startsWith('MNIST:'),
    undefined,
    { timeout: 120_000 },
  );
  for (const [name, value] of [
    ['steps', '300'],
    ['lr', '0.0003'],
    ['eval-every', '100'],
  ]) {
    await page.fill(`input[name="${name}"]`, value as string);
    await page.press(`input[name="${name}"]`, 'Enter');
  }
  await page.click('button.train');
  await page.waitForSelector('.mnist[data-state="trained"]', { timeout: 600_000 });
  await drawSeven(page);
  await page.fill('input[name="test-index"]', '18');
  await page.press('input[name="test-index"]', 'Enter');
  await page.click('button.evaluate');
  await page.waitForSelector('table.confusion td');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  await page.screenshot({ path: docs('playground-mnist.png') });
  await page.locator('.mnist > .draw').screenshot({ path: docs('playground-mnist-draw.png') });
  await page.locator('.mnist > .inside').screenshot({ path: docs('playground-mnist-inside.png') });
  process.stdout.write('wrote docs/playground-mnist.png, playground-mnist-draw.png, playground-mnist-inside.png\n');
  await page.close();
}

const server = await serveStatic(new URL('../dist/web/playground', import.meta.url).pathname.replace(/\/$/, ''));
const browser = await launchChromium();
try {
  await mnistShots(server.url);
  for (const shot of process.argv.includes('--mnist-only') ? [] : SHOTS) {
    const page = await browser.newPage({ viewport: { width: shot.width ?? 1400, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/index.html#${shot.hash}`);
    await page.waitForSelector('body[data-ready]');
    await page.selectOption('select[name="speed"]', 'max');
    await page.click('button.play');
    await page.waitForSelector(`.pass[data-passes="${shot.passes}"]`, { timeout: 120_000 });
    await shot.prepare?.(page);
    await page.waitForTimeout(300);
    const path = docs(shot.file);
    if (shot.clip) await page.locator(shot.clip).screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
    process.stdout.write(`wrote docs/${shot.file}\n`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
