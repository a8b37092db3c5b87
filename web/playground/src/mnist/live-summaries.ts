import { MemoryRuns } from '../../../../src/summary/memory-runs.js';
import { concatBytes } from '../../../../src/util/bytes.js';
import { type MountedViews, mountBoardViews } from '../../../board/src/embed.js';
import { h } from '../../../shared/dom.js';

/**
 * The run's summaries as the board shows them, live: the worker's `SummaryWriter`
 * records go into an in-page {@link MemoryRuns}, and the board's own views draw the
 * loss and accuracy, the per-layer histograms and the dead units from it. The same
 * records are the run's event file.
 */
export class LiveSummaries {
  readonly root = h('div', { class: 'pg-card mnist-summaries' });
  private readonly box = h('div', { class: 'summary-views' });
  private runs = new MemoryRuns({ label: 'this tab' });
  private records: Uint8Array[] = [];
  private mounts: MountedViews[] = [];

  constructor() {
    this.root.append(h('h3', {}, 'Summaries (the board’s views)'), this.box);
    this.mount();
  }

  private mount(): void {
    for (const m of this.mounts) m.destroy();
    this.box.replaceChildren();
    this.mounts = [
      mountBoardViews(this.box, this.runs, { views: ['scalars'], tagFilter: '^(loss|accuracy/.*)$' }),
      mountBoardViews(this.box, this.runs, { views: ['dead units'] }),
      mountBoardViews(this.box, this.runs, { views: ['histograms'], tagFilter: '^(conv1|conv2|fc1)/activation$' }),
    ];
  }

  /** Records the worker wrote since its last message. */
  add(bytes: Uint8Array): void {
    this.records.push(bytes.slice());
    this.runs.append('mnist', bytes);
  }

  /** A new run: the views start empty. */
  reset(): void {
    this.runs.dispose();
    this.runs = new MemoryRuns({ label: 'this tab' });
    this.records = [];
    this.mount();
  }

  /** Every record so far: the run's TensorBoard event file. */
  bytes(): Uint8Array {
    return concatBytes(this.records);
  }
}
