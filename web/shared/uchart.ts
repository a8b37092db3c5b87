import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const HEIGHT = 240;

/**
 * A uPlot chart that follows its container's width and is rebuilt only when its
 * structure (series, scales) changes; new data for the same structure is swapped in
 * place, so a live chart does not flicker or lose the cursor.
 */
export class UChart {
  private plot: uPlot | undefined;
  private key = '';
  private destroyed = false;
  private readonly observer: ResizeObserver;

  constructor(readonly container: HTMLElement) {
    this.observer = new ResizeObserver(() => {
      const width = this.width();
      if (this.plot && width > 0 && Math.abs(this.plot.width - width) > 1) this.plot.setSize({ width, height: HEIGHT });
    });
    this.observer.observe(container);
  }

  /** Width available for the plot (the container's, or a fallback before layout). */
  width(): number {
    return Math.max(200, Math.floor(this.container.clientWidth || 480));
  }

  /** Shows `data`; `options` are used only when `key` differs from the current chart's. */
  set(key: string, options: () => Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): void {
    if (this.destroyed) return;
    if (this.plot && key === this.key) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.key = key;
    this.plot = new uPlot({ ...options(), width: this.width(), height: HEIGHT }, data, this.container);
  }

  destroy(): void {
    this.destroyed = true;
    this.observer.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }
}

/** A colour with transparency, from #rrggbb. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Index of the x nearest to `x` in an ascending array. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid;
    else hi = mid;
  }
  return Math.abs((xs[lo] as number) - x) <= Math.abs((xs[hi] as number) - x) ? lo : hi;
}

/**
 * A linear y range with a little room, and a sensible one for a flat series (uPlot
 * would show 0–100 for a constant zero, e.g. a layer with no dead units).
 */
export function linearRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null) return [0, 1];
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 0.1;
    return [min - pad, max + pad];
  }
  return uPlot.rangeNum(min, max, 0.1, true);
}
