import type { PlaygroundSession } from '../../../src/playground/session.js';
import {
  type FiniteDifferences,
  finiteDifferences,
  relativeDifference,
  type StepThrough,
  stepThrough,
} from '../../../src/playground/step-through.js';
import { h } from '../../shared/dom.js';

/**
 * Finite differences cost 4 loss evaluations per weight, each a forward pass over the
 * batch: up to this many multiply-adds in all they run at once (well under a second),
 * beyond it on request.
 */
const FD_AUTO_WORK = 3e7;

const fmt = (v: number) =>
  v === 0 ? '0' : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(6) : v.toFixed(8);

/**
 * Backprop step-through: the next training step taken apart as the homework's part 1
 * does it — the forward pass (z, a) for a chosen row of the batch, the backward pass
 * (δ of each layer), each weight's analytic gradient next to its finite-difference
 * estimate — and then the update applied, checked against W − ε·∂J/∂W.
 */
export class StepPanel {
  readonly root = h('details', { class: 'step-through pg-card' });
  private readonly body = h('div', { class: 'step-body' });
  private readonly rowInput = h('input', { type: 'number', min: 0, value: 0, 'aria-label': 'row of the batch' });
  private readonly layerSelect = h('select', { 'aria-label': 'layer whose gradients are shown' });
  private readonly status = h('p', { class: 'muted step-status' });
  private current: StepThrough | undefined;
  /** Finite differences of the current breakdown, by layer (estimated once each). */
  private estimates = new Map<number, FiniteDifferences>();

  constructor(
    private readonly session: () => PlaygroundSession,
    private readonly applied: () => void,
  ) {
    this.root.append(
      h('summary', {}, 'Backprop step-through: the next step taken apart'),
      h(
        'div',
        { class: 'step-controls' },
        h(
          'button',
          { type: 'button', class: 'take-apart', onclick: () => this.takeApart() },
          'Take the next step apart',
        ),
        h('label', {}, 'row ', this.rowInput),
        h('label', {}, 'gradients of ', this.layerSelect),
        h('button', { type: 'button', class: 'apply-step', onclick: () => this.apply() }, 'Apply the update'),
      ),
      this.status,
      this.body,
    );
    this.rowInput.addEventListener('change', () => this.render());
    this.layerSelect.addEventListener('change', () => this.render());
    this.root.addEventListener('toggle', () => {
      if (this.root.open) this.takeApart();
    });
  }

  /** Forgets the last breakdown (the run changed under it). */
  invalidate(): void {
    this.current = undefined;
    this.estimates.clear();
    this.body.replaceChildren();
    this.status.textContent = this.root.open ? 'The run changed: take the next step apart again.' : '';
  }

  private takeApart(): void {
    const session = this.session();
    const { x, y } = session.trainer.nextBatchData();
    this.current = stepThrough(session.net, x, y);
    this.estimates.clear();
    this.rowInput.max = String(y.length - 1);
    const layers = session.net.layers;
    this.layerSelect.replaceChildren(
      ...layers.map((_, l) =>
        h('option', { value: l }, l + 1 === layers.length ? 'output layer' : `hidden layer ${l + 1}`),
      ),
    );
    this.layerSelect.value = String(layers.length - 1);
    const full = y.length === session.trainer.train.n;
    this.status.textContent = `Step ${session.trainer.stepInPass + 1} of pass ${session.passes + 1}: ${y.length} rows (${full ? 'the full batch, the course’s rule' : 'a mini-batch of the pass’s shuffled order'}). J = N·(data loss + reg loss) = ${fmt(this.current.objective)}.`;
    this.render();
  }

  private render(): void {
    const s = this.current;
    if (!s) return;
    const net = this.session().net;
    const row = Math.max(0, Math.min(s.rows - 1, Number(this.rowInput.value) || 0));
    const f = net.inputs;
    const vector = (values: Float64Array, width: number) =>
      h('td', { class: 'num' }, Array.from(values.subarray(row * width, row * width + width), fmt).join('  '));
    const forward = h(
      'table',
      { class: 'values forward' },
      h('caption', {}, `Forward, row ${row} (label ${s.y[row]})`),
      h('tr', {}, h('th', {}, 'input x'), vector(s.x, f)),
      ...s.layers.flatMap((l, i) => [
        h('tr', {}, h('th', {}, `z${i + 1} = a${i}·W${i + 1} + b${i + 1}`), vector(l.z, l.units)),
        h(
          'tr',
          {},
          h('th', {}, i + 1 === s.layers.length ? 'p = softmax(z)' : `a${i + 1} = f(z${i + 1})`),
          vector(i + 1 === s.layers.length ? s.probs : l.a, l.units),
        ),
      ]),
    );
    const backward = h(
      'table',
      { class: 'values backward' },
      h('caption', {}, `Backward, row ${row}`),
      ...s.layers
        .map((l, i) =>
          h(
            'tr',
            {},
            h(
              'th',
              {},
              i + 1 === s.layers.length
                ? `δ${i + 1} = p − onehot(y)`
                : `δ${i + 1} = (δ${i + 2}·W${i + 2}ᵀ) ⊙ f′(z${i + 1})`,
            ),
            vector(l.delta, l.units),
          ),
        )
        .reverse(),
    );
    this.body.replaceChildren(forward, backward, this.gradientTable(s, Number(this.layerSelect.value)));
  }

  /** The chosen layer's gradients: analytic, finite differences (estimated once, at once when cheap), their relative difference. */
  private gradientTable(s: StepThrough, index: number): HTMLElement {
    const net = this.session().net;
    const layer = s.layers[index];
    if (!layer) return h('p', {}, '');
    const weights = layer.gradW.length + layer.gradB.length;
    const perLoss = s.rows * net.layers.reduce((n, l) => n + l.inputs * l.units, 0);
    const work = 4 * weights * perLoss;
    let fd = this.estimates.get(index);
    if (!fd && work <= FD_AUTO_WORK) {
      fd = finiteDifferences(net, s.x, s.y, index);
      this.estimates.set(index, fd);
    }
    let worst = 0;
    const rows: HTMLElement[] = [];
    const add = (name: string, analytic: number, estimate: number | undefined) => {
      const rel = estimate === undefined ? undefined : relativeDifference(analytic, estimate);
      if (rel !== undefined) worst = Math.max(worst, rel);
      rows.push(
        h(
          'tr',
          {},
          h('th', {}, name),
          h('td', { class: 'num analytic', 'data-value': analytic }, fmt(analytic)),
          h('td', { class: 'num fd', 'data-value': estimate ?? '' }, estimate === undefined ? '…' : fmt(estimate)),
          h('td', { class: 'num rel' }, rel === undefined ? '' : rel.toExponential(1)),
        ),
      );
    };
    for (let k = 0; k < layer.inputs; k++)
      for (let j = 0; j < layer.units; j++)
        add(`W[${k},${j}]`, layer.gradW[k * layer.units + j] as number, fd?.gradW[k * layer.units + j]);
    for (let j = 0; j < layer.units; j++) add(`b[${j}]`, layer.gradB[j] as number, fd?.gradB[j]);
    const ok = worst < 1e-6;
    const check = fd
      ? h(
          'p',
          { class: ok ? 'check ok' : 'check bad', 'data-worst': String(worst) },
          `${ok ? '✓' : '✗'} largest relative difference ${worst.toExponential(2)} (finite differences of the network's own loss, Richardson-refined central steps)`,
        )
      : h(
          'p',
          { class: 'check' },
          `${weights} weights × 4 forward passes over ${s.rows} rows: `,
          h(
            'button',
            {
              type: 'button',
              class: 'estimate',
              onclick: () => {
                this.estimates.set(index, finiteDifferences(net, s.x, s.y, index));
                this.render();
              },
            },
            'estimate them by finite differences',
          ),
          ` (about ${Math.max(1, Math.round(work / 1e8))} s; the page waits)`,
        );
    return h(
      'div',
      { class: 'gradients' },
      check,
      h(
        'table',
        { class: 'values gradient-table' },
        h(
          'tr',
          {},
          h('th', {}, 'weight'),
          h('th', {}, '∂J/∂w analytic'),
          h('th', {}, 'finite difference'),
          h('th', {}, 'relative'),
        ),
        ...rows,
      ),
    );
  }

  /** Runs the step the breakdown describes and checks W_new = W − ε·∂J/∂W. */
  private apply(): void {
    if (!this.current) this.takeApart();
    const s = this.current;
    const session = this.session();
    if (!s || session.finished) return;
    const before = session.net.layers.map((l) => ({ W: Float64Array.from(l.W.data), b: Float64Array.from(l.b) }));
    session.step();
    let worst = 0;
    const check = (now: Float64Array, was: Float64Array | undefined, g: Float64Array | undefined) =>
      now.forEach((w, k) => {
        const expected = (was?.[k] as number) - session.config.epsilon * (g?.[k] as number);
        worst = Math.max(worst, relativeDifference(w, expected, 1e-12));
      });
    session.net.layers.forEach((l, i) => {
      check(l.W.data, before[i]?.W, s.layers[i]?.gradW);
      check(l.b, before[i]?.b, s.layers[i]?.gradB);
    });
    this.applied();
    this.takeApart();
    this.status.textContent = `Applied: every weight and bias moved to θ − ε·∂J/∂θ (largest relative difference ${worst.toExponential(1)}, the engine's compensated sums against these plain ones). ${this.status.textContent}`;
  }
}
