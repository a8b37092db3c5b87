import { pointsDataset } from '../../../src/data/toy-csv.js';
import type { CustomPoints } from '../../../src/playground/config.js';
import type { ViewBox } from '../../../src/playground/grid.js';
import { h } from '../../shared/dom.js';
import { CLASS_COLORS, paintGrid } from './heatmap.js';

/** A point as the view edits it: x1, x2, label, and whether it is a test point. */
type Row = [number, number, number, boolean];

const SIZE = 400;
const PICK = 8;

/**
 * The decision boundary: p(class 1) over the view as a heat map (white at ½), the
 * training points filled, the test points as rings. Clicking adds a training point of
 * the chosen class, dragging moves a point, shift-click removes one; each edit hands
 * the new points to `onEdit` (the page then trains afresh on them).
 */
export class BoundaryView {
  readonly canvas = h('canvas', {
    class: 'boundary',
    width: SIZE,
    height: SIZE,
    tabindex: 0,
    'aria-label':
      'decision boundary and data points: click to add a point, drag to move one, shift-click to remove one',
  });
  private readonly heat = document.createElement('canvas');
  private rows: Row[] = [];
  private view: ViewBox = { x0: -1, x1: 1, y0: -1, y1: 1 };
  private dragging: number | undefined;
  private moved = false;
  /** The keyboard's cursor, in data units (shown while the canvas has the focus). */
  private cursor: [number, number] | undefined;
  /** Class of the points a click adds. */
  addClass = 0;
  showTest = true;

  constructor(
    private readonly onEdit: (points: CustomPoints) => void,
    private readonly onRefused: (why: string) => void,
  ) {
    this.canvas.addEventListener('pointerdown', (e) => this.down(e));
    this.canvas.addEventListener('pointermove', (e) => this.move(e));
    this.canvas.addEventListener('pointerup', () => this.up());
    // A drag the browser takes away (a touch turned scroll, a lost capture) ends where it is, unsaved.
    const cancel = () => {
      if (this.dragging !== undefined && this.moved) this.commit();
      this.dragging = undefined;
    };
    this.canvas.addEventListener('pointercancel', cancel);
    this.canvas.addEventListener('lostpointercapture', cancel);
    this.canvas.addEventListener('contextmenu', (e) => e.preventDefault());
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => {
      const { x0, x1, y0, y1 } = this.view;
      this.cursor ??= [(x0 + x1) / 2, (y0 + y1) / 2];
      this.redraw();
    });
    this.canvas.addEventListener('blur', () => this.redraw());
  }

  /** Arrows move the cursor (a fiftieth of the view; with Shift a fifth), Enter or + adds a point, Delete removes the nearest. */
  private key(e: KeyboardEvent): void {
    const { x0, x1, y0, y1 } = this.view;
    const step = ((x1 - x0) / 50) * (e.shiftKey ? 10 : 1);
    const [cx, cy] = this.cursor ?? [(x0 + x1) / 2, (y0 + y1) / 2];
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const move = moves[e.key];
    if (move) {
      this.cursor = [Math.min(x1, Math.max(x0, cx + move[0])), Math.min(y1, Math.max(y0, cy + move[1]))];
      this.redraw();
    } else if (e.key === 'Enter' || e.key === '+') {
      const round = (t: number) => Math.round(t * 1000) / 1000;
      this.rows.push([round(cx), round(cy), this.addClass, false]);
      this.commit();
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      const [px, py] = this.toPixel(cx, cy);
      const hit = this.nearestTo(px, py);
      if (hit !== undefined) this.remove(hit);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }

  /** The points and the square of the plane to show. */
  setPoints(points: CustomPoints, view: ViewBox): void {
    this.view = view;
    this.rows = [];
    const add = (d: CustomPoints['train'], test: boolean) => {
      for (let i = 0; i < d.n; i++)
        this.rows.push([d.x[2 * i] as number, d.x[2 * i + 1] as number, d.y[i] as number, test]);
    };
    add(points.train, false);
    add(points.test, true);
  }

  /** Draws the heat map of p(class 1) (a `size × size` grid, top row first) and the points. */
  draw(output: Float64Array, size: number): void {
    paintGrid(this.heat, output, size, 0.5, 0.5);
    this.redraw();
  }

  /** The last heat map, the axes and the points as they are now. */
  private redraw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.heat, 0, 0, SIZE, SIZE);
    this.drawAxes(ctx);
    for (const [x1, x2, label, test] of this.rows) {
      if (test && !this.showTest) continue;
      const [px, py] = this.toPixel(x1, x2);
      ctx.beginPath();
      ctx.arc(px, py, test ? 3.5 : 4, 0, 2 * Math.PI);
      const color = CLASS_COLORS[label === 1 ? 1 : 0];
      if (test) {
        ctx.fillStyle = '#fff';
        ctx.fill();
        ctx.lineWidth = 2;
        ctx.strokeStyle = color;
      } else {
        ctx.fillStyle = color;
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = '#fff';
      }
      ctx.stroke();
    }
    if (this.cursor && document.activeElement === this.canvas) {
      const [px, py] = this.toPixel(this.cursor[0], this.cursor[1]);
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(px - 8, py);
      ctx.lineTo(px + 8, py);
      ctx.moveTo(px, py - 8);
      ctx.lineTo(px, py + 8);
      ctx.stroke();
    }
  }

  private drawAxes(ctx: CanvasRenderingContext2D): void {
    ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
    ctx.font = '10px system-ui, sans-serif';
    const span = this.view.x1 - this.view.x0;
    const step = span > 8 ? 2 : span > 4 ? 1 : 0.5;
    for (let v = Math.ceil(this.view.x0 / step) * step; v <= this.view.x1; v += step) {
      const [px] = this.toPixel(v, 0);
      ctx.fillText(String(Number(v.toFixed(2))), px + 2, SIZE - 3);
    }
    for (let v = Math.ceil(this.view.y0 / step) * step; v <= this.view.y1; v += step) {
      const [, py] = this.toPixel(0, v);
      ctx.fillText(String(Number(v.toFixed(2))), 2, py - 2);
    }
  }

  private toPixel(x1: number, x2: number): [number, number] {
    const { x0, x1: xe, y0, y1 } = this.view;
    return [((x1 - x0) / (xe - x0)) * SIZE, ((y1 - x2) / (y1 - y0)) * SIZE];
  }

  /** The data point under a pointer event, rounded to 0.001 (short URLs; finer than a pixel). */
  private toData(e: PointerEvent): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    const u = ((e.clientX - r.left) / r.width) * SIZE;
    const v = ((e.clientY - r.top) / r.height) * SIZE;
    const { x0, x1, y0, y1 } = this.view;
    const round = (t: number) => Math.round(t * 1000) / 1000;
    return [round(x0 + (u / SIZE) * (x1 - x0)), round(y1 - (v / SIZE) * (y1 - y0))];
  }

  private nearest(e: PointerEvent): number | undefined {
    const r = this.canvas.getBoundingClientRect();
    return this.nearestTo(((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE);
  }

  /** The shown point within a few pixels of canvas position (u, v), if any. */
  private nearestTo(u: number, v: number): number | undefined {
    let best: number | undefined;
    let bestDistance = PICK;
    this.rows.forEach(([x1, x2, , test], i) => {
      if (test && !this.showTest) return;
      const [px, py] = this.toPixel(x1, x2);
      const d = Math.hypot(px - u, py - v);
      if (d <= bestDistance) [best, bestDistance] = [i, d];
    });
    return best;
  }

  private down(e: PointerEvent): void {
    const hit = this.nearest(e);
    if (hit !== undefined && (e.shiftKey || e.button === 2)) {
      this.remove(hit);
      return;
    }
    if (hit !== undefined) {
      this.dragging = hit;
      this.moved = false;
      this.canvas.setPointerCapture(e.pointerId);
      return;
    }
    if (e.button !== 0) return;
    const [x1, x2] = this.toData(e);
    this.rows.push([x1, x2, this.addClass, false]);
    this.commit();
  }

  private move(e: PointerEvent): void {
    if (this.dragging === undefined) return;
    const row = this.rows[this.dragging];
    if (!row) return;
    [row[0], row[1]] = this.toData(e);
    this.moved = true;
    // The last heat map with the point where it is now; training restarts on release.
    this.redraw();
  }

  private up(): void {
    if (this.dragging !== undefined && this.moved) this.commit();
    this.dragging = undefined;
  }

  /** Removes point `i`, unless it is the last training point (a network needs one to train on). */
  private remove(i: number): void {
    const row = this.rows[i];
    if (!row) return;
    if (!row[3] && this.rows.filter((r) => !r[3]).length === 1) {
      this.onRefused('Keep at least one training point.');
      return;
    }
    this.rows.splice(i, 1);
    this.commit();
  }

  private commit(): void {
    const of = (test: boolean) => this.rows.filter((r) => r[3] === test).map(([x1, x2, label]) => [x1, x2, label]);
    const train = of(false);
    if (train.length === 0) return;
    this.onEdit({ train: pointsDataset(train), test: pointsDataset(of(true)) });
  }
}
