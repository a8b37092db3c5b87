import type { RunInfo } from '@nnlab/board/api.js';
import { makeFilter } from '@nnlab/board/tags.js';
import { h } from '../../shared/dom.js';
import type { BoardState, HistogramMode, Settings, XAxis, YScale } from './state.js';

/**
 * The left column: runs (colour, on/off, filter), the tag filter, and the settings of
 * the open tab. Built once; only the run list is redrawn when runs change, so typing
 * in a filter keeps focus.
 */
export class Sidebar {
  readonly root: HTMLElement;
  private readonly runList = h('ul', { class: 'run-list' });
  private readonly runCount = h('span', { class: 'muted' });
  private readonly settingsBox = h('div', { class: 'settings' });

  constructor(
    private readonly state: BoardState,
    private readonly changed: (patch: Partial<Settings>) => void,
  ) {
    const s = state.settings;
    const runFilter = h('input', {
      id: 'run-filter',
      type: 'search',
      placeholder: 'filter runs (regex)',
      value: s.runFilter,
      'aria-label': 'filter runs',
    });
    runFilter.addEventListener('input', () => this.changed({ runFilter: runFilter.value }));
    const tagFilter = h('input', {
      id: 'tag-filter',
      type: 'search',
      placeholder: 'filter tags (regex)',
      value: s.tagFilter,
      'aria-label': 'filter tags',
    });
    tagFilter.addEventListener('input', () => this.changed({ tagFilter: tagFilter.value }));
    const all = h('button', { type: 'button', onclick: () => this.changed({ hidden: [] }) }, 'all');
    const none = h(
      'button',
      { type: 'button', onclick: () => this.changed({ hidden: this.state.runs.map((r) => r.name) }) },
      'none',
    );
    this.root = h(
      'aside',
      { class: 'sidebar' },
      h(
        'section',
        {},
        h('h2', {}, 'Runs ', this.runCount),
        runFilter,
        h('div', { class: 'buttons' }, all, none),
        this.runList,
      ),
      h('section', {}, h('h2', {}, 'Tags'), tagFilter),
      this.settingsBox,
    );
    this.renderSettings();
  }

  /** Redraws the run list (after new runs or a filter change). */
  renderRuns(): void {
    const { settings, runs } = this.state;
    const matches = makeFilter(settings.runFilter);
    const shown = runs.filter((r) => matches(r.name));
    this.runCount.textContent = `${shown.length}/${runs.length}`;
    this.runList.replaceChildren(
      ...shown.map((run) => this.runItem(run, !settings.hidden.includes(run.name))),
      ...(runs.length === 0 ? [h('li', { class: 'muted' }, 'no runs yet')] : []),
    );
  }

  private runItem(run: RunInfo, on: boolean): HTMLElement {
    const box = h('input', { type: 'checkbox', checked: on, 'data-run': run.name });
    box.addEventListener('change', () => {
      const hidden = this.state.settings.hidden.filter((n) => n !== run.name);
      if (!box.checked) hidden.push(run.name);
      this.changed({ hidden });
    });
    return h(
      'li',
      {},
      h(
        'label',
        { title: run.files.join('\n') },
        box,
        h('span', { class: 'swatch', style: `background:${this.state.color(run.name)}` }),
        h('span', { class: 'run-name' }, run.name),
        run.warnings.length > 0 && h('span', { class: 'warn-icon', title: run.warnings.join('\n') }, '⚠'),
      ),
    );
  }

  /** Redraws the settings of the open tab. */
  renderSettings(): void {
    const s = this.state.settings;
    const rows: HTMLElement[] = [];
    if (s.tab === 'scalars' || s.tab === 'dead units') {
      const value = h('output', { id: 'smoothing-value' }, s.smoothing.toFixed(2));
      const slider = h('input', {
        id: 'smoothing',
        type: 'range',
        min: 0,
        max: 0.99,
        step: 0.01,
        value: s.smoothing,
        'aria-label': 'smoothing',
      });
      slider.addEventListener('input', () => {
        value.textContent = Number(slider.value).toFixed(2);
        this.changed({ smoothing: Number(slider.value) });
      });
      rows.push(h('label', { class: 'setting' }, 'Smoothing', h('div', { class: 'row' }, slider, value)));
      rows.push(
        this.select('y-scale', 'Y axis', ['linear', 'log'], s.yScale, (v) => this.changed({ yScale: v as YScale })),
      );
    }
    if (s.tab === 'scalars') {
      const box = h('input', { id: 'group-by-config', type: 'checkbox', checked: s.groupByConfig });
      box.addEventListener('change', () => this.changed({ groupByConfig: box.checked }));
      rows.push(
        h(
          'label',
          {
            class: 'setting check',
            title: 'runs of one hparams session group (seeds of one configuration): one mean curve in a min–max band',
          },
          box,
          'Group by configuration',
        ),
      );
    }
    if (s.tab === 'scalars' || s.tab === 'dead units' || s.tab === 'distributions')
      rows.push(
        this.select('x-axis', 'X axis', ['step', 'relative', 'wall'], s.xAxis, (v) =>
          this.changed({ xAxis: v as XAxis }),
        ),
      );
    if (s.tab === 'histograms')
      rows.push(
        this.select('histogram-mode', 'Mode', ['offset', 'overlay'], s.histogramMode, (v) =>
          this.changed({ histogramMode: v as HistogramMode }),
        ),
      );
    this.settingsBox.replaceChildren(...(rows.length ? [h('h2', {}, 'Settings'), ...rows] : []));
  }

  private select(id: string, label: string, options: string[], value: string, set: (v: string) => void): HTMLElement {
    const el = h('select', { id }, ...options.map((o) => h('option', { value: o, selected: o === value }, o)));
    el.value = value;
    el.addEventListener('change', () => set(el.value));
    return h('label', { class: 'setting' }, label, el);
  }
}
