import { h } from '../../../shared/dom.js';
import { ScalarCard } from './scalar-card.js';
import { CardGrid, type CardSpec, groupOf, tagsOf, type View, type ViewContext } from './view.js';

const OVERLAY = '\u0001overlay\u0000';

/**
 * Every scalar tag as a chart, runs overlaid, grouped by the tag's first segment. A
 * group's "overlay" switch draws all its tags on one chart instead (a dash per tag:
 * `accuracy/train` against `accuracy/validation`).
 */
export class ScalarsView implements View {
  private ctx: ViewContext | undefined;
  /** The tags each group had when last drawn, to know whether it offers an overlay. */
  private groupTags = new Map<string, string[]>();
  private readonly grid = new CardGrid('No scalars in the drawn runs (or none match the tag filter).', (group) =>
    this.overlaySwitch(group),
  );
  readonly root = h('div', { class: 'view scalars-view' }, this.grid.root);

  update(ctx: ViewContext): void {
    this.ctx = ctx;
    const overlaid = new Set(ctx.state.settings.overlayGroups);
    this.groupTags = new Map();
    for (const tag of [...tagsOf(ctx, 'scalars').keys()].sort()) {
      const group = groupOf(tag);
      this.groupTags.set(group, [...(this.groupTags.get(group) ?? []), tag]);
    }
    const specs: CardSpec[] = [];
    for (const [group, tags] of this.groupTags) {
      if (overlaid.has(group) && tags.length > 1)
        specs.push({ key: `${OVERLAY}${group}\u0000${tags.join('\u0000')}`, group });
      else for (const tag of tags) specs.push({ key: tag, group });
    }
    this.grid.sync(
      specs,
      (key) => {
        if (!key.startsWith(OVERLAY)) return new ScalarCard(key);
        const [group = '', ...tags] = key.slice(OVERLAY.length).split('\u0000');
        const card = new ScalarCard(tags, `${group}: ${tags.map((t) => t.slice(group.length + 1) || t).join(' · ')}`);
        card.el.dataset.overlay = group;
        return card;
      },
      ctx,
    );
  }

  private overlaySwitch(group: string): Node | null {
    const tags = this.groupTags.get(group) ?? [];
    const ctx = this.ctx;
    if (tags.length < 2 || !ctx) return null;
    const on = ctx.state.settings.overlayGroups.includes(group);
    const box = h('input', { type: 'checkbox', checked: on, 'data-overlay-group': group });
    box.addEventListener('change', () => {
      const rest = ctx.state.settings.overlayGroups.filter((g) => g !== group);
      ctx.change({ overlayGroups: box.checked ? [...rest, group] : rest });
    });
    return h(
      'label',
      { class: 'overlay-switch', title: `draw the ${tags.length} ${group} tags on one chart` },
      box,
      'overlay',
    );
  }

  destroy(): void {
    this.grid.destroy();
  }
}
