import type { RunInfo } from '@nnlab/board/api.js';
import { runColor } from '@nnlab/board/colors.js';

export const TABS = ['scalars', 'distributions', 'histograms', 'images', 'text', 'dead units'] as const;
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
};

const KEY = 'nnlab-board-settings';

export function loadSettings(): Settings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
    const s = { ...DEFAULTS, ...saved };
    if (!TABS.includes(s.tab)) s.tab = DEFAULTS.tab;
    if (!(s.smoothing >= 0 && s.smoothing < 1)) s.smoothing = DEFAULTS.smoothing;
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

/** The board's state: runs from the server, the user's settings, colours by first sight. */
export class BoardState {
  runs: RunInfo[] = [];
  logdir = '';
  private colors = new Map<string, string>();

  constructor(public settings: Settings) {}

  setRuns(runs: RunInfo[]): void {
    this.runs = runs;
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
