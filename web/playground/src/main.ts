import wasmUrl from '../../../build/nnlab-classic.wasm?url';
import { equivalentCommand } from '../../../src/playground/cli-command.js';
import type { PlaygroundConfig } from '../../../src/playground/config.js';
import { gridMaps, gridOutput, type ViewBox, viewBoxOf } from '../../../src/playground/grid.js';
import { allPoints, PlaygroundSession } from '../../../src/playground/session.js';
import { configFromParams, configToParams } from '../../../src/playground/url-state.js';
import { formatValue, h } from '../../shared/dom.js';
import { BoundaryView } from './boundary-view.js';
import { Controls } from './controls.js';
import { exportButtons } from './exports-bar.js';
import { LossChart } from './loss-chart.js';
import { NetworkView } from './network-view.js';
import { StepPanel } from './step-panel.js';
import './style.css';

/** Grid sizes: the small unit maps and the large boundary. */
const UNIT_GRID = 40;
const BOUNDARY_GRID = 100;
/** Milliseconds of training per animation frame at full speed (the rest of the frame draws). */
const FRAME_BUDGET = 12;

type Engine = 'wasm' | 'ts';
const SPEEDS = { '1': 1, '10': 10, '100': 100, max: Number.POSITIVE_INFINITY } as const;
type Speed = keyof typeof SPEEDS;

const decoded = configFromParams(new URLSearchParams(location.hash.slice(1)));
let config: PlaygroundConfig = decoded.config;
let wasmModule: WebAssembly.Module | undefined;
let engine: Engine = 'ts';
let engineProblem = '';
let session: PlaygroundSession;
let view: ViewBox;
let playing = false;
let speed: Speed = '10';
let dirty = true;
let shownLines = -1;

const banner = h(
  'div',
  { class: 'banner', role: 'alert', hidden: decoded.problems.length === 0 },
  ...decoded.problems.map((p) => h('div', {}, p)),
);
const playButton = h(
  'button',
  { type: 'button', class: 'play', 'aria-keyshortcuts': 'Space', onclick: () => setPlaying(!playing) },
  '▶ Play',
);
const passLabel = h('span', { class: 'pass', 'aria-live': 'off' });
const trainLoss = h('span', { class: 'pg-readout train-loss' });
const testLoss = h('span', { class: 'pg-readout test-loss' });
const accuracy = h('span', { class: 'pg-readout accuracy' });
const engineLabel = h('span', { class: 'engine' }, 'engine: TypeScript (float64), WebAssembly loading…');
const lines = h('pre', { class: 'console-lines loss-lines', 'aria-label': 'loss lines, as nnlab classic prints them' });
const command = h('code', { class: 'cli-command' });
const message = h('p', { class: 'message', role: 'status' });

const network = new NetworkView({
  toggleFeature: (name) => {
    const on = config.features.includes(name);
    if (on && config.features.length === 1) return say('The network needs at least one input.');
    change({ features: on ? config.features.filter((f) => f !== name) : [...config.features, name] });
  },
  setHidden: (hidden) => change({ hidden }),
});
network.weights.addEventListener('toggle', () => {
  dirty = true;
});
const boundary = new BoundaryView((points) => change({ dataset: 'custom', points }, true), say);
const chart = new LossChart();
const steps = new StepPanel(
  () => session,
  () => {
    dirty = true;
  },
);
const controls = new Controls({
  change: (patch) => change(patch),
  csv: (points) => change({ dataset: 'custom', points }),
  say,
  points: () => session.points,
  setEngine: (e) => {
    engine = e === 'wasm' && wasmModule ? 'wasm' : 'ts';
    restart();
  },
  setSpeed: (s) => {
    speed = s as Speed;
  },
  setShowTest: (show) => {
    boundary.showTest = show;
    dirty = true;
  },
  setAddClass: (k) => {
    boundary.addClass = k;
  },
});

function say(text: string): void {
  message.textContent = text;
}

/**
 * A new configuration: a fresh run on it (any change restarts, as in TensorFlow
 * Playground), and a new URL. A configuration that cannot train is refused whole: the
 * page keeps the run, the controls and the URL it had. Returns whether it was taken.
 */
function change(patch: Partial<PlaygroundConfig>, keepView = false): boolean {
  const next = { ...config, ...patch };
  if (next.dataset !== 'custom') delete next.points;
  if (!restart(next, keepView)) return false;
  history.replaceState(null, '', `#${configToParams(config)}`);
  return true;
}

/** A fresh run on `next` (default: the current configuration again); false, with a message, if it cannot train. */
function restart(next: PlaygroundConfig = config, keepView = false): boolean {
  let fresh: PlaygroundSession;
  try {
    fresh = new PlaygroundSession(next, engine === 'wasm' ? wasmModule : undefined);
  } catch (error) {
    say(`Cannot train this: ${(error as Error).message}`);
    controls.show(config);
    return false;
  }
  config = next;
  session = fresh;
  const points = session.points;
  if (!keepView || !view) view = viewBoxOf(allPoints(points));
  boundary.setPoints(points, view);
  network.setConfig(config);
  controls.show(config);
  steps.invalidate();
  shownLines = -1;
  dirty = true;
  return true;
}

function setPlaying(on: boolean): void {
  playing = on && !session.finished;
  playButton.textContent = playing ? '❚❚ Pause' : '▶ Play';
  playButton.setAttribute('aria-pressed', playing ? 'true' : 'false');
}

function onePass(): void {
  setPlaying(false);
  session.advance(1);
  steps.invalidate();
  // Drawn now, not at the next frame: what the button did is on screen when it returns.
  render();
}

function frame(): void {
  if (playing) {
    const limit = SPEEDS[speed];
    const start = performance.now();
    let ran = 0;
    // Whole passes until the frame's budget or the speed's count is used up.
    while (ran < limit && performance.now() - start < FRAME_BUDGET && session.advance(1) === 1) ran++;
    if (session.finished) setPlaying(false);
    if (ran > 0) {
      steps.invalidate();
      dirty = true;
    }
  }
  if (dirty) render();
  requestAnimationFrame(frame);
}

function render(): void {
  dirty = false;
  const { net } = session;
  network.update(net, gridMaps(net, config.features, view, UNIT_GRID));
  boundary.draw(gridOutput(net, config.features, view, BOUNDARY_GRID), BOUNDARY_GRID);
  const loss = session.loss();
  passLabel.textContent = `pass ${session.passes.toLocaleString('en')}${config.passes > 0 ? ` of ${config.passes.toLocaleString('en')}` : ''}`;
  passLabel.dataset.passes = String(session.passes);
  readout(trainLoss, 'training loss', loss.train.dataLoss);
  readout(testLoss, 'test loss', loss.test?.dataLoss);
  const { train } = session.trainer;
  readout(accuracy, 'accuracy', net.accuracy(train.x, train.y));
  chart.update(session.curve);
  if (session.lines.length !== shownLines) {
    shownLines = session.lines.length;
    lines.textContent = session.lines.join('\n');
    lines.scrollTop = lines.scrollHeight;
  }
  command.textContent =
    equivalentCommand(config, session.passes) ??
    'Your own points: no command generates them. Download them as CSV to keep them.';
}

function readout(el: HTMLElement, name: string, value: number | undefined): void {
  el.textContent = `${name} ${value === undefined ? '–' : formatValue(value)}`;
  el.dataset.value = value === undefined ? '' : String(value);
}

const exportsBar = exportButtons(() => session, boundary.canvas, say);

const toyPage = h('div', { class: 'toy-page' });
const mnistPage = h('div', { class: 'mnist-page', hidden: true });
let mnistTab: { root: HTMLElement } | undefined;
/** The toy page's hash while the MNIST tab shows (`#mnist`), to put back on return. */
let toyHash = location.hash;
const pageTabs = (['toy networks', 'MNIST'] as const).map((name) =>
  h('button', { type: 'button', class: 'page-tab', 'data-page': name, onclick: () => showPage(name) }, name),
);

/** Shows the toy networks or the MNIST tab (made, and its worker started, the first time it is opened). */
function showPage(name: 'toy networks' | 'MNIST'): void {
  const mnist = name === 'MNIST';
  if (mnist && !mnistTab) {
    // Loaded on demand: the toy page needs none of MNIST's 11 MB.
    mnistPage.append(h('p', { class: 'muted' }, 'Starting…'));
    import('./mnist/tab.js').then(
      ({ MnistTab }) => {
        mnistTab = new MnistTab();
        mnistPage.replaceChildren(mnistTab.root);
      },
      (error: Error) =>
        mnistPage.replaceChildren(h('p', { class: 'message' }, `The MNIST tab could not start: ${error.message}`)),
    );
  }
  if (mnist && location.hash !== '#mnist') {
    toyHash = location.hash;
    history.replaceState(null, '', '#mnist');
  } else if (!mnist && location.hash === '#mnist')
    history.replaceState(null, '', toyHash || `#${configToParams(config)}`);
  toyPage.hidden = mnist;
  mnistPage.hidden = !mnist;
  if (mnist) setPlaying(false);
  for (const tab of pageTabs) tab.setAttribute('aria-pressed', String(tab.dataset.page === name));
  document.body.dataset.page = mnist ? 'mnist' : 'toy';
}

document.getElementById('app')?.append(
  h(
    'header',
    {},
    h('h1', {}, 'nnlab playground'),
    h('nav', { class: 'page-tabs' }, ...pageTabs),
    h(
      'div',
      { class: 'transport' },
      playButton,
      h('button', { type: 'button', class: 'step', 'aria-keyshortcuts': 'S', onclick: onePass }, 'One pass ›'),
      h(
        'button',
        {
          type: 'button',
          class: 'reset',
          'aria-keyshortcuts': 'R',
          onclick: () => {
            setPlaying(false);
            restart(config, true);
          },
        },
        '↺ Reset',
      ),
      controls.speed.root,
    ),
    h('div', { class: 'readouts' }, passLabel, trainLoss, testLoss, accuracy),
    engineLabel,
  ),
  banner,
  toyPage,
  mnistPage,
);
toyPage.append(
  h(
    'div',
    { class: 'layout' },
    h('section', { class: 'panel data-panel', 'aria-label': 'data' }, h('h2', {}, 'Data'), controls.data, message),
    h(
      'section',
      { class: 'panel network-panel', 'aria-label': 'network' },
      h('h2', {}, 'Network'),
      controls.network,
      h('div', { class: 'network-scroll' }, network.root),
      network.weights,
    ),
    h(
      'section',
      { class: 'panel output-panel', 'aria-label': 'output' },
      h('h2', {}, 'Output'),
      boundary.canvas,
      chart.root,
      h('h3', {}, 'Loss lines'),
      lines,
      h('h3', {}, 'The same run from the command line'),
      h('div', { class: 'command' }, command),
      h('h3', {}, 'Export'),
      exportsBar,
    ),
  ),
  steps.root,
);

document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement;
  if (target.closest('input, select, textarea, [contenteditable]') || e.ctrlKey || e.metaKey || e.altKey) return;
  // The toy page's keys: nothing of them while the MNIST tab shows.
  if (document.body.dataset.page === 'mnist') return;
  if (e.key === ' ' && !target.closest('button, summary')) {
    e.preventDefault();
    setPlaying(!playing);
  } else if (e.key.toLowerCase() === 's') onePass();
  else if (e.key.toLowerCase() === 'r') {
    setPlaying(false);
    restart(config, true);
  }
});
window.addEventListener('hashchange', () => {
  if (location.hash === '#mnist') return showPage('MNIST');
  const next = configFromParams(new URLSearchParams(location.hash.slice(1)));
  if (configToParams(next.config).toString() === configToParams(config).toString()) return;
  showProblems(next.problems);
  setPlaying(false);
  restart(next.config);
  // The link as read: every field written, a value that was ignored no longer in it.
  history.replaceState(null, '', `#${configToParams(config)}`);
});

/** The float64 WebAssembly kernels where the browser compiles them (SIMD), else TypeScript: the same bits either way. */
async function loadEngine(): Promise<void> {
  try {
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    wasmModule = await WebAssembly.compile(await response.arrayBuffer());
    engine = 'wasm';
  } catch (error) {
    engineProblem = (error as Error).message;
  }
  engineLabel.textContent = `engine: ${engine === 'wasm' ? 'WebAssembly (float64 SIMD)' : 'TypeScript (float64)'} · ${crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'}`;
  engineLabel.title = `${engine === 'wasm' ? 'The classic float64 kernels compiled to WebAssembly' : `TypeScript loops${engineProblem ? ` (WebAssembly unavailable: ${engineProblem})` : ''}`}; both engines give the same numbers, bit for bit. Threads (for MNIST) need cross-origin isolation, which nnlab playground's server provides.`;
  document.body.dataset.engine = engine;
  controls.setEngineChoice(engine, wasmModule !== undefined);
}

function showProblems(problems: readonly string[]): void {
  banner.hidden = problems.length === 0;
  banner.replaceChildren(...problems.map((p) => h('div', {}, p)));
}

// A run at once, on the TypeScript engine; the WebAssembly one takes over when it has
// compiled, unless training has begun (the numbers are the same either way).
const opening = location.hash === '#mnist';
restart(config);
if (!opening) history.replaceState(null, '', `#${configToParams(config)}`);
showPage(opening ? 'MNIST' : 'toy networks');
requestAnimationFrame(frame);
loadEngine().finally(() => {
  if (engine === 'wasm' && session.passes === 0 && session.trainer.stepInPass === 0) restart(config, true);
  document.body.dataset.ready = 'true';
});
