import type { ImagePoint, RunInfo } from '@nnlab/board/api.js';
import type { SeriesSource } from '@nnlab/board/source.js';
import { h } from '../../../shared/dom.js';
import { TagRunCard, TagRunView, type View, type ViewContext } from './view.js';

/** Each image tag of each run with a step slider (decision boundaries and the like). */
export const imagesView = (): View =>
  new TagRunView(
    'images',
    'images',
    'No images in the drawn runs (or none match the tag filter).',
    (tag, run) => new ImageCard(tag, run),
  );

class ImageCard extends TagRunCard<'images'> {
  private readonly img = h('img', { alt: '' });
  private readonly slider = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, 'aria-label': 'step' });
  private readonly label = h('span', { class: 'muted' });
  private points: ImagePoint[] = [];
  /** Where the images are (the slider shows them without a new context). */
  private source: SeriesSource | undefined;
  /** Follow new images while the slider sits on the newest one. */
  private following = true;

  constructor(tag: string, run: string) {
    super('images', tag, run, 'image-card');
    this.body.append(
      h('div', { class: 'image-frame' }, this.img),
      h('div', { class: 'slider' }, this.slider, this.label),
    );
    this.slider.addEventListener('input', () => {
      this.following = Number(this.slider.value) === this.points.length - 1;
      this.showStep();
    });
  }

  protected show(ctx: ViewContext, _run: RunInfo, points: ImagePoint[]): void {
    this.points = points;
    this.source = ctx.source;
    this.slider.max = String(Math.max(0, points.length - 1));
    this.slider.disabled = points.length < 2;
    if (this.following) this.slider.value = String(points.length - 1);
    this.el.dataset.points = String(points.length);
    this.showStep();
  }

  private showStep(): void {
    const p = this.points[Number(this.slider.value)];
    if (!p || !this.source) return;
    const src = this.source.imageUrl(this.runName, this.tag, p.index);
    if (this.img.getAttribute('src') !== src) this.img.src = src;
    // Tiny images (a few pixels) are enlarged without blurring.
    this.img.classList.toggle('pixelated', p.width < 64);
    this.img.alt = `${this.tag} at step ${p.step}`;
    this.label.textContent = `step ${p.step} · ${p.width}×${p.height} · ${Number(this.slider.value) + 1}/${this.points.length}`;
  }
}
