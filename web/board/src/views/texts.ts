import type { RunInfo, TextPoint } from '@nnlab/board/api.js';
import { Marked } from 'marked';
import { h } from '../../../shared/dom.js';
import { TagRunCard, TagRunView, type View, type ViewContext } from './view.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// Text summaries are Markdown (TensorBoard's text plugin); raw HTML in them is shown, not run.
const markdown = new Marked({ gfm: true, async: false });
markdown.use({
  renderer: { html: (token) => escapeHtml(token.text) },
  // Links and images only to web addresses or within the page: no javascript: or data: URLs.
  walkTokens: (token) => {
    if (
      (token.type === 'link' || token.type === 'image') &&
      !/^(https?:|mailto:|#|\/(?!\/)|\.{0,2}\/)/i.test(token.href)
    )
      token.href = '#';
  },
});

/** Each text tag of each run (nnlab logs a run's configuration as a Markdown table). */
export const textView = (): View =>
  new TagRunView(
    'texts',
    'text',
    'No text summaries in the drawn runs (or none match the tag filter).',
    (tag, run) => new TextCard(tag, run),
  );

class TextCard extends TagRunCard<'texts'> {
  constructor(tag: string, run: string) {
    super('texts', tag, run, 'text-card');
  }

  protected show(_ctx: ViewContext, _run: RunInfo, points: TextPoint[]): void {
    // Newest first: a config logged again after a resume is the one that counts.
    const blocks = [...points].reverse().map((p) => {
      const content = h('div', { class: 'markdown' });
      content.innerHTML = markdown.parse(p.text) as string;
      return h('div', { class: 'text-step' }, h('div', { class: 'muted' }, `step ${p.step}`), content);
    });
    this.body.replaceChildren(...blocks);
  }
}
