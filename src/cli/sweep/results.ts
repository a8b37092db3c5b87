import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lowerIsBetter } from '../../board/experiments.js';
import { csvField } from '../../board/export.js';
import type { HParamValue } from '../../summary/hparams.js';
import { type EventFileContents, emptyContents, readEventFile } from '../../summary/reader.js';
import { formatFloat32 } from '../../util/format.js';
import type { Objective, SweepCommand, SweepPlan, Trial } from './plan.js';

/** How a trial stands. */
export type TrialStatus = 'pending' | 'running' | 'done' | 'failed' | 'interrupted';

/** A metric's last value and its best (smallest loss, largest anything else), each with its step. */
export interface TrialMetric {
  final: number;
  finalStep: number;
  best: number;
  bestStep: number;
}

/** One trial's outcome, as sweep.json lists it. */
export interface TrialResult {
  name: string;
  /** The grid's values (strings, as given) and the run's own hyperparameters (typed, from its session record). */
  values: Record<string, string>;
  hparams: Record<string, HParamValue>;
  status: TrialStatus;
  /** A failed trial's last line of error output. */
  error?: string;
  /** Seconds of training the sweep saw (summed over resumed attempts). */
  wallSeconds: number;
  metrics: Record<string, TrialMetric>;
  /** The command that reproduces the trial alone. */
  command: string;
  args: string[];
  /** The base options and grid values that make the trial (what a re-run compares). */
  settings: string[];
}

/** The metric tags of a run: losses and accuracies (not the per-layer statistics). */
export function isMetricTag(tag: string): boolean {
  return /^(loss|accuracy)(\/|$)/.test(tag);
}

/** Every event file of a run folder, read and merged (none: empty). */
function readRun(dir: string): EventFileContents {
  const out = emptyContents();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir)
    .filter((f) => f.includes('tfevents'))
    .sort()) {
    let contents: EventFileContents;
    try {
      contents = readEventFile(readFileSync(join(dir, file)), file);
    } catch {
      continue; // a damaged file of an aborted attempt: the trial is then not finished
    }
    for (const [tag, points] of contents.scalars) out.scalars.set(tag, [...(out.scalars.get(tag) ?? []), ...points]);
    if (contents.hparams) out.hparams = { ...out.hparams, ...contents.hparams };
  }
  return out;
}

/** What a trial's run folder says: the run's hyperparameters, its metrics, whether it finished. */
export interface RunOutcome {
  hparams: Record<string, HParamValue>;
  metrics: Record<string, TrialMetric>;
  /** Its session end says success. */
  finished: boolean;
}

/** Reads a trial's run folder (once a trial ends: its event files are large, with histograms). */
export function readOutcome(dir: string): RunOutcome {
  const contents = readRun(dir);
  return {
    hparams: contents.hparams?.sessionStart?.hparams ?? {},
    metrics: summarizeMetrics(contents),
    finished: contents.hparams?.sessionEnd?.status === 'success',
  };
}

/** Final and best value of every metric tag of a run. */
function summarizeMetrics(contents: EventFileContents): Record<string, TrialMetric> {
  const out: Record<string, TrialMetric> = {};
  for (const [tag, points] of [...contents.scalars].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isMetricTag(tag) || points.length === 0) continue;
    const last = points[points.length - 1] as (typeof points)[number];
    let best = points[0] as (typeof points)[number];
    for (const p of points) {
      if (lowerIsBetter(tag) ? p.value < best.value : p.value > best.value) best = p;
    }
    out[tag] = { final: last.value, finalStep: last.step, best: best.value, bestStep: best.step };
  }
  return out;
}

/** Sorts results by the objective's final value, best first; trials without it come last, in grid order. */
export function rankResults(results: readonly TrialResult[], objective: Objective): TrialResult[] {
  const key = (r: TrialResult) => r.metrics[objective.tag]?.final;
  return [...results].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y))
      return (x === undefined || Number.isNaN(x) ? 1 : 0) - (y === undefined || Number.isNaN(y) ? 1 : 0);
    return objective.mode === 'min' ? x - y : y - x;
  });
}

/** The metric tags any result has, the objective first. */
export function metricTags(results: readonly TrialResult[], objective: Objective): string[] {
  const tags = new Set<string>();
  for (const r of results) for (const tag of Object.keys(r.metrics)) tags.add(tag);
  const rest = [...tags].filter((t) => t !== objective.tag).sort();
  return tags.has(objective.tag) ? [objective.tag, ...rest] : rest;
}

/** Everything the sweep files hold. */
export interface SweepReport {
  command: SweepCommand;
  objective: Objective;
  grid: SweepPlan['grid'];
  baseArgs: string[];
  trials: TrialResult[];
  /** Trials earlier runs of a sweep in this folder made that this grid does not have. */
  otherTrials?: TrialResult[];
}

const num = (x: number | undefined) => (x === undefined ? '' : formatFloat32(x));

/**
 * The results as CSV: one row per trial, ranked; the grid's values, then every other
 * hyperparameter the runs report, every metric's final and best value with their steps.
 */
export function resultsCsv(report: SweepReport): string {
  const ranked = rankResults(report.trials, report.objective);
  const axes = report.grid.map((a) => a.name);
  const others = [...new Set(ranked.flatMap((r) => Object.keys(r.hparams)))].filter((n) => !axes.includes(n));
  const tags = metricTags(ranked, report.objective);
  const header = [
    'rank',
    'trial',
    ...axes,
    ...others,
    'status',
    ...tags.flatMap((t) => [`${t} (final)`, `${t} (final step)`, `${t} (best)`, `${t} (best step)`]),
    'wall_s',
    'command',
  ];
  const rows = ranked.map((r, i) => [
    String(i + 1),
    r.name,
    ...axes.map((a) => r.values[a] ?? ''),
    ...others.map((n) => (r.hparams[n] === undefined ? '' : String(r.hparams[n]))),
    r.status,
    ...tags.flatMap((t) => {
      const m = r.metrics[t];
      return [num(m?.final), m ? String(m.finalStep) : '', num(m?.best), m ? String(m.bestStep) : ''];
    }),
    r.wallSeconds.toFixed(2),
    r.command,
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

/** The results as a Markdown table (ranked), then how to reproduce each trial. */
export function resultsMarkdown(report: SweepReport): string {
  const ranked = rankResults(report.trials, report.objective);
  const axes = report.grid.map((a) => a.name);
  const tags = metricTags(ranked, report.objective);
  const { tag, mode } = report.objective;
  const header = ['#', ...axes, 'status', ...tags.map((t) => `${t} final`), `${tag} best (step)`, 'time'];
  const rows = ranked.map((r, i) => {
    const best = r.metrics[tag];
    return [
      String(i + 1),
      ...axes.map((a) => r.values[a] ?? ''),
      r.status === 'failed' && r.error ? `failed: ${r.error}` : r.status,
      ...tags.map((t) => num(r.metrics[t]?.final)),
      best ? `${num(best.best)} (${best.bestStep})` : '',
      `${r.wallSeconds.toFixed(1)} s`,
    ];
  });
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    `# nnlab sweep ${report.command}: ${ranked.length} trials, by ${tag} (${mode === 'min' ? 'lowest' : 'highest'} first)`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
    'Each trial alone:',
    '',
    '```sh',
    ...ranked.map((r) => r.command),
    '```',
    '',
  ].join('\n');
}

/** The shell command that runs one trial by hand. */
export function trialCommand(command: SweepCommand, trial: Trial): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['npx', 'nnlab', command, ...trial.args].map(quote).join(' ');
}
