import { describe, expect, it } from 'vitest';
import {
  axisPosition,
  brushFromSpan,
  brushSpan,
  buildAxis,
  describeBrush,
  inBrush,
  passesBrushes,
} from '../../src/board/brush.js';

describe('parallel-coordinates axes', () => {
  it('is linear for numbers and categorical, in declared then natural order, otherwise', () => {
    const lin = buildAxis('hidden', 'hidden', [3, 10, null], { interval: { min: 1, max: 11 } });
    expect(lin).toEqual({ key: 'hidden', label: 'hidden', kind: 'linear', min: 1, max: 11 });
    expect(axisPosition(lin, 6)).toBe(0.5);
    expect(axisPosition(lin, null)).toBeNull();
    const cat = buildAxis('act', 'act', ['tanh', 'relu', 'elu', 'h10', 'h9'], { values: ['tanh', 'relu'] });
    expect(cat).toMatchObject({ kind: 'categorical', categories: ['tanh', 'relu', 'elu', 'h9', 'h10'] });
    expect([0, 1, 2, 3, 4].map((i) => axisPosition(cat, ['tanh', 'relu', 'elu', 'h9', 'h10'][i]))).toEqual([
      0, 0.25, 0.5, 0.75, 1,
    ]);
    expect(axisPosition(buildAxis('b', 'b', [true]), true)).toBe(0.5);
    expect(axisPosition(buildAxis('c', 'c', [2, 2]), 2)).toBe(0.5);
  });

  it('draws a metric spanning more than a factor 20 on a log axis, if asked', () => {
    const log = buildAxis('loss', 'loss', [0.01, 0.1, 1], {}, true);
    expect(log).toEqual({ key: 'loss', label: 'loss', kind: 'linear', min: 0.01, max: 1, log: true });
    expect(axisPosition(log, 0.1)).toBeCloseTo(0.5, 12);
    const range = brushFromSpan(log, 0.5, 1);
    expect(range?.kind === 'range' && [range.min, range.max]).toEqual([expect.closeTo(0.1, 12), 1]);
    expect(buildAxis('loss', 'loss', [0.1, 1], {}, true)).not.toHaveProperty('log');
    expect(buildAxis('acc', 'acc', [0.01, 1])).not.toHaveProperty('log');
  });

  it('turns a drag into a value range or a set of categories, and back into a span', () => {
    const lin = buildAxis('loss', 'loss', [0.2, 1.2]);
    const range = brushFromSpan(lin, 0.75, 0.25);
    expect(range?.kind).toBe('range');
    if (range?.kind !== 'range') throw new Error('not a range');
    expect(range.min).toBeCloseTo(0.45, 12);
    expect(range.max).toBeCloseTo(0.95, 12);
    expect(brushSpan(lin, range)?.map((p) => Number(p.toFixed(9)))).toEqual([0.25, 0.75]);
    const cat = buildAxis('act', 'act', ['elu', 'relu', 'tanh']);
    expect(brushFromSpan(cat, 0.4, 1.2)).toEqual({ kind: 'set', values: ['relu', 'tanh'] });
    expect(brushFromSpan(cat, 0.1, 0.4)).toBeNull();
    expect(describeBrush('act', { kind: 'set', values: ['relu'] })).toBe('act ∈ {relu}');
  });

  it('passes a row only when it is inside every brush; a missing value fails', () => {
    const brushes = new Map([
      ['loss', { kind: 'range' as const, min: 0.2, max: 0.5 }],
      ['act', { kind: 'set' as const, values: ['relu'] }],
    ]);
    const row = (loss: number | null, act: string) => (key: string) => (key === 'loss' ? loss : act);
    expect(passesBrushes(row(0.3, 'relu'), brushes)).toBe(true);
    expect(passesBrushes(row(0.6, 'relu'), brushes)).toBe(false);
    expect(passesBrushes(row(0.3, 'tanh'), brushes)).toBe(false);
    expect(passesBrushes(row(null, 'relu'), brushes)).toBe(false);
    expect(passesBrushes(row(9, 'x'), new Map())).toBe(true);
    expect(inBrush({ kind: 'range', min: 1, max: 2 }, '1.5')).toBe(false);
  });
});
