import { Marked } from 'marked';
import type { TextPoint } from '../../../../src/board/api.js';
import { h } from '../dom.js';
import { type Card, CardGrid, cardFrame, groupOf, Latest, tagsOf, type View, type ViewContext } from './view.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// Text summaries are Markdown (TensorBoard's text plugin); raw HTML in them is shown, not run.
const markdown = new Marked({ gfm: true, async: false });
markdown.use({ renderer: { html: (token) => escapeHtml(token.text) } });

/** Each text tag of each run (nnlab logs a run's configuration as a Markdown table). */
export class TextView implements View {
  private readonly grid = new CardGrid('No text summaries in the drawn runs (or none match the tag filter).');
  readonly root = h('div', { class: 'view text-view' }, this.grid.root);

  update(ctx: ViewContext): void {
    const specs = [...tagsOf(ctx, 'texts')].flatMap(([tag, runs]) =>
      runs.map((run) => ({ key: `${tag}\u0000${run.name}`, group: groupOf(tag) })),
    );
    this.grid.sync(
      specs,
      (k) => {
        const [tag, run] = k.split('\u0000') as [string, string];
        return new TextCard(tag, run);
      },
      ctx,
    );
  }

  destroy(): void {
    this.grid.destroy();
  }
}

class TextCard implements Card {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly latest = new Latest();

  constructor(
    private readonly tag: string,
    private readonly runName: string,
  ) {
    const frame = cardFrame(`${tag} · ${runName}`, 'text-card');
    this.el = frame.el;
    this.body = frame.body;
    Object.assign(this.el.dataset, { tag, run: runName });
  }

  update(ctx: ViewContext): void {
    const run = ctx.runs.find((r) => r.name === this.runName);
    if (!run) return;
    this.latest.run(
      () => ctx.cache.get('texts', run, this.tag),
      (points) => this.show(points),
      () => {},
    );
  }

  private show(points: TextPoint[]): void {
    // Newest first: a config logged again after a resume is the one that counts.
    const blocks = [...points].reverse().map((p) => {
      const content = h('div', { class: 'markdown' });
      content.innerHTML = markdown.parse(p.text) as string;
      return h('div', { class: 'text-step' }, h('div', { class: 'muted' }, `step ${p.step}`), content);
    });
    this.body.replaceChildren(...blocks);
  }

  destroy(): void {}
}
