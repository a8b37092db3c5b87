import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runColor } from '../../src/board/colors.js';
import { webAppConfig } from '../../web/shared/vite-app.js';
import { canvasInk } from '../helpers/canvas-ink.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { serveStatic } from '../helpers/static-server.js';

const PAGE = fileURLToPath(new URL('./board-embed/', import.meta.url));

/** What the page did with the board's own machinery: it should do none of it. */
interface Touched {
  storage: string[];
  eventSources: number;
  fetches: string[];
}

declare global {
  interface Window {
    embed: { write(n: number): void };
    touched: Touched;
  }
}

describe.skipIf(!chromiumAvailable)("the board's views mounted in another page, on records held in the page", () => {
  const out = mkdtempSync(join(tmpdir(), 'nnlab-board-embed-'));
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const color = runColor(0);
  const loss = '[data-view="scalars"] .scalar-card[data-tag="loss"]';
  const histogram = '[data-view="histograms"] .histogram-card[data-tag="conv1/weights"]';
  const dead = '[data-view="dead units"] .scalar-card[data-tag="conv1/activation/zero_fraction"]';

  beforeAll(async () => {
    // The page is built as the board is (same aliases), into a folder of its own.
    const base = webAppConfig('board');
    await build({ ...base, configFile: false, root: PAGE, build: { ...base.build, outDir: out, emptyOutDir: true } });
    server = await serveStatic(out, { isolated: false });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    page.on('pageerror', (e) => errors.push(e.message));
    // Before the page's scripts: note every use of localStorage, EventSource and fetch.
    await page.addInitScript(() => {
      const touched: Touched = { storage: [], eventSources: 0, fetches: [] };
      window.touched = touched;
      for (const method of ['getItem', 'setItem', 'removeItem'] as const) {
        const original = Storage.prototype[method] as (...args: unknown[]) => unknown;
        Storage.prototype[method] = function (this: Storage, ...args: unknown[]) {
          touched.storage.push(`${method} ${String(args[0])}`);
          return original.apply(this, args);
        } as never;
      }
      const OriginalEventSource = window.EventSource;
      window.EventSource = class extends OriginalEventSource {
        constructor(url: string | URL, init?: EventSourceInit) {
          touched.eventSources++;
          super(url, init);
        }
      };
      const originalFetch = window.fetch.bind(window);
      window.fetch = (input, init) => {
        touched.fetches.push(String(input));
        return originalFetch(input, init);
      };
    });
    await page.goto(`${server.url}/index.html`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the scalar charts the page chose, filtered to its tags', async () => {
    await page.waitForSelector(`${loss}[data-points="5"] canvas`);
    const tags = await page.$$eval('[data-view="scalars"] .scalar-card', (cards) =>
      cards.map((c) => (c as HTMLElement).dataset.tag),
    );
    expect(tags.sort()).toEqual(['accuracy/test', 'accuracy/train', 'loss']);
    expect((await canvasInk(page, loss, color)).opaque).toBeGreaterThan(50);
    await page.waitForSelector('[data-view="scalars"] .scalar-card[data-tag="accuracy/train"][data-points="5"]');
    expect(
      (await canvasInk(page, '[data-view="scalars"] .scalar-card[data-tag="accuracy/train"]', color)).opaque,
    ).toBeGreaterThan(50);
  });

  it('draws the layer histograms and the dead-unit chart and table', async () => {
    await page.waitForSelector(`${histogram}[data-points="5"] svg`);
    expect(await page.locator(`${histogram} svg polygon`).count()).toBe(5);
    await page.waitForSelector(`${dead}[data-points="5"] canvas`);
    expect((await canvasInk(page, dead, color)).opaque).toBeGreaterThan(20);
    expect(await page.textContent('[data-view="dead units"] .dead-table tbody')).toMatch(/convnet.*13 %/);
    // The other mount's filter: no loss or accuracy here.
    expect(await page.locator('[data-view="histograms"] [data-tag^="loss"]').count()).toBe(0);
  });

  it('follows new records without a reload: more points, a new drawing', async () => {
    const before = await canvasInk(page, loss, color);
    await page.evaluate(() => window.embed.write(10));
    await page.waitForSelector(`${loss}[data-points="15"]`);
    const after = await canvasInk(page, loss, color);
    expect(after.digest).not.toBe(before.digest);
    expect(after.opaque).toBeGreaterThan(50);
    await page.waitForSelector(`${histogram}[data-points="15"]`);
    expect(await page.locator(`${histogram} svg polygon`).count()).toBe(15);
    await page.waitForSelector(`${dead}[data-points="15"]`);
    expect(await page.textContent('[data-view="dead units"] .dead-table tbody')).toMatch(/33 %/);
  });

  it("keeps a view's own controls in the mount: the overlay switch redraws, nothing is saved", async () => {
    await page.check('[data-view="scalars"] input[data-overlay-group="accuracy"]');
    await page.waitForSelector('[data-view="scalars"] .scalar-card[data-overlay="accuracy"][data-series="2"] canvas');
    expect(await page.locator('[data-view="scalars"] .scalar-card[data-tag="accuracy/train"]').count()).toBe(0);
  });

  it("touches none of the board's page machinery: no localStorage, EventSource or server requests", async () => {
    const touched = await page.evaluate(() => window.touched);
    expect(touched).toEqual({ storage: [], eventSources: 0, fetches: [] });
    expect(errors).toEqual([]);
  });
});
