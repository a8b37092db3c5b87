import type { ExperimentInfo, RunInfo } from '@nnlab/board/api.js';
import type { Brush } from '@nnlab/board/brush.js';
import { runColor } from '@nnlab/board/colors.js';
import { experimentsOf, isExperimentOnly, type SortKey } from '@nnlab/board/experiments.js';

export const TABS = ['scalars', 'experiments', 'distributions', 'histograms', 'images', 'text', 'dead units'] as const;
export type Tab = (typeof TABS)[number];
export type XAxis = 'step' | 'relative' | 'wall';
export type YScale = 'linear' | 'log';
export type HistogramMode = 'offset' | 'overlay';

/** What the user chose; kept in localStorage so a reload keeps the view. */
export interface Settings {
  tab: Tab;
  smoothing: number;
  xAxis: XAxis;
  yScale: YScale;
  histogramMode: HistogramMode;
  runFilter: string;
  tagFilter: string;
  /** Runs the user switched off. */
  hidden: string[];
  /** Runs of one hparams session group drawn as one mean curve with a min–max band, one table row. */
  groupByConfig: boolean;
  /** Tag groups whose tags the scalars tab draws on one chart. */
  overlayGroups: string[];
  /** The experiments table's sort column and direction. */
  experimentSort: { key: SortKey; dir: 'asc' | 'desc' };
  /** The experiments table's text filter. */
  experimentFilter: string;
  /** The step of the table's "at step" columns (null: the last step any row logged). */
  experimentStep: number | null;
}

const DEFAULTS: Settings = {
  tab: 'scalars',
  smoothing: 0.6,
  xAxis: 'step',
  yScale: 'linear',
  histogramMode: 'offset',
  runFilter: '',
  tagFilter: '',
  hidden: [],
  groupByConfig: false,
  overlayGroups: [],
  experimentSort: { key: 'run', dir: 'asc' },
  experimentFilter: '',
  experimentStep: null,
};

const KEY = 'nnlab-board-settings';

/** The settings of a board nobody has changed (an embedding page starts from them, in memory only). */
export function defaultSettings(): Settings {
  return { ...DEFAULTS };
}

export function loadSettings(): Settings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
    const s = { ...DEFAULTS, ...saved };
    if (!TABS.includes(s.tab)) s.tab = DEFAULTS.tab;
    if (!(s.smoothing >= 0 && s.smoothing < 1)) s.smoothing = DEFAULTS.smoothing;
    if (!Array.isArray(s.overlayGroups)) s.overlayGroups = [];
    if (typeof s.experimentSort?.key !== 'string') s.experimentSort = DEFAULTS.experimentSort;
    if (!(s.experimentStep === null || Number.isFinite(s.experimentStep))) s.experimentStep = null;
    return s;
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveSettings(s: Settings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    // private mode or full storage: the settings just do not persist
  }
}

/**
 * The board's state: runs from the server (or from records held in an embedding page),
 * the user's settings, colours by first sight, and what the experiments tab keeps while
 * the page is open (brushes, runs to compare).
 */
export class BoardState {
  /** Runs listed and drawn: a folder holding only an experiment record (a sweep's top) is left out. */
  runs: RunInfo[] = [];
  /** The experiment records of every run, the left-out ones included. */
  experiments: ExperimentInfo[] = [];
  logdir = '';
  /** The parallel-coordinates brushes, by axis key. */
  brushes = new Map<string, Brush>();
  /** Rows of the experiments table picked for a side-by-side diff (at most two). */
  compare: string[] = [];
  private colors = new Map<string, string>();

  constructor(public settings: Settings) {}

  setRuns(all: RunInfo[]): void {
    const runs = all.filter((r) => !isExperimentOnly(r));
    this.runs = runs;
    this.experiments = experimentsOf(all);
    for (const run of runs) if (!this.colors.has(run.name)) this.colors.set(run.name, runColor(this.colors.size));
  }

  color(run: string): string {
    return this.colors.get(run) ?? '#888';
  }

  /** Runs drawn: not switched off, and matching the run filter. */
  visibleRuns(filter: (name: string) => boolean): RunInfo[] {
    return this.runs.filter((r) => !this.settings.hidden.includes(r.name) && filter(r.name));
  }
}
