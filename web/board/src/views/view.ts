import type { RunInfo, RunTags, SeriesKind, SeriesKinds } from '@nnlab/board/api.js';
import type { SeriesSource } from '@nnlab/board/source.js';
import { groupTags } from '@nnlab/board/tags.js';
import { h } from '../../../shared/dom.js';
import type { BoardState, Settings } from '../state.js';

/** What every view draws from. */
export interface ViewContext {
  state: BoardState;
  /** Where series and images come from: the server (the board's page) or records in the page. */
  source: SeriesSource;
  /** Runs drawn (switched on and matching the run filter), in run order. */
  runs: RunInfo[];
  /** Whether a tag matches the tag filter. */
  tagMatches: (tag: string) => boolean;
  /** Changes settings (on the board: saved, then every part of the page redrawn). */
  change: (patch: Partial<Settings>) => void;
}

/** A tab's content: updated whenever runs, data or settings change. */
export interface View {
  readonly root: HTMLElement;
  update(ctx: ViewContext): void;
  destroy(): void;
}

/** A card in a view: one tag (or tag × run). */
export interface Card {
  readonly el: HTMLElement;
  update(ctx: ViewContext): void;
  destroy(): void;
}

/** One card's place in the grid. */
export interface CardSpec {
  key: string;
  group: string;
}

/**
 * Cards grouped under headings (TensorBoard's tag groups), kept across updates by key
 * so charts are updated in place; cards no longer wanted are destroyed. Only cards on
 * or near the screen are drawn: the others are drawn when scrolled to (a MNIST run
 * has a hundred tags, and live updates come every second).
 */
export class CardGrid {
  readonly root = h('div', { class: 'groups' });
  private cards = new Map<string, Card>();
  private readonly byElement = new Map<Element, Card>();
  private readonly visible = new Set<Card>();
  private readonly drawnWith = new WeakMap<Card, ViewContext>();
  private ctx: ViewContext | undefined;
  private readonly observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const card = this.byElement.get(entry.target);
        if (!card) continue;
        if (!entry.isIntersecting) this.visible.delete(card);
        else {
          this.visible.add(card);
          this.draw(card);
        }
      }
    },
    { rootMargin: '600px 0px' },
  );

  /**
   * `empty`: what an empty grid says; `heading`: controls shown beside a group's heading
   * (given the group and its card specs), e.g. the scalars tab's overlay switch.
   */
  constructor(
    private readonly empty: string,
    private readonly heading?: (group: string, specs: CardSpec[]) => Node | null,
  ) {}

  sync(specs: CardSpec[], create: (key: string) => Card, ctx: ViewContext): void {
    this.ctx = ctx;
    const wanted = new Set(specs.map((s) => s.key));
    for (const [key, card] of this.cards)
      if (!wanted.has(key)) {
        this.observer.unobserve(card.el);
        this.byElement.delete(card.el);
        this.visible.delete(card);
        card.destroy();
        this.cards.delete(key);
      }
    const groups = new Map<string, CardSpec[]>();
    for (const spec of specs) groups.set(spec.group, [...(groups.get(spec.group) ?? []), spec]);
    const sections: HTMLElement[] = [];
    for (const [group, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const grid = h('div', { class: 'grid' });
      for (const spec of list) {
        let card = this.cards.get(spec.key);
        if (!card) {
          card = create(spec.key);
          this.cards.set(spec.key, card);
          this.byElement.set(card.el, card);
          this.observer.observe(card.el);
        }
        grid.append(card.el);
      }
      const extra = this.heading?.(group, list) ?? null;
      sections.push(
        h(
          'section',
          { class: 'group', 'data-group': group },
          h('div', { class: 'group-head' }, h('h2', {}, group), extra),
          grid,
        ),
      );
    }
    // Moving an element keeps its canvas and listeners; only the order changes.
    this.root.replaceChildren(...(sections.length ? sections : [h('p', { class: 'empty' }, this.empty)]));
    for (const card of this.visible) this.draw(card);
  }

  /** Draws a card with the latest context, unless it already shows it. */
  private draw(card: Card): void {
    if (!this.ctx || this.drawnWith.get(card) === this.ctx) return;
    this.drawnWith.set(card, this.ctx);
    card.update(this.ctx);
  }

  destroy(): void {
    this.observer.disconnect();
    for (const card of this.cards.values()) card.destroy();
    this.cards.clear();
    this.byElement.clear();
    this.visible.clear();
  }
}

/** Tags of one kind across the drawn runs, filtered, with the runs that have each. */
export function tagsOf(ctx: ViewContext, kind: keyof RunTags): Map<string, RunInfo[]> {
  const out = new Map<string, RunInfo[]>();
  for (const run of ctx.runs)
    for (const tag of run.tags[kind]) if (ctx.tagMatches(tag)) out.set(tag, [...(out.get(tag) ?? []), run]);
  return out;
}

/** The group a tag belongs to (its first path segment). */
export function groupOf(tag: string): string {
  return [...groupTags([tag]).keys()][0] ?? tag;
}

/** A card's frame: a title line, an optional note, and a body. */
export function cardFrame(title: string, cls = ''): { el: HTMLElement; body: HTMLElement; note: HTMLElement } {
  const body = h('div', { class: 'card-body' });
  const note = h('div', { class: 'card-note' });
  const el = h('article', { class: `card ${cls}`.trim() }, h('h3', { title }, title), body, note);
  return { el, body, note };
}

/**
 * Runs async work for a card, dropping results that arrive after a newer request
 * (live updates can overlap a slow fetch).
 */
export class Latest {
  private ticket = 0;

  /** Drops whatever is in flight (the card is going away). */
  cancel(): void {
    this.ticket++;
  }

  run<T>(work: () => Promise<T>, done: (value: T) => void, failed: (error: Error) => void): void {
    const mine = ++this.ticket;
    work().then(
      (value) => mine === this.ticket && done(value),
      (error: Error) => mine === this.ticket && failed(error),
    );
  }
}

/** A view with a card for each tag of one kind in each drawn run that has it. */
export class TagRunView implements View {
  private readonly grid: CardGrid;
  readonly root: HTMLElement;

  constructor(
    private readonly kind: keyof RunTags,
    name: string,
    empty: string,
    private readonly create: (tag: string, run: string) => Card,
  ) {
    this.grid = new CardGrid(empty);
    this.root = h('div', { class: `view ${name}-view` }, this.grid.root);
  }

  update(ctx: ViewContext): void {
    const specs = [...tagsOf(ctx, this.kind)].flatMap(([tag, runs]) =>
      runs.map((run) => ({ key: `${tag}\u0000${run.name}`, group: groupOf(tag) })),
    );
    this.grid.sync(
      specs,
      (key) => {
        const [tag, run] = key.split('\u0000') as [string, string];
        return this.create(tag, run);
      },
      ctx,
    );
  }

  destroy(): void {
    this.grid.destroy();
  }
}

/**
 * A card showing one tag of one run: its frame (with `data-tag`/`data-run` for tests
 * and styles) and the fetch of the series; subclasses draw it.
 */
export abstract class TagRunCard<K extends SeriesKind> implements Card {
  readonly el: HTMLElement;
  protected readonly body: HTMLElement;
  protected readonly note: HTMLElement;
  private readonly latest = new Latest();

  constructor(
    private readonly kind: K,
    protected readonly tag: string,
    protected readonly runName: string,
    cls: string,
  ) {
    const frame = cardFrame(`${tag} · ${runName}`, cls);
    this.el = frame.el;
    this.body = frame.body;
    this.note = frame.note;
    Object.assign(this.el.dataset, { tag, run: runName });
  }

  update(ctx: ViewContext): void {
    const run = ctx.runs.find((r) => r.name === this.runName);
    if (!run) return;
    this.latest.run(
      () => ctx.source.get(this.kind, run, this.tag),
      (data) => {
        this.note.textContent = '';
        this.show(ctx, run, data);
      },
      (error) => {
        this.note.textContent = error.message;
      },
    );
  }

  protected abstract show(ctx: ViewContext, run: RunInfo, data: SeriesKinds[K]): void;

  destroy(): void {
    this.latest.cancel();
  }
}
