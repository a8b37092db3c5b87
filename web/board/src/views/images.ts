import type { ImagePoint } from '../../../../src/board/api.js';
import { imageUrl } from '../data.js';
import { h } from '../dom.js';
import { type Card, CardGrid, cardFrame, groupOf, Latest, tagsOf, type View, type ViewContext } from './view.js';

/** Each image tag of each run with a step slider (decision boundaries and the like). */
export class ImagesView implements View {
  private readonly grid = new CardGrid('No images in the drawn runs (or none match the tag filter).');
  readonly root = h('div', { class: 'view images-view' }, this.grid.root);

  update(ctx: ViewContext): void {
    const specs = [...tagsOf(ctx, 'images')].flatMap(([tag, runs]) =>
      runs.map((run) => ({ key: `${tag}\u0000${run.name}`, group: groupOf(tag) })),
    );
    this.grid.sync(
      specs,
      (k) => {
        const [tag, run] = k.split('\u0000') as [string, string];
        return new ImageCard(tag, run);
      },
      ctx,
    );
  }

  destroy(): void {
    this.grid.destroy();
  }
}

class ImageCard implements Card {
  readonly el: HTMLElement;
  private readonly img = h('img', { alt: '' });
  private readonly slider = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, 'aria-label': 'step' });
  private readonly label = h('span', { class: 'muted' });
  private readonly latest = new Latest();
  private points: ImagePoint[] = [];
  /** Follow new images while the slider sits on the newest one. */
  private following = true;

  constructor(
    private readonly tag: string,
    private readonly runName: string,
  ) {
    const frame = cardFrame(`${tag} · ${runName}`, 'image-card');
    this.el = frame.el;
    Object.assign(this.el.dataset, { tag, run: runName });
    frame.body.append(
      h('div', { class: 'image-frame' }, this.img),
      h('div', { class: 'slider' }, this.slider, this.label),
    );
    this.slider.addEventListener('input', () => {
      this.following = Number(this.slider.value) === this.points.length - 1;
      this.show();
    });
  }

  update(ctx: ViewContext): void {
    const run = ctx.runs.find((r) => r.name === this.runName);
    if (!run) return;
    this.latest.run(
      () => ctx.cache.get('images', run, this.tag),
      (points) => {
        this.points = points;
        this.slider.max = String(Math.max(0, points.length - 1));
        this.slider.disabled = points.length < 2;
        if (this.following) this.slider.value = String(points.length - 1);
        this.el.dataset.points = String(points.length);
        this.show();
      },
      () => {},
    );
  }

  private show(): void {
    const p = this.points[Number(this.slider.value)];
    if (!p) return;
    const src = imageUrl(this.runName, this.tag, p.index);
    if (this.img.getAttribute('src') !== src) this.img.src = src;
    // Tiny images (a few pixels) are enlarged without blurring.
    this.img.classList.toggle('pixelated', p.width < 64);
    this.img.alt = `${this.tag} at step ${p.step}`;
    this.label.textContent = `step ${p.step} · ${p.width}×${p.height} · ${Number(this.slider.value) + 1}/${this.points.length}`;
  }

  destroy(): void {}
}
