import { describe, expect, it } from 'vitest';
import { diffValues, parseConfigTable } from '../../src/board/diff.js';

describe('run diff', () => {
  it('lists every name side by side, in the given order, and marks the ones that differ', () => {
    expect(
      diffValues({ activation: 'relu', hidden: 3, seed: 0, lr: 0.1 }, { activation: 'tanh', hidden: 3, seed: 1 }, [
        'seed',
        'activation',
      ]),
    ).toEqual([
      { name: 'seed', a: '0', b: '1', differs: true },
      { name: 'activation', a: 'relu', b: 'tanh', differs: true },
      { name: 'hidden', a: '3', b: '3', differs: false },
      { name: 'lr', a: '0.1', b: '', differs: true },
    ]);
  });

  it('reads the option table nnlab logs as config text', () => {
    const text = '| option | value |\n| --- | --- |\n| kind | classic |\n| hidden | 3 |\n| seed | 1 |';
    expect(parseConfigTable(text)).toEqual({ kind: 'classic', hidden: '3', seed: '1' });
    expect(parseConfigTable('no table here')).toBeNull();
  });
});
