import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runColor } from '../../src/board/colors.js';
import { type Board, startBoard } from '../../src/node/board/server.js';
import { SummaryWriter } from '../../src/summary/summary-writer.js';
import { canvasInk } from '../helpers/canvas-ink.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { nnlab } from '../helpers/cli.js';

const FIXTURE = fileURLToPath(
  new URL('../fixtures/tensorboard/events.out.tfevents.1795758286.vm.431.0.fixture', import.meta.url),
);

describe.skipIf(!chromiumAvailable)('nnlab board in headless Chromium', () => {
  const logdir = mkdtempSync(join(tmpdir(), 'nnlab-board-ui-'));
  let board: Board;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** Records of a 100 000-point scalar series. */
  let long: Uint8Array[] = [];

  beforeAll(async () => {
    const classic = nnlab(['classic', '--passes', '2000', '--logdir', logdir, '--run', 'classic']);
    expect(classic.code, classic.stderr).toBe(0);
    const mnist = nnlab(
      ['mnist', '--steps', '30', '--summary-every', '10', '--eval-every', '30', '--eval-limit', '100'].concat([
        '--threads',
        '1',
        '--logdir',
        logdir,
        '--run',
        'mnist',
      ]),
    );
    expect(mnist.code, mnist.stderr).toBe(0);
    mkdirSync(join(logdir, 'tb'));
    copyFileSync(FIXTURE, join(logdir, 'tb', 'events.out.tfevents.1795758286.vm.431.0.fixture'));
    // A long series: 100 000 noisy points with a spike.
    mkdirSync(join(logdir, 'zlong'));
    long = [];
    const writer = new SummaryWriter((r) => long.push(r));
    for (let step = 0; step < 100_000; step++)
      writer.scalar('long/noisy', Math.sin(step / 3000) + (step % 7) / 10, step);
    writeFileSync(join(logdir, 'zlong', 'events.out.tfevents.1.host.1.0'), Buffer.concat(long));
    // A damaged file: its second record's data CRC no longer matches.
    mkdirSync(join(logdir, 'zbroken'));
    const damaged = Buffer.concat(long.slice(0, 3));
    const at = (long[0]?.length ?? 0) + 13;
    damaged[at] = (damaged[at] as number) ^ 0xff;
    writeFileSync(join(logdir, 'zbroken', 'events.out.tfevents.1.host.2.0'), damaged);
    board = await startBoard({ logdir, port: 0, pollMs: 100 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(board.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await board?.close();
  });

  // Runs are coloured in name order: classic, mnist, tb, zbroken, zlong.
  const colors = { classic: runColor(0), mnist: runColor(1), tb: runColor(2), zlong: runColor(4) };

  it('draws scalars of every run, and a run switched off disappears from the chart', async () => {
    const loss = '.scalar-card[data-tag="loss"]';
    await page.waitForSelector('.scalar-card[data-tag="accuracy/test"][data-series="1"] canvas');
    // Cards far below the screen wait until scrolled to.
    expect(await page.$eval(loss, (el) => (el as HTMLElement).dataset.series)).toBeUndefined();
    await page.locator(loss).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${loss}[data-series="2"] canvas`);
    const before = await canvasInk(page, loss, colors.tb);
    expect(before.opaque).toBeGreaterThan(50);
    expect(await canvasInk(page, loss, colors.mnist)).toMatchObject({ opaque: expect.any(Number) });
    expect((await canvasInk(page, loss, colors.mnist)).opaque).toBeGreaterThan(50);
    await page.uncheck('input[data-run="tb"]');
    await page.waitForSelector(`${loss}[data-series="1"]`);
    expect((await canvasInk(page, loss, colors.tb)).opaque).toBeLessThan(5);
    expect((await canvasInk(page, loss, colors.mnist)).opaque).toBeGreaterThan(50);
    await page.check('input[data-run="tb"]');
    await page.waitForSelector(`${loss}[data-series="2"]`);
    // The fixture's scalars are drawn too (TensorBoard's own format, written by PyTorch).
    expect(await page.$eval(`${loss}`, (el) => (el as HTMLElement).dataset.points)).toBe(String(3 + 3));
  });

  it('says which file is damaged and shows the rest', async () => {
    expect(await page.textContent('.banner')).toMatch(
      /zbroken\/events\.out\.tfevents\.1\.host\.2\.0: corrupt record at byte \d+ \(data CRC mismatch\)/,
    );
    expect(await page.getAttribute('input[data-run="zbroken"] ~ .warn-icon', 'title')).toMatch(/corrupt record/);
  });

  it('redraws with new smoothing', async () => {
    const card = '.scalar-card[data-tag="loss"]';
    await page.locator(card).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${card}[data-smoothing="0.6"]`);
    const smoothed = await canvasInk(page, card, colors.mnist);
    await page.locator('#smoothing').fill('0');
    await page.waitForSelector(`${card}[data-smoothing="0"]`);
    const raw = await canvasInk(page, card, colors.mnist);
    expect(raw.digest).not.toBe(smoothed.digest);
    expect(raw.opaque).toBeGreaterThan(20);
  });

  it('switches to a log y axis and to time on the x axis, and reads values under the pointer', async () => {
    const card = '.scalar-card[data-tag="loss"]';
    await page.locator(card).scrollIntoViewIfNeeded();
    const linear = await canvasInk(page, card, colors.mnist);
    await page.selectOption('#y-scale', 'log');
    await page.waitForSelector(`${card}[data-y-scale="log"]`);
    expect((await canvasInk(page, card, colors.mnist)).digest).not.toBe(linear.digest);
    await page.selectOption('#x-axis', 'relative');
    await page.waitForSelector(`${card}[data-x-axis="relative"]`);
    const box = await page.locator(`${card} canvas`).boundingBox();
    if (!box) throw new Error('no chart');
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    // One line per drawn run: its colour, name, smoothed and raw value, and the time since the run began (m:ss).
    await page.waitForSelector(`${card} .readout-row`);
    const rows = await page.$$eval(`${card} .readout-row`, (els) => els.map((el) => el.textContent ?? ''));
    expect(rows).toHaveLength(2);
    expect(rows.join('\n')).toMatch(/mnist[\d.e-]+ raw [\d.e-]+ · \d+:\d\d/);
    await page.selectOption('#x-axis', 'wall');
    await page.waitForSelector(`${card}[data-x-axis="wall"]`);
    await page.selectOption('#x-axis', 'step');
    await page.selectOption('#y-scale', 'linear');
    await page.mouse.move(0, 0);
  });

  it('draws histograms (offset and overlay) and distributions', async () => {
    await page.click('button[data-tab="histograms"]');
    const card = '.histogram-card[data-tag="conv1/weights"][data-run="mnist"]';
    await page.locator(card).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${card} svg polygon`);
    const shapes = await page.$$eval(`${card} svg polygon`, (els) =>
      els.map((el) => {
        const ys = (el.getAttribute('points') ?? '').split(' ').map((p) => Number(p.split(',')[1]));
        return Math.max(...ys) - Math.min(...ys);
      }),
    );
    expect(shapes).toHaveLength(3); // steps 0, 10, 20
    for (const height of shapes) expect(height).toBeGreaterThan(5);
    await page.selectOption('#histogram-mode', 'overlay');
    await page.waitForSelector(`${card}[data-mode="overlay"] svg polygon[fill="none"]`);
    // The fixture's histograms too.
    await page.locator('.histogram-card[data-tag="relu/activations"][data-run="tb"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('.histogram-card[data-tag="relu/activations"][data-run="tb"] svg polygon');

    await page.click('button[data-tab="distributions"]');
    const dist = '.distribution-card[data-tag="conv2/activation"][data-run="mnist"]';
    await page.locator(dist).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${dist}[data-points="3"] canvas`);
    expect((await canvasInk(page, dist, colors.mnist)).opaque).toBeGreaterThan(20);
  });

  it('shows images with a step slider, the config text and dead units', async () => {
    await page.click('button[data-tab="images"]');
    const img = '.image-card[data-run="classic"] img';
    await page.waitForFunction((sel) => {
      const el = document.querySelector(sel) as HTMLImageElement | null;
      return el?.complete === true && el.naturalWidth > 0;
    }, img);
    expect(await page.$eval(img, (el) => (el as HTMLImageElement).naturalWidth)).toBe(1280);
    expect(await page.textContent('.image-card[data-run="classic"] .slider')).toMatch(/step 2000/);
    await page.waitForFunction(() => {
      const el = document.querySelector('.image-card[data-run="tb"] img') as HTMLImageElement | null;
      return el?.complete === true && el.naturalWidth === 5;
    });

    await page.click('button[data-tab="text"]');
    await page.waitForSelector('.text-card[data-run="mnist"] table');
    const cells = await page.$$eval('.text-card[data-run="mnist"] td', (tds) => tds.map((td) => td.textContent));
    expect(cells).toContain('activation');
    expect(cells).toContain('relu');

    await page.click('button[data-tab="dead units"]');
    await page.waitForSelector('.dead-table tbody tr');
    expect(await page.textContent('.dead-table thead')).toMatch(/conv1.*conv2.*fc1/);
    expect(await page.textContent('.dead-table .dead-note')).toContain('ELU, GELU');
    expect(await page.textContent('.dead-table tbody')).toMatch(/mnist\s*\d+(\.\d+)? %/);
  });

  it('draws a 100 000-point series reduced to a few points per pixel column', async () => {
    await page.click('button[data-tab="scalars"]');
    await page.locator('#tag-filter').fill('^long/');
    const card = '.scalar-card[data-tag="long/noisy"]';
    await page.waitForSelector(`${card}[data-points="100000"] canvas`);
    const drawn = Number(await page.$eval(card, (el) => (el as HTMLElement).dataset.drawn));
    const width = await page.$eval(`${card} canvas`, (el) => (el as HTMLCanvasElement).clientWidth);
    // Raw and smoothed lines, each at most 4 points per pixel column.
    expect(drawn).toBeLessThanOrEqual(2 * 4 * width + 8);
    expect(drawn).toBeGreaterThan(width);
    expect((await canvasInk(page, card, colors.zlong)).opaque).toBeGreaterThan(100);
    await page.locator('#tag-filter').fill('');
  });

  it('on an empty log directory, says how to start a run, then shows the first one', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'nnlab-board-empty-')), 'runs');
    const second = await startBoard({ logdir: empty, port: 0, pollMs: 100 });
    const fresh = await browser.newPage();
    try {
      await fresh.goto(second.url);
      await fresh.waitForSelector('.welcome');
      expect(await fresh.textContent('.welcome pre')).toContain(`--logdir ${empty}`);
      mkdirSync(join(empty, 'first'), { recursive: true });
      writeFileSync(join(empty, 'first', 'events.out.tfevents.1.host.1.0'), Buffer.concat(long.slice(0, 20)));
      await fresh.waitForSelector('.scalar-card[data-tag="long/noisy"]');
      expect(await fresh.$('.welcome')).toBeNull();
    } finally {
      await fresh.close();
      await second.close();
    }
  });

  it('picks up a run being written, and its new points, without a reload', async () => {
    const file = join(logdir, 'live', 'events.out.tfevents.1.host.1.0');
    mkdirSync(join(logdir, 'live'));
    writeFileSync(file, new Uint8Array());
    const writer = new SummaryWriter((record) => appendFileSync(file, record));
    for (let step = 0; step < 5; step++) writer.scalar('live/loss', 1 / (step + 1), step);
    await page.waitForSelector('input[data-run="live"]');
    const card = '.scalar-card[data-tag="live/loss"]';
    await page.locator(card).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${card}[data-points="5"]`);
    for (let step = 5; step < 12; step++) writer.scalar('live/loss', 1 / (step + 1), step);
    await page.waitForSelector(`${card}[data-points="12"]`);
    expect(errors).toEqual([]);
  });
});
