import { h } from '../dom.js';
import { ScalarCard } from './scalar-card.js';
import { CardGrid, groupOf, tagsOf, type View, type ViewContext } from './view.js';

/** Every scalar tag as a chart, runs overlaid, grouped by the tag's first segment. */
export class ScalarsView implements View {
  private readonly grid = new CardGrid('No scalars in the drawn runs (or none match the tag filter).');
  readonly root = h('div', { class: 'view scalars-view' }, this.grid.root);

  update(ctx: ViewContext): void {
    const specs = [...tagsOf(ctx, 'scalars').keys()].map((tag) => ({ key: tag, group: groupOf(tag) }));
    this.grid.sync(specs, (tag) => new ScalarCard(tag), ctx);
  }

  destroy(): void {
    this.grid.destroy();
  }
}
