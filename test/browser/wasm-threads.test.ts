import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBrowserWasmBackend } from '../../src/backend/wasm/browser-backend.js';
import { createWasmBackend, relaxedSimdSupported, WASM_FILES } from '../../src/backend/wasm/node/loader.js';
import { bestBrowserVariant, RELAXED_SIMD_PROBE } from '../../src/backend/wasm/variants.js';
import { buildDcn } from '../../src/models/dcn.js';
import { Trainer } from '../../src/train/trainer.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { serveStatic } from '../helpers/static-server.js';
import { trainDcn } from './threads-steps.js';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

interface Run {
  threads: number;
  backend: string;
  parts: number;
  losses: number[];
  logits: number[];
}

/** Opens threads.html on `url` with `query` and returns what its worker answered. */
async function pageResult<T>(browser: Browser, url: string, query: string): Promise<T> {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/test/browser/threads.html?${query}`);
    await page.waitForFunction(() => 'nnlabResult' in window || 'nnlabError' in window, undefined, {
      timeout: 120_000,
    });
    const error = await page.evaluate(() => (window as unknown as { nnlabError?: string }).nnlabError);
    expect(error).toBeUndefined();
    return (await page.evaluate(() => (window as unknown as { nnlabResult: unknown }).nnlabResult)) as T;
  } finally {
    await page.close();
  }
}

describe.skipIf(!chromiumAvailable)('the WebAssembly backend on several threads in a browser worker', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('trains the DCN with the same bits on 1, 2 and 4 threads, and the same as Node', async () => {
    const server = await serveStatic(root);
    try {
      const result = await pageResult<{
        isolated: boolean;
        pageIsolated: boolean;
        mainThread: string;
        variant: string;
        relaxedBuildVariant: string;
        runs: Run[];
      }>(browser, server.url, 'mode=train&threads=1,2,4');
      expect(result.pageIsolated).toBe(true);
      expect(result.isolated).toBe(true);
      expect(result.runs.map((r) => [r.backend, r.parts])).toEqual([
        ['wasm-simd', 1],
        ['wasm-simd×2', 2],
        ['wasm-simd×4', 4],
      ]);
      const [one, ...more] = result.runs as [Run, ...Run[]];
      expect(one.losses).toHaveLength(3);
      expect(one.logits).toHaveLength(80);
      // Training changed the model: the losses of the three steps differ.
      expect(new Set(one.losses).size).toBe(3);
      for (const run of more) {
        expect(run.losses, `${run.threads} threads`).toEqual(one.losses);
        expect(run.logits, `${run.threads} threads`).toEqual(one.logits);
      }

      // Node's backend, same build and steps, one thread: the same bits.
      const node = await createWasmBackend({ threads: 1, variant: 'simd' });
      try {
        const expected = trainDcn({ buildDcn, Trainer }, node);
        expect(one.losses).toEqual(expected.losses);
        expect(one.logits).toEqual(expected.logits);
      } finally {
        node.close();
      }

      // The page's own thread may not block, so its 2-thread backend is refused in words.
      expect(result.mainThread).toMatch(/must run in a thread that may block in Atomics\.wait/);
      // The probe answers as the relaxed-SIMD build itself does (Chromium has relaxed SIMD).
      expect(result.variant).toBe('relaxed-simd');
      expect(result.relaxedBuildVariant).toBe(result.variant);
    } finally {
      await server.close();
    }
  });

  it('refuses several threads on a page that is not cross-origin isolated', async () => {
    const server = await serveStatic(root, { isolated: false });
    try {
      const result = await pageResult<{
        isolated: boolean;
        outcomes: Array<{ threads: number; backend?: string; error?: string }>;
      }>(browser, server.url, 'mode=refuse&threads=2,1');
      expect(result.isolated).toBe(false);
      const [two, one] = result.outcomes;
      expect(two?.error).toMatch(/2 WebAssembly threads need a cross-origin-isolated page/);
      // The fallback works: Chromium creates shared WebAssembly memory without isolation
      // (only sharing it with another thread needs isolation).
      expect(one).toEqual({ threads: 1, backend: 'wasm-simd' });
    } finally {
      await server.close();
    }
  });
});

describe('createBrowserWasmBackend outside a browser page', () => {
  const module = () => new WebAssembly.Module(readFileSync(WASM_FILES.simd));

  it('refuses several threads where the context is not cross-origin isolated (Node has no crossOriginIsolated)', async () => {
    await expect(createBrowserWasmBackend({ module: module(), variant: 'simd', threads: 2 })).rejects.toThrow(
      /2 WebAssembly threads need a cross-origin-isolated page/,
    );
    await expect(createBrowserWasmBackend({ module: module(), variant: 'simd', threads: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it('says so when shared memory cannot be created, and runs one thread where it can', async () => {
    const memory = vi.spyOn(WebAssembly, 'Memory').mockImplementation(() => {
      throw new TypeError('shared memory is off');
    });
    try {
      await expect(createBrowserWasmBackend({ module: module(), variant: 'simd' })).rejects.toThrow(
        /cannot create the shared WebAssembly memory the kernels need \(shared memory is off\)/,
      );
    } finally {
      memory.mockRestore();
    }
    const backend = await createBrowserWasmBackend({ module: module(), variant: 'simd' });
    expect(backend.name).toBe('wasm-simd');
    backend.close();
  });

  it('the relaxed-SIMD probe validates where the relaxed build does', () => {
    // First the loader's check: on Node 20 it switches relaxed SIMD on.
    const relaxed = relaxedSimdSupported();
    expect(WebAssembly.validate(RELAXED_SIMD_PROBE)).toBe(relaxed);
    expect(bestBrowserVariant()).toBe(relaxed ? 'relaxed-simd' : 'simd');
  });
});
