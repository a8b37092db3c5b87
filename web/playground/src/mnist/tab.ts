import plainUrl from '../../../../build/nnlab-plain.wasm?url';
import relaxedUrl from '../../../../build/nnlab-relaxed-simd.wasm?url';
import simdUrl from '../../../../build/nnlab-simd.wasm?url';
import { ACTIVATION_NAMES } from '../../../../src/activations/activations.js';
import { MNIST_URL_FOLDER } from '../../../../src/data/mnist/fetch-mnist.js';
import { INIT_KINDS } from '../../../../src/init/initializers.js';
import { OPTIMIZER_KINDS } from '../../../../src/optim/optimizers.js';
import { defaultMnistConfig, type MnistPageConfig, mnistCommand } from '../../../../src/playground/mnist/config.js';
import type { FromWorker, ToWorker } from '../../../../src/playground/mnist/protocol.js';
import { formatDuration, h } from '../../../shared/dom.js';
import { download, numberField, selectField } from '../fields.js';
import { DrawView } from './draw-view.js';
import { InsideView } from './inside-view.js';
import { LiveSummaries } from './live-summaries.js';
import './mnist.css';

/** Where the page finds MNIST: `nnlab playground`'s data route, or the static build's compressed copies. */
const DATA_URL = new URL(MNIST_URL_FOLDER, location.href).href;

type NumberKey =
  | 'steps'
  | 'batch'
  | 'lr'
  | 'keepProb'
  | 'seed'
  | 'evalEvery'
  | 'printEvery'
  | 'evalLimit'
  | 'summaryEvery';
const NUMBER_FIELDS: Array<[NumberKey, string, string, { min: number; max: number; integer?: boolean }]> = [
  ['steps', 'steps', 'steps', { min: 1, max: 1_000_000, integer: true }],
  ['batch', 'batch', 'mnist-batch', { min: 1, max: 1000, integer: true }],
  ['lr', 'learning rate', 'lr', { min: 1e-9, max: 10 }],
  ['keepProb', 'dropout keep', 'keep-prob', { min: 0.01, max: 1 }],
  ['seed', 'seed', 'mnist-seed', { min: 0, max: 0xffffffff, integer: true }],
  ['evalEvery', 'evaluate every', 'eval-every', { min: 1, max: 1_000_000, integer: true }],
  ['printEvery', 'print every', 'print-every', { min: 1, max: 1_000_000, integer: true }],
  ['evalLimit', 'eval images (0 = all)', 'eval-limit', { min: 0, max: 10_000, integer: true }],
  ['summaryEvery', 'summaries every', 'summary-every', { min: 1, max: 1_000_000, integer: true }],
];

/**
 * The MNIST tab: the course's convnet trained in a Web Worker on nnlab's WebAssembly
 * kernels, with `nnlab mnist`'s options and step lines, live summaries in the board's
 * views, a look inside the model, a digit to draw, and weights in and out.
 */
export class MnistTab {
  readonly root = h('section', { class: 'mnist', 'aria-label': 'MNIST' });
  private readonly worker: Worker;
  private config: MnistPageConfig = defaultMnistConfig();
  private readonly status = h('p', { class: 'mnist-status', role: 'status' }, 'Loading MNIST…');
  private readonly bar = h('progress', { class: 'mnist-progress', max: 1, value: 0 });
  private readonly speed = h('span', { class: 'speed' });
  private readonly lines = h('pre', {
    class: 'console-lines mnist-lines',
    'aria-label': 'step lines, as nnlab mnist prints them',
  });
  private readonly command = h('code', { class: 'mnist-command' });
  private readonly trainButton = h(
    'button',
    { type: 'button', class: 'train', disabled: true, onclick: () => this.train() },
    'Train',
  );
  private readonly pauseButton = h(
    'button',
    { type: 'button', class: 'pause', disabled: true, onclick: () => this.pause() },
    'Pause',
  );
  private readonly stopButton = h(
    'button',
    { type: 'button', class: 'stop', disabled: true, onclick: () => this.send({ kind: 'stop' }) },
    'Stop',
  );
  private readonly threads: HTMLSelectElement;
  private readonly summaries = new LiveSummaries();
  private readonly draw = new DrawView((pixels) => this.send({ kind: 'predict', pixels, id: ++this.predictions }));
  private readonly inside = new InsideView(
    (index) => this.send({ kind: 'inside', index }),
    () => this.send({ kind: 'evaluate', limit: this.config.evalLimit || 10_000 }),
  );
  private predictions = 0;
  private readonly activationSelect: HTMLSelectElement;
  private readonly initSelect: HTMLSelectElement;
  /** What a run must not change under it: the data source, the thread count, loaded weights. */
  private readonly sourceInputs: HTMLInputElement[] = [];
  private readonly message = h('p', { class: 'mnist-message', role: 'status' });
  /** Data and backend ready (training can start). */
  private ready = false;
  private running = false;
  private paused = false;
  private hasModel = false;
  private source: { dataUrl?: string; files?: File[] } = { dataUrl: DATA_URL };

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e) => this.fail(e.message || 'the worker failed to start');
    const cores = navigator.hardwareConcurrency || 1;
    const threadField = selectField(
      'threads',
      'threads',
      Array.from({ length: Math.min(16, cores) }, (_, i) => [String(i + 1), String(i + 1)] as const),
      () => this.load(this.source),
    );
    this.threads = threadField.input;
    this.threads.value = String(Math.min(16, cores));
    const fields = [
      selectField(
        'optimizer',
        'optimizer',
        OPTIMIZER_KINDS.map((k) => [k, k] as const),
        (v) => this.set({ optimizer: v as MnistPageConfig['optimizer'] }),
      ),
      selectField(
        'activation',
        'mnist-activation',
        ACTIVATION_NAMES.map((k) => [k, k] as const),
        (v) => this.set({ activation: v as MnistPageConfig['activation'] }),
      ),
      selectField(
        'init',
        'init',
        INIT_KINDS.map((k) => [k, k] as const),
        (v) => this.set({ init: v as MnistPageConfig['init'] }),
      ),
      ...NUMBER_FIELDS.map(([key, label, name, range]) => {
        const f = numberField(label, name, range, (v) => this.set({ [key]: v }));
        f.input.value = String(this.config[key]);
        return f;
      }),
    ];
    (fields[0]?.input as HTMLSelectElement).value = this.config.optimizer;
    this.activationSelect = fields[1]?.input as HTMLSelectElement;
    this.initSelect = fields[2]?.input as HTMLSelectElement;
    this.activationSelect.value = this.config.activation;
    this.initSelect.value = this.config.init;
    const files = h('input', {
      type: 'file',
      multiple: true,
      accept: '.gz,application/gzip,application/octet-stream',
      'aria-label': 'your own IDX files',
    });
    files.addEventListener('change', () => {
      const picked = Array.from(files.files ?? []);
      if (picked.length > 0) this.load({ files: picked });
    });
    const loadWeights = h('input', { type: 'file', accept: '.safetensors', 'aria-label': 'load weights' });
    this.sourceInputs.push(files, loadWeights);
    loadWeights.addEventListener('change', () => {
      const file = loadWeights.files?.[0];
      if (file)
        file
          .arrayBuffer()
          .then((b) => this.send({ kind: 'load', bytes: new Uint8Array(b), name: file.name, config: this.config }));
      loadWeights.value = '';
    });
    this.root.append(
      h(
        'div',
        { class: 'pg-card mnist-train' },
        h('h3', {}, 'Train the course’s convnet on MNIST'),
        this.status,
        this.message,
        h('label', { class: 'field' }, h('span', {}, 'your own IDX files (Fashion-MNIST too)'), files),
        h('div', { class: 'mnist-fields' }, ...fields.map((f) => f.root), threadField.root),
        h('div', { class: 'row' }, this.trainButton, this.pauseButton, this.stopButton, this.bar, this.speed),
        h('h4', {}, 'Step lines'),
        this.lines,
        h('h4', {}, 'The same run from the command line'),
        h('div', { class: 'command' }, this.command),
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            { type: 'button', class: 'save-weights', onclick: () => this.send({ kind: 'save' }) },
            'Save weights (.safetensors)',
          ),
          h('label', { class: 'field' }, h('span', {}, 'load weights'), loadWeights),
          h(
            'button',
            {
              type: 'button',
              class: 'mnist-events',
              onclick: () =>
                download(
                  `events.out.tfevents.${Math.floor(Date.now() / 1000)}.mnist`,
                  this.summaries.bytes(),
                  'application/octet-stream',
                ),
            },
            'Run (event file)',
          ),
        ),
      ),
      this.summaries.root,
      this.draw.root,
      this.inside.root,
    );
    this.showCommand();
    this.load({ dataUrl: DATA_URL });
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private load(source: { dataUrl?: string; files?: File[] }): void {
    this.source = source;
    this.ready = false;
    this.update();
    this.status.textContent = source.files ? `Reading ${source.files.length} files…` : 'Loading MNIST…';
    this.send({
      kind: 'init',
      wasm: { 'relaxed-simd': relaxedUrl, simd: simdUrl, plain: plainUrl },
      threads: Number(this.threads.value),
      ...source,
    });
  }

  private set(patch: Partial<MnistPageConfig>): void {
    this.config = { ...this.config, ...patch };
    this.showCommand();
  }

  private showCommand(): void {
    this.command.textContent = mnistCommand(this.config);
  }

  private train(): void {
    this.message.textContent = '';
    this.lines.textContent = '';
    this.summaries.reset();
    this.running = true;
    this.paused = false;
    this.bar.value = 0;
    this.update();
    this.send({ kind: 'train', config: this.config });
  }

  private pause(): void {
    this.paused = !this.paused;
    this.send({ kind: this.paused ? 'pause' : 'resume' });
    this.update();
  }

  private update(): void {
    this.trainButton.disabled = this.running || !this.ready;
    this.threads.disabled = this.running;
    for (const input of this.sourceInputs) input.disabled = this.running;
    this.pauseButton.disabled = !this.running;
    this.stopButton.disabled = !this.running;
    this.pauseButton.textContent = this.paused ? 'Resume' : 'Pause';
    this.root.dataset.state = this.running ? (this.paused ? 'paused' : 'training') : this.hasModel ? 'trained' : 'idle';
  }

  private fail(message: string): void {
    this.status.textContent = message;
    this.status.classList.add('error');
  }

  private receive(m: FromWorker): void {
    switch (m.kind) {
      case 'loading':
        this.status.textContent = `Loading ${m.file}: ${(m.loaded / 1e6).toFixed(1)}${m.total ? ` of ${(m.total / 1e6).toFixed(1)}` : ''} MB`;
        return;
      case 'ready':
        this.status.classList.remove('error');
        this.status.textContent = `MNIST: ${m.train.toLocaleString('en')} training, ${m.validation.toLocaleString('en')} validation, ${m.test.toLocaleString('en')} test images · backend ${m.backend} · ${m.isolated ? 'cross-origin isolated' : 'not cross-origin isolated (one thread)'}`;
        this.root.dataset.backend = m.backend;
        this.ready = true;
        this.inside.setTestCount(m.test);
        this.update();
        return;
      case 'line':
        this.lines.textContent += `${this.lines.textContent ? '\n' : ''}${m.text}`;
        this.lines.scrollTop = this.lines.scrollHeight;
        return;
      case 'progress':
        this.bar.value = m.step / m.steps;
        this.speed.textContent = `step ${m.step} of ${m.steps} · ${m.imagesPerSecond.toFixed(0)} images/s · ETA ${formatDuration(m.etaSeconds)}`;
        this.speed.dataset.imagesPerSecond = String(m.imagesPerSecond);
        return;
      case 'records':
        this.summaries.add(m.bytes);
        return;
      case 'paused':
        this.speed.textContent = `${this.speed.textContent?.split(' · ETA')[0]} · paused`;
        return;
      case 'done':
        this.running = false;
        this.paused = false;
        this.hasModel = true;
        this.root.dataset.imagesPerSecond = String(m.imagesPerSecond);
        this.speed.textContent = `${m.steps} steps in ${m.seconds.toFixed(1)} s · ${m.imagesPerSecond.toFixed(0)} training images/s · test accuracy ${m.testAccuracy}`;
        this.update();
        this.send({
          kind: 'inside',
          index: Number((this.inside.root.querySelector('input') as HTMLInputElement).value) || 0,
        });
        return;
      case 'prediction':
        if (m.id === this.predictions) this.draw.show(m.probs);
        return;
      case 'inside':
        this.inside.showInside(m);
        return;
      case 'evaluated':
        this.inside.showEvaluation(m);
        return;
      case 'saved':
        download('mnist.safetensors', m.bytes, 'application/octet-stream');
        return;
      case 'loaded':
        this.hasModel = true;
        // The model is the file's: its activation and init are now the tab's.
        this.set({ activation: m.activation, init: m.init });
        this.activationSelect.value = m.activation;
        this.initSelect.value = m.init;
        this.status.textContent = `Loaded ${m.name}${m.metadata.steps ? ` (${m.metadata.steps} steps, test accuracy ${m.metadata.testAccuracy})` : ''}.`;
        this.update();
        this.send({ kind: 'inside', index: 0 });
        return;
      case 'error':
        // Only a failed load of the data or a failed run ends what the tab was doing;
        // a bad weights file or a look at a missing digit leaves the run going.
        if (m.of === 'init' || m.of === 'train') {
          this.running = false;
          this.paused = false;
          if (m.of === 'init') this.ready = false;
          this.update();
          this.fail(m.message);
        } else this.message.textContent = m.message;
        return;
    }
  }
}
