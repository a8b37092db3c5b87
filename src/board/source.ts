import type { RunInfo, RunsResponse, SeriesKind, SeriesKinds } from './api.js';

/**
 * Where the board's views read series and images from: the server's API (the board's
 * page) or records held in the page itself (a page that trains and shows its own runs).
 */
export interface SeriesSource {
  /** One tag's series of one kind, as of the run's version (a source may cache by it). */
  get<K extends SeriesKind>(kind: K, run: RunInfo, tag: string): Promise<SeriesKinds[K]>;
  /** An address an `<img>` can show for the image `index` (an `ImagePoint`'s) of a run's tag. */
  imageUrl(run: string, tag: string, index: number): string;
}

/** A source that also lists its runs, and may say when they change. */
export interface BoardSource extends SeriesSource {
  /** The run list, as `GET /api/runs` answers it. */
  runs(): Promise<RunsResponse>;
  /**
   * Calls `listener` after the runs changed (new records); returns what stops it. A source
   * without it is read again only when asked.
   */
  subscribe?(listener: () => void): () => void;
}
