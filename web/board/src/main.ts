import type { ChangeMessage } from '@nnlab/board/api.js';
import { makeFilter } from '@nnlab/board/tags.js';
import { h } from '../../shared/dom.js';
import { fetchRuns, SeriesCache } from './data.js';
import { Sidebar } from './sidebar.js';
import { BoardState, loadSettings, type Settings, saveSettings, TABS } from './state.js';
import './style.css';
import { VIEWS } from './views/registry.js';
import type { View, ViewContext } from './views/view.js';

const state = new BoardState(loadSettings());
const cache = new SeriesCache();
const sidebar = new Sidebar(state, changeSettings);
const main = h('main', { class: 'content' });
const banner = h('div', { class: 'banner', hidden: true });
const live = h('span', { class: 'live', title: 'live updates' }, 'connecting…');
const logdir = h('span', { class: 'logdir' });
const tabs = TABS.map((tab) =>
  h('button', { type: 'button', 'data-tab': tab, onclick: () => changeSettings({ tab }) }, tab),
);
let view: View | undefined;
let version = -1;

document
  .getElementById('app')
  ?.append(
    h('header', {}, h('h1', {}, 'nnlab board'), logdir, h('nav', { class: 'tabs' }, ...tabs), live),
    h('div', { class: 'layout' }, sidebar.root, h('div', { class: 'main-column' }, banner, main)),
  );

function context(): ViewContext {
  const runFilter = makeFilter(state.settings.runFilter);
  return {
    state,
    source: cache,
    runs: state.visibleRuns(runFilter),
    tagMatches: makeFilter(state.settings.tagFilter),
    change: changeSettings,
  };
}

/** Shows the open tab, creating its view if the tab changed. */
function render(): void {
  const tab = state.settings.tab;
  for (const button of tabs) button.classList.toggle('active', button.dataset.tab === tab);
  if (state.runs.length === 0) {
    view?.destroy();
    view = undefined;
    main.replaceChildren(
      h(
        'div',
        { class: 'welcome' },
        h('h2', {}, 'No runs yet'),
        h('p', {}, `Nothing under ${state.logdir} has event files yet. Start a run, for example:`),
        h('pre', {}, `npx nnlab mnist --logdir ${state.logdir} --run relu`),
        h('p', { class: 'muted' }, 'Runs appear here while they are written; there is no need to reload.'),
      ),
    );
    return;
  }
  if (!view || main.dataset.tab !== tab) {
    view?.destroy();
    view = VIEWS[tab]();
    main.dataset.tab = tab;
    main.replaceChildren(view.root);
  }
  view.update(context());
}

function changeSettings(patch: Partial<Settings>): void {
  const tabChanged = patch.tab !== undefined && patch.tab !== state.settings.tab;
  state.settings = { ...state.settings, ...patch };
  saveSettings(state.settings);
  if (tabChanged || patch.groupByConfig !== undefined) sidebar.renderSettings();
  if (patch.hidden !== undefined || patch.runFilter !== undefined) sidebar.renderRuns();
  render();
}

/** Reads the run list again and redraws what changed. */
async function refresh(): Promise<void> {
  const response = await fetchRuns();
  // Answers can overtake each other: an older one must not undo a newer one.
  if (response.version < version) return;
  version = response.version;
  logdir.textContent = response.logdir;
  logdir.title = response.logdir;
  state.logdir = response.logdir;
  state.setRuns(response.runs);
  const warnings = [...response.warnings, ...response.runs.flatMap((r) => r.warnings)];
  banner.hidden = warnings.length === 0;
  banner.replaceChildren(
    h('strong', {}, 'Not everything under the log directory could be read; what is valid is shown.'),
    ...warnings.map((w) => h('div', {}, w)),
  );
  sidebar.renderRuns();
  render();
  document.body.dataset.version = String(version);
}

/** Live updates: the server says when the log directory changed; an unchanged version is ignored. */
function listen(): void {
  const events = new EventSource('api/events');
  events.onopen = () => {
    live.textContent = '● live';
    live.className = 'live on';
  };
  events.onerror = () => {
    live.textContent = '○ reconnecting';
    live.className = 'live off';
  };
  events.onmessage = (message: MessageEvent<string>) => {
    const { version: next } = JSON.parse(message.data) as ChangeMessage;
    if (next !== version) refresh().catch(showError);
  };
}

function showError(error: Error): void {
  banner.hidden = false;
  banner.replaceChildren(h('strong', {}, `The board could not load data: ${error.message}`));
}

refresh().then(listen, (error: Error) => {
  showError(error);
  listen();
});
