import { MNIST_SIDE } from '../../../../src/data/mnist/mnist.js';
import { prepareDigit } from '../../../../src/playground/mnist/digit.js';
import { h } from '../../../shared/dom.js';
import { paintDigit } from './digits.js';

const SIZE = 280;
/** Pen width in canvas pixels: MNIST's strokes are about 2–3 of 28 pixels wide. */
const PEN = 22;

/**
 * Draw a digit with the mouse, a pen or a finger: after every stroke the drawing is
 * prepared as MNIST's digits were (20 × 20 fit, centred by mass in 28 × 28, shown
 * beside it) and `classify` asked for the model's probabilities, drawn as bars.
 */
export class DrawView {
  readonly root = h('div', { class: 'pg-card draw' });
  readonly canvas = h('canvas', { class: 'draw-canvas', width: SIZE, height: SIZE, 'aria-label': 'draw a digit here' });
  private readonly preview = h('canvas', { class: 'digit preview', width: MNIST_SIDE, height: MNIST_SIDE });
  private readonly bars = h('div', { class: 'prob-bars' });
  private readonly answer = h('p', { class: 'answer' }, 'Draw a digit.');
  private drawing = false;
  private lastPoint: [number, number] | undefined;

  constructor(private readonly classify: (pixels: Float32Array) => void) {
    const ctx = this.context();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    this.clear();
    this.canvas.addEventListener('pointerdown', (e) => {
      this.drawing = true;
      this.canvas.setPointerCapture(e.pointerId);
      this.lastPoint = this.point(e);
      this.stroke(this.lastPoint);
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (this.drawing) this.stroke(this.point(e));
    });
    const end = () => {
      if (!this.drawing) return;
      this.drawing = false;
      this.lastPoint = undefined;
      this.submit();
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    for (let k = 0; k < 10; k++) {
      this.bars.append(
        h(
          'div',
          { class: 'prob', 'data-class': k },
          h('span', { class: 'digit-label' }, String(k)),
          h('span', { class: 'prob-bar' }),
          h('span', { class: 'value' }, '–'),
        ),
      );
    }
    this.root.append(
      h('h3', {}, 'Draw a digit'),
      h(
        'div',
        { class: 'draw-row' },
        this.canvas,
        h(
          'div',
          { class: 'draw-side' },
          h('span', { class: 'muted' }, 'as the model sees it'),
          this.preview,
          h('button', { type: 'button', class: 'clear-drawing', onclick: () => this.clear() }, 'Clear'),
        ),
      ),
      this.answer,
      this.bars,
    );
  }

  private context(): CanvasRenderingContext2D {
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2-d canvas');
    return ctx;
  }

  private point(e: PointerEvent): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE];
  }

  private stroke(to: [number, number]): void {
    const ctx = this.context();
    const from = this.lastPoint ?? to;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = PEN;
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0] + 0.01, to[1]);
    ctx.stroke();
    this.lastPoint = to;
  }

  clear(): void {
    const ctx = this.context();
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
    paintDigit(this.preview, new Float32Array(MNIST_SIDE * MNIST_SIDE));
    this.answer.textContent = 'Draw a digit.';
    delete this.root.dataset.predicted;
  }

  /** The drawing as ink in [0, 1], prepared and sent to the model. */
  private submit(): void {
    const { data } = this.context().getImageData(0, 0, SIZE, SIZE);
    const ink = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < ink.length; i++) ink[i] = (data[4 * i] as number) / 255;
    const digit = prepareDigit(ink, SIZE, SIZE);
    paintDigit(this.preview, digit);
    this.classify(digit);
  }

  /** Shows the model's answer. */
  show(probs: Float32Array): void {
    let best = 0;
    for (let k = 1; k < 10; k++) if ((probs[k] as number) > (probs[best] as number)) best = k;
    this.answer.textContent = `It is a ${best} (${((probs[best] as number) * 100).toFixed(1)} %).`;
    this.root.dataset.predicted = String(best);
    Array.from(this.bars.children).forEach((row, k) => {
      const p = probs[k] as number;
      (row.querySelector('.prob-bar') as HTMLElement).style.width = `${(p * 100).toFixed(1)}%`;
      (row.querySelector('.value') as HTMLElement).textContent = `${(p * 100).toFixed(1)} %`;
      row.classList.toggle('best', k === best);
      (row as HTMLElement).dataset.value = String(p);
    });
  }
}
