import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvField, scalarsCsv, scalarsJson } from '../../src/board/export.js';

const items = [
  {
    run: 'relu-h2-s0',
    tag: 'loss/data',
    series: { steps: [0, 100], wallTimes: [1700000000.25, 1700000001.5], values: [0.6931471824645996, 0.125] },
  },
  { run: 'a,"b"', tag: 'acc', series: { steps: [5], wallTimes: [1700000002], values: [null] } },
];

describe('scalar export', () => {
  it('writes one CSV with run and tag ahead of TensorBoard’s step, wall time and value', () => {
    expect(CSV_HEADER).toBe('run,tag,step,wall_time,value');
    expect(scalarsCsv(items)).toBe(
      [
        'run,tag,step,wall_time,value',
        'relu-h2-s0,loss/data,0,1700000000.25,0.6931471824645996',
        'relu-h2-s0,loss/data,100,1700000001.5,0.125',
        '"a,""b""",acc,5,1700000002,',
        '',
      ].join('\n'),
    );
    expect(scalarsCsv([])).toBe('run,tag,step,wall_time,value\n');
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(csvField('plain')).toBe('plain');
  });

  it('writes JSON entries holding TensorBoard’s [wall_time, step, value] triples', () => {
    expect(JSON.parse(scalarsJson(items))).toEqual([
      {
        run: 'relu-h2-s0',
        tag: 'loss/data',
        points: [
          [1700000000.25, 0, 0.6931471824645996],
          [1700000001.5, 100, 0.125],
        ],
      },
      { run: 'a,"b"', tag: 'acc', points: [[1700000002, 5, null]] },
    ]);
  });
});
