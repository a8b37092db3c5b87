// A dedicated (module) worker: where a page trains on several WebAssembly threads, since
// the pool's calling thread blocks. Answers one message { mode, … } with { result } or { error }.
import { createBrowserWasmBackend } from '/dist/backend/wasm/browser-backend.js';
import { bestBrowserVariant } from '/dist/backend/wasm/variants.js';
import { buildDcn } from '/dist/models/dcn.js';
import { Trainer } from '/dist/train/trainer.js';
import { timeSteps, trainDcn } from './threads-steps.js';

const lib = { buildDcn, Trainer };

const message = (error) => String(error?.message ?? error);

async function answer({ mode, threads = [], batch, steps }) {
  const module = await WebAssembly.compileStreaming(fetch('/build/nnlab-simd.wasm'));
  const isolated = self.crossOriginIsolated;
  if (mode === 'train') {
    const relaxedBuild = await (await fetch('/build/nnlab-relaxed-simd.wasm')).arrayBuffer();
    const runs = [];
    for (const t of threads) {
      const backend = await createBrowserWasmBackend({ module, variant: 'simd', threads: t });
      runs.push({ threads: t, backend: backend.name, parts: backend.threads, ...trainDcn(lib, backend) });
      backend.close();
    }
    return { isolated, runs, variant: bestBrowserVariant(), relaxedBuildVariant: bestBrowserVariant(relaxedBuild) };
  }
  if (mode === 'refuse') {
    // Every thread count is tried; each gives a backend's name or the error that refused it.
    const outcomes = [];
    for (const t of threads) {
      try {
        const backend = await createBrowserWasmBackend({ module, variant: 'simd', threads: t });
        outcomes.push({ threads: t, backend: backend.name });
        backend.close();
      } catch (error) {
        outcomes.push({ threads: t, error: message(error) });
      }
    }
    return { isolated, outcomes };
  }
  if (mode === 'bench') {
    const rates = [];
    for (const t of threads) {
      const backend = await createBrowserWasmBackend({ module, variant: 'simd', threads: t });
      rates.push({ threads: t, imagesPerSecond: timeSteps(lib, backend, { batch, steps }) });
      backend.close();
    }
    return { isolated, rates };
  }
  throw new Error(`unknown mode ${mode}`);
}

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ result: await answer(data) });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
