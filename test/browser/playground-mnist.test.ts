import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runColor } from '../../src/board/colors.js';
import { MNIST_FILE_NAMES } from '../../src/node/mnist-files.js';
import { type Playground, startPlayground } from '../../src/node/playground/server.js';
import { readEventFile } from '../../src/summary/reader.js';
import { canvasInk } from '../helpers/canvas-ink.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { nnlab } from '../helpers/cli.js';
import { drawSeven } from '../helpers/draw-seven.js';
import { serveStatic } from '../helpers/static-server.js';

const BUILT = existsSync(fileURLToPath(new URL('../../dist/web/playground/index.html', import.meta.url)));

/** The lines both print and that depend on the numbers only (not the timing or the backend's name). */
const stepLines = (text: string) => text.split('\n').filter((l) => /^(step \d+, |test accuracy )/.test(l));

describe.skipIf(!chromiumAvailable || !BUILT)('the MNIST tab of nnlab playground in headless Chromium', () => {
  let server: Playground;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-mnist-tab-'));

  async function setField(name: string, value: string): Promise<void> {
    await page.fill(`input[name="${name}"]`, value);
    await page.press(`input[name="${name}"]`, 'Enter');
  }

  /** Trains with the tab's current settings and returns its step lines. */
  async function train(): Promise<string> {
    await page.click('button.train');
    await page.waitForSelector('.mnist[data-state="training"]');
    await page.waitForSelector('.mnist[data-state="trained"]', { timeout: 240_000 });
    return (await page.textContent('.mnist-lines')) ?? '';
  }

  beforeAll(async () => {
    server = await startPlayground({ port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/#mnist`);
    await page.waitForFunction(
      () => document.querySelector('.mnist-status')?.textContent?.startsWith('MNIST:'),
      undefined,
      {
        timeout: 60_000,
      },
    );
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    expect(errors).toEqual([]);
  });

  it("loads MNIST from nnlab playground's data route and trains on the threaded WebAssembly kernels", async () => {
    const status = (await page.textContent('.mnist-status')) ?? '';
    expect(status).toMatch(
      /^MNIST: 55,000 training, 5,000 validation, 10,000 test images · backend wasm-(relaxed-)?simd(×\d+)? · cross-origin isolated$/,
    );
  });

  it('prints the step lines nnlab mnist --steps 200 --eval-limit 1000 prints', async () => {
    await setField('steps', '200');
    await setField('eval-every', '1100');
    expect(await page.textContent('.mnist-command')).toBe('npx nnlab mnist --steps 200 --eval-limit 1000');
    const shown = stepLines(await train());
    const cli = nnlab(['mnist', '--steps', '200', '--eval-limit', '1000']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(shown).toEqual(stepLines(cli.stdout));
    expect(shown).toHaveLength(7);
    expect(Number(await page.getAttribute('.mnist', 'data-images-per-second'))).toBeGreaterThan(0);
  }, 300_000);

  it('reaches ≥ 0.90 on 1 000 test images in 200 steps at lr 3e-4 (the CLI agrees), and the board views draw the run', async () => {
    await setField('lr', '0.0003');
    expect(await page.textContent('.mnist-command')).toBe('npx nnlab mnist --steps 200 --lr 0.0003 --eval-limit 1000');
    const shown = stepLines(await train());
    const accuracy = Number(/^test accuracy ([\d.]+)$/m.exec(shown.join('\n'))?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    const cli = nnlab(['mnist', '--steps', '200', '--lr', '0.0003', '--eval-limit', '1000']);
    expect(shown).toEqual(stepLines(cli.stdout));
    // The loss chart of the board's scalars view, drawn from the worker's summaries.
    const loss = '.mnist-summaries .scalar-card[data-tag="loss"]';
    await page.locator(loss).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${loss}[data-series="1"] canvas`);
    expect((await canvasInk(page, loss, runColor(0))).opaque).toBeGreaterThan(20);
    // The run's event file, as the board would read it.
    const [events] = await Promise.all([page.waitForEvent('download'), page.click('button.mnist-events')]);
    const contents = readEventFile(readFileSync(await events.path()), events.suggestedFilename());
    expect(contents.scalars.get('accuracy/test')?.map((p) => p.step)).toEqual([0, 200]);
    expect(contents.scalars.get('loss')?.length).toBe(4);
    expect(contents.histograms.get('conv1/weights')?.length).toBe(4);
  }, 300_000);

  it('shows the filters, the feature maps of a test digit, the confusion matrix and the confident mistakes', async () => {
    await page.waitForSelector('.filters canvas');
    expect(await page.$$eval('.filters canvas', (c) => c.length)).toBe(32);
    expect(await page.$$eval('.conv1-maps canvas', (c) => c.map((x) => (x as HTMLCanvasElement).width))).toEqual(
      new Array(32).fill(28),
    );
    expect(await page.$$eval('.conv2-maps canvas', (c) => c.map((x) => (x as HTMLCanvasElement).width))).toEqual(
      new Array(64).fill(14),
    );
    await page.click('button.evaluate');
    await page.waitForSelector('table.confusion td');
    const counts = await page.$$eval('table.confusion td', (tds) =>
      tds.map((td) => Number(td.getAttribute('data-count'))),
    );
    expect(counts).toHaveLength(100);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    const diagonal = counts.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
    const shown = stepLines((await page.textContent('.mnist-lines')) ?? '');
    expect(diagonal / 1000).toBe(Number(/^test accuracy ([\d.]+)$/m.exec(shown.join('\n'))?.[1]));
    expect(await page.$$eval('.mistakes .mistake', (m) => m.length)).toBe(16);
  }, 60_000);

  it('classifies a drawn 7 as 7', async () => {
    await drawSeven(page);
    expect(await page.getAttribute('.draw', 'data-predicted')).toBe('7');
    const p7 = Number(await page.getAttribute('.prob[data-class="7"]', 'data-value'));
    expect(p7).toBeGreaterThan(0.5);
  }, 60_000);

  it('pauses, resumes and stops a run (the stop still evaluates)', async () => {
    await setField('steps', '400');
    await page.click('button.train');
    await page.waitForFunction(() => /^step ([3-9]|\d\d)/.test(document.querySelector('.speed')?.textContent ?? ''));
    // What a run must not change under it is locked while it goes on.
    expect(await page.isDisabled('select[name="threads"]')).toBe(true);
    expect(await page.isDisabled('input[aria-label="load weights"]')).toBe(true);
    await page.click('button.pause');
    await page.waitForFunction(() => document.querySelector('.speed')?.textContent?.endsWith('· paused'));
    const held = await page.textContent('.speed');
    await page.waitForTimeout(1500);
    expect(await page.textContent('.speed')).toBe(held);
    expect(await page.getAttribute('.mnist', 'data-state')).toBe('paused');
    await page.click('button.pause');
    await page.waitForFunction((old) => document.querySelector('.speed')?.textContent !== old, held);
    await page.click('button.stop');
    await page.waitForSelector('.mnist[data-state="trained"]', { timeout: 60_000 });
    const lines = (await page.textContent('.mnist-lines')) ?? '';
    const stopped = Number(/^step (\d+), test accuracy/m.exec(lines.split('\n').slice(-4).join('\n'))?.[1]);
    expect(stopped).toBeGreaterThan(3);
    expect(stopped).toBeLessThan(400);
    expect(lines).toMatch(/^test accuracy [\d.]+$/m);
  }, 120_000);

  it('moves weights page → CLI → page: the same test accuracy each way', async () => {
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('button.save-weights')]);
    const pageWeights = join(dir, 'page.safetensors');
    await saved.saveAs(pageWeights);
    const cliWeights = join(dir, 'cli.safetensors');
    const cli = nnlab(['mnist', '--load', pageWeights, '--steps', '0', '--eval-limit', '1000', '--save', cliWeights]);
    expect(cli.code, cli.stderr).toBe(0);
    const shown = stepLines((await page.textContent('.mnist-lines')) ?? '');
    const accuracy = /^test accuracy ([\d.]+)$/m.exec(cli.stdout)?.[1];
    expect(`test accuracy ${accuracy}`).toBe(shown.at(-1));
    // A file that is not safetensors: one line, and the trained model stays (the tab is not stuck).
    const junk = join(dir, 'junk.safetensors');
    writeFileSync(junk, 'not weights');
    await page.setInputFiles('input[aria-label="load weights"]', junk);
    await page.waitForFunction(() =>
      (document.querySelector('.mnist-message')?.textContent ?? '').startsWith('junk.safetensors'),
    );
    expect(await page.getAttribute('.mnist', 'data-state')).toBe('trained');
    expect(await page.isDisabled('button.train')).toBe(false);
    // Another model first (one step), so that what the page shows next comes from the file.
    await setField('steps', '1');
    await train();
    const trained = await page.textContent('table.confusion caption');
    await page.click('button.evaluate');
    await page.waitForFunction(
      (old) => document.querySelector('table.confusion caption')?.textContent !== old,
      trained,
    );
    const before = await page.textContent('table.confusion caption');
    // Back into the page: a fresh model with the CLI's file, evaluated on the same 1 000 images.
    await page.setInputFiles('input[aria-label="load weights"]', cliWeights);
    await page.waitForFunction(() =>
      document.querySelector('.mnist-status')?.textContent?.startsWith('Loaded cli.safetensors'),
    );
    await page.click('button.evaluate');
    const expected = `1000 test images: ${(Number(accuracy) * 100).toFixed(1)} % right (rows: true digit, columns: predicted)`;
    await page.waitForFunction(
      (text) => document.querySelector('table.confusion caption')?.textContent === text,
      expected,
    );
    expect(before).not.toBe(expected);
  }, 120_000);
});

describe.skipIf(!chromiumAvailable || !BUILT)('the MNIST tab from the static build', () => {
  it("loads the build's compressed copies, then the user's own IDX files, and names a bad file in one line", async () => {
    const server = await serveStatic(
      fileURLToPath(new URL('../../dist/web/playground', import.meta.url)).replace(/\/$/, ''),
    );
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/index.html#mnist`);
      const status = () => document.querySelector('.mnist-status')?.textContent ?? '';
      await page.waitForFunction(
        () => (document.querySelector('.mnist-status')?.textContent ?? '').startsWith('MNIST:'),
        undefined,
        { timeout: 90_000 },
      );
      expect(await page.evaluate(status)).toMatch(/^MNIST: 55,000 training, 5,000 validation, 10,000 test images/);
      // The user's files: four gzipped IDX files (the build's copies, in another order), then one that is not IDX.
      const files = Object.values(MNIST_FILE_NAMES).map((name) =>
        fileURLToPath(new URL(`../../dist/web/playground/mnist/${name}.gz`, import.meta.url)),
      );
      await page.setInputFiles('input[aria-label="your own IDX files"]', files.reverse());
      await page.waitForFunction(() =>
        (document.querySelector('.mnist-status')?.textContent ?? '').startsWith('MNIST:'),
      );
      const bad = join(mkdtempSync(join(tmpdir(), 'nnlab-bad-idx-')), 't10k-labels.gz');
      writeFileSync(bad, 'hello, not a digit');
      await page.setInputFiles('input[aria-label="your own IDX files"]', [bad]);
      await page.waitForSelector('.mnist-status.error');
      expect(await page.evaluate(status)).toBe(
        't10k-labels.gz: not an IDX file of unsigned bytes (magic number 0x68656c6c)',
      );
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 150_000);
});
