import { MemoryRuns } from '../../../src/summary/memory-runs.js';
import { SummaryWriter } from '../../../src/summary/summary-writer.js';
import { mountBoardViews } from '../../../web/board/src/embed.js';

// A page that is not the board: it writes summaries of a pretend training run into the
// page (no server) and shows some of the board's views of them. The test drives it
// through window.embed.

const runs = new MemoryRuns();
let clock = 1_700_000_000;
const writer = new SummaryWriter(runs.sink('convnet'), () => clock++);
let step = 0;

/** `n` more steps of synthetic summaries: loss, accuracies, one layer's weights and dead units. */
function write(n: number): void {
  for (const end = step + n; step < end; step++) {
    writer.scalar('loss', 2 * Math.exp(-step / 4) + 0.1 * Math.sin(step), step);
    writer.scalar('accuracy/train', 1 - Math.exp(-step / 5), step);
    writer.scalar('accuracy/test', 0.95 - Math.exp(-step / 5), step);
    const weights = Array.from({ length: 200 }, (_, i) => Math.sin(i * 12.9898 + step) * (1 + step / 10));
    writer.histogram('conv1/weights', weights, step);
    writer.scalar('conv1/activation/zero_fraction', 0.05 + 0.02 * step, step);
  }
}

write(5);
const charts = mountBoardViews(document.getElementById('charts') as HTMLElement, runs, {
  views: ['scalars'],
  tagFilter: '^(loss|accuracy)',
  settings: { smoothing: 0 },
});
const layers = mountBoardViews(document.getElementById('layers') as HTMLElement, runs, {
  views: ['histograms', 'dead units'],
  tagFilter: '^conv1/',
});

Object.assign(window, { embed: { write, charts, layers } });
