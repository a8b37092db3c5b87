// Screenshots of nnlab board for the README (docs/board-*.png).
//
// Usage: npx tsx scripts/board-screenshots.mts LOGDIR
// LOGDIR should hold the runs the README describes (see docs/board.md): two MNIST runs
// (mnist-relu, mnist-tanh), a classic and a deep run, and the TensorBoard fixture as
// pytorch-fixture. Needs /usr/bin/chromium and a built board (npm run build).
import type { Page } from 'playwright-core';
import { startBoard } from '../src/node/board/server.js';
import { launchChromium } from '../test/helpers/chromium.js';

const logdir = process.argv[2];
if (!logdir) {
  process.stderr.write('usage: npx tsx scripts/board-screenshots.mts LOGDIR\n');
  process.exit(2);
}

interface Shot {
  file: string;
  tab: string;
  runFilter?: string;
  tagFilter?: string;
  /** Something to do before the picture (hover, slider…). */
  prepare?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  {
    file: 'board-scalars.png',
    tab: 'scalars',
    runFilter: 'mnist',
    tagFilter: '^(loss|accuracy/(test|validation))$',
    prepare: async (page) => {
      const box = await page.locator('.scalar-card[data-tag="loss"] canvas').boundingBox();
      if (box) await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    },
  },
  { file: 'board-distributions.png', tab: 'distributions', runFilter: 'mnist', tagFilter: '^(conv2|fc1)/activation$' },
  {
    file: 'board-histograms.png',
    tab: 'histograms',
    runFilter: 'mnist',
    tagFilter: '^(conv1/weights|fc1/activation)$',
  },
  { file: 'board-images.png', tab: 'images', runFilter: 'classic|deep' },
  { file: 'board-dead-units.png', tab: 'dead units', runFilter: 'mnist' },
  { file: 'board-text.png', tab: 'text', runFilter: 'mnist-relu|classic' },
  { file: 'board-fixture.png', tab: 'histograms', runFilter: 'fixture' },
];

const board = await startBoard({ logdir, port: 0 });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
  await page.goto(board.url);
  await page.waitForSelector('.run-list input');
  for (const shot of SHOTS) {
    await page.click(`button[data-tab="${shot.tab}"]`);
    await page.locator('#run-filter').fill(shot.runFilter ?? '');
    await page.locator('#tag-filter').fill(shot.tagFilter ?? '');
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    // Let fetches and drawing settle.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(800);
    await shot.prepare?.(page);
    await page.screenshot({ path: `docs/${shot.file}` });
    process.stdout.write(`docs/${shot.file}\n`);
  }
} finally {
  await browser.close();
  await board.close();
}
