import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../../src/backend/wasm/node/loader.js';
import { buildDcn } from '../../src/models/dcn.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { serveStatic } from '../helpers/static-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

interface PageResult {
  backend: string;
  isolated: boolean;
  wasm: number[];
  js: number[];
}

describe.skipIf(!chromiumAvailable)('the WebAssembly backend in headless Chromium', () => {
  it('loads the SIMD build and runs the DCN forward pass like the reference and like Node', async () => {
    const server = await serveStatic(root);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/test/browser/forward.html`);
      await page.waitForFunction(() => 'nnlabResult' in window || 'nnlabError' in window, undefined, {
        timeout: 60_000,
      });
      const error = await page.evaluate(() => (window as unknown as { nnlabError?: string }).nnlabError);
      expect(error).toBeUndefined();
      const result = (await page.evaluate(
        () => (window as unknown as { nnlabResult: PageResult }).nnlabResult,
      )) as PageResult;
      expect(result.backend).toBe('wasm-simd');
      expect(result.isolated).toBe(true);
      expect(result.wasm).toHaveLength(30);
      for (const [i, v] of result.wasm.entries()) expect(v).toBeCloseTo(result.js[i] as number, 3);

      // The same build in Node gives the same bits (plain SIMD: every operation is IEEE-defined).
      const node = await createWasmBackend({ threads: 1, variant: 'simd' });
      const model = buildDcn(node, { seed: 7 });
      const images = node.alloc([3, 28, 28, 1]);
      node.write(
        images,
        Array.from({ length: images.data.length }, (_, i) => ((i * 37) % 101) / 100),
      );
      expect(result.wasm).toEqual(Array.from(model.forward(images, 'eval').data));
      node.close();
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
