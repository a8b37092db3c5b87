import type { HistogramPoint, ImagePoint, RunInfo, RunsResponse, ScalarSeries, TextPoint } from '@nnlab/board/api.js';

/** What each kind of series endpoint answers. */
export interface Kinds {
  scalars: ScalarSeries;
  histograms: HistogramPoint[];
  images: ImagePoint[];
  texts: TextPoint[];
}
export type Kind = keyof Kinds;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

export const fetchRuns = (): Promise<RunsResponse> => getJson<RunsResponse>('api/runs');

/** The PNG of one image. */
export function imageUrl(run: string, tag: string, index: number): string {
  return `api/image?${new URLSearchParams({ run, tag, index: String(index) })}`;
}

/**
 * Series fetched from the server, cached per run version: a run that did not change
 * since the last fetch is not asked again.
 */
export class SeriesCache {
  private entries = new Map<string, { version: number; value: Promise<unknown> }>();

  get<K extends Kind>(kind: K, run: RunInfo, tag: string): Promise<Kinds[K]> {
    const key = `${kind}\u0000${run.name}\u0000${tag}`;
    const hit = this.entries.get(key);
    if (hit && hit.version === run.version) return hit.value as Promise<Kinds[K]>;
    const value = getJson<Kinds[K]>(`api/${kind}?${new URLSearchParams({ run: run.name, tag })}`);
    this.entries.set(key, { version: run.version, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
