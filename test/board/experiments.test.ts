import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../src/board/api.js';
import {
  chartGroups,
  constantHparams,
  type ExperimentRow,
  experimentsOf,
  groupRows,
  hparamNames,
  isExperimentOnly,
  lowerIsBetter,
  makeRowFilter,
  metricKey,
  metricTags,
  runRow,
  shortGroupLabels,
  sortRows,
  summarizeMetric,
} from '../../src/board/experiments.js';

function run(name: string, extra: Partial<RunInfo> = {}, scalars: string[] = ['loss/data', 'accuracy/train']): RunInfo {
  return {
    name,
    version: 1,
    files: [],
    warnings: [],
    tags: { scalars, histograms: [], images: [], texts: [] },
    startTime: null,
    ...extra,
  };
}

const hp = (values: Record<string, string | number | boolean>, group = '') => ({
  values,
  group,
  status: 'success' as const,
  startTime: 1,
  endTime: 2,
});

const row = (label: string, values: ExperimentRow['values'], final: number | null, group = ''): ExperimentRow => ({
  key: label,
  label,
  runs: [label],
  group,
  status: 'success',
  values,
  metrics: { 'loss/data': { final, best: final === null ? null : final - 0.1, atStep: null } },
});

describe('experiment rows', () => {
  it('summarises a metric: final, best (min for losses, max otherwise) and the value at or before a step', () => {
    const series = { steps: [0, 10, 20, 30], values: [0.9, 0.3, null, 0.5] };
    expect(summarizeMetric(series, 'loss/data', 25)).toEqual({ final: 0.5, best: 0.3, atStep: 0.3 });
    expect(summarizeMetric(series, 'accuracy/train', 10)).toEqual({ final: 0.5, best: 0.9, atStep: 0.3 });
    expect(summarizeMetric(series, 'loss/data', 30).atStep).toBe(0.5);
    expect(summarizeMetric(series, 'loss/data', -1).atStep).toBeNull();
    expect(summarizeMetric(series, 'loss/data', null).atStep).toBeNull();
    expect(summarizeMetric({ steps: [], values: [] }, 'loss', 5)).toEqual({ final: null, best: null, atStep: null });
    expect([lowerIsBetter('Loss/total'), lowerIsBetter('accuracy')]).toEqual([true, false]);
  });

  it('hides a folder that holds only an experiment record, and reads its hparams and metrics', () => {
    const experiment = { hparams: [{ name: 'hidden' }, { name: 'activation' }], metrics: ['loss/data'] };
    const top = run('.', { experiment }, []);
    const a = run('a', { hparams: hp({ activation: 'relu', hidden: 3, seed: 0, extra: true }) });
    const b = run('b', { hparams: hp({ activation: 'tanh', hidden: 3, seed: 1 }) }, ['loss/data']);
    expect([top, a, b].map(isExperimentOnly)).toEqual([true, false, false]);
    expect(isExperimentOnly(run('empty', {}, []))).toBe(false);
    expect(hparamNames([a, b], experimentsOf([top, a, b]))).toEqual(['hidden', 'activation', 'extra', 'seed']);
    expect(metricTags([a, b], experimentsOf([top]))).toEqual(['loss/data']);
    // Without a record: the scalar tags every run has.
    expect(metricTags([a, b], [])).toEqual(['loss/data']);
    expect(runRow(a, {})).toMatchObject({ key: 'a', group: '', status: 'success', values: { hidden: 3 } });
  });

  it('merges a group into one row: shared values, mean metrics, its runs', () => {
    const rows = [
      row('r0', { act: 'relu', seed: 0 }, 0.2, 'act=relu'),
      row('t0', { act: 'tanh', seed: 0 }, 0.5, 'act=tanh'),
      row('r1', { act: 'relu', seed: 1 }, 0.4, 'act=relu'),
      row('solo', { act: 'elu' }, 0.9),
    ];
    const grouped = groupRows(rows);
    expect(grouped.map((r) => [r.key, r.runs, r.values])).toEqual([
      ['group:act=relu', ['r0', 'r1'], { act: 'relu' }],
      ['group:act=tanh', ['t0'], { act: 'tanh', seed: 0 }],
      ['solo', ['solo'], { act: 'elu' }],
    ]);
    expect(grouped[0]?.metrics['loss/data']?.final).toBeCloseTo(0.3, 12);
    expect(grouped[0]?.metrics['loss/data']?.best).toBeCloseTo(0.2, 12);
    expect(grouped[0]?.metrics['loss/data']?.atStep).toBeNull();
  });

  it('sorts numbers numerically and text naturally, missing values last both ways', () => {
    const rows = [
      row('run10', { h: 10 }, 0.5),
      row('run2', { h: 2 }, null),
      row('run9', { h: 'x' }, 0.05),
      row('run1', {}, 1.5),
    ];
    const key = metricKey('final', 'loss/data');
    expect(sortRows(rows, key, 'asc').map((r) => r.label)).toEqual(['run9', 'run10', 'run1', 'run2']);
    expect(sortRows(rows, key, 'desc').map((r) => r.label)).toEqual(['run1', 'run10', 'run9', 'run2']);
    expect(sortRows(rows, 'run', 'asc').map((r) => r.label)).toEqual(['run1', 'run2', 'run9', 'run10']);
    expect(sortRows(rows, 'hparam:h', 'asc').map((r) => r.label)).toEqual(['run2', 'run10', 'run9', 'run1']);
    expect(sortRows(rows, 'hparam:h', 'desc').map((r) => r.label)).toEqual(['run9', 'run10', 'run2', 'run1']);
  });

  it('filters by name=value, comparisons and plain substrings, all words together', () => {
    const rows = [
      row('relu-h2-s0', { activation: 'relu', hidden: 2 }, 1),
      row('relu-h4-s0', { activation: 'relu', hidden: 4 }, 1),
      row('tanh-h4-s1', { activation: 'tanh', hidden: 4 }, 1),
    ];
    const pick = (text: string) => rows.filter(makeRowFilter(text)).map((r) => r.label);
    expect(pick('activation=relu')).toEqual(['relu-h2-s0', 'relu-h4-s0']);
    expect(pick('Activation=RELU hidden=4')).toEqual(['relu-h4-s0']);
    expect(pick('activation=relu,hidden=4')).toEqual(['relu-h4-s0']);
    expect(pick('hidden>2')).toEqual(['relu-h4-s0', 'tanh-h4-s1']);
    expect(pick('hidden<=2')).toEqual(['relu-h2-s0']);
    expect(pick('activation!=relu')).toEqual(['tanh-h4-s1']);
    expect(pick('s1')).toEqual(['tanh-h4-s1']);
    expect(pick('tan')).toEqual(['tanh-h4-s1']);
    expect(pick('nothing=here')).toEqual([]);
    expect(pick('  ')).toHaveLength(3);
  });
});

describe('chart groups', () => {
  it('draws runs of one session group as one entry when grouping, each run alone otherwise', async () => {
    const runs = [
      run('r0', { hparams: hp({ seed: 0 }, 'act=relu') }),
      run('plain'),
      run('r1', { hparams: hp({ seed: 1 }, 'act=relu') }),
      run('t0', { hparams: hp({ seed: 0 }, 'act=tanh') }),
      run('nogroup', { hparams: hp({ seed: 0 }) }),
    ];
    expect(chartGroups(runs, true).map((g) => [g.label, g.group, g.members.map((m) => m.name)])).toEqual([
      ['act=relu', 'act=relu', ['r0', 'r1']],
      ['plain', '', ['plain']],
      ['act=tanh', 'act=tanh', ['t0']],
      ['nogroup', '', ['nogroup']],
    ]);
    expect(chartGroups(runs, false).map((g) => g.label)).toEqual(['r0', 'plain', 'r1', 't0', 'nogroup']);
  });
});

describe('labels and constant columns', () => {
  it('drops the pairs every group shares from group names', () => {
    const labels = shortGroupLabels([
      'dataset=moons,activation=relu,hidden=3',
      'dataset=moons,activation=tanh,hidden=3',
      'dataset=moons,activation=relu,hidden=10',
    ]);
    expect([...labels.values()]).toEqual([
      'activation=relu,hidden=3',
      'activation=tanh,hidden=3',
      'activation=relu,hidden=10',
    ]);
    expect([...shortGroupLabels(['a=1,b=2', 'a=1,b=3']).values()]).toEqual(['b=2', 'b=3']);
    expect([...shortGroupLabels(['only=1']).values()]).toEqual(['only=1']);
    expect([...shortGroupLabels(['plain name', 'x=1']).values()]).toEqual(['plain name', 'x=1']);
  });

  it('finds the hyperparameters every row shares', () => {
    const rows = [row('a', { dataset: 'moons', hidden: 3, seed: 0 }, 1), row('b', { dataset: 'moons', hidden: 10 }, 1)];
    expect([...constantHparams(rows, ['dataset', 'hidden', 'seed'])]).toEqual([['dataset', 'moons']]);
    expect(constantHparams(rows.slice(0, 1), ['dataset']).size).toBe(0);
  });
});
