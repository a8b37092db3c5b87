import type { RunInfo } from '@nnlab/board/api.js';
import { deadUnitTags } from '@nnlab/board/tags.js';
import { formatValue, h } from '../../../shared/dom.js';
import { ScalarCard } from './scalar-card.js';
import { CardGrid, type View, type ViewContext } from './view.js';

const layerOf = (tag: string) => tag.slice(0, tag.indexOf('/'));

/**
 * Dead units: the share of each layer's activations that are exactly zero
 * (`<layer>/activation/zero_fraction`, logged by `nnlab mnist --logdir`) — a table of the
 * latest values, runs side by side, and the fraction over training per layer.
 */
export class DeadUnitsView implements View {
  private readonly table = h('div', { class: 'dead-table' });
  private readonly grid = new CardGrid(
    'No dead-unit statistics in the drawn runs: nnlab mnist --logdir logs <layer>/activation/zero_fraction.',
  );
  readonly root = h('div', { class: 'view dead-units-view' }, this.table, this.grid.root);
  private ticket = 0;

  update(ctx: ViewContext): void {
    const tags = deadUnitTags(ctx.runs.flatMap((r) => r.tags.scalars)).filter(ctx.tagMatches);
    this.grid.sync(
      tags.map((tag) => ({ key: tag, group: 'over training' })),
      (tag) => new ScalarCard(tag, `${layerOf(tag)}: share of zero activations`),
      ctx,
    );
    const mine = ++this.ticket;
    this.latestValues(ctx, tags).then(
      (rows) => mine === this.ticket && this.drawTable(ctx, tags, rows),
      () => {
        // A run vanished mid-fetch: the next update draws the table again.
      },
    );
  }

  private async latestValues(ctx: ViewContext, tags: string[]): Promise<Array<[RunInfo, Array<number | null>]>> {
    return Promise.all(
      ctx.runs.map(
        async (run): Promise<[RunInfo, Array<number | null>]> => [
          run,
          await Promise.all(
            tags.map(async (tag) => {
              if (!run.tags.scalars.includes(tag)) return null;
              const s = await ctx.source.get('scalars', run, tag);
              return s.values[s.values.length - 1] ?? null;
            }),
          ),
        ],
      ),
    );
  }

  private drawTable(ctx: ViewContext, tags: string[], rows: Array<[RunInfo, Array<number | null>]>): void {
    const shown = rows.filter(([, values]) => values.some((v) => v !== null));
    if (tags.length === 0 || shown.length === 0) {
      this.table.replaceChildren();
      return;
    }
    const head = h('tr', {}, h('th', {}, 'run'), ...tags.map((t) => h('th', {}, layerOf(t))));
    const body = shown.map(([run, values]) =>
      h(
        'tr',
        {},
        h('td', {}, h('span', { class: 'swatch', style: `background:${ctx.state.color(run.name)}` }), run.name),
        ...values.map((v) =>
          h(
            'td',
            { class: 'bar-cell', title: v === null ? 'not logged' : `${formatValue(v * 100)} % zero at the last step` },
            v === null
              ? '–'
              : h('span', {
                  class: 'bar',
                  style: `width:${Math.round(v * 80)}px;background:${ctx.state.color(run.name)}`,
                }),
            v === null ? '' : h('span', { class: 'bar-label' }, `${formatValue(v * 100)} %`),
          ),
        ),
      ),
    );
    this.table.replaceChildren(
      h('h2', {}, 'dead units at the last logged step'),
      h(
        'p',
        { class: 'dead-note' },
        'The share of activations exactly 0: dead ReLU units, which pass no gradient. ' +
          'Leaky ReLU, ELU, GELU, tanh and sigmoid are 0 only at x = 0, so their runs read about 0 %.',
      ),
      h('table', {}, h('thead', {}, head), h('tbody', {}, ...body)),
    );
  }

  destroy(): void {
    this.grid.destroy();
  }
}
