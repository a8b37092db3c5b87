import { meanOf, type StepSeries } from './aggregate.js';
import type { ExperimentInfo, HParamValueInfo, RunInfo } from './api.js';

// The experiments tab's data: one row per run (or per group of seeds), its hyperparameters
// and, for each metric tag, the final, best and at-a-step value. Pure, so the table, the
// parallel coordinates and the tests share one reading of the numbers.

/** A run that holds nothing but an experiment record (a sweep's top folder): not a run to list. */
export function isExperimentOnly(run: RunInfo): boolean {
  const { scalars, histograms, images, texts } = run.tags;
  return (
    run.experiment !== undefined &&
    run.hparams === undefined &&
    scalars.length + histograms.length + images.length + texts.length === 0
  );
}

/** Whether lower is better for a metric: tags containing "loss" are minimised, the rest (accuracies) maximised. */
export function lowerIsBetter(tag: string): boolean {
  return tag.toLowerCase().includes('loss');
}

/** A metric of one row: its last value, its best value, its value at the chosen step (null when not logged). */
export interface MetricSummary {
  final: number | null;
  best: number | null;
  atStep: number | null;
}

/** Which of a metric's values a column shows. */
export type MetricStat = keyof MetricSummary;

/**
 * A series' final value (the last finite one), best value (min for loss tags, else max)
 * and value at `step`: the last finite value logged at or before `step` (null when
 * `step` is null or precedes every point).
 */
export function summarizeMetric(series: StepSeries, tag: string, step: number | null): MetricSummary {
  const low = lowerIsBetter(tag);
  let final: number | null = null;
  let best: number | null = null;
  let atStep: number | null = null;
  const n = Math.min(series.steps.length, series.values.length);
  for (let i = 0; i < n; i++) {
    const v = series.values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    final = v;
    if (best === null || (low ? v < best : v > best)) best = v;
    if (step !== null && (series.steps[i] as number) <= step) atStep = v;
  }
  return { final, best, atStep };
}

/** One row of the table: a run, or a group of runs that differ only in seed. */
export interface ExperimentRow {
  /** The run's name, or `group:` and the group's name. */
  key: string;
  /** What the row is called: the run's or the group's name. */
  label: string;
  /** The runs it stands for (one, or a group's members in run order). */
  runs: string[];
  /** The session group (empty when the run has none). */
  group: string;
  status: string;
  /** Hyperparameters; a group holds only those all its members share. */
  values: Record<string, HParamValueInfo>;
  /** By metric tag; a group's are the means of its members'. */
  metrics: Record<string, MetricSummary>;
}

/** A row for a run, with its metric summaries. */
export function runRow(run: RunInfo, metrics: Record<string, MetricSummary>): ExperimentRow {
  return {
    key: run.name,
    label: run.name,
    runs: [run.name],
    group: run.hparams?.group ?? '',
    status: run.hparams?.status ?? '',
    values: { ...(run.hparams?.values ?? {}) },
    metrics,
  };
}

/**
 * Rows of one group merged into one per group, in order of first appearance: the values
 * all members share, the mean of each metric statistic over the members that have it,
 * the statuses (one word when they agree). Rows with no group stay as they are.
 */
export function groupRows(rows: readonly ExperimentRow[]): ExperimentRow[] {
  const out: ExperimentRow[] = [];
  const groups = new Map<string, ExperimentRow[]>();
  for (const row of rows) {
    if (!row.group) {
      out.push(row);
      continue;
    }
    const members = groups.get(row.group);
    if (members) members.push(row);
    else {
      const list = [row];
      groups.set(row.group, list);
      // A placeholder keeps the group where its first member was.
      out.push({ ...row, key: `group:${row.group}` });
    }
  }
  return out.map((row) => (row.key.startsWith('group:') ? mergeGroup(groups.get(row.group) ?? [row]) : row));
}

function mergeGroup(members: readonly ExperimentRow[]): ExperimentRow {
  const first = members[0] as ExperimentRow;
  const values: Record<string, HParamValueInfo> = {};
  for (const [name, v] of Object.entries(first.values))
    if (members.every((m) => Object.hasOwn(m.values, name) && m.values[name] === v)) values[name] = v;
  const tags = [...new Set(members.flatMap((m) => Object.keys(m.metrics)))];
  const metrics: Record<string, MetricSummary> = {};
  for (const tag of tags) {
    const of = (stat: MetricStat) => meanOf(members.map((m) => m.metrics[tag]?.[stat]));
    metrics[tag] = { final: of('final'), best: of('best'), atStep: of('atStep') };
  }
  const statuses = [...new Set(members.map((m) => m.status))];
  return {
    key: `group:${first.group}`,
    label: first.group,
    runs: members.flatMap((m) => m.runs),
    group: first.group,
    status: statuses.length === 1 ? (statuses[0] as string) : statuses.join(', '),
    values,
    metrics,
  };
}

/** The experiment records among runs (a sweep's top folder, or PyTorch's beside each session). */
export function experimentsOf(runs: readonly RunInfo[]): ExperimentInfo[] {
  return runs.flatMap((r) => (r.experiment ? [r.experiment] : []));
}

/** Hyperparameter columns: the experiment records' order first, then any other name the runs have, sorted. */
export function hparamNames(runs: readonly RunInfo[], experiments: readonly ExperimentInfo[]): string[] {
  const names = [...new Set(experiments.flatMap((e) => e.hparams.map((h) => h.name)))];
  const rest = new Set(runs.flatMap((r) => Object.keys(r.hparams?.values ?? {})));
  for (const n of names) rest.delete(n);
  return [...names, ...[...rest].sort()];
}

/** Metric tags: the experiment records' metrics if there are any, else the scalar tags every run has. */
export function metricTags(runs: readonly RunInfo[], experiments: readonly ExperimentInfo[]): string[] {
  const declared = [...new Set(experiments.flatMap((e) => e.metrics))];
  if (declared.length) return declared;
  if (runs.length === 0) return [];
  const [first, ...rest] = runs as [RunInfo, ...RunInfo[]];
  return first.tags.scalars.filter((t) => rest.every((r) => r.tags.scalars.includes(t))).sort();
}

/** A value as the table writes it and the text filter reads it. */
export function valueText(v: HParamValueInfo | undefined): string {
  return v === undefined ? '' : String(v);
}

const COMPARE = /^([^=<>!]+?)\s*(<=|>=|!=|=|<|>)\s*(.*)$/;

/**
 * A filter typed over rows: words separated by spaces (or commas), all of which must
 * match. `name=value` (also `!=`, `<`, `<=`, `>`, `>=` for numbers) tests a
 * hyperparameter; any other word is a case-insensitive substring of the row's name or
 * of one of its `name=value` pairs.
 */
export function makeRowFilter(text: string): (row: ExperimentRow) => boolean {
  const words = text
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const tests = words.map((word): ((row: ExperimentRow) => boolean) => {
    const m = COMPARE.exec(word);
    if (m) {
      const [, name = '', op = '=', want = ''] = m;
      return (row) => {
        const key = Object.keys(row.values).find((k) => k.toLowerCase() === name);
        if (key === undefined) return op === '!=';
        return compareValue(row.values[key] as HParamValueInfo, op, want);
      };
    }
    return (row) =>
      row.label.toLowerCase().includes(word) ||
      Object.entries(row.values).some(([k, v]) => `${k}=${valueText(v)}`.toLowerCase().includes(word));
  });
  return (row) => tests.every((t) => t(row));
}

function compareValue(v: HParamValueInfo, op: string, want: string): boolean {
  const text = valueText(v).toLowerCase();
  const num = Number(want);
  const numeric = typeof v === 'number' && want !== '' && Number.isFinite(num);
  if (op === '=') return numeric ? v === num : text === want;
  if (op === '!=') return numeric ? v !== num : text !== want;
  if (!numeric) return false;
  if (op === '<') return v < num;
  if (op === '<=') return v <= num;
  if (op === '>') return v > num;
  return v >= num;
}

/** A sortable column: `run`, `status`, `count`, `hparam:NAME` or `metric:STAT:TAG`. */
export type SortKey = string;

/** The sort key of a metric column. */
export function metricKey(stat: MetricStat, tag: string): SortKey {
  return `metric:${stat}:${tag}`;
}

/** The value a row is sorted by in a column (undefined when missing). */
export function sortValue(row: ExperimentRow, key: SortKey): HParamValueInfo | null | undefined {
  if (key === 'run') return row.label;
  if (key === 'status') return row.status || undefined;
  if (key === 'count') return row.runs.length;
  if (key.startsWith('hparam:')) return row.values[key.slice(7)];
  if (key.startsWith('metric:')) {
    const rest = key.slice(7);
    const colon = rest.indexOf(':');
    return row.metrics[rest.slice(colon + 1)]?.[rest.slice(0, colon) as MetricStat] ?? undefined;
  }
  return undefined;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Rows sorted by a column: numbers numerically, text in natural order (`run2` before
 * `run10`), booleans false first, missing values last in either direction; ties keep the
 * given order.
 */
export function sortRows(rows: readonly ExperimentRow[], key: SortKey, dir: 'asc' | 'desc'): ExperimentRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: sortValue(row, key) }))
    .sort((a, b) => {
      const am = a.v === undefined || a.v === null || (typeof a.v === 'number' && Number.isNaN(a.v));
      const bm = b.v === undefined || b.v === null || (typeof b.v === 'number' && Number.isNaN(b.v));
      if (am || bm) return am === bm ? a.i - b.i : am ? 1 : -1;
      const c = compareValues(a.v as HParamValueInfo, b.v as HParamValueInfo);
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.row);
}

function compareValues(a: HParamValueInfo, b: HParamValueInfo): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return collator.compare(String(a), String(b));
}

/** Runs drawn together on a chart: one run, or the runs of one session group. */
export interface RunGroup<R> {
  /** The group's name, or the run's. */
  label: string;
  /** The session group; empty for a run drawn on its own. */
  group: string;
  members: R[];
}

/**
 * Runs as the scalar charts draw them: with `byConfig`, runs sharing a non-empty
 * session group become one entry (where its first run was), the others stay single.
 */
export function chartGroups<R extends Pick<RunInfo, 'name' | 'hparams'>>(
  runs: readonly R[],
  byConfig: boolean,
): RunGroup<R>[] {
  const out: RunGroup<R>[] = [];
  const byName = new Map<string, RunGroup<R>>();
  for (const run of runs) {
    const group = byConfig ? (run.hparams?.group ?? '') : '';
    if (!group) {
      out.push({ label: run.name, group: '', members: [run] });
      continue;
    }
    const found = byName.get(group);
    if (found) found.members.push(run);
    else {
      const entry = { label: group, group, members: [run] };
      byName.set(group, entry);
      out.push(entry);
    }
  }
  return out;
}

/**
 * Hyperparameters that tell no row from another: every row has the same value (a
 * sweep's fixed options). Nothing is constant among fewer than two rows.
 */
export function constantHparams(
  rows: readonly ExperimentRow[],
  names: readonly string[],
): Map<string, HParamValueInfo> {
  const out = new Map<string, HParamValueInfo>();
  if (rows.length < 2) return out;
  for (const name of names) {
    const first = rows[0]?.values[name];
    if (first !== undefined && rows.every((r) => r.values[name] === first)) out.set(name, first);
  }
  return out;
}

/**
 * Short labels for session groups named `name=value,name=value,…` (as nnlab names them):
 * the pairs every group shares are dropped, so `dataset=moons,activation=relu,hidden=3`
 * beside `dataset=moons,activation=tanh,hidden=3` reads `activation=relu`. A name that is
 * not such a list, or would become empty, is kept whole.
 */
export function shortGroupLabels(groups: readonly string[]): Map<string, string> {
  const unique = [...new Set(groups)];
  const pairs = unique.map((g) => g.split(','));
  const parsed = pairs.every((ps) => ps.every((p) => p.includes('=')));
  const shared =
    parsed && unique.length > 1
      ? pairs.slice(1).reduce((acc, ps) => acc.filter((p) => ps.includes(p)), pairs[0] ?? [])
      : [];
  return new Map(
    unique.map((g, i) => {
      const rest = (pairs[i] ?? []).filter((p) => !shared.includes(p));
      return [g, rest.length ? rest.join(',') : g];
    }),
  );
}
