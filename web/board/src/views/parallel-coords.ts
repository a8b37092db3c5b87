import { type Axis, type AxisValue, axisPosition, type Brush, brushFromSpan, brushSpan } from '@nnlab/board/brush.js';
import { formatValue, h } from '../../../shared/dom.js';
import { withAlpha } from '../../../shared/uchart.js';

/** One polyline: a table row, in its run's colour; `active` rows pass the filter and every brush. */
export interface PcLine {
  key: string;
  color: string;
  value: (axisKey: string) => AxisValue;
  active: boolean;
}

const HEIGHT = 280;
const PAD = { left: 56, right: 64, top: 40, bottom: 18 };
/** How close (CSS pixels) to an axis a drag must start to brush it. */
const GRAB = 18;

/**
 * Parallel coordinates on a canvas: a vertical axis per hyperparameter and metric, a
 * polyline per row. Dragging along an axis brushes a range of it (rows outside any brush
 * fade); a click or double-click on an axis clears its brush.
 */
export class ParallelCoords {
  readonly root: HTMLElement;
  private readonly canvas = h('canvas', { class: 'pc-canvas' });
  private axes: Axis[] = [];
  private lines: PcLine[] = [];
  private brushes: ReadonlyMap<string, Brush> = new Map();
  private drag: { axis: number; y0: number; y1: number } | undefined;
  private readonly observer: ResizeObserver;

  constructor(private readonly onBrush: (axisKey: string, brush: Brush | null) => void) {
    this.root = h('div', { class: 'pc' }, this.canvas);
    this.observer = new ResizeObserver(() => this.paint());
    this.observer.observe(this.root);
    this.canvas.addEventListener('mousedown', (e) => this.down(e));
    this.canvas.addEventListener('mousemove', (e) => {
      if (!this.drag) this.canvas.style.cursor = this.axisAt(e) >= 0 ? 'ns-resize' : 'default';
    });
    this.canvas.addEventListener('dblclick', (e) => {
      const i = this.axisAt(e);
      if (i >= 0) this.onBrush((this.axes[i] as Axis).key, null);
    });
  }

  /** Draws axes, lines and brushes. */
  draw(axes: Axis[], lines: PcLine[], brushes: ReadonlyMap<string, Brush>): void {
    this.axes = axes;
    this.lines = lines;
    this.brushes = brushes;
    this.paint();
  }

  private width(): number {
    return Math.max(320, Math.floor(this.root.clientWidth || 800));
  }

  private axisX(i: number): number {
    const n = this.axes.length;
    const span = this.width() - PAD.left - PAD.right;
    return n <= 1 ? PAD.left + span / 2 : PAD.left + (i * span) / (n - 1);
  }

  private y(p: number): number {
    return HEIGHT - PAD.bottom - p * (HEIGHT - PAD.top - PAD.bottom);
  }

  private position(y: number): number {
    return (HEIGHT - PAD.bottom - y) / (HEIGHT - PAD.top - PAD.bottom);
  }

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  /** The axis under the pointer (−1: none). */
  private axisAt(e: MouseEvent): number {
    const { x, y } = this.local(e);
    if (y < PAD.top - 12 || y > HEIGHT - PAD.bottom + 12) return -1;
    let best = -1;
    for (let i = 0; i < this.axes.length; i++)
      if (
        Math.abs(this.axisX(i) - x) <= GRAB &&
        (best < 0 || Math.abs(this.axisX(i) - x) < Math.abs(this.axisX(best) - x))
      )
        best = i;
    return best;
  }

  private down(e: MouseEvent): void {
    const axis = this.axisAt(e);
    if (axis < 0 || e.button !== 0) return;
    e.preventDefault();
    const { y } = this.local(e);
    this.drag = { axis, y0: y, y1: y };
    const move = (m: MouseEvent) => {
      if (!this.drag) return;
      this.drag.y1 = this.local(m).y;
      this.paint();
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      const drag = this.drag;
      this.drag = undefined;
      if (!drag) return;
      const a = this.axes[drag.axis] as Axis;
      if (Math.abs(drag.y1 - drag.y0) < 3) this.onBrush(a.key, null);
      else this.onBrush(a.key, brushFromSpan(a, this.position(drag.y0), this.position(drag.y1)));
      this.paint();
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  }

  private paint(): void {
    const width = this.width();
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(HEIGHT * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${HEIGHT}px`;
    this.root.dataset.axes = JSON.stringify(
      this.axes.map((a, i) => ({ key: a.key, x: this.axisX(i), top: this.y(1), bottom: this.y(0) })),
    );
    this.root.dataset.active = String(this.lines.filter((l) => l.active).length);
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, HEIGHT);
    if (this.axes.length === 0) return;
    g.lineJoin = 'round';
    // Faded lines first, so the active ones sit on top.
    for (const active of [false, true])
      for (const line of this.lines.filter((l) => l.active === active)) {
        g.strokeStyle = active ? line.color : 'rgba(160, 168, 178, 0.35)';
        g.lineWidth = active ? 2 : 1;
        g.beginPath();
        let open = false;
        this.axes.forEach((axis, i) => {
          const p = axisPosition(axis, line.value(axis.key));
          if (p === null) {
            open = false;
            return;
          }
          if (open) g.lineTo(this.axisX(i), this.y(p));
          else g.moveTo(this.axisX(i), this.y(p));
          open = true;
        });
        g.stroke();
      }
    for (const [i, axis] of this.axes.entries()) this.paintAxis(g, axis, i);
  }

  private paintAxis(g: CanvasRenderingContext2D, axis: Axis, i: number): void {
    const x = this.axisX(i);
    const brush = this.brushes.get(axis.key);
    let span = brush ? brushSpan(axis, brush) : null;
    if (this.drag?.axis === i) {
      const a = this.position(this.drag.y0);
      const b = this.position(this.drag.y1);
      span = [Math.max(0, Math.min(a, b)), Math.min(1, Math.max(a, b))];
    }
    if (span) {
      g.fillStyle = withAlpha('#f28e2b', 0.22);
      g.strokeStyle = '#f28e2b';
      g.lineWidth = 1;
      g.fillRect(x - 8, this.y(span[1]), 16, this.y(span[0]) - this.y(span[1]));
      g.strokeRect(x - 8 + 0.5, this.y(span[1]) + 0.5, 15, this.y(span[0]) - this.y(span[1]) - 1);
    }
    g.strokeStyle = '#7b8794';
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(Math.round(x) + 0.5, this.y(1));
    g.lineTo(Math.round(x) + 0.5, this.y(0));
    g.stroke();
    g.fillStyle = '#1f2933';
    g.font = '600 12px system-ui, sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'bottom';
    const room = i === 0 || i === this.axes.length - 1 ? 130 : this.spacing() - 6;
    const title = axis.kind === 'linear' && axis.log ? `${axis.label} (log)` : axis.label;
    g.fillText(fitText(g, title, room), x, PAD.top - 14);
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#52606d';
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    const ticks: Array<[number, string]> =
      axis.kind === 'categorical'
        ? axis.categories.map((c) => [axisPosition(axis, c) as number, c])
        : (axis.log ? logTicks(axis.min, axis.max) : linearTicks(axis.min, axis.max, this.integers(axis.key))).map(
            (v): [number, string] => [axisPosition(axis, v) as number, formatValue(v)],
          );
    for (const [p, label] of ticks) {
      g.fillRect(x - 3, Math.round(this.y(p)), 3, 1);
      g.fillText(fitText(g, label, Math.min(80, this.spacing() / 2)), x - 5, this.y(p));
    }
  }

  /** Whether every value on an axis is a whole number (seeds, widths): its ticks are too. */
  private integers(key: string): boolean {
    return this.lines.every((l) => {
      const v = l.value(key);
      return typeof v !== 'number' || Number.isInteger(v);
    });
  }

  private spacing(): number {
    return this.axes.length > 1 ? this.axisX(1) - this.axisX(0) : 200;
  }

  destroy(): void {
    this.observer.disconnect();
  }
}

/** A label shortened with an ellipsis to fit `width` pixels. */
function fitText(g: CanvasRenderingContext2D, text: string, width: number): string {
  if (g.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && g.measureText(`${t}…`).width > width) t = t.slice(0, -1);
  return `${t}…`;
}

/** About five round tick values from min to max (whole numbers only, if asked; the value itself when the range is flat). */
function linearTicks(min: number, max: number, integers: boolean): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  if (integers) step = Math.max(1, Math.ceil(step));
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Ticks of a log axis: 1, 2 and 5 times the powers of ten between min and max (min and max too when fewer than three fall inside). */
function logTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
    }
  return out.length >= 3 ? out : [min, ...out.filter((v) => v !== min && v !== max), max];
}
