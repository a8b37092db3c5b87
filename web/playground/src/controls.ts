import { ACTIVATION_NAMES } from '../../../src/activations/activations.js';
import { DataError } from '../../../src/data/data-error.js';
import { formatToyCsv, parseToyCsv } from '../../../src/data/toy-csv.js';
import { makeToyDataset, TOY_DATASETS, TOY_DEFAULTS } from '../../../src/data/toy-datasets.js';
import { type CustomPoints, LIMITS, type PlaygroundConfig } from '../../../src/playground/config.js';
import { h } from '../../shared/dom.js';
import { download, type Field, numberField, rangeField, selectField } from './fields.js';
import { CLASS_COLORS } from './heatmap.js';

/** What the controls ask of the page. */
export interface ControlActions {
  /** Returns whether the configuration was taken (one that cannot train is refused, with a message). */
  change(patch: Partial<PlaygroundConfig>): boolean;
  csv(points: CustomPoints): boolean;
  say(text: string): void;
  points(): CustomPoints;
  setEngine(engine: 'wasm' | 'ts'): void;
  setSpeed(speed: string): void;
  setShowTest(show: boolean): void;
  setAddClass(k: number): void;
}

const ACTIVATION_TEXT: Record<string, string> = {
  identity: 'linear',
  'leaky-relu': 'leaky ReLU',
  relu: 'ReLU',
  gelu: 'GELU',
  elu: 'ELU',
};

/**
 * The data and training controls. Every control edits one configuration field and the
 * page restarts the run on the new configuration; `show` puts a configuration's values
 * back into them (after a link is opened or a data set picked).
 */
export class Controls {
  readonly data = h('div', { class: 'controls' });
  readonly network = h('div', { class: 'controls network-controls' });
  readonly speed: Field<HTMLSelectElement>;
  private readonly datasetButtons: HTMLButtonElement[];
  private readonly layerCount = h('span', { class: 'layer-count' });
  private readonly fields: Record<string, Field<HTMLInputElement | HTMLSelectElement>> = {};
  private readonly sliders: Array<{ sync(): void }> = [];
  private readonly engine: Field<HTMLSelectElement>;
  private config: PlaygroundConfig | undefined;

  constructor(private readonly act: ControlActions) {
    const change = act.change;
    this.datasetButtons = TOY_DATASETS.map((name) =>
      h(
        'button',
        {
          type: 'button',
          class: 'dataset',
          'data-dataset': name,
          title: `${name}: ${TOY_DEFAULTS[name].samples} points, noise ${TOY_DEFAULTS[name].noise} (as nnlab classic --dataset ${name})`,
          onclick: () =>
            change({ dataset: name, samples: TOY_DEFAULTS[name].samples, noise: TOY_DEFAULTS[name].noise }),
        },
        thumbnail(name),
        h('span', {}, name),
      ),
    );
    const noise = rangeField(
      'noise',
      'noise',
      { min: 0, max: 1, step: 0.01 },
      (v) => v.toFixed(2),
      (noise) => change({ noise }),
    );
    const test = rangeField(
      'test points',
      'test-ratio',
      { min: 0, max: LIMITS.maxTestRatio, step: 0.05 },
      (v) => `${Math.round(v * 100)} %`,
      (testRatio) => change({ testRatio }),
    );
    this.sliders.push(noise, test);
    this.fields.noise = noise;
    this.fields['test-ratio'] = test;
    this.fields.samples = numberField(
      'training points',
      'samples',
      { min: 2, max: LIMITS.samples, integer: true },
      (samples) => change({ samples }),
    );
    this.fields['data-seed'] = numberField(
      'data seed',
      'data-seed',
      { min: 0, max: 0xffffffff, integer: true },
      (dataSeed) => change({ dataSeed }),
    );
    const showTest = h('input', {
      type: 'checkbox',
      checked: true,
      onchange: (e) => act.setShowTest((e.target as HTMLInputElement).checked),
    });
    const addClass = [0, 1].map((k) =>
      h(
        'label',
        { class: 'add-class' },
        h('input', {
          type: 'radio',
          name: 'add-class',
          value: k,
          checked: k === 0,
          onchange: () => act.setAddClass(k),
        }),
        h('span', { class: 'swatch', style: `background:${CLASS_COLORS[k]}` }),
        `class ${k}`,
      ),
    );
    const fileInput = h('input', {
      type: 'file',
      accept: '.csv,text/csv,text/plain',
      'aria-label': 'upload a CSV of points',
    });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file) file.text().then((text) => this.useCsv(text, file.name));
      fileInput.value = '';
    });
    const paste = h('textarea', {
      rows: 3,
      placeholder: 'x1,x2,label[,set]\n0.5,-0.2,1',
      'aria-label': 'paste CSV points',
    });
    this.data.append(
      h('div', { class: 'datasets' }, ...this.datasetButtons),
      this.fields.samples.root,
      noise.root,
      test.root,
      this.fields['data-seed'].root,
      h('label', { class: 'field check' }, showTest, ' show test points'),
      h(
        'fieldset',
        { class: 'own-data' },
        h('legend', {}, 'Your own points'),
        h('p', { class: 'muted' }, 'Click the plane to add a point of', ...addClass),
        h('p', { class: 'muted' }, 'drag to move one, shift-click to remove one.'),
        h('label', { class: 'field' }, h('span', {}, 'upload CSV'), fileInput),
        paste,
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            { type: 'button', class: 'use-csv', onclick: () => this.useCsv(paste.value, 'the pasted text') },
            'Use pasted CSV',
          ),
          h('button', { type: 'button', class: 'download-csv', onclick: () => this.downloadCsv() }, 'Download CSV'),
        ),
      ),
    );

    this.fields.activation = selectField(
      'activation',
      'activation',
      ACTIVATION_NAMES.map((a) => [a, ACTIVATION_TEXT[a] ?? a] as const),
      (v) => change({ activation: v as PlaygroundConfig['activation'] }),
    );
    this.fields.epsilon = numberField('step ε', 'epsilon', { min: 1e-9, max: 10 }, (epsilon) => change({ epsilon }));
    this.fields.penalty = selectField(
      'penalty',
      'penalty',
      [
        ['l2', 'L2 (the course’s)'],
        ['l1', 'L1'],
      ],
      (v) => change({ penalty: v as PlaygroundConfig['penalty'] }),
    );
    this.fields.reg = numberField('λ', 'reg', { min: 0, max: 100 }, (reg) => change({ reg }));
    this.fields.batch = numberField(
      'batch (0 = full)',
      'batch',
      { min: 0, max: LIMITS.maxPoints, integer: true },
      (batch) => change({ batch }),
    );
    this.fields.seed = numberField('weight seed', 'seed', { min: 0, max: 0xffffffff, integer: true }, (seed) =>
      change({ seed }),
    );
    this.fields['loss-every'] = numberField(
      'loss line every',
      'loss-every',
      { min: 1, max: 1_000_000, integer: true },
      (lossEvery) => change({ lossEvery }),
    );
    this.fields.passes = numberField(
      'stop after passes (0 = never)',
      'passes',
      { min: 0, max: 10_000_000, integer: true },
      (passes) => change({ passes }),
    );
    this.speed = selectField(
      'speed',
      'speed',
      [
        ['1', '1 pass / frame'],
        ['10', '10 passes / frame'],
        ['100', '100 passes / frame'],
        ['max', 'as fast as possible'],
      ],
      act.setSpeed,
    );
    this.speed.input.value = '10';
    this.engine = selectField(
      'engine',
      'engine',
      [
        ['wasm', 'WebAssembly'],
        ['ts', 'TypeScript'],
      ],
      (v) => act.setEngine(v as 'wasm' | 'ts'),
    );
    const layers = h(
      'div',
      { class: 'layers-row' },
      h(
        'button',
        {
          type: 'button',
          class: 'remove-layer',
          'aria-label': 'remove a hidden layer',
          onclick: () => this.layers(-1),
        },
        '−',
      ),
      this.layerCount,
      h(
        'button',
        { type: 'button', class: 'add-layer', 'aria-label': 'add a hidden layer', onclick: () => this.layers(1) },
        '+',
      ),
    );
    this.network.append(
      layers,
      ...['activation', 'epsilon', 'penalty', 'reg', 'batch', 'seed', 'loss-every', 'passes'].map(
        (n) => this.fields[n]?.root as HTMLElement,
      ),
      this.engine.root,
    );
  }

  private layers(delta: number): void {
    const hidden = [...(this.config?.hidden ?? [3])];
    if (delta > 0 && hidden.length < LIMITS.layers) hidden.push(hidden[hidden.length - 1] ?? 3);
    if (delta < 0 && hidden.length > 1) hidden.pop();
    this.act.change({ hidden });
  }

  private useCsv(text: string, source: string): void {
    try {
      const points = parseToyCsv(text);
      if (!this.act.csv(points)) return;
      this.act.say(
        `Training on ${points.train.n} points from ${source}${points.test.n > 0 ? ` (and ${points.test.n} test points)` : ''}.`,
      );
    } catch (error) {
      this.act.say(error instanceof DataError ? `${source}: ${error.message}` : `${source} could not be read`);
    }
  }

  private downloadCsv(): void {
    const { train, test } = this.act.points();
    download('points.csv', formatToyCsv(train, test), 'text/csv');
  }

  /** Shows `config`'s values in the controls. */
  show(config: PlaygroundConfig): void {
    this.config = config;
    for (const button of this.datasetButtons)
      button.setAttribute('aria-pressed', String(button.dataset.dataset === config.dataset));
    const generated = config.dataset !== 'custom';
    const values: Record<string, string | number> = {
      samples: config.samples,
      noise: config.noise,
      'test-ratio': config.testRatio,
      'data-seed': config.dataSeed,
      activation: config.activation,
      epsilon: config.epsilon,
      penalty: config.penalty,
      reg: config.reg,
      batch: config.batch,
      seed: config.seed,
      'loss-every': config.lossEvery,
      passes: config.passes,
    };
    for (const [name, value] of Object.entries(values)) {
      const field = this.fields[name];
      if (!field) continue;
      field.input.value = String(value);
      field.input.classList.remove('invalid');
      if (['samples', 'noise', 'test-ratio', 'data-seed'].includes(name))
        (field.input as HTMLInputElement).disabled = !generated;
    }
    for (const s of this.sliders) s.sync();
    this.layerCount.textContent = `${config.hidden.length} hidden layer${config.hidden.length === 1 ? '' : 's'}`;
  }

  /** The engine in use, and whether WebAssembly is on offer at all. */
  setEngineChoice(engine: 'wasm' | 'ts', wasm: boolean): void {
    this.engine.input.value = engine;
    (this.engine.input.querySelector('option[value="wasm"]') as HTMLOptionElement).disabled = !wasm;
  }
}

/** A data set's look: its points, small. */
function thumbnail(name: (typeof TOY_DATASETS)[number]): HTMLCanvasElement {
  const canvas = h('canvas', { width: 48, height: 48, class: 'thumbnail' });
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const data = makeToyDataset(name, 120, TOY_DEFAULTS[name].noise, 0);
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of data.x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const scale = 40 / (hi - lo || 1);
  for (let i = 0; i < data.n; i++) {
    ctx.fillStyle = CLASS_COLORS[data.y[i] === 1 ? 1 : 0];
    ctx.fillRect(
      4 + ((data.x[2 * i] as number) - lo) * scale - 1,
      44 - ((data.x[2 * i + 1] as number) - lo) * scale - 1,
      2.5,
      2.5,
    );
  }
  return canvas;
}
