import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runColor } from '../../src/board/colors.js';
import { type Board, startBoard } from '../../src/node/board/server.js';
import { SummaryWriter } from '../../src/summary/summary-writer.js';
import { canvasInk } from '../helpers/canvas-ink.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { brushAxis, pcAxes } from '../helpers/parallel-coords.js';

// A sweep of 8 runs: 2 activations × 2 widths × 2 seeds, each with a final loss chosen so
// the orders below are known, session records, and the experiment record at the top.
const FINAL_LOSS: Record<string, number> = {
  'relu-h2-s0': 0.3,
  'relu-h2-s1': 0.38,
  'relu-h4-s0': 0.1,
  'relu-h4-s1': 0.16,
  'tanh-h2-s0': 0.56,
  'tanh-h2-s1': 0.48,
  'tanh-h4-s0': 0.22,
  'tanh-h4-s1': 0.28,
};
const RUNS = Object.keys(FINAL_LOSS).sort();
const STEPS = Array.from({ length: 21 }, (_, i) => i * 10);
const WALL0 = 1_700_000_000;
const loss = (run: string, step: number) =>
  (FINAL_LOSS[run] as number) + (1 - (FINAL_LOSS[run] as number)) * Math.exp(-step / 40);
const accuracy = (run: string, step: number) => 1 - loss(run, step) / 2;
const validation = (run: string, step: number) => 0.5 + 0.1 * Math.sin(step / 30) - (FINAL_LOSS[run] as number) / 4;
const wall = (run: string, step: number) => WALL0 + RUNS.indexOf(run) * 100 + step * 0.25;
const parse = (run: string) => {
  const [, activation = '', hidden = '', seed = ''] = /^(\w+)-h(\d)-s(\d)$/.exec(run) ?? [];
  return { activation, hidden: Number(hidden), seed: Number(seed) };
};

const rowKeys = (page: Page) =>
  page.$$eval('.exp-table tbody tr[data-row]', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.row));

describe.skipIf(!chromiumAvailable)('the experiments tab in headless Chromium', () => {
  const logdir = mkdtempSync(join(tmpdir(), 'nnlab-experiments-ui-'));
  let board: Board;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    for (const run of RUNS) {
      const { activation, hidden, seed } = parse(run);
      const records: Uint8Array[] = [];
      const w = new SummaryWriter(
        (r) => records.push(r),
        () => WALL0,
        WALL0,
      );
      w.hparams({
        kind: 'sessionStart',
        sessionStart: {
          hparams: { activation, hidden, seed },
          groupName: `activation=${activation},hidden=${hidden}`,
          startTimeSecs: WALL0,
        },
      });
      w.text(
        'config/text_summary',
        `| option | value |\n| --- | --- |\n| activation | ${activation} |\n| hidden | ${hidden} |\n| seed | ${seed} |`,
        0,
      );
      for (const step of STEPS) {
        w.scalar('loss/data', loss(run, step), step, wall(run, step));
        w.scalar('accuracy/train', accuracy(run, step), step, wall(run, step));
        w.scalar('accuracy/validation', validation(run, step), step, wall(run, step));
      }
      w.hparams({ kind: 'sessionEnd', sessionEnd: { status: 'success', endTimeSecs: WALL0 + 60 } });
      mkdirSync(join(logdir, run));
      writeFileSync(join(logdir, run, 'events.out.tfevents.1.host.1.0'), Buffer.concat(records));
    }
    const top: Uint8Array[] = [];
    new SummaryWriter(
      (r) => top.push(r),
      () => WALL0,
      WALL0,
    ).hparams({
      kind: 'experiment',
      experiment: {
        hparams: [
          { name: 'activation', type: 'string', values: ['relu', 'tanh'] },
          { name: 'hidden', type: 'float64', values: [2, 4] },
          { name: 'seed', type: 'float64', values: [0, 1] },
        ],
        metrics: [{ tag: 'loss/data' }, { tag: 'accuracy/train' }],
      },
    });
    writeFileSync(join(logdir, 'events.out.tfevents.1.host.0.0'), Buffer.concat(top));
    board = await startBoard({ logdir, port: 0, pollMs: 100 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(board.url);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector('.run-list input');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await board?.close();
  });

  it('lists one row per run with its hparams and metrics; the top folder is no run', async () => {
    await page.click('button[data-tab="experiments"]');
    await page.waitForSelector('.experiments-view[data-rows="8"] .exp-table tbody tr');
    expect(await rowKeys(page)).toEqual(RUNS);
    expect(await page.$$('input[data-run="."]')).toHaveLength(0);
    expect(await page.$$eval('.run-list input', (els) => els.length)).toBe(8);
    const header = await page.$$eval('.exp-table thead tr:first-child th', (ths) =>
      ths.map((th) => th.textContent?.replace(/ [▲▼]$/, '')),
    );
    expect(header).toEqual([
      '✓',
      'diff',
      'run',
      'status',
      'activation',
      'hidden',
      'seed',
      'loss/data',
      'accuracy/train',
    ]);
    const cell = (run: string, col: string) => page.textContent(`tr[data-row="${run}"] td[data-col="${col}"]`);
    expect(await cell('tanh-h4-s1', 'hparam:hidden')).toBe('4');
    expect(await cell('tanh-h4-s1', 'status')).toBe('success');
    expect(
      Number(await page.getAttribute('tr[data-row="tanh-h4-s1"] td[data-col="metric:final:loss/data"]', 'title')),
    ).toBe(Math.fround(loss('tanh-h4-s1', 200)));
    // Best accuracy is the maximum (the last step here), best loss the minimum.
    expect(
      Number(await page.getAttribute('tr[data-row="relu-h2-s0"] td[data-col="metric:best:accuracy/train"]', 'title')),
    ).toBe(Math.fround(accuracy('relu-h2-s0', 200)));
    // The value at a chosen step: the last point at or before it (step 55 → step 50).
    await page.fill('#experiment-step', '55');
    await page.dispatchEvent('#experiment-step', 'change');
    await page.waitForSelector('.exp-table th[data-sort="metric:atStep:loss/data"]:has-text("@ 55")');
    expect(
      Number(await page.getAttribute('tr[data-row="relu-h2-s0"] td[data-col="metric:atStep:loss/data"]', 'title')),
    ).toBe(Math.fround(loss('relu-h2-s0', 50)));
  });

  it('sorts by a metric header (ascending, then descending) and filters by text', async () => {
    const byLoss = [...RUNS].sort((a, b) => (FINAL_LOSS[a] as number) - (FINAL_LOSS[b] as number));
    await page.click('th[data-sort="metric:final:loss/data"]');
    await page.waitForSelector('th.sorted[data-sort="metric:final:loss/data"]');
    expect(await rowKeys(page)).toEqual(byLoss);
    await page.click('th[data-sort="metric:final:loss/data"]');
    await page.waitForFunction(() => document.querySelector('th.sorted .arrow')?.textContent === ' ▼');
    expect(await rowKeys(page)).toEqual([...byLoss].reverse());
    await page.fill('#experiment-filter', 'activation=relu hidden=4');
    await page.waitForSelector('.experiments-view[data-rows="2"]');
    expect(await rowKeys(page)).toEqual(['relu-h4-s1', 'relu-h4-s0']);
    await page.fill('#experiment-filter', 'h2-s1');
    await page.waitForSelector('.experiments-view[data-rows="2"]');
    expect(await rowKeys(page)).toEqual(['tanh-h2-s1', 'relu-h2-s1']);
    await page.fill('#experiment-filter', '');
    await page.waitForSelector('.experiments-view[data-rows="8"]');
  });

  it('brushes axes of the parallel coordinates with the mouse; the table keeps the rows inside every brush', async () => {
    const axes = await pcAxes(page);
    expect(axes.map((a) => a.key)).toEqual([
      'hparam:activation',
      'hparam:hidden',
      'hparam:seed',
      'metric:final:loss/data',
      'metric:final:accuracy/train',
    ]);
    const drag = (key: string, p0: number, p1: number) => brushAxis(page, key, p0, p1);
    // Final losses span 0.10 … 0.56 (float32): brush 0.18 … 0.36.
    const lo = Math.fround(0.1);
    const span = Math.fround(loss('tanh-h2-s0', 200)) - lo;
    await drag('metric:final:loss/data', (0.18 - lo) / span, (0.36 - lo) / span);
    const inLoss = RUNS.filter((r) => (FINAL_LOSS[r] as number) >= 0.18 && (FINAL_LOSS[r] as number) <= 0.36);
    await page.waitForSelector(`.experiments-view[data-rows="${inLoss.length}"]`);
    expect((await rowKeys(page)).sort()).toEqual(inLoss);
    expect(inLoss).toEqual(['relu-h2-s0', 'tanh-h4-s0', 'tanh-h4-s1']);
    // A second brush on the categorical axis: relu sits at the bottom.
    await drag('hparam:activation', -0.05, 0.2);
    await page.waitForSelector('.experiments-view[data-rows="1"]');
    expect(await rowKeys(page)).toEqual(['relu-h2-s0']);
    expect(await page.$$eval('.brush-chip[data-brush]', (els) => els.map((e) => e.textContent))).toEqual([
      expect.stringMatching(/^loss\/data ∈ \[0\.1[78]\d*, 0\.3[56]\d*\] ×$/),
      'activation ∈ {relu} ×',
    ]);
    expect(await page.getAttribute('.pc', 'data-active')).toBe('1');
    // Double-click clears one axis' brush, the button all of them.
    const act = axes[0] as { x: number; top: number; bottom: number };
    const box = await page.locator('.pc canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.dblclick(box.x + act.x, box.y + (act.top + act.bottom) / 2);
    await page.waitForSelector(`.experiments-view[data-rows="${inLoss.length}"]`);
    await drag('hparam:hidden', 0.8, 1.05);
    await page.waitForSelector('.experiments-view[data-rows="2"]');
    expect((await rowKeys(page)).sort()).toEqual(['tanh-h4-s0', 'tanh-h4-s1']);
    await page.click('#clear-brushes');
    await page.waitForSelector('.experiments-view[data-rows="8"]');
  });

  it('exports the shown runs’ scalars as one CSV and one JSON file', async () => {
    await page.fill('#experiment-filter', 'activation=tanh hidden=4');
    await page.waitForSelector('.experiments-view[data-rows="2"]');
    const read = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      return { name: download.suggestedFilename(), text: readFileSync((await download.path()) as string, 'utf8') };
    };
    const csv = await read('#export-csv');
    expect(csv.name).toBe('nnlab-scalars.csv');
    const lines = csv.text.trimEnd().split('\n');
    expect(lines[0]).toBe('run,tag,step,wall_time,value');
    const expected: string[] = [];
    for (const run of ['tanh-h4-s0', 'tanh-h4-s1'])
      for (const [tag, f] of [
        ['accuracy/train', accuracy],
        ['accuracy/validation', validation],
        ['loss/data', loss],
      ] as const)
        for (const step of STEPS)
          expected.push(`${run},${tag},${step},${wall(run, step)},${Math.fround(f(run, step))}`);
    expect(lines.slice(1).sort()).toEqual(expected.sort());
    const json = await read('#export-json');
    const entries = JSON.parse(json.text) as Array<{ run: string; tag: string; points: number[][] }>;
    expect(entries.map((e) => `${e.run} ${e.tag}`).sort()).toEqual([
      'tanh-h4-s0 accuracy/train',
      'tanh-h4-s0 accuracy/validation',
      'tanh-h4-s0 loss/data',
      'tanh-h4-s1 accuracy/train',
      'tanh-h4-s1 accuracy/validation',
      'tanh-h4-s1 loss/data',
    ]);
    const one = entries.find((e) => e.run === 'tanh-h4-s1' && e.tag === 'loss/data');
    expect(one?.points[3]).toEqual([wall('tanh-h4-s1', 30), 30, Math.fround(loss('tanh-h4-s1', 30))]);
    await page.fill('#experiment-filter', '');
    await page.waitForSelector('.experiments-view[data-rows="8"]');
  });

  it('compares two rows side by side, the differing hyperparameters marked', async () => {
    await page.check('input[data-compare="relu-h2-s0"]');
    await page.check('input[data-compare="tanh-h2-s0"]');
    await page.waitForSelector('.diff-panel tr[data-name="activation"]');
    const rows = await page.$$eval('.diff-panel tbody tr[data-name]', (trs) =>
      trs.map((tr) => [(tr as HTMLElement).dataset.name, tr.classList.contains('differs'), tr.textContent]),
    );
    const hp = rows.slice(0, 5);
    expect(hp).toEqual([
      ['status', false, 'statussuccesssuccess'],
      ['runs', false, 'runs11'],
      ['activation', true, 'activationrelutanh'],
      ['hidden', false, 'hidden22'],
      ['seed', false, 'seed00'],
    ]);
    // The logged configuration text is compared too.
    await page.waitForSelector('.diff-panel tr.diff-section:has-text("configuration")');
    await page.uncheck('input[data-compare="relu-h2-s0"]');
    await page.uncheck('input[data-compare="tanh-h2-s0"]');
    await page.waitForFunction(() => !document.querySelector('.diff-panel'));
  });

  it('groups seeds into one row per configuration with mean metrics', async () => {
    await page.check('#experiments-group');
    await page.waitForSelector('.experiments-view[data-rows="4"]');
    const means = Object.fromEntries(
      ['relu-h2', 'relu-h4', 'tanh-h2', 'tanh-h4'].map((c) => [
        c,
        (Math.fround(loss(`${c}-s0`, 200)) + Math.fround(loss(`${c}-s1`, 200))) / 2,
      ]),
    );
    const order = Object.keys(means).sort((a, b) => (means[b] as number) - (means[a] as number));
    const group = (c: string) => `group:activation=${c.slice(0, 4)},hidden=${c.slice(6)}`;
    expect(await rowKeys(page)).toEqual(order.map(group)); // still sorted by final loss, descending
    expect(await page.textContent(`tr[data-row="${group('relu-h4')}"] td[data-col="count"]`)).toBe('2');
    expect(
      Number(
        await page.getAttribute(`tr[data-row="${group('relu-h4')}"] td[data-col="metric:final:loss/data"]`, 'title'),
      ),
    ).toBeCloseTo(means['relu-h4'] as number, 12);
  });

  it('draws each group as a mean curve in a translucent min–max band on the scalars tab', async () => {
    await page.click('button[data-tab="scalars"]');
    expect(await page.isChecked('#group-by-config')).toBe(true);
    await page.locator('#smoothing').fill('0');
    const card = '.scalar-card[data-tag="loss/data"]';
    await page.locator(card).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${card}[data-bands="4"][data-smoothing="0"] canvas`);
    expect(await page.getAttribute(card, 'data-series')).toBe('4');
    // Group relu-h2 takes the colour of its first run (relu-h2-s0, the first run).
    const grouped = await canvasInk(page, card, runColor(0));
    await page.uncheck('#group-by-config');
    await page.waitForSelector(`${card}[data-bands="0"][data-series="8"]`);
    const single = await canvasInk(page, card, runColor(0));
    expect(grouped.translucent).toBeGreaterThan(1500);
    expect(grouped.translucent).toBeGreaterThan(4 * single.translucent);
    expect(single.opaque).toBeGreaterThan(100);
  });

  it('overlays the tags of a group on one chart, one dash per tag', async () => {
    await page.click('.sidebar button:has-text("none")');
    await page.check('input[data-run="relu-h4-s0"]');
    const train = '.scalar-card[data-tag="accuracy/train"]';
    await page.locator(train).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${train}[data-series="1"] canvas`);
    const alone = await canvasInk(page, train, runColor(2));
    await page.check('input[data-overlay-group="accuracy"]');
    const overlay = '.scalar-card[data-overlay="accuracy"]';
    await page.waitForSelector(`${overlay}[data-series="2"] canvas`);
    expect(await page.$$(train)).toHaveLength(0);
    expect(await page.$$eval(`${overlay} .tag-legend-item`, (els) => els.map((e) => e.textContent))).toEqual([
      'accuracy/train',
      'accuracy/validation',
    ]);
    const both = await canvasInk(page, overlay, runColor(2));
    expect(alone.opaque).toBeGreaterThan(100);
    expect(both.opaque).toBeGreaterThan(1.3 * alone.opaque);
    await page.uncheck('input[data-overlay-group="accuracy"]');
    await page.waitForSelector(`${train}[data-series="1"]`);
    expect(errors).toEqual([]);
  });
});
