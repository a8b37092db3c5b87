import { diffValues, parseConfigTable } from '@nnlab/board/diff.js';
import {
  type ExperimentRow,
  lowerIsBetter,
  type MetricStat,
  metricKey,
  type SortKey,
  valueText,
} from '@nnlab/board/experiments.js';
import { formatValue, h } from '../../../shared/dom.js';
import type { BoardState } from '../state.js';

/** What the table draws. */
export interface TableModel {
  rows: ExperimentRow[];
  hparams: string[];
  metrics: string[];
  step: number | null;
  grouped: boolean;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
}

/** What the table's controls do. */
export interface TableActions {
  sort(key: SortKey): void;
  toggleRun(row: ExperimentRow, on: boolean): void;
  toggleCompare(row: ExperimentRow, on: boolean): void;
}

const STATS: Array<[MetricStat, string]> = [
  ['final', 'final'],
  ['best', 'best'],
  ['atStep', '@ step'],
];

/** The experiments table: a row per run (or group), sortable headers, best value of each metric column in bold. */
export function renderTable(state: BoardState, model: TableModel, act: TableActions): HTMLElement {
  const { rows, hparams, metrics, sort } = model;
  const sortable = (key: SortKey, label: string, attrs: Record<string, string | number> = {}) => {
    const arrow = sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
    return h(
      'th',
      {
        ...attrs,
        class: `sortable${sort.key === key ? ' sorted' : ''}`,
        'data-sort': key,
        onclick: () => act.sort(key),
      },
      label,
      h('span', { class: 'arrow' }, arrow),
    );
  };
  const top = h(
    'tr',
    {},
    h('th', { rowspan: 2, title: 'drawn (the sidebar’s run switch)' }, '✓'),
    h('th', { rowspan: 2, title: 'pick two rows to compare them' }, 'diff'),
    sortable('run', model.grouped ? 'run / group' : 'run', { rowspan: 2 }),
    sortable('status', 'status', { rowspan: 2 }),
    model.grouped && sortable('count', 'runs', { rowspan: 2 }),
    ...hparams.map((name) => sortable(`hparam:${name}`, name, { rowspan: 2, class: 'hparam' })),
    ...metrics.map((tag) =>
      h('th', { colspan: 3, class: 'metric', title: lowerIsBetter(tag) ? 'lower is better' : 'higher is better' }, tag),
    ),
  );
  const stepLabel = model.step === null ? '@ step' : `@ ${model.step}`;
  const sub = h(
    'tr',
    {},
    ...metrics.flatMap((tag) =>
      STATS.map(([stat, label]) => sortable(metricKey(stat, tag), stat === 'atStep' ? stepLabel : label)),
    ),
  );
  const best = new Map<string, number>();
  for (const tag of metrics)
    for (const [stat] of STATS) {
      const vs = rows.map((r) => r.metrics[tag]?.[stat]).filter((v): v is number => v !== null && v !== undefined);
      if (vs.length > 1) best.set(metricKey(stat, tag), lowerIsBetter(tag) ? Math.min(...vs) : Math.max(...vs));
    }
  const body = rows.map((row) => {
    const on = row.runs.some((r) => !state.settings.hidden.includes(r));
    const drawn = h('input', {
      type: 'checkbox',
      checked: on,
      'data-row-run': row.key,
      'aria-label': `draw ${row.label}`,
    });
    drawn.addEventListener('change', () => act.toggleRun(row, drawn.checked));
    const picked = state.compare.includes(row.key);
    const compare = h('input', {
      type: 'checkbox',
      checked: picked,
      'data-compare': row.key,
      'aria-label': `compare ${row.label}`,
    });
    compare.addEventListener('change', () => act.toggleCompare(row, compare.checked));
    return h(
      'tr',
      { 'data-row': row.key, class: `${on ? '' : 'off'}${picked ? ' picked' : ''}`.trim() },
      h('td', {}, drawn),
      h('td', {}, compare),
      h(
        'td',
        { class: 'run-cell', 'data-col': 'run', title: row.runs.join('\n') },
        h('span', { class: 'swatch', style: `background:${state.color(row.runs[0] ?? '')}` }),
        row.label,
      ),
      h('td', { 'data-col': 'status', class: `status ${row.status}` }, row.status),
      model.grouped && h('td', { 'data-col': 'count', class: 'num' }, String(row.runs.length)),
      ...hparams.map((name) =>
        h(
          'td',
          { 'data-col': `hparam:${name}`, class: typeof row.values[name] === 'number' ? 'num' : '' },
          valueText(row.values[name]),
        ),
      ),
      ...metrics.flatMap((tag) =>
        STATS.map(([stat]) => {
          const key = metricKey(stat, tag);
          const v = row.metrics[tag]?.[stat] ?? null;
          return h(
            'td',
            {
              'data-col': key,
              class: `num metric-cell${v !== null && best.get(key) === v ? ' best' : ''}`,
              title: v === null ? 'not logged' : String(v),
            },
            formatValue(v),
          );
        }),
      ),
    );
  });
  return h(
    'table',
    { class: 'exp-table' },
    h('thead', {}, top, sub),
    h('tbody', {}, ...(body.length ? body : [h('tr', {}, h('td', { colspan: 99, class: 'empty' }, 'no row matches'))])),
  );
}

/** The logged configurations' differing options, and how many others agree (they repeat the hyperparameters). */
function configSection(
  section: (title: string, rows: ReturnType<typeof diffValues>) => HTMLElement[] | null,
  rows: ReturnType<typeof diffValues>,
): HTMLElement[] {
  const differing = rows.filter((r) => r.differs);
  const same = rows.length - differing.length;
  return [
    ...(section('configuration (config text)', differing) ?? [
      h('tr', { class: 'diff-section' }, h('th', { colspan: 3 }, 'configuration (config text)')),
    ]),
    h(
      'tr',
      { class: 'diff-same' },
      h('td', { colspan: 3, class: 'muted' }, `${same} other option${same === 1 ? '' : 's'} the same`),
    ),
  ];
}

/** Two rows side by side: status, every hyperparameter, final metrics and the logged configuration, differences marked. */
export function renderDiff(
  state: BoardState,
  a: ExperimentRow,
  b: ExperimentRow,
  hparams: string[],
  metrics: string[],
  configs: [string | null, string | null],
): HTMLElement {
  const section = (title: string, rows: ReturnType<typeof diffValues>) =>
    rows.length === 0
      ? null
      : [
          h('tr', { class: 'diff-section' }, h('th', { colspan: 3 }, title)),
          ...rows.map((r) =>
            h(
              'tr',
              { class: r.differs ? 'differs' : '', 'data-name': r.name },
              h('th', {}, r.name),
              h('td', {}, r.a || '–'),
              h('td', {}, r.b || '–'),
            ),
          ),
        ];
  const metricValues = (row: ExperimentRow) =>
    Object.fromEntries(metrics.map((t) => [`${t} (final)`, formatValue(row.metrics[t]?.final ?? null)]));
  const [ca, cb] = configs.map((c) => (c === null ? null : parseConfigTable(c)));
  const head = (row: ExperimentRow) =>
    h('th', {}, h('span', { class: 'swatch', style: `background:${state.color(row.runs[0] ?? '')}` }), row.label);
  const differing = diffValues(a.values, b.values, hparams).filter((r) => r.differs).length;
  return h(
    'div',
    { class: 'diff-panel' },
    h(
      'h2',
      {},
      `Comparing two ${a.runs.length > 1 || b.runs.length > 1 ? 'groups' : 'runs'}`,
      h(
        'span',
        { class: 'muted' },
        differing === 1 ? ' · 1 hyperparameter differs' : ` · ${differing} hyperparameters differ`,
      ),
    ),
    h(
      'table',
      { class: 'diff-table' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), head(a), head(b))),
      h(
        'tbody',
        {},
        ...(section(
          'run',
          diffValues(
            { status: a.status, runs: String(a.runs.length) },
            { status: b.status, runs: String(b.runs.length) },
            ['status', 'runs'],
          ),
        ) ?? []),
        ...(section('hyperparameters', diffValues(a.values, b.values, hparams)) ?? []),
        ...(section(
          'metrics',
          diffValues(
            metricValues(a),
            metricValues(b),
            metrics.map((t) => `${t} (final)`),
          ),
        ) ?? []),
        ...(ca && cb ? configSection(section, diffValues(ca, cb, Object.keys(ca))) : []),
      ),
    ),
  );
}
