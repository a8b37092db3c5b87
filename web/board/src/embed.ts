import type { BoardSource } from '@nnlab/board/source.js';
import { makeFilter } from '@nnlab/board/tags.js';
import { h } from '../../shared/dom.js';
import './views.css';
import { BoardState, defaultSettings, type Settings } from './state.js';
import { VIEWS } from './views/registry.js';
import type { ViewContext } from './views/view.js';

/** The board's views another page can show (the experiments and text tabs are the board's own). */
export type EmbeddedView = 'scalars' | 'histograms' | 'distributions' | 'dead units' | 'images';

/** Options of {@link mountBoardViews}. */
export interface EmbedOptions {
  /** The views, in order, one under the other. */
  views: EmbeddedView[];
  /** Only tags matching this (a regular expression, or plain text, as the board's tag filter takes it). */
  tagFilter?: string;
  /** Settings other than the board's defaults (smoothing, axes, histogram mode, runs hidden …). */
  settings?: Partial<Omit<Settings, 'tab' | 'tagFilter'>>;
}

/** Views mounted by {@link mountBoardViews}. */
export interface MountedViews {
  /** Reads the source's run list again and redraws what changed. */
  refresh(): void;
  /** Stops listening, destroys the views and takes them out of the page. */
  destroy(): void;
}

/**
 * Shows some of the board's views inside `root`, drawn from `source` (records held in
 * the page, `MemoryRuns`, or any other {@link BoardSource}); with a source that can
 * tell of changes they follow it live, at most once per animation frame.
 *
 * Nothing here touches the board's own page: settings live in this mount's own
 * {@link BoardState} (never read from or saved to localStorage; a view's own controls,
 * such as the scalars' overlay switch, change only them), there is no sidebar, and no
 * EventSource — only the source is read. Views filtered differently (loss charts, one
 * layer's histograms) are separate mounts. Styles are the page's: the board's
 * style.css styles the cards, but also the board's own layout.
 */
export function mountBoardViews(root: HTMLElement, source: BoardSource, options: EmbedOptions): MountedViews {
  const state = new BoardState({ ...defaultSettings(), ...options.settings, tagFilter: options.tagFilter ?? '' });
  const views = options.views.map((name) => ({ name, view: VIEWS[name]() }));
  const error = h('p', { class: 'board-views-error', role: 'alert', hidden: true });
  const box = h(
    'div',
    { class: 'board-views' },
    error,
    ...views.map(({ name, view }) => h('section', { class: 'board-view', 'data-view': name }, view.root)),
  );
  root.append(box);
  let version = -1;
  let destroyed = false;
  let frame: number | undefined;

  const render = () => {
    const ctx: ViewContext = {
      state,
      source,
      runs: state.visibleRuns(makeFilter(state.settings.runFilter)),
      tagMatches: makeFilter(state.settings.tagFilter),
      change: (patch) => {
        state.settings = { ...state.settings, ...patch };
        render();
      },
    };
    for (const { view } of views) view.update(ctx);
  };

  const refresh = () => {
    source.runs().then(
      (response) => {
        // Answers can overtake each other: an older one must not undo a newer one.
        if (destroyed || response.version < version) return;
        version = response.version;
        state.logdir = response.logdir;
        state.setRuns(response.runs);
        error.hidden = true;
        render();
        box.dataset.version = String(version);
      },
      (e: Error) => {
        if (destroyed) return;
        error.hidden = false;
        error.textContent = `The views could not load their runs: ${e.message}`;
      },
    );
  };

  // A training loop writes many records a second; drawing more often than the screen does is waste.
  const unsubscribe = source.subscribe?.(() => {
    frame ??= requestAnimationFrame(() => {
      frame = undefined;
      refresh();
    });
  });
  refresh();

  return {
    refresh,
    destroy: () => {
      destroyed = true;
      unsubscribe?.();
      if (frame !== undefined) cancelAnimationFrame(frame);
      for (const { view } of views) view.destroy();
      box.remove();
    },
  };
}
