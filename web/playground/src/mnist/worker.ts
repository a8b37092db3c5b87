/// <reference lib="webworker" />
// The MNIST tab's worker: the data, the WebAssembly backend (on threads where the page is
// cross-origin isolated), the model and the training run, so the page never blocks.

import { isActivationName } from '../../../../src/activations/activations.js';
import type { Backend } from '../../../../src/backend/backend.js';
import { JsBackend } from '../../../../src/backend/js/js-backend.js';
import { createBrowserWasmBackend } from '../../../../src/backend/wasm/browser-backend.js';
import { bestBrowserVariant } from '../../../../src/backend/wasm/variants.js';
import { decodeSafetensors } from '../../../../src/checkpoint/safetensors.js';
import { scaledPixels } from '../../../../src/data/mnist/batches.js';
import { loadMnistFromUrls, mnistFromFiles } from '../../../../src/data/mnist/fetch-mnist.js';
import { MNIST_CLASSES, MNIST_PIXELS, MNIST_SIDE, type Mnist } from '../../../../src/data/mnist/mnist.js';
import { INIT_KINDS } from '../../../../src/init/initializers.js';
import type { Sequential } from '../../../../src/layers/sequential.js';
import { buildDcn } from '../../../../src/models/dcn.js';
import type { MnistPageConfig } from '../../../../src/playground/mnist/config.js';
import type { FeatureMaps, FromWorker, ToWorker } from '../../../../src/playground/mnist/protocol.js';
import { SummaryWriter } from '../../../../src/summary/summary-writer.js';
import { loadWeights, saveWeights } from '../../../../src/train/checkpoint.js';
import { runMnist } from '../../../../src/train/mnist-run.js';
import { mnistSummaries } from '../../../../src/train/mnist-summaries.js';
import { concatBytes } from '../../../../src/util/bytes.js';

declare const self: DedicatedWorkerGlobalScope;

let backend: Backend | undefined;
let data: Mnist | undefined;
let model: Sequential | undefined;
let modelConfig: MnistPageConfig | undefined;
let training = false;
let paused: { resume: () => void } | undefined;
let pauseAsked = false;
let stopAsked = false;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

/**
 * Loading, training, loading weights and saving run one after another (a second `init`
 * must not overtake the first's downloads); pause, resume and stop act at once, and
 * predictions and looks inside run between training steps on the model as it is.
 */
let queue: Promise<void> = Promise.resolve();
const IMMEDIATE: ReadonlySet<ToWorker['kind']> = new Set(['pause', 'resume', 'stop', 'predict', 'inside', 'evaluate']);

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const fail = (error: unknown) =>
    post({ kind: 'error', of: message.kind, message: (error as Error).message ?? String(error) });
  if (IMMEDIATE.has(message.kind)) handle(message).catch(fail);
  else queue = queue.then(() => handle(message)).catch(fail);
};

async function handle(message: ToWorker): Promise<void> {
  switch (message.kind) {
    case 'init':
      return init(message.wasm, message.threads, message.dataUrl, message.files);
    case 'train':
      return train(message.config);
    case 'pause':
      pauseAsked = true;
      return;
    case 'resume':
      pauseAsked = false;
      paused?.resume();
      return;
    case 'stop':
      stopAsked = true;
      paused?.resume();
      return;
    case 'predict':
      return predict(message.pixels, message.id);
    case 'inside':
      return inside(message.index);
    case 'evaluate':
      return evaluate(message.limit);
    case 'save': {
      const bytes = saveWeights(need(model, 'no model yet'), {
        format: 'nnlab-dcn',
        activation: modelConfig?.activation ?? 'relu',
        init: modelConfig?.init ?? 'default',
      });
      return post({ kind: 'saved', bytes }, [bytes.buffer]);
    }
    case 'load':
      return load(message.bytes, message.name, message.config);
  }
}

function need<T>(value: T | undefined, why: string): T {
  if (value === undefined) throw new Error(why);
  return value;
}

let backendThreads = 0;

/**
 * The WebAssembly kernels on `threads` threads; one thread if the pool cannot start; the
 * TypeScript reference (slow, and its numbers are not the command's) where there is no
 * WebAssembly with shared memory — said in a line.
 */
async function makeBackend(wasm: Record<string, string>, threads: number): Promise<Backend> {
  let module: WebAssembly.Module;
  let variant: string;
  try {
    variant = bestBrowserVariant();
    const url = wasm[variant];
    if (!url) throw new Error(`no ${variant} build in the page`);
    // compileStreaming needs the host to send application/wasm; the bytes compile either way.
    module = await WebAssembly.compileStreaming(fetch(url)).catch(async () =>
      WebAssembly.compile(await (await fetch(url)).arrayBuffer()),
    );
  } catch (error) {
    return reference(error);
  }
  for (const count of threads > 1 ? [threads, 1] : [1]) {
    try {
      return await createBrowserWasmBackend({ module, variant, threads: count });
    } catch (error) {
      if (count === 1) return reference(error);
      post({ kind: 'line', text: `${threads} threads unavailable (${(error as Error).message}): one thread` });
    }
  }
  return reference(new Error('no backend'));
}

function reference(error: unknown): Backend {
  post({
    kind: 'line',
    text: `WebAssembly backend unavailable (${(error as Error).message}): training on the TypeScript reference, much slower (its numbers are not the command's)`,
  });
  return new JsBackend('float32');
}
let dataSource: string | undefined;

async function init(
  wasm: Record<string, string>,
  threads: number,
  dataUrl: string | undefined,
  files: File[] | undefined,
): Promise<void> {
  if (training) throw new Error('stop the run first');
  const wanted = self.crossOriginIsolated ? threads : 1;
  if (!backend || backendThreads !== wanted) {
    // A new thread count: a new backend (the same numbers); a trained model moves to it.
    const kept = model && modelConfig ? { weights: saveWeights(model), config: modelConfig } : undefined;
    model?.dispose();
    model = undefined;
    backend?.close();
    backend = await makeBackend(wasm, wanted);
    backendThreads = wanted;
    if (kept) loadWeights(fresh(kept.config), kept.weights, 'the trained model');
  }
  const source = files ? undefined : dataUrl;
  if (!data || files || source !== dataSource) {
    const onProgress = (loaded: number, total: number | undefined, file: string) =>
      post({ kind: 'loading', file, loaded, total });
    data = files
      ? await mnistFromFiles(files)
      : await loadMnistFromUrls(need(dataUrl, 'no data source'), { onProgress });
    dataSource = source;
  }
  post({
    kind: 'ready',
    backend: backend.name,
    threads: backendThreads,
    isolated: self.crossOriginIsolated,
    train: data.train.count,
    validation: data.validation.count,
    test: data.test.count,
  });
}

/** A model for `config` on the backend (the current one untouched). */
function build(config: MnistPageConfig): Sequential {
  return buildDcn(need(backend, 'the backend is not ready'), {
    activation: config.activation,
    init: config.init,
    keepProb: config.keepProb,
    seed: config.seed,
  });
}

/** A new model for `config` in place of the current one (freed). */
function fresh(config: MnistPageConfig): Sequential {
  const next = build(config);
  model?.dispose();
  model = next;
  modelConfig = config;
  return model;
}

/**
 * Weights from a file, into a new model that replaces the current one only once they
 * loaded: a bad file leaves the trained model as it was. The file's activation and init
 * (the CLI writes them) win over the tab's settings, which the page then shows.
 */
function load(bytes: Uint8Array, name: string, config: MnistPageConfig): void {
  if (training) throw new Error('stop the run before loading weights');
  const { metadata } = decodeSafetensors(bytes, name);
  const activation = isActivationName(metadata.activation ?? '')
    ? (metadata.activation as MnistPageConfig['activation'])
    : config.activation;
  const init = (INIT_KINDS as readonly string[]).includes(metadata.init ?? '')
    ? (metadata.init as MnistPageConfig['init'])
    : config.init;
  const settings = { ...config, activation, init };
  const next = build(settings);
  try {
    loadWeights(next, bytes, name);
  } catch (error) {
    next.dispose();
    throw error;
  }
  model?.dispose();
  model = next;
  modelConfig = settings;
  post({ kind: 'loaded', name, metadata, activation, init });
}

async function train(config: MnistPageConfig): Promise<void> {
  if (training) throw new Error('a run is going on');
  const mnist = need(data, 'the data is not loaded');
  const net = fresh(config);
  training = true;
  pauseAsked = false;
  stopAsked = false;
  let records: Uint8Array[] = [];
  const flush = () => {
    if (records.length === 0) return;
    const bytes = concatBytes(records);
    records = [];
    post({ kind: 'records', bytes }, [bytes.buffer]);
  };
  const writer = new SummaryWriter((r) => records.push(r));
  const summaries = mnistSummaries(writer, config.summaryEvery);
  let trainingMs = 0;
  let last = performance.now();
  try {
    const result = await runMnist(
      net,
      mnist,
      {
        steps: config.steps,
        batch: config.batch,
        optimizer: { kind: config.optimizer, lr: config.lr },
        seed: config.seed,
        evalEvery: config.evalEvery,
        printEvery: config.printEvery,
        ...(config.evalLimit > 0 ? { evalLimit: config.evalLimit } : {}),
      },
      {
        line: (text) => post({ kind: 'line', text }),
        afterStep: summaries.afterStep,
        accuracy: summaries.accuracy,
        progress: (step, steps, loss) => {
          const now = performance.now();
          trainingMs += now - last;
          last = now;
          const perStep = trainingMs / step;
          post({
            kind: 'progress',
            step,
            steps,
            loss,
            imagesPerSecond: (config.batch * 1000) / perStep,
            etaSeconds: ((steps - step) * perStep) / 1000,
          });
        },
        stepDone: () => {
          flush();
          return stopAsked ? 'finish' : undefined;
        },
        betweenSteps: async () => {
          if (pauseAsked && !stopAsked) {
            post({ kind: 'paused' });
            await new Promise<void>((resolve) => {
              paused = { resume: resolve };
            });
            paused = undefined;
            last = performance.now();
          }
          return stopAsked ? 'finish' : undefined;
        },
      },
    );
    flush();
    post({
      kind: 'done',
      steps: result.steps,
      testAccuracy: result.testAccuracy,
      imagesPerSecond: result.imagesPerSecond,
      seconds: result.seconds,
    });
  } finally {
    training = false;
  }
}

/** Softmax of `[n, 10]` logits, shifted by each row's maximum. */
function softmax(logits: Float32Array): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length; r += MNIST_CLASSES) {
    let max = -Infinity;
    for (let k = 0; k < MNIST_CLASSES; k++) max = Math.max(max, logits[r + k] as number);
    let sum = 0;
    for (let k = 0; k < MNIST_CLASSES; k++) sum += out[r + k] = Math.exp((logits[r + k] as number) - max);
    for (let k = 0; k < MNIST_CLASSES; k++) out[r + k] = (out[r + k] as number) / sum;
  }
  return out;
}

/** The model's probabilities for images `[n, 784]` in [0, 1], in batches of 100 (evaluation mode). */
function probabilities(pixels: Float32Array): Float32Array {
  const net = need(model, 'train or load a model first');
  const b = net.backend;
  const n = pixels.length / MNIST_PIXELS;
  const out = new Float32Array(n * MNIST_CLASSES);
  for (let start = 0; start < n; start += 100) {
    const count = Math.min(100, n - start);
    const images = b.alloc([count, MNIST_SIDE, MNIST_SIDE, 1]);
    try {
      b.write(images, pixels.subarray(start * MNIST_PIXELS, (start + count) * MNIST_PIXELS));
      out.set(softmax(Float32Array.from(net.forward(images, 'eval').data)), start * MNIST_CLASSES);
    } finally {
      b.free(images);
    }
  }
  return out;
}

function predict(pixels: Float32Array, id: number): void {
  const probs = probabilities(pixels);
  post({ kind: 'prediction', id, probs }, [probs.buffer]);
}

/** Test images `[count, 784]` scaled to [0, 1], as training sees them. */
function testPixels(first: number, count: number): Float32Array {
  const split = need(data, 'the data is not loaded').test;
  return scaledPixels(
    split,
    Int32Array.from({ length: count }, (_, i) => first + i),
  );
}

function inside(index: number): void {
  const net = need(model, 'train or load a model first');
  const split = need(data, 'the data is not loaded').test;
  if (!(Number.isInteger(index) && index >= 0 && index < split.count))
    throw new Error(`no test image ${index}: the test images are 0 to ${split.count - 1}`);
  const image = testPixels(index, 1);
  probabilities(image);
  const maps = (name: string): FeatureMaps => {
    const t = net.lastTensors(name)?.output;
    if (!t) throw new Error(`no layer ${name}`);
    const [, side = 0, , channels = 0] = t.shape;
    return { side, channels, values: Float32Array.from(t.data) };
  };
  // lastTensors are of the last forward: probabilities() ran one batch, the image.
  const conv1 = maps('conv1_act');
  const conv2 = maps('conv2_act');
  const filters = Float32Array.from(need(net.layer('conv1'), 'no conv1').params()[0]?.value.data ?? []);
  post({ kind: 'inside', index, label: split.labels[index] as number, image, filters, conv1, conv2 });
}

function evaluate(limit: number): void {
  const split = need(data, 'the data is not loaded').test;
  const count = Math.min(limit, split.count);
  const images = testPixels(0, count);
  const probs = probabilities(images);
  const labels = split.labels.slice(0, count);
  post({ kind: 'evaluated', probs, labels, images }, [probs.buffer, labels.buffer, images.buffer]);
}
