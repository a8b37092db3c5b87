import type uPlot from 'uplot';
import type { LossPoint } from '../../../src/playground/session.js';
import { h } from '../../shared/dom.js';
import { linearRange, UChart } from '../../shared/uchart.js';
import { CLASS_COLORS } from './heatmap.js';

/** Training and test data loss over the passes (the board's chart component). */
export class LossChart {
  readonly root = h('div', { class: 'loss-chart' });
  private readonly chart = new UChart(this.root);

  update(curve: readonly LossPoint[]): void {
    const hasTest = curve.some((p) => p.testDataLoss !== undefined);
    const xs = curve.map((p) => p.iteration + 1);
    const data: uPlot.AlignedData = hasTest
      ? [xs, curve.map((p) => p.train.dataLoss), curve.map((p) => p.testDataLoss ?? null)]
      : [xs, curve.map((p) => p.train.dataLoss)];
    this.root.dataset.points = String(curve.length);
    this.chart.set(
      hasTest ? 'train+test' : 'train',
      () => ({
        scales: { x: { time: false }, y: { range: linearRange } },
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        axes: [{ label: 'passes' }, { label: 'data loss', size: 56 }],
        series: [
          { label: 'pass' },
          { label: 'training', stroke: CLASS_COLORS[1], width: 2 },
          ...(hasTest ? [{ label: 'test', stroke: CLASS_COLORS[0], width: 2, dash: [6, 3] }] : []),
        ],
      }),
      data,
    );
  }

  destroy(): void {
    this.chart.destroy();
  }
}
