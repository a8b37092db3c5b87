import { MNIST_CLASSES, MNIST_PIXELS } from '../../../../src/data/mnist/mnist.js';
import { confidentMistakes, confusionMatrix } from '../../../../src/playground/mnist/inspect.js';
import type { FeatureMaps, FromWorker } from '../../../../src/playground/mnist/protocol.js';
import { h } from '../../../shared/dom.js';
import { halfRangeOf, paintGrid } from '../heatmap.js';
import { channel, paintDigit, paintGrey } from './digits.js';

type Inside = Extract<FromWorker, { kind: 'inside' }>;
type Evaluated = Extract<FromWorker, { kind: 'evaluated' }>;

/** Mistakes shown: the most confidently wrong test digits. */
const MISTAKES = 16;

/**
 * Inside the trained model: conv1's 32 filters (5 × 5, coloured by sign), conv1's and
 * conv2's feature maps for a chosen test digit, the confusion matrix on the test images,
 * and the digits it got wrong with the most confidence.
 */
export class InsideView {
  readonly root = h('div', { class: 'pg-card inside' });
  private readonly indexInput = h('input', {
    type: 'number',
    min: 0,
    value: 0,
    name: 'test-index',
    'aria-label': 'test image',
  });
  private readonly digit = h('canvas', { class: 'digit' });
  private readonly caption = h('span', { class: 'muted' });
  private readonly filters = h('div', { class: 'tiles filters' });
  private readonly conv1 = h('div', { class: 'tiles maps conv1-maps' });
  private readonly conv2 = h('div', { class: 'tiles maps conv2-maps' });
  private readonly confusion = h('table', { class: 'confusion' });
  private readonly mistakes = h('div', { class: 'tiles mistakes' });
  private readonly status = h('p', { class: 'muted' }, 'Train or load a model to look inside it.');

  constructor(
    private readonly ask: (index: number) => void,
    private readonly evaluate: () => void,
  ) {
    const go = (delta: number) => {
      const max = Number(this.indexInput.max) || Number.POSITIVE_INFINITY;
      this.indexInput.value = String(Math.min(max, Math.max(0, Math.round(Number(this.indexInput.value) + delta))));
      this.ask(Number(this.indexInput.value));
    };
    this.indexInput.addEventListener('change', () => this.ask(Number(this.indexInput.value)));
    this.root.append(
      h('h3', {}, 'Look inside'),
      this.status,
      h('h4', {}, 'conv1 filters'),
      this.filters,
      h(
        'div',
        { class: 'row' },
        h('label', {}, 'test digit ', this.indexInput),
        h('button', { type: 'button', onclick: () => go(-1), 'aria-label': 'previous test digit' }, '‹'),
        h('button', { type: 'button', onclick: () => go(1), 'aria-label': 'next test digit' }, '›'),
        this.digit,
        this.caption,
      ),
      h('h4', {}, 'conv1 feature maps (after the activation)'),
      this.conv1,
      h('h4', {}, 'conv2 feature maps'),
      this.conv2,
      h('h4', {}, 'On the test images'),
      h(
        'button',
        { type: 'button', class: 'evaluate', onclick: () => this.evaluate() },
        'Confusion matrix and mistakes',
      ),
      h('div', { class: 'row top' }, this.confusion, this.mistakes),
    );
  }

  /** The test images there are: the digit chooser stops at the last one. */
  setTestCount(count: number): void {
    this.indexInput.max = String(count - 1);
  }

  /** The filters and the maps of one test digit. */
  showInside(m: Inside): void {
    this.status.textContent = '';
    this.indexInput.value = String(m.index);
    paintDigit(this.digit, m.image);
    this.caption.textContent = `test image ${m.index}, label ${m.label}`;
    const filterCount = m.filters.length / 25;
    const half = halfRangeOf(m.filters);
    this.filters.replaceChildren(
      ...Array.from({ length: filterCount }, (_, c) => {
        const canvas = h('canvas', { class: 'tile', title: `filter ${c + 1}` });
        // Coloured by sign as the toy page's maps are: white at 0, ±half at the ends.
        paintGrid(canvas, channel(m.filters, 5, filterCount, c), 5, 0, half);
        return canvas;
      }),
    );
    this.showMaps(this.conv1, m.conv1);
    this.showMaps(this.conv2, m.conv2);
  }

  private showMaps(into: HTMLElement, maps: FeatureMaps): void {
    // One grey scale for the layer, from its lowest value (0 after ReLU, −1 after tanh) to its highest.
    let [lo, hi] = [0, 0];
    for (const v of maps.values) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    into.replaceChildren(
      ...Array.from({ length: maps.channels }, (_, c) => {
        const canvas = h('canvas', { class: 'tile', title: `channel ${c + 1}` });
        paintGrey(canvas, channel(maps.values, maps.side, maps.channels, c), maps.side, maps.side, lo, hi);
        return canvas;
      }),
    );
  }

  /** The confusion matrix and the most confident mistakes of an evaluation. */
  showEvaluation(e: Evaluated): void {
    const counts = confusionMatrix(e.probs, e.labels);
    let max = 0;
    for (const c of counts) max = Math.max(max, c);
    let right = 0;
    for (let k = 0; k < MNIST_CLASSES; k++) right += counts[k * MNIST_CLASSES + k] as number;
    this.confusion.replaceChildren(
      h(
        'caption',
        {},
        `${e.labels.length} test images: ${((100 * right) / e.labels.length).toFixed(1)} % right (rows: true digit, columns: predicted)`,
      ),
      h('tr', {}, h('th', {}, ''), ...Array.from({ length: MNIST_CLASSES }, (_, k) => h('th', {}, String(k)))),
      ...Array.from({ length: MNIST_CLASSES }, (_, t) =>
        h(
          'tr',
          {},
          h('th', {}, String(t)),
          ...Array.from({ length: MNIST_CLASSES }, (_, p) => {
            const n = counts[t * MNIST_CLASSES + p] as number;
            const shade = max > 0 ? n / max : 0;
            const style =
              t === p
                ? `background: rgba(94, 79, 162, ${shade})`
                : `background: rgba(158, 1, 66, ${Math.min(1, shade * 4)})`;
            return h('td', { style, 'data-count': n, class: shade > 0.5 ? 'dark' : '' }, n > 0 ? String(n) : '');
          }),
        ),
      ),
    );
    this.mistakes.replaceChildren(
      ...confidentMistakes(e.probs, e.labels, MISTAKES).map((m) => {
        const canvas = h('canvas', { class: 'tile' });
        paintDigit(canvas, e.images.subarray(m.index * MNIST_PIXELS, (m.index + 1) * MNIST_PIXELS));
        return h(
          'button',
          {
            type: 'button',
            class: 'mistake',
            title: `test image ${m.index}: look inside`,
            onclick: () => this.ask(m.index),
          },
          canvas,
          h('span', {}, `${m.label} → ${m.predicted}`),
          h('span', { class: 'muted' }, `${(m.confidence * 100).toFixed(0)} %`),
        );
      }),
    );
  }
}
