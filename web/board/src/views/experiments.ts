import type { RunInfo, ScalarSeries } from '@nnlab/board/api.js';
import { type Axis, type Brush, buildAxis, describeBrush, passesBrushes } from '@nnlab/board/brush.js';
import {
  constantHparams,
  type ExperimentRow,
  groupRows,
  hparamNames,
  type MetricSummary,
  makeRowFilter,
  metricKey,
  metricTags,
  runRow,
  type SortKey,
  shortGroupLabels,
  sortRows,
  sortValue,
  summarizeMetric,
  valueText,
} from '@nnlab/board/experiments.js';
import { type ExportSeries, scalarsCsv, scalarsJson } from '@nnlab/board/export.js';
import { makeFilter } from '@nnlab/board/tags.js';
import { formatValue, h } from '../../../shared/dom.js';
import { renderDiff, renderTable, type TableModel } from './experiments-table.js';
import { ParallelCoords } from './parallel-coords.js';
import { Latest, type View, type ViewContext } from './view.js';

/** Series of every row run and metric tag, fetched once per update. */
type Fetched = Map<string, ScalarSeries>;
const seriesKey = (run: string, tag: string) => `${run}\u0000${tag}`;

/**
 * The experiments tab (TensorBoard's HPARAMS): a table of runs with their hyperparameters
 * and metrics (final, best, at a step), parallel coordinates to brush, grouping of seeds,
 * a two-row diff and the export of the shown runs' scalars.
 */
export class ExperimentsView implements View {
  private readonly filter = h('input', {
    id: 'experiment-filter',
    type: 'search',
    placeholder: 'filter rows: activation=relu hidden>2 …',
    'aria-label': 'filter rows',
  });
  private readonly step = h('input', {
    id: 'experiment-step',
    type: 'number',
    min: 0,
    placeholder: 'last',
    'aria-label': 'step',
  });
  private readonly group = h('input', { id: 'experiments-group', type: 'checkbox' });
  private readonly count = h('span', { class: 'muted exp-count' });
  private readonly brushList = h('div', { class: 'brush-list' });
  private readonly pc = new ParallelCoords((key, brush) => this.setBrush(key, brush));
  private readonly table = h('div', { class: 'exp-table-wrap' });
  private readonly diff = h('div', { class: 'exp-diff' });
  private readonly note = h('p', { class: 'muted exp-note' });
  private readonly constants = h('p', { class: 'exp-constants' });
  readonly root: HTMLElement;
  private readonly latest = new Latest();
  private readonly diffLatest = new Latest();
  private ctx: ViewContext | undefined;
  private fetched: { runs: RunInfo[]; series: Fetched; tags: string[]; hparams: string[] } | undefined;
  /** Rows shown in the table after filter and brushes (the export's runs). */
  private shown: ExperimentRow[] = [];
  private tableSignature = '';

  constructor() {
    this.filter.addEventListener('input', () => this.ctx?.change({ experimentFilter: this.filter.value }));
    this.step.addEventListener('change', () => {
      const v = this.step.value.trim();
      this.ctx?.change({ experimentStep: v === '' || !Number.isFinite(Number(v)) ? null : Number(v) });
    });
    this.group.addEventListener('change', () => this.ctx?.change({ groupByConfig: this.group.checked }));
    const button = (label: string, title: string, onclick: () => void, id: string) =>
      h('button', { type: 'button', id, title, onclick }, label);
    this.root = h(
      'div',
      { class: 'view experiments-view' },
      h(
        'div',
        { class: 'exp-toolbar' },
        this.filter,
        h('label', { class: 'exp-step' }, 'at step ', this.step),
        h(
          'label',
          { class: 'exp-group', title: 'runs of one session group (seeds of one configuration) as one row' },
          this.group,
          'group by configuration',
        ),
        this.count,
        h('span', { class: 'spacer' }),
        h('span', { class: 'muted' }, 'export shown runs:'),
        button(
          'CSV',
          'scalars of the shown runs: run,tag,step,wall_time,value',
          () => this.export('csv'),
          'export-csv',
        ),
        button(
          'JSON',
          'scalars of the shown runs: [{run, tag, points: [[wall_time, step, value]…]}]',
          () => this.export('json'),
          'export-json',
        ),
      ),
      h(
        'section',
        { class: 'card pc-card' },
        h(
          'div',
          { class: 'pc-head' },
          h('h3', {}, 'parallel coordinates'),
          h('span', { class: 'muted' }, 'drag along an axis to brush; click it to clear'),
          this.brushList,
        ),
        this.pc.root,
      ),
      this.note,
      this.constants,
      this.table,
      this.diff,
    );
  }

  update(ctx: ViewContext): void {
    this.ctx = ctx;
    const s = ctx.state.settings;
    if (document.activeElement !== this.filter) this.filter.value = s.experimentFilter;
    if (document.activeElement !== this.step)
      this.step.value = s.experimentStep === null ? '' : String(s.experimentStep);
    this.group.checked = s.groupByConfig;
    const matches = makeFilter(s.runFilter);
    const listed = ctx.state.runs.filter((r) => matches(r.name));
    const withHparams = listed.filter((r) => r.hparams);
    // Runs without session records are listed only when no run has any (then the tab compares metrics).
    const runs = withHparams.length ? withHparams : listed;
    const tags = metricTags(runs, ctx.state.experiments).filter(ctx.tagMatches);
    const hparams = hparamNames(runs, ctx.state.experiments);
    const wanted = runs.flatMap((run) => tags.filter((t) => run.tags.scalars.includes(t)).map((tag) => ({ run, tag })));
    this.latest.run(
      () => Promise.all(wanted.map(({ run, tag }) => ctx.source.get('scalars', run, tag))),
      (series) => {
        const map: Fetched = new Map();
        for (const [i, { run, tag }] of wanted.entries()) map.set(seriesKey(run.name, tag), series[i] as ScalarSeries);
        this.fetched = { runs, series: map, tags, hparams };
        this.render();
      },
      (error) => {
        this.note.textContent = error.message;
      },
    );
  }

  /** Rebuilds rows from the fetched series and draws the plot, the table and the diff. */
  private render(): void {
    const ctx = this.ctx;
    const data = this.fetched;
    if (!ctx || !data) return;
    const s = ctx.state.settings;
    const { runs, series, tags, hparams } = data;
    const lastStep = Math.max(-1, ...[...series.values()].map((x) => x.steps[x.steps.length - 1] ?? -1));
    const step = s.experimentStep ?? (lastStep >= 0 ? lastStep : null);
    let rows = runs.map((run) => {
      const metrics: Record<string, MetricSummary> = {};
      for (const tag of tags) {
        const x = series.get(seriesKey(run.name, tag));
        if (x) metrics[tag] = summarizeMetric(x, tag, step);
      }
      return runRow(run, metrics);
    });
    if (s.groupByConfig) {
      const labels = shortGroupLabels(rows.flatMap((r) => (r.group ? [r.group] : [])));
      rows = groupRows(rows).map((r) =>
        r.runs.length > 1 || r.key.startsWith('group:') ? { ...r, label: labels.get(r.group) ?? r.label } : r,
      );
    }
    // Columns for what tells rows apart; the options every row shares are listed once above the table.
    const constant = constantHparams(rows, hparams);
    const columns = hparams.filter((n) => !constant.has(n) && rows.some((r) => r.values[n] !== undefined));
    this.constants.replaceChildren(
      ...(constant.size
        ? [
            h('span', {}, 'same in every row: '),
            ...[...constant].map(([k, v]) => h('code', {}, `${k}=${valueText(v)}`)),
          ]
        : []),
    );
    const axes = this.axes(ctx, rows, columns, tags);
    // Brushes on axes that are gone (a metric filtered out) no longer apply.
    for (const key of [...ctx.state.brushes.keys()])
      if (!axes.some((a) => a.key === key)) ctx.state.brushes.delete(key);
    const textMatch = makeRowFilter(s.experimentFilter);
    const passes = (row: ExperimentRow) => textMatch(row) && passesBrushes((k) => sortValue(row, k), ctx.state.brushes);
    const hidden = (row: ExperimentRow) => row.runs.every((r) => s.hidden.includes(r));
    this.pc.draw(
      axes,
      rows
        .filter((r) => !hidden(r))
        .map((row) => ({
          key: row.key,
          color: ctx.state.color(row.runs[0] ?? ''),
          value: (k: string) => sortValue(row, k),
          active: passes(row),
        })),
      ctx.state.brushes,
    );
    this.brushList.replaceChildren(
      ...[...ctx.state.brushes].map(([key, brush]) => {
        const axis = axes.find((a) => a.key === key);
        return h(
          'button',
          {
            type: 'button',
            class: 'brush-chip',
            'data-brush': key,
            title: 'remove this brush',
            onclick: () => this.setBrush(key, null),
          },
          `${describeBrush(axis?.label ?? key, brush, formatValue)} ×`,
        );
      }),
      ...(ctx.state.brushes.size > 1
        ? [
            h(
              'button',
              { type: 'button', class: 'brush-chip clear', id: 'clear-brushes', onclick: () => this.clearBrushes() },
              'clear all',
            ),
          ]
        : []),
    );
    const shown = sortRows(rows.filter(passes), s.experimentSort.key, s.experimentSort.dir);
    this.shown = shown.filter((r) => !hidden(r));
    this.count.textContent = `${shown.length} of ${rows.length} ${s.groupByConfig ? 'rows' : 'runs'}`;
    this.root.dataset.rows = String(shown.length);
    this.note.textContent =
      runs.length === 0
        ? 'No runs to list. A sweep (nnlab sweep) writes hyperparameters for each run; any run with scalars is listed too.'
        : runs.some((r) => r.hparams)
          ? ''
          : 'These runs have no hparams records: only their metrics are compared.';
    const model = {
      rows: shown,
      hparams: columns,
      metrics: tags,
      step,
      grouped: s.groupByConfig,
      sort: s.experimentSort,
    };
    // An unchanged table is left alone: rebuilding it under the pointer would swallow a click.
    const signature = JSON.stringify([
      model,
      s.hidden,
      ctx.state.compare,
      shown.map((r) => ctx.state.color(r.runs[0] ?? '')),
    ]);
    if (signature !== this.tableSignature) {
      this.tableSignature = signature;
      this.table.replaceChildren(this.tableOf(ctx, model));
    }
    this.showDiff(ctx, rows, hparams, tags);
  }

  private tableOf(ctx: ViewContext, model: TableModel): HTMLElement {
    return renderTable(ctx.state, model, {
      sort: (key) => this.sortBy(key),
      toggleRun: (row, on) => {
        const rest = ctx.state.settings.hidden.filter((r) => !row.runs.includes(r));
        ctx.change({ hidden: on ? rest : [...rest, ...row.runs] });
      },
      toggleCompare: (row, on) => {
        const rest = ctx.state.compare.filter((k) => k !== row.key);
        ctx.state.compare = on ? [...rest, row.key].slice(-2) : rest;
        this.render();
      },
    });
  }

  private axes(ctx: ViewContext, rows: ExperimentRow[], hparams: string[], tags: string[]): Axis[] {
    const domains = new Map(ctx.state.experiments.flatMap((e) => e.hparams.map((p) => [p.name, p] as const)));
    const axes: Axis[] = [];
    for (const name of hparams) {
      const values = rows.map((r) => r.values[name]);
      // A hyperparameter no row has (a group's seeds) gets no axis.
      if (values.every((v) => v === undefined)) continue;
      const d = domains.get(name);
      axes.push(
        buildAxis(`hparam:${name}`, name, values, {
          ...(d?.values ? { values: d.values } : {}),
          ...(d?.interval ? { interval: d.interval } : {}),
        }),
      );
    }
    for (const tag of tags) {
      const key = metricKey('final', tag);
      axes.push(
        buildAxis(
          key,
          tag,
          rows.map((r) => sortValue(r, key)),
          {},
          true,
        ),
      );
    }
    return axes;
  }

  private sortBy(key: SortKey): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const cur = ctx.state.settings.experimentSort;
    ctx.change({ experimentSort: { key, dir: cur.key === key && cur.dir === 'asc' ? 'desc' : 'asc' } });
  }

  private setBrush(key: string, brush: Brush | null): void {
    const ctx = this.ctx;
    if (!ctx) return;
    if (brush) ctx.state.brushes.set(key, brush);
    else ctx.state.brushes.delete(key);
    this.render();
  }

  private clearBrushes(): void {
    this.ctx?.state.brushes.clear();
    this.render();
  }

  private showDiff(ctx: ViewContext, rows: ExperimentRow[], hparams: string[], tags: string[]): void {
    const [a, b] = ctx.state.compare.map((k) => rows.find((r) => r.key === k));
    if (!a || !b) {
      this.diffLatest.cancel();
      this.diff.replaceChildren(
        ctx.state.compare.length === 1 ? h('p', { class: 'muted' }, 'Pick one more row (diff column) to compare.') : '',
      );
      return;
    }
    const config = async (row: ExperimentRow): Promise<string | null> => {
      const run = row.runs.length === 1 ? ctx.state.runs.find((r) => r.name === row.runs[0]) : undefined;
      const tag = run?.tags.texts.find((t) => t.startsWith('config'));
      if (!run || !tag) return null;
      const texts = await ctx.source.get('texts', run, tag);
      return texts[texts.length - 1]?.text ?? null;
    };
    this.diffLatest.run(
      () => Promise.all([config(a), config(b)]),
      (configs) => this.diff.replaceChildren(renderDiff(ctx.state, a, b, hparams, tags, configs)),
      () => this.diff.replaceChildren(renderDiff(ctx.state, a, b, hparams, tags, [null, null])),
    );
  }

  /** Downloads the scalars (every tag matching the tag filter) of the shown, drawn runs as one file. */
  private async export(format: 'csv' | 'json'): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) return;
    const names = this.shown.flatMap((r) => r.runs).filter((n) => !ctx.state.settings.hidden.includes(n));
    const runs = names
      .map((n) => ctx.state.runs.find((r) => r.name === n))
      .filter((r): r is RunInfo => r !== undefined);
    const wanted = runs.flatMap((run) => run.tags.scalars.filter(ctx.tagMatches).map((tag) => ({ run, tag })));
    const series = await Promise.all(wanted.map(({ run, tag }) => ctx.source.get('scalars', run, tag)));
    const items: ExportSeries[] = wanted.map(({ run, tag }, i) => ({
      run: run.name,
      tag,
      series: series[i] as ScalarSeries,
    }));
    const text = format === 'csv' ? scalarsCsv(items) : scalarsJson(items);
    const blob = new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `nnlab-scalars.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  destroy(): void {
    this.latest.cancel();
    this.diffLatest.cancel();
    this.pc.destroy();
  }
}
