import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../src/checkpoint/safetensors.js';
import { PlaygroundSession } from '../../src/playground/session.js';
import { configFromParams } from '../../src/playground/url-state.js';
import { readEventFile } from '../../src/summary/reader.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { nnlab } from '../helpers/cli.js';
import { serveStatic } from '../helpers/static-server.js';

const STATIC_BUILD = fileURLToPath(new URL('../../dist/web/playground', import.meta.url));

/** What a canvas shows: shares of class-0-coloured (red) and class-1-coloured (blue) pixels, and the spread of its brightness. */
interface Ink {
  red: number;
  blue: number;
  spread: number;
  width: number;
}

function ink(page: Page, selector: string): Promise<Ink[]> {
  return page.$$eval(selector, (canvases) =>
    canvases.map((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let red = 0;
      let blue = 0;
      let sum = 0;
      let squares = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
        if (r > b + 40) red++;
        if (b > r + 20) blue++;
        const y = 0.3 * r + 0.6 * g + 0.1 * b;
        sum += y;
        squares += y * y;
      }
      const mean = sum / n;
      return {
        red: red / n,
        blue: blue / n,
        spread: Math.sqrt(Math.max(0, squares / n - mean * mean)),
        width: c.width,
      };
    }),
  );
}

const lossLines = (text: string) => text.split('\n').filter((l) => /^(Test )?[Ll]oss after/.test(l));
const value = async (page: Page, selector: string) => Number(await page.getAttribute(selector, 'data-value'));

describe.skipIf(!chromiumAvailable)('nnlab playground in headless Chromium, from the static build', () => {
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  const foreign: string[] = [];
  const failed: string[] = [];
  const errors: string[] = [];

  /** A fresh page on the static build, offline: any request off its own origin is refused and recorded. */
  async function open(hash: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(server.url)) return route.continue();
      foreign.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${server.url}/index.html#${hash}`);
    await page.waitForSelector('body[data-ready]');
    return page;
  }

  async function play(page: Page, passes: number): Promise<void> {
    await page.selectOption('select[name="speed"]', 'max');
    await page.click('button.play');
    await page.waitForSelector(`.pass[data-passes="${passes}"]`, { timeout: 60_000 });
  }

  beforeAll(async () => {
    server = await serveStatic(STATIC_BUILD);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    expect(errors).toEqual([]);
  });

  it('loads with nothing from the network but its own files, and says which engine it runs on', async () => {
    const page = await open('');
    expect(await page.textContent('.engine')).toBe('engine: WebAssembly (float64 SIMD) · cross-origin isolated');
    expect(await page.getAttribute('body', 'data-engine')).toBe('wasm');
    expect(await page.getAttribute('button.dataset[data-dataset="moons"]', 'aria-pressed')).toBe('true');
    expect(foreign).toEqual([]);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('trains on a static host without cross-origin isolation too, and says so', async () => {
    const plain = await serveStatic(STATIC_BUILD, { isolated: false });
    try {
      const page = await browser.newPage();
      await page.goto(`${plain.url}/index.html#passes=5`);
      await page.waitForSelector('body[data-ready]');
      expect(await page.textContent('.engine')).toBe('engine: WebAssembly (float64 SIMD) · not cross-origin isolated');
      await page.click('button.play');
      await page.waitForSelector('.pass[data-passes="5"]');
      await page.close();
    } finally {
      await plain.close();
    }
  });

  it('trains moons/tanh/3 for 1 000 passes and prints what nnlab classic prints, byte for byte', async () => {
    const page = await open('dataset=moons&activation=tanh&hidden=3&seed=0&test-ratio=0&loss-every=100&passes=1000');
    await play(page, 1000);
    const shown = lossLines((await page.textContent('.loss-lines')) ?? '');
    const cli = nnlab([
      'classic',
      '--dataset',
      'moons',
      '--activation',
      'tanh',
      '--hidden',
      '3',
      '--seed',
      '0',
      '--passes',
      '1000',
      '--loss-every',
      '100',
    ]);
    expect(cli.code).toBe(0);
    expect(shown).toEqual(lossLines(cli.stdout));
    expect(shown).toHaveLength(10);
    expect(await page.textContent('.cli-command')).toBe(
      'npx nnlab classic --dataset moons --activation tanh --hidden 3 --loss-every 100 --passes 1000',
    );
    // The TypeScript engine replays the same run: the same lines.
    await page.selectOption('select[name="engine"]', 'ts');
    await play(page, 1000);
    expect(lossLines((await page.textContent('.loss-lines')) ?? '')).toEqual(shown);
    await page.close();
  }, 90_000);

  it('draws the decision boundary and every unit as heat maps (pixels, both classes, each map its own)', async () => {
    const page = await open('dataset=moons&hidden=4,3&loss-every=1000&passes=300');
    await play(page, 300);
    const [boundary] = await ink(page, 'canvas.boundary');
    expect(boundary?.red).toBeGreaterThan(0.15);
    expect(boundary?.blue).toBeGreaterThan(0.15);
    const units = await ink(page, '.node[data-layer] canvas');
    expect(units).toHaveLength(7);
    for (const u of units) {
      expect(u.width).toBe(40);
      expect(u.spread).toBeGreaterThan(5);
    }
    const inputs = await ink(page, '.node.input.on canvas');
    expect(inputs).toHaveLength(2);
    // Links: 2·4 + 4·3 + 3·1, coloured by sign and thickened by magnitude, with their value on hover.
    expect(await page.getAttribute('.network', 'data-links')).toBe('23');
    const widths = await page.$$eval('.links path', (ps) => ps.map((p) => Number(p.getAttribute('stroke-width'))));
    expect(Math.max(...widths)).toBeCloseTo(5.5, 5);
    expect(Math.min(...widths)).toBeLessThan(5);
    const title = await page.textContent('.links path[data-link="0:1:2"] title');
    const weight = Number(await page.getAttribute('.links path[data-link="0:1:2"]', 'data-weight'));
    expect(title).toMatch(/^input x₂ → hidden 1 unit 3: w = /);
    expect(Number(title?.split('w = ')[1])).toBeCloseTo(weight, 3);
    await page.close();
  }, 60_000);

  it('adds a point where the plane is clicked, and the next step trains on it', async () => {
    const page = await open('dataset=moons&test-ratio=0');
    await page.click('button.step');
    const before = await value(page, '.train-loss');
    const box = await page.locator('canvas.boundary').boundingBox();
    if (!box) throw new Error('no boundary canvas');
    await page.mouse.click(box.x + box.width * 0.12, box.y + box.height * 0.88);
    expect(await page.getAttribute('.pass', 'data-passes')).toBe('0');
    await page.click('button.step');
    const after = await value(page, '.train-loss');
    expect(after).not.toBe(before);
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
    expect(hash.get('dataset')).toBe('custom');
    // The same data and one pass in Node: the page's number, to the bit.
    const { config } = configFromParams(hash);
    expect(config.points?.train.n).toBe(201);
    const session = new PlaygroundSession(config);
    session.advance(1);
    expect(after).toBe(session.loss().train.dataLoss);
    await page.close();
  }, 60_000);

  it('edits points: drag moves one, shift-click removes one, the last training point stays, the keyboard adds one', async () => {
    const points = '0,0,0;1,1,1;0.5,0.5,1,t';
    const page = await open(`dataset=custom&points=${encodeURIComponent(points)}`);
    // The page's own location (Playwright's page.url() follows replaceState a little later).
    const pointsNow = async () =>
      new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('points');
    const box = await page.locator('canvas.boundary').boundingBox();
    if (!box) throw new Error('no boundary canvas');
    // The view is the square −0.5…1.5 around the points (their box, 0.5 on each side): (0, 0) sits at a quarter of it.
    const at = (x: number, y: number) =>
      [box.x + box.width * ((x + 0.5) / 2), box.y + box.height * (1 - (y + 0.5) / 2)] as const;
    const [fx, fy] = at(0, 0);
    await page.mouse.move(fx, fy);
    await page.mouse.down();
    await page.mouse.move(fx + 30, fy - 30, { steps: 4 });
    await page.mouse.up();
    const moved = (await pointsNow())?.split(';');
    expect(moved).toHaveLength(3);
    expect(moved?.[0]).not.toBe('0,0,0');
    expect(moved?.slice(1)).toEqual(['1,1,1', '0.5,0.5,1,t']);
    // Shift-click the point at (1, 1): gone; the other training point cannot go.
    const [gx, gy] = at(1, 1);
    await page.keyboard.down('Shift');
    await page.mouse.click(gx, gy);
    expect((await pointsNow())?.split(';')).toHaveLength(2);
    const [mx, my] = [fx + 30, fy - 30];
    await page.mouse.click(mx, my);
    await page.keyboard.up('Shift');
    expect((await pointsNow())?.split(';')).toHaveLength(2);
    expect(await page.textContent('.message')).toBe('Keep at least one training point.');
    // The keyboard: focus the plane, move the cursor, Enter adds a point of the chosen class.
    await page.click('.add-class input[value="1"]');
    await page.focus('canvas.boundary');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const keyed = (await pointsNow())?.split(';') ?? [];
    expect(keyed).toHaveLength(3);
    // Training rows come first in a link: the moved point, then the new one of class 1.
    expect(keyed[1]).toMatch(/^[-\d.]+,[-\d.]+,1$/);
    // S runs one pass, whatever the case.
    await page.click('h2');
    await page.keyboard.press('Shift+S');
    expect(await page.getAttribute('.pass', 'data-passes')).toBe('1');
    await page.close();
  }, 60_000);

  it('reads a pasted CSV, and refuses a bad one with one line, keeping its data', async () => {
    const page = await open('dataset=moons');
    await page.fill('.own-data textarea', 'x1,x2,label\n0,0,0\n1,1,2\n');
    await page.click('button.use-csv');
    expect(await page.textContent('.message')).toBe('the pasted text: line 3: label must be 0 or 1, got "2"');
    expect(await page.evaluate(() => location.hash)).toContain('dataset=moons');
    await page.fill('.own-data textarea', 'x1,x2,label,set\n0,0,0\n1,1,1\n2,2,1,test\n');
    await page.click('button.use-csv');
    expect(await page.textContent('.message')).toBe('Training on 2 points from the pasted text (and 1 test points).');
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
    expect([hash.get('dataset'), hash.get('points')]).toEqual(['custom', '0,0,0;1,1,1;2,2,1,t']);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('button.download-csv')]);
    expect(readFileSync(await csv.path(), 'utf8')).toBe('x1,x2,label,set\n0,0,0,train\n1,1,1,train\n2,2,1,test\n');
    await page.close();
  }, 60_000);

  it('says which values of a link it ignored, and rewrites the link to what it runs', async () => {
    const page = await open('activation=softmax&hidden=4&noise=abc');
    expect(await page.textContent('.banner')).toBe(
      'noise=abc ignored: expected a number in 0..2activation=softmax ignored: expected an activation name',
    );
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
    expect([hash.get('activation'), hash.get('hidden'), hash.get('noise'), hash.get('samples')]).toEqual([
      'tanh',
      '4',
      '0.2',
      '200',
    ]);
    await page.close();
  }, 60_000);

  it('keeps the whole configuration in the URL: a copied link replays the same numbers', async () => {
    const page = await open('');
    await page.selectOption('select[name="activation"]', 'relu');
    await page.click('button.add-layer');
    await page.fill('input[name="seed"]', '7');
    await page.press('input[name="seed"]', 'Enter');
    await page.click('button.dataset[data-dataset="spirals"]');
    await page.click('.node.input[data-feature="x1x2"]');
    for (let i = 0; i < 3; i++) await page.click('button.step');
    const url = await page.evaluate(() => location.href);
    const loss = await value(page, '.train-loss');
    const copy = await open(new URL(url).hash.slice(1));
    expect(await copy.inputValue('select[name="activation"]')).toBe('relu');
    expect(await copy.inputValue('input[name="seed"]')).toBe('7');
    expect(await copy.textContent('.layer-count')).toBe('2 hidden layers');
    expect(await copy.getAttribute('.node.input[data-feature="x1x2"]', 'aria-pressed')).toBe('true');
    for (let i = 0; i < 3; i++) await copy.click('button.step');
    expect(await value(copy, '.train-loss')).toBe(loss);
    const { config, problems } = configFromParams(new URLSearchParams(new URL(url).hash.slice(1)));
    expect(problems).toEqual([]);
    expect([config.dataset, config.activation, config.hidden, config.seed, config.features]).toEqual([
      'spirals',
      'relu',
      [3, 3],
      7,
      ['x1', 'x2', 'x1x2'],
    ]);
    await page.close();
    await copy.close();
  }, 60_000);

  it('steps through backprop: finite differences match the analytic gradients to 1e-6, then the update applies', async () => {
    const page = await open('dataset=moons&hidden=3&test-ratio=0');
    await page.click('.step-through summary');
    await page.waitForSelector('.gradients .check');
    const rows = await page.$$eval('.gradient-table tr', (trs) =>
      trs
        .slice(1)
        .map((tr) => ['.analytic', '.fd'].map((c) => Number(tr.querySelector(c)?.getAttribute('data-value')))),
    );
    expect(rows).toHaveLength(3 * 2 + 2); // the output layer's W (3×2) and b (2)
    for (const [analytic, fd] of rows) {
      expect(Number.isFinite(analytic)).toBe(true);
      // The page's two columns, as shown (the full doubles behind the 8 digits on screen).
      expect(Math.abs((analytic as number) - (fd as number))).toBeLessThanOrEqual(1e-6 * Math.abs(analytic as number));
    }
    await page.selectOption('.step-controls select', '0');
    expect(Number(await page.getAttribute('.gradients .check', 'data-worst'))).toBeLessThan(1e-6);
    expect(await page.$$eval('table.forward tr', (trs) => trs.length)).toBe(5);
    await page.click('button.apply-step');
    expect(await page.getAttribute('.pass', 'data-passes')).toBe('1');
    expect(await page.textContent('.step-status')).toMatch(
      /^Applied: every weight and bias moved to θ − ε·∂J\/∂θ \(largest relative difference \d\.\de-(1[0-9]|[2-9][0-9])/,
    );
    await page.close();
  }, 60_000);

  it('exports the run as an event file that readEventFile reads, and the weights as safetensors', async () => {
    const page = await open('dataset=circles&samples=100&noise=0.07&hidden=5&loss-every=50&passes=200');
    await play(page, 200);
    const [events] = await Promise.all([page.waitForEvent('download'), page.click('button.export-events')]);
    expect(events.suggestedFilename()).toMatch(/^events\.out\.tfevents\.\d+\.playground$/);
    const contents = readEventFile(readFileSync(await events.path()), events.suggestedFilename());
    expect(contents.scalars.get('loss/data')?.at(-1)?.step).toBe(199);
    expect(contents.scalars.get('loss/test')?.length).toBe(200);
    const image = contents.images.get('decision_boundary')?.[0]?.value;
    expect([image?.width, image?.height]).toEqual([400, 400]);
    expect(Array.from(image?.encoded.slice(0, 4) ?? [])).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(contents.hparams?.sessionStart?.hparams.dataset).toBe('circles');
    const [weights] = await Promise.all([page.waitForEvent('download'), page.click('button.export-weights')]);
    const file = decodeSafetensors(readFileSync(await weights.path()), 'playground.safetensors');
    expect(file.tensors.get('hidden1/weights')?.shape).toEqual([2, 5]);
    expect(file.metadata.passes).toBe('200');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('button.export-svg')]);
    expect(readFileSync(await svg.path(), 'utf8')).toMatch(/^<svg [^>]*width="640"/);
    await page.close();
  }, 60_000);
});
