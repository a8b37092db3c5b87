// Screenshots of nnlab board for the README (docs/board-*.png).
//
// Usage: npx tsx scripts/board-screenshots.mts LOGDIR [SWEEPDIR] [COURSEDIR]
// LOGDIR should hold the runs the README describes (see docs/board.md): two MNIST runs
// (mnist-relu, mnist-tanh), a classic and a deep run, and the TensorBoard fixture as
// pytorch-fixture; `-` skips those pictures. SWEEPDIR, if given, is the log directory of
// the classic sweep in docs/board.md (the experiments, groups and diff pictures); `-` skips
// it. COURSEDIR, if given, is docs/course.md's MNIST sweep (runs/p2c: its pictures). Needs
// /usr/bin/chromium and a built board (npm run build).
import type { Page } from 'playwright-core';
import { startBoard } from '../src/node/board/server.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { brushAxis } from '../test/helpers/parallel-coords.js';

const [logdir, sweepdir, coursedir] = process.argv.slice(2);
if (!logdir) {
  process.stderr.write('usage: npx tsx scripts/board-screenshots.mts LOGDIR [SWEEPDIR]\n');
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

const SWEEP_SHOTS: Shot[] = [
  {
    file: 'board-experiments.png',
    tab: 'experiments',
    prepare: async (page) => {
      await page.click('th[data-sort="metric:final:loss/data"]');
      // The final data loss's lower part: the configurations that fit the moons.
      await brushAxis(page, 'metric:final:loss/data', -0.03, 0.45);
      await page.mouse.move(0, 0);
    },
  },
  {
    file: 'board-groups.png',
    tab: 'scalars',
    runFilter: 'hidden=3',
    tagFilter: '^loss/(data|reg)$',
    prepare: async (page) => {
      await page.check('#group-by-config');
      await page.waitForTimeout(500);
      const box = await page.locator('.scalar-card[data-tag="loss/data"] canvas').boundingBox();
      if (box) await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.4);
    },
  },
  {
    file: 'board-diff.png',
    tab: 'experiments',
    prepare: async (page) => {
      await page.uncheck('#experiments-group');
      await page.click('.brush-chip[data-brush]');
      // One configuration, three seeds: seed 1 stalls at a loss near 0.31 (87.5 % accuracy).
      await page.fill('#experiment-filter', 'activation=relu hidden=3');
      await page.check('input[data-compare="activation=relu,hidden=3,seed=0"]');
      await page.check('input[data-compare="activation=relu,hidden=3,seed=1"]');
      await page.waitForSelector('.diff-panel tr.diff-section:has-text("configuration")');
      await page.evaluate(() => {
        const top = document.querySelector('.exp-table-wrap')?.getBoundingClientRect().top ?? 0;
        window.scrollBy(0, top - 60);
      });
    },
  },
];

/** docs/course.md's Part 2c: the MNIST sweep of activation × initialisation. */
const COURSE_SHOTS: Shot[] = [
  {
    file: 'course-p2c-experiments.png',
    tab: 'experiments',
    prepare: async (page) => {
      await page.click('th[data-sort="metric:final:accuracy/test"]');
      await page.click('th[data-sort="metric:final:accuracy/test"]');
      await page.mouse.move(0, 0);
    },
  },
  { file: 'course-p2c-dead-units.png', tab: 'dead units' },
  { file: 'course-p2c-distributions.png', tab: 'distributions', tagFilter: '^fc1/activation$' },
];

async function shoot(dir: string, shots: Shot[]): Promise<void> {
  const board = await startBoard({ logdir: dir, port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
    await page.goto(board.url);
    await page.waitForSelector('.run-list input');
    for (const shot of shots) {
      await page.click(`button[data-tab="${shot.tab}"]`);
      await page.locator('#run-filter').fill(shot.runFilter ?? '');
      await page.locator('#tag-filter').fill(shot.tagFilter ?? '');
      await page.mouse.move(0, 0);
      await page.evaluate(() => window.scrollTo(0, 0));
      // Let fetches and drawing settle.
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(800);
      await shot.prepare?.(page);
      await page.waitForTimeout(300);
      await page.screenshot({ path: `docs/${shot.file}` });
      process.stdout.write(`docs/${shot.file}\n`);
    }
  } finally {
    await browser.close();
    await board.close();
  }
}

if (logdir !== '-') await shoot(logdir, SHOTS);
if (sweepdir && sweepdir !== '-') await shoot(sweepdir, SWEEP_SHOTS);
if (coursedir) await shoot(coursedir, COURSE_SHOTS);
