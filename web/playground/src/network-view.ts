import type { DeepNeuralNetwork } from '../../../src/classic/deep-neural-network.js';
import { FEATURE_LABELS, FEATURE_NAMES, type FeatureName } from '../../../src/data/features.js';
import type { PlaygroundConfig } from '../../../src/playground/config.js';
import { LIMITS } from '../../../src/playground/config.js';
import type { GridMaps } from '../../../src/playground/grid.js';
import { formatValue, h, svg } from '../../shared/dom.js';
import { CLASS_COLORS, halfRangeOf, paintGrid } from './heatmap.js';

const NODE = 40;
const COLUMN = 108;
const ROW = 52;
const TOP = 44;

/** What the diagram asks the page to change. */
export interface NetworkEdits {
  toggleFeature(name: FeatureName): void;
  setHidden(widths: number[]): void;
}

interface Link {
  path: SVGPathElement;
  title: SVGTitleElement;
  /** Weight of the link: [layer, k, j] (the output's links: the log-odds weight, see below). */
  layer: number;
  k: number;
  j: number;
}

/**
 * The network drawn as TensorFlow Playground draws it: one column per layer, each
 * input feature and each unit a small heat map of its own output over the plane, the
 * weights as links coloured by sign (class 1's colour positive, class 0's negative) and
 * thickened by magnitude, their values on hover. Input nodes switch features on and off;
 * the +/− buttons change the layers. The output node is p(class 1); its links show the
 * log-odds weight W[k,1] − W[k,0] (what a unit adds to logit₁ − logit₀).
 */
export class NetworkView {
  readonly root = h('div', { class: 'network' });
  /** The weights as numbers (what the links show, for keyboards and screen readers), filled while open. */
  readonly weights = h('details', { class: 'weights' }, h('summary', {}, 'Weights as numbers'));
  private readonly weightTables = h('div', { class: 'weight-tables' });
  private readonly links = svg('svg', { class: 'links', 'aria-hidden': 'true' });
  private readonly canvases: HTMLCanvasElement[][] = [];
  private readonly nodeTitles: HTMLElement[][] = [];
  private linkList: Link[] = [];
  private shape = '';
  private features: readonly FeatureName[] = [];

  constructor(private readonly edits: NetworkEdits) {
    this.weights.append(this.weightTables);
  }

  /** Rebuilds the diagram when the layers or features changed. */
  setConfig(config: PlaygroundConfig): void {
    const shape = `${config.features.join(',')}|${config.hidden.join(',')}`;
    if (shape === this.shape) return;
    this.shape = shape;
    this.canvases.length = 0;
    this.nodeTitles.length = 0;
    this.linkList = [];
    const columns = config.hidden.length + 2;
    const rows = Math.max(FEATURE_NAMES.length, ...config.hidden);
    const width = columns * COLUMN;
    const height = TOP + rows * ROW;
    this.root.replaceChildren(this.links);
    this.root.style.width = `${width}px`;
    this.root.style.height = `${height}px`;
    this.links.setAttribute('width', String(width));
    this.links.setAttribute('height', String(height));
    this.links.replaceChildren();

    const centre = (column: number, row: number) => ({
      x: column * COLUMN + NODE / 2 + 8,
      y: TOP + row * ROW + NODE / 2,
    });
    const place = (el: HTMLElement, column: number, row: number) => {
      el.style.left = `${column * COLUMN + 8}px`;
      el.style.top = `${TOP + row * ROW}px`;
      this.root.append(el);
    };

    // Inputs: every feature, the active ones in the network's column order.
    const active = config.features;
    this.features = active;
    const inputCanvases: HTMLCanvasElement[] = [];
    const inputTitles: HTMLElement[] = [];
    FEATURE_NAMES.forEach((name, row) => {
      const on = active.includes(name);
      const canvas = h('canvas', { width: 1, height: 1 });
      const node = h(
        'button',
        {
          type: 'button',
          class: `node input${on ? ' on' : ''}`,
          'data-feature': name,
          'aria-pressed': on ? 'true' : 'false',
          title: `${FEATURE_LABELS[name]}: click to ${on ? 'remove' : 'add'} this input`,
          onclick: () => this.edits.toggleFeature(name),
        },
        canvas,
        h('span', { class: 'node-label' }, FEATURE_LABELS[name]),
      );
      place(node, 0, row);
      if (on) {
        inputCanvases[active.indexOf(name)] = canvas;
        inputTitles[active.indexOf(name)] = node;
      }
    });
    this.canvases.push(inputCanvases);
    this.nodeTitles.push(inputTitles);
    const inputRows = active.map((name) => FEATURE_NAMES.indexOf(name));

    // Hidden layers, then the output.
    config.hidden.forEach((units, l) => {
      const column = l + 1;
      const header = h(
        'div',
        { class: 'layer-header' },
        h(
          'button',
          {
            type: 'button',
            'aria-label': `fewer units in hidden layer ${l + 1}`,
            disabled: units <= 1,
            onclick: () => this.resize(config, l, -1),
          },
          '−',
        ),
        h('span', {}, `${units} unit${units === 1 ? '' : 's'}`),
        h(
          'button',
          {
            type: 'button',
            'aria-label': `more units in hidden layer ${l + 1}`,
            disabled: units >= LIMITS.width,
            onclick: () => this.resize(config, l, 1),
          },
          '+',
        ),
      );
      header.style.left = `${column * COLUMN}px`;
      this.root.append(header);
      const canvases: HTMLCanvasElement[] = [];
      const titles: HTMLElement[] = [];
      for (let j = 0; j < units; j++) {
        const canvas = h('canvas', { width: 1, height: 1 });
        const node = h('div', { class: 'node', 'data-layer': l + 1, 'data-unit': j, tabindex: 0, role: 'img' }, canvas);
        place(node, column, j);
        canvases.push(canvas);
        titles.push(node);
      }
      this.canvases.push(canvases);
      this.nodeTitles.push(titles);
    });
    const outCanvas = h('canvas', { width: 1, height: 1 });
    const outNode = h(
      'div',
      { class: 'node output', title: 'p(class 1): the decision boundary' },
      outCanvas,
      h('span', { class: 'node-label' }, 'p(class 1)'),
    );
    place(outNode, columns - 1, 0);
    this.canvases.push([outCanvas]);
    this.nodeTitles.push([outNode]);

    // Links: layer l's weights W[k, j] from column l to column l + 1.
    const rowsOf = (column: number, count: number) =>
      column === 0 ? inputRows : Array.from({ length: count }, (_, i) => i);
    const sizes = [active.length, ...config.hidden];
    for (let l = 0; l < sizes.length; l++) {
      const from = rowsOf(l, sizes[l] as number);
      const toCount = l + 1 < sizes.length ? (sizes[l + 1] as number) : 1;
      for (const [k, fromRow] of from.entries()) {
        for (let j = 0; j < toCount; j++) {
          const a = centre(l, fromRow);
          const b = centre(l + 1, j);
          const x0 = a.x + NODE / 2;
          const x1 = b.x - NODE / 2;
          const mid = (x0 + x1) / 2;
          const title = svg('title');
          const path = svg(
            'path',
            {
              d: `M${x0},${a.y} C${mid},${a.y} ${mid},${b.y} ${x1},${b.y}`,
              fill: 'none',
              'data-link': `${l}:${k}:${j}`,
            },
            title,
          );
          this.links.append(path);
          this.linkList.push({ path, title, layer: l, k, j });
        }
      }
    }
    this.root.dataset.links = String(this.linkList.length);
  }

  private resize(config: PlaygroundConfig, layer: number, delta: number): void {
    const widths = [...config.hidden];
    widths[layer] = Math.max(1, Math.min(LIMITS.width, (widths[layer] as number) + delta));
    this.edits.setHidden(widths);
  }

  /** Paints every node's heat map and restyles every link from the current weights. */
  update(net: DeepNeuralNetwork, maps: GridMaps): void {
    if (this.weights.open) this.showWeights(net);
    const paint = (column: number, values: Float64Array[], centreOf: (v: Float64Array) => number, fixed?: number) => {
      values.forEach((v, i) => {
        const canvas = this.canvases[column]?.[i];
        if (!canvas) return;
        const centre = centreOf(v);
        const half = fixed ?? halfRangeOf(v, centre);
        paintGrid(canvas, v, maps.size, centre, half);
        const node = this.nodeTitles[column]?.[i];
        if (node && column > 0 && column < this.canvases.length - 1) {
          const layer = net.layers[column - 1];
          let [lo, hi] = [Infinity, -Infinity];
          for (const x of v) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
          node.title = `hidden ${column} unit ${i + 1} (${layer?.activation}): bias ${formatValue(layer?.b[i])}, output ${formatValue(lo)} … ${formatValue(hi)} over the view`;
          node.setAttribute('aria-label', node.title);
        }
      });
    };
    // Inputs and hidden units: white at 0 (the inputs' and tanh's centre) scaled to each map's own range;
    // sigmoid units are centred at ½.
    paint(0, maps.inputs, () => 0);
    maps.neurons.forEach((layer, l) => {
      paint(l + 1, layer, () => (net.activation === 'sigmoid' ? 0.5 : 0));
    });
    paint(this.canvases.length - 1, [maps.output], () => 0.5, 0.5);

    let largest = 0;
    const weights = this.linkList.map((link) => {
      const layer = net.layers[link.layer];
      if (!layer) return 0;
      const W = layer.W.data;
      const w =
        link.layer === net.layers.length - 1
          ? (W[link.k * layer.units + 1] as number) - (W[link.k * layer.units] as number)
          : (W[link.k * layer.units + link.j] as number);
      largest = Math.max(largest, Math.abs(w));
      return w;
    });
    this.linkList.forEach((link, i) => {
      const w = weights[i] as number;
      const strength = largest > 0 ? Math.abs(w) / largest : 0;
      link.path.setAttribute('stroke', w >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0]);
      link.path.setAttribute('stroke-width', (0.5 + 5 * strength).toFixed(2));
      link.path.setAttribute('stroke-opacity', (0.25 + 0.75 * strength).toFixed(2));
      link.path.dataset.weight = String(w);
      const last = link.layer === net.layers.length - 1;
      link.title.textContent = last
        ? `hidden ${link.layer} unit ${link.k + 1} → output: W[class 1] − W[class 0] = ${formatValue(w)}`
        : `${link.layer === 0 ? `input ${FEATURE_LABELS[this.features[link.k] as FeatureName]}` : `hidden ${link.layer} unit ${link.k + 1}`} → hidden ${link.layer + 1} unit ${link.j + 1}: w = ${formatValue(w)}`;
    });
  }

  /** Each layer's W (rows: inputs, columns: units) and b, to 4 digits. */
  private showWeights(net: DeepNeuralNetwork): void {
    this.weightTables.replaceChildren(
      ...net.layers.map((layer, l) => {
        const last = l + 1 === net.layers.length;
        const rowName = (k: number) => (l === 0 ? FEATURE_LABELS[this.features[k] as FeatureName] : `unit ${k + 1}`);
        return h(
          'table',
          { class: 'values' },
          h('caption', {}, last ? 'output layer (columns: class 0, class 1)' : `hidden layer ${l + 1}`),
          h(
            'tr',
            {},
            h('th', {}, ''),
            ...Array.from({ length: layer.units }, (_, j) => h('th', {}, last ? `class ${j}` : `unit ${j + 1}`)),
          ),
          ...Array.from({ length: layer.inputs }, (_, k) =>
            h(
              'tr',
              {},
              h('th', {}, rowName(k)),
              ...Array.from({ length: layer.units }, (_, j) =>
                h('td', { class: 'num' }, formatValue(layer.W.data[k * layer.units + j])),
              ),
            ),
          ),
          h('tr', {}, h('th', {}, 'bias'), ...Array.from(layer.b, (b) => h('td', { class: 'num' }, formatValue(b)))),
        );
      }),
    );
  }
}
